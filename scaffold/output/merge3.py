"""A line-based three-way merge: keep the user's edits and scaffold's new output together.

`base` is what scaffold wrote last, `ours` what is on disk now (the user's edits),
`theirs` what scaffold renders now. Changes from both sides are applied to the
base; where both sides change the same lines differently, the merge is a conflict.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from scaffold.records import record


@record
class Hunk:
    """One change of a side against the base: base lines [start, end) become `lines`."""

    start: int  # first base line replaced
    end: int  # one past the last base line replaced (== start for an insertion)
    lines: tuple[str, ...]  # what replaces base[start:end]


@record
class MergeResult:
    """The merged text, with conflict markers where both sides changed a region."""

    text: str
    conflicts: int  # how many regions both sides changed differently


def _hunks(base: list[str], other: list[str]) -> list[Hunk]:
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return [
        Hunk(i1, i2, tuple(other[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _clash(a: Hunk, b: Hunk) -> bool:
    """Whether two hunks touch the same base lines (or insert at the same place)."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def merge(base: str, ours: str, theirs: str) -> MergeResult:
    """Apply both sides' changes to `base`. On a conflict, `text` is `ours` unchanged."""
    base_lines = base.splitlines(keepends=True)
    ours_hunks = _hunks(base_lines, ours.splitlines(keepends=True))
    theirs_hunks = _hunks(base_lines, theirs.splitlines(keepends=True))

    # group hunks that clash (transitively) into regions, walking both lists in base order
    tagged = sorted([(h, 0) for h in ours_hunks] + [(h, 1) for h in theirs_hunks],
                    key=lambda item: (item[0].start, item[0].end, item[1]))
    regions: list[list[tuple[Hunk, int]]] = []
    for hunk, side in tagged:
        if regions and any(_clash(hunk, other) for other, _ in regions[-1]):
            regions[-1].append((hunk, side))
        else:
            regions.append([(hunk, side)])

    out: list[str] = []
    conflicts = 0
    position = 0
    for region in regions:
        start = min(h.start for h, _ in region)
        end = max(h.end for h, _ in region)
        sides = {side for _, side in region}
        if len(sides) == 2:
            ours_text = _apply(base_lines, start, end, [h for h, s in region if s == 0])
            theirs_text = _apply(base_lines, start, end, [h for h, s in region if s == 1])
            if ours_text != theirs_text:
                conflicts += 1
                continue
            replacement = ours_text
        else:
            replacement = _apply(base_lines, start, end, [h for h, _ in region])
        out.extend(base_lines[position:start])
        out.extend(replacement)
        position = end
    if conflicts:
        return MergeResult(ours, conflicts)
    out.extend(base_lines[position:])
    return MergeResult("".join(out), 0)


def _apply(base: list[str], start: int, end: int, hunks: list[Hunk]) -> list[str]:
    """base[start:end] with one side's (non-overlapping, sorted) hunks applied."""
    out: list[str] = []
    position = start
    for h in sorted(hunks, key=lambda h: (h.start, h.end)):
        out.extend(base[position:h.start])
        out.extend(h.lines)
        position = h.end
    out.extend(base[position:end])
    return out
