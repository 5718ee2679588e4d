"""The only stage that writes: compare rendered files with the disk, then replace them atomically."""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from scaffold.errors import InputError
from scaffold.render import RenderedFile

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass(frozen=True)
class Change:
    path: str
    status: str
    old: str | None
    new: str

    def diff(self) -> str:
        old = (self.old or "").splitlines(keepends=True)
        new = self.new.splitlines(keepends=True)
        before = f"a/{self.path}" if self.old is not None else "/dev/null"
        return "".join(difflib.unified_diff(old, new, before, f"b/{self.path}"))


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the file on disk: {exc}") from None


def changes(root: Path, files: Iterable[RenderedFile]) -> list[Change]:
    out = []
    for f in files:
        old = _read(root / f.path)
        status = CREATED if old is None else UNCHANGED if old == f.content else UPDATED
        out.append(Change(f.path, status, old, f.content))
    return out


def write(root: Path, pending: Iterable[Change]) -> None:
    """Write every created or updated file: all temp files first, then one rename each.

    A crash leaves each file either as it was or as it is meant to be, never half-written.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for change in pending:
            if change.status == UNCHANGED:
                continue
            target = root / change.path
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(change.new)
                handle.flush()
                os.fsync(handle.fileno())
            mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
            os.chmod(tmp, mode)
            staged.append((tmp, target))
        for tmp, target in staged:
            os.replace(tmp, target)
    except OSError as exc:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise InputError(f"cannot write {exc.filename or root}: {exc.strerror}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
