"""Made by `python -m scaffold.recordcompile` from the records of output_lockfile; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scaffold.records import FACTORY_DEFAULT

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Entry': (
        ('base', 'required', False),
        ('pending', 'default', False),
    ),
    'Lock': (
        ('manifest', 'default', False),
        ('project', 'default', False),
        ('files', 'factory', False),
        ('ports', 'factory', False),
    ),
}


def Entry(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _pending,
    ) = defaults

    def __init__(
        self: Any,
        base: Any,
        pending: Any = _pending,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'base', base)
        _set(self, 'pending', pending)

    return __init__


def Lock(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _manifest,
        _project,
        _files,
        _ports,
    ) = defaults

    def __init__(
        self: Any,
        manifest: Any = _manifest,
        project: Any = _project,
        files: Any = FACTORY_DEFAULT,
        ports: Any = FACTORY_DEFAULT,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'manifest', manifest)
        _set(self, 'project', project)
        _set(self, 'files', _files() if files is FACTORY_DEFAULT else files)
        _set(self, 'ports', _ports() if ports is FACTORY_DEFAULT else ports)

    return __init__
