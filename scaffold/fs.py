"""The user's disk: one atomic write, the umask, and OSErrors turned into errors naming the file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scaffold.errors import EnvironmentProblem

TEMP_SUFFIX = ".scaffold-tmp"


def umask() -> int:
    """The process's umask (reading it means setting it, so it is set back at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def disk_error(path: Path | str, exc: OSError, doing: str = "write") -> EnvironmentProblem:
    """The error to report for an OSError the disk gave while reading or writing `path`."""
    why = exc.strerror or str(exc) or type(exc).__name__
    return EnvironmentProblem(f"cannot {doing} {path}: {why}")


@contextmanager
def on_disk(path: Path | str, doing: str = "write") -> Iterator[None]:
    """Turn an OSError inside the block into an EnvironmentProblem naming `path` (exit 2)."""
    try:
        yield
    except OSError as exc:
        raise disk_error(path, exc, doing) from None


def remove_stale_temps(path: Path) -> None:
    """Temp files beside `path` left by a run that was killed mid-write."""
    for stale in path.parent.glob(f".{path.name}.*{TEMP_SUFFIX}"):
        stale.unlink(missing_ok=True)


def stage(path: Path, text: str) -> Path:
    """`text` in a temp file beside `path`, synced, with the mode `path` has or will have.

    Raises OSError; `commit` renames it into place.
    """
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask()
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def commit(tmp: Path, path: Path) -> None:
    """Rename a staged file into place and sync its folder, so the rename survives a crash."""
    os.replace(tmp, path)
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, text: str, described: str = "") -> None:
    """Replace `path` whole (keeping its mode): it is either as it was or as it is meant to be.

    An OSError becomes an EnvironmentProblem naming `path` (or `described`), and no temp
    file stays behind.
    """
    with on_disk(described or path):
        tmp = stage(path, text)
        try:
            commit(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def move_into_place(folder: Path, target: Path) -> None:
    """Rename a staged folder (mkdtemp made it private) to `target`, with the umask's mode."""
    with on_disk(target):
        folder.chmod(0o777 & ~umask())
        os.replace(folder, target)
        sync_folder(target.parent)
