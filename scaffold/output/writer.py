"""Apply the decided outcomes to the disk, every file atomically (through scaffold.fs).

All new content goes to temp files first; then one rename each, the lock last. A crash
(even kill -9) leaves every file either as it was or as it is meant to be, and the lock
describing a state the next run can merge from.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path

from scaffold import fs
from scaffold.errors import InputError
from scaffold.output import lockfile
from scaffold.output.lockfile import LOCK_PATH
from scaffold.output.outcomes import PRUNED, SIDE_SUFFIX, UNCHANGED, Outcome, next_lock, plan
from scaffold.targets.render import RenderedFile

__all__ = ["UNCHANGED", "apply", "changes", "diff", "read", "write"]


def read(root: Path, path: str) -> str | None:
    try:
        return (root / path).read_text(encoding="utf-8")
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


def _stage(target: Path, content: str) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fs.remove_stale_temps(target)
    return fs.stage(target, content)


def apply(root: Path, outcomes: Iterable[Outcome], lock_text: str | None) -> None:
    """Write what the outcomes say, then the lock; delete pruned files last.

    An OSError is an EnvironmentProblem naming the file, and leaves no temp file behind.
    """
    writes: list[tuple[Path, str]] = []
    doomed: list[Path] = []
    for o in outcomes:
        if o.status == PRUNED:
            doomed.append(root / o.path)
            continue
        if o.side is not None:
            writes.append((root / (o.path + SIDE_SUFFIX), o.side))
        if o.writes and o.result is not None and o.result != o.disk:
            writes.append((root / o.path, o.result))
    if lock_text is not None:
        writes.append((root / LOCK_PATH, lock_text))
    staged: list[tuple[Path, Path]] = []
    try:
        for target, text in writes:
            with fs.on_disk(target):
                staged.append((_stage(target, text), target))
        for tmp, target in staged:
            with fs.on_disk(target):
                fs.commit(tmp, target)
        for path in doomed:
            with fs.on_disk(path, "delete"):
                path.unlink(missing_ok=True)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


def changes(root: Path, files: Iterable[RenderedFile], force: bool = False, prune: bool = False,
            complete: bool = True) -> list[Outcome]:
    """What regenerating `files` into `root` does to each, given the lock and the disk."""
    return plan(files, lockfile.read(root), lambda path: read(root, path), force, prune, complete)


def write(root: Path, outcomes: Iterable[Outcome], manifest_text: str = "",
          complete: bool = True, ports: Mapping[str, int] | None = None) -> None:
    """Apply the outcomes and record them, and the host ports they were rendered with, in the lock."""
    outcomes = list(outcomes)
    lock = next_lock(manifest_text, outcomes, lockfile.read(root), complete, ports)
    apply(root, outcomes, lockfile.dumps(lock))
