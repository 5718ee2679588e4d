"""The user's disk: one atomic write, the umask, and OSErrors turned into errors naming the file."""

from __future__ import annotations

import errno
import fcntl
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from scaffold.errors import EnvironmentProblem, InputError, printable

TEMP_SUFFIX = ".scaffold-tmp"


def is_plain_relative(path: str) -> bool:
    """A path written the one way scaffold writes paths: relative, '/'-separated, normalised,
    printable, without `.` or `..` (so it cannot name anything outside its root)."""
    parts = path.split("/")
    return (bool(path) and not path.startswith("/") and "\\" not in path
            and all(part not in ("", ".", "..") for part in parts)
            and all(ch.isprintable() for ch in path))


def inside(root: Path, relative: str) -> Path:
    """`root / relative`, refused unless it stays inside `root` once symlinks are resolved.

    Every path scaffold reads or writes in a project goes through here: a crafted lock
    file or a symlinked folder must never make it touch a file elsewhere.
    """
    if not is_plain_relative(relative):
        raise InputError(f"{relative!r}: not a path inside {root}; nothing was written")
    path = root / relative
    top = root.resolve()
    resolved = path.resolve() if path.is_symlink() else path.parent.resolve() / path.name
    if resolved != top and top not in resolved.parents:
        raise InputError(f"{path} leads out of {root} (through a symbolic link to {resolved}); "
                         f"nothing was written")
    return path


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


def remove_stale_temps_in(folder: Path) -> None:
    """Every temp file a killed run left in `folder`: one listing, however many files it holds."""
    for stale in folder.glob(f".*{TEMP_SUFFIX}"):
        stale.unlink(missing_ok=True)


def stage(path: Path, text: str | Iterable[str], sync: bool = True) -> Path:
    """`text` (or its pieces, written as they come) in a temp file beside `path`, synced (unless
    the caller syncs many at once: `sync_all`), with the mode `path` has or will have.

    Raises OSError; `commit` renames it into place.
    """
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask()
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            try:
                for piece in (text,) if isinstance(text, str) else text:
                    handle.write(piece)
            except UnicodeEncodeError as exc:  # a name from a folder that is not UTF-8
                bad = exc.object[max(exc.start - 30, 0):exc.end + 10]
                raise InputError(f"cannot write {printable(str(path))}: it would hold a name that "
                                 f"is not UTF-8 ({printable(ascii(bad))}); rename it") from None
            handle.flush()
            if sync:
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


# From this many files on, one sync of the filesystem (syncfs) replaces a sync per file and folder:
# thousands of fsyncs cost seconds, one syncfs a fraction of that. Below it, a busy machine's other
# writes (which syncfs waits for too) could cost more than the few fsyncs.
BULK = 64


def sync_all(paths: Iterable[Path], folders: bool = False) -> None:
    """Make `paths` (files, or with `folders` the folders holding renamed files) durable, as
    `fsync` on each would: one syncfs per filesystem when there are many and the system has it.

    Raises OSError.
    """
    paths = list(paths)
    if len(paths) >= BULK and _syncfs({p if folders else p.parent for p in paths}):
        return
    for path in paths:
        if folders:
            sync_folder(path)
        else:
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _syncfs(folders: set[Path]) -> bool:
    """syncfs(2) on each filesystem holding one of `folders`; False where the C library has none."""
    try:
        import ctypes
    except ImportError:  # pragma: no cover - an interpreter built without ctypes
        return False
    syncfs = getattr(ctypes.CDLL(None, use_errno=True), "syncfs", None)
    if syncfs is None:
        return False
    devices = {folder.stat().st_dev: folder for folder in sorted(folders)}
    for folder in devices.values():
        fd = os.open(folder, os.O_RDONLY)
        try:
            if syncfs(fd) != 0:
                code = ctypes.get_errno()
                raise OSError(code, os.strerror(code), str(folder))
        finally:
            os.close(fd)
    return True


def commit_all(staged: Iterable[tuple[Path, Path]]) -> None:
    """Rename each staged (temp, target) pair into place, then sync each folder once (`sync_all`):
    the renames survive a crash as `commit`'s do, without one folder sync per file.

    An OSError is an EnvironmentProblem naming the file or folder.
    """
    folders: dict[Path, None] = {}
    for tmp, target in staged:
        with on_disk(target):
            os.replace(tmp, target)
        folders[target.parent] = None
    with on_disk(next(iter(folders), "the output folder")):
        sync_all(folders, folders=True)


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


@contextmanager
def locked(lock: Path, what: str, timeout: float = 30.0) -> Iterator[None]:
    """Hold an exclusive flock on `lock` (a file made if missing, or a folder) while the block runs.

    Closing the descriptor releases it, as a crash would, so a killed holder never leaves
    it held. Waiting longer than `timeout` is an EnvironmentProblem naming `what`.
    """
    try:
        if lock.is_dir():
            fd = os.open(lock, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        else:
            lock.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise EnvironmentProblem(f"cannot lock {what}: {exc.strerror}") from None
    try:
        _wait_for(fd, lock, what, timeout)
        yield
    finally:
        os.close(fd)


def _wait_for(fd: int, lock: Path, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    pause = 0.002
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise EnvironmentProblem(f"cannot lock {what}: {exc.strerror}") from None
        if time.monotonic() > deadline:
            raise EnvironmentProblem(f"{what} stayed locked for {timeout:.0f}s; is another "
                                     f"scaffold stuck? (lock: {lock})")
        time.sleep(pause)  # another process is at work there; wait for it to finish
        pause = min(pause * 2, 0.05)
