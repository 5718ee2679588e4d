"""The only stage that writes: apply the decided outcomes to the disk, every file atomically.

All new content goes to temp files first; then one rename each, the lock last. A crash
(even kill -9) leaves every file either as it was or as it is meant to be, and the lock
describing a state the next run can merge from.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from scaffold.errors import InputError
from scaffold.output import lockfile
from scaffold.output.lockfile import LOCK_PATH
from scaffold.output.outcomes import PRUNED, SIDE_SUFFIX, UNCHANGED, Outcome, next_lock, plan
from scaffold.targets.target import RenderedFile

__all__ = ["UNCHANGED", "apply", "changes", "diff", "read", "write"]

TEMP_SUFFIX = ".scaffold-tmp"


def read(root: Path, path: str) -> str | None:
    try:
        return (root / path).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{root / path}: cannot read the file on disk: {exc}") from None


def diff(outcome: Outcome) -> str:
    """What the run does (or, for a conflict, offers) to the file, as a unified diff."""
    after = outcome.side if outcome.side is not None else outcome.result
    before_name = f"a/{outcome.path}" if outcome.disk is not None else "/dev/null"
    after_name = f"b/{outcome.path}" if after is not None else "/dev/null"
    lines = difflib.unified_diff((outcome.disk or "").splitlines(keepends=True),
                                 (after or "").splitlines(keepends=True), before_name, after_name)
    return "".join(lines)


def _stage(target: Path, content: str) -> str:
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{target.name}.*{TEMP_SUFFIX}"):
        stale.unlink(missing_ok=True)  # litter from a run that was killed mid-write
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
    os.chmod(tmp, mode)
    return tmp


def apply(root: Path, outcomes: Iterable[Outcome], lock_text: str | None) -> None:
    """Write what the outcomes say, then the lock; delete pruned files last."""
    staged: list[tuple[str, Path]] = []
    doomed: list[Path] = []
    try:
        for o in outcomes:
            if o.status == PRUNED:
                doomed.append(root / o.path)
                continue
            if o.side is not None:
                staged.append((_stage(root / (o.path + SIDE_SUFFIX), o.side), root / (o.path + SIDE_SUFFIX)))
            if o.writes and o.result is not None and o.result != o.disk:
                staged.append((_stage(root / o.path, o.result), root / o.path))
        if lock_text is not None:
            staged.append((_stage(root / LOCK_PATH, lock_text), root / LOCK_PATH))
        for tmp, target in staged:
            os.replace(tmp, target)
        for path in doomed:
            path.unlink(missing_ok=True)
    except OSError as exc:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise InputError(f"cannot write {exc.filename or root}: {exc.strerror}") from None


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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
