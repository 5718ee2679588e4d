"""Made by `python -m scaffold.recordcompile` from the records of newproject_answers; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Check': (
        ('name', 'required', False),
        ('kind', 'required', False),
        ('variable', 'required', False),
        ('path', 'default', False),
    ),
    'Probe': (
        ('name', 'required', False),
        ('url', 'required', False),
        ('health', 'required', False),
        ('ready', 'required', False),
        ('checks', 'required', False),
    ),
}


def Check(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _path,
    ) = defaults

    def __init__(
        self: Any,
        name: Any,
        kind: Any,
        variable: Any,
        path: Any = _path,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'kind', kind)
        _set(self, 'variable', variable)
        _set(self, 'path', path)

    return __init__


def Probe(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        name: Any,
        url: Any,
        health: Any,
        ready: Any,
        checks: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'url', url)
        _set(self, 'health', health)
        _set(self, 'ready', ready)
        _set(self, 'checks', checks)

    return __init__
