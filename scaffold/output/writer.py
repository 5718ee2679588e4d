"""Apply the decided outcomes to the disk, every file atomically (through scaffold.fs).

All new content goes to temp files first; then one rename each, the lock last. A crash
(even kill -9) leaves every file either as it was or as it is meant to be, and the lock
describing a state the next run can merge from.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from scaffold import fs
from scaffold.errors import InputError
from scaffold.output import lockfile
from scaffold.output.lockfile import LOCK_PATH
from scaffold.output.outcomes import PRUNED, SIDE_SUFFIX, UNCHANGED, Outcome, next_lock, plan
from scaffold.targets.target import RenderedFile

__all__ = ["UNCHANGED", "apply", "changes", "diff", "read", "write"]


def read(root: Path, path: str) -> str | None:
    try:
        return fs.inside(root, path).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except UnicodeDecodeError as exc:
        raise InputError(f"{root / path}: cannot read the file on disk: {exc}") from None
    except OSError as exc:
        raise fs.disk_error(root / path, exc, "read") from None


def diff(outcome: Outcome) -> str:
    """What the run does (or, for a conflict, offers) to the file, as a unified diff."""
    after = outcome.side if outcome.side is not None else outcome.result
    before_name = f"a/{outcome.path}" if outcome.disk is not None else "/dev/null"
    after_name = f"b/{outcome.path}" if after is not None else "/dev/null"
    lines = difflib.unified_diff((outcome.disk or "").splitlines(keepends=True),
                                 (after or "").splitlines(keepends=True), before_name, after_name)
    return "".join(lines)


def apply(root: Path, outcomes: Iterable[Outcome], lock_text: str | Iterable[str] | None,
          before_commit: Callable[[], None] | None = None) -> None:
    """Write what the outcomes say, then the lock; delete pruned files and stale offers last.

    Everything is staged in temp files first; `before_commit` (recording the ports in the
    registry) runs only once all of it is staged, and the renames only once it has run, so a
    full disk or a registry that cannot be written leaves every file as it was. An OSError is
    an EnvironmentProblem naming the file, and leaves no temp file behind. The lock may come in
    pieces (`lockfile.chunks`): it is written as they come, never held whole.
    """
    writes, doomed = _plan_disk(root, list(outcomes))
    if lock_text is not None:
        writes.append((fs.inside(root, LOCK_PATH), lock_text))
    staged: list[tuple[Path, Path]] = []
    made: list[Path] = []
    try:
        _stage_all(writes, staged, made)
        if before_commit is not None:
            before_commit()
        fs.commit_all(staged)
        made.clear()  # committed: the folders hold files now
        for path in doomed:
            with fs.on_disk(path, "delete"):
                path.unlink(missing_ok=True)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        for folder in reversed(made):  # a failed run leaves no empty folder behind either
            with contextlib.suppress(OSError):
                folder.rmdir()


def _stage_all(writes: list[tuple[Path, str | Iterable[str]]], staged: list[tuple[Path, Path]],
               made: list[Path]) -> None:
    """Stage every write in a temp file beside its target, making missing folders (noted in
    `made`) and clearing a killed run's temp files once per folder, so writing stays linear;
    then make them all durable at once, before any is renamed."""
    seen: set[Path] = set()
    for target, text in writes:
        folder = target.parent
        with fs.on_disk(target):
            if folder not in seen:
                seen.add(folder)
                missing = [f for f in (folder, *folder.parents) if not f.exists()]
                for new in reversed(missing):
                    new.mkdir()
                    made.append(new)
                fs.remove_stale_temps_in(folder)
            staged.append((fs.stage(target, text, sync=False), target))
    with fs.on_disk(writes[0][0] if writes else "the output folder"):
        fs.sync_all(tmp for tmp, _ in staged)  # all at once: one syncfs for thousands of files


def _plan_disk(root: Path, outcomes: list[Outcome]
               ) -> tuple[list[tuple[Path, str | Iterable[str]]], list[Path]]:
    """The files to write (with their text) and to delete, every one checked to be inside `root`."""
    writes: list[tuple[Path, str | Iterable[str]]] = []
    doomed: list[Path] = []
    for o in outcomes:
        if o.status == PRUNED:
            doomed.append(fs.inside(root, o.path))
            continue
        if o.side_file == "stale":
            doomed.append(fs.inside(root, o.path + SIDE_SUFFIX))
        if o.side is not None:
            writes.append((fs.inside(root, o.path + SIDE_SUFFIX), o.side))
        if o.writes and o.result is not None and o.result != o.disk:
            writes.append((fs.inside(root, o.path), o.result))
    return writes, doomed


def changes(root: Path, files: Iterable[RenderedFile], force: bool = False, prune: bool = False,
            complete: bool = True) -> list[Outcome]:
    """What regenerating `files` into `root` does to each, given the lock and the disk."""
    return plan(files, lockfile.read(root), lambda path: read(root, path), force, prune, complete)


def write(root: Path, outcomes: Iterable[Outcome], manifest_text: str = "",
          complete: bool = True, ports: Mapping[str, int] | None = None, project: str = "",
          before_commit: Callable[[], None] | None = None) -> None:
    """Apply the outcomes and record them, and the host ports they were rendered with, in the lock."""
    outcomes = list(outcomes)
    lock = replace(next_lock(manifest_text, outcomes, lockfile.read(root), complete, ports),
                   project=project)
    apply(root, outcomes, lockfile.chunks(lock), before_commit)
