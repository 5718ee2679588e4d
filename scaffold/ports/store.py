"""Where the port registry lives and how it is changed: located, locked, replaced atomically."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from pathlib import Path

from scaffold.errors import InputError
from scaffold.manifest.model import Manifest
from scaffold.ports.registry import Registry, parse, read, render

ENV = "SCAFFOLD_PORT_REGISTRY"
FILENAME = "port-registry.json"


LOCK_TIMEOUT = 30.0


def _locked(path: Path, timeout: float = LOCK_TIMEOUT) -> AbstractContextManager[None]:
    """Hold the registry's lock: an flock on `<registry>.lock`, never on the data file itself."""
    from scaffold import fs  # with tempfile and shutil: only a change to the registry needs them

    return fs.locked(path.with_name(path.name + ".lock"), f"the port registry {path}", timeout)


class Edit:
    """The registry as read under its lock; `save` replaces the file with a new version."""

    def __init__(self, path: Path, registry: Registry) -> None:
        self.path = path
        self.registry = registry
        self._text = render(registry)

    def save(self, registry: Registry) -> bool:
        """Write `registry` if it differs from what is on disk; True when it did."""
        text = render(registry)
        if text == self._text and (self.path.exists() or not registry.allocations):
            return False
        try:  # what the registry's own schema refuses is never written: it would brick every project
            parse(text, str(self.path))
        except InputError as exc:
            unwritten = [replace(p, line=0, column=0) for p in exc.problems]  # not on disk: no lines
            raise InputError(f"nothing was written to the port registry {self.path}: the change "
                             f"would break it", unwritten) from None
        from scaffold import fs

        # a registry shared through a symlink is written through it, never replaced by a copy
        target = self.path.resolve() if self.path.is_symlink() else self.path
        with fs.on_disk(f"the port registry {self.path}"):
            fs.remove_stale_temps(target)  # left by a writer that was killed; we hold the lock
        fs.write_atomic(target, text, f"the port registry {self.path}")
        self.registry, self._text = registry, text
        return True


@contextmanager
def editing(path: Path) -> Iterator[Edit]:
    """Read-modify-write under the lock: no other scaffold reads for an update meanwhile."""
    with _locked(path):
        yield Edit(path, read(path))


def default_path(environ: Mapping[str, str] = os.environ) -> Path:
    """The per-user registry in the platform's state folder."""
    home = Path(environ.get("HOME") or Path.home())
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "scaffold" / FILENAME
    state = environ.get("XDG_STATE_HOME") or str(home / ".local" / "state")
    return Path(state) / "scaffold" / FILENAME


def locate(option: Path | None = None, manifest: Manifest | None = None,
           environ: Mapping[str, str] = os.environ) -> Path:
    """--registry, else $SCAFFOLD_PORT_REGISTRY, else the manifest's `registry:`, else per user."""
    if option is not None:
        return _a_file(option, "--registry")
    if environ.get(ENV):
        return _a_file(Path(environ[ENV]), f"${ENV}")
    if manifest is not None and manifest.registry:
        return _a_file(manifest.source.parent / Path(manifest.registry), f"{manifest.source}: registry")
    return default_path(environ)


def _a_file(path: Path, said_by: str) -> Path:
    """The registry's path, refused when it cannot name a file (empty, `/`, a folder)."""
    path = path.expanduser()
    if not str(path) or path.name in ("", ".", "..") or path.is_dir():
        raise InputError(f"{said_by}: {str(path)!r} is not a file the port registry can live in; "
                         f"name a file, e.g. ~/.local/state/scaffold/{FILENAME}")
    return path
