"""Made by `python -m scaffold.recordcompile` from the records of commands_add_service; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'AddServiceOptions': (
        ('name', 'required', True),
        ('preset', 'required', True),
        ('port', 'default', True),
        ('depends_on', 'default', True),
        ('routes', 'default', True),
        ('registry', 'default', True),
        ('use_registry', 'default', True),
    ),
}


def AddServiceOptions(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _port,
        _depends_on,
        _routes,
        _registry,
        _use_registry,
    ) = defaults

    def __init__(
        self: Any,
        *,
        name: Any,
        preset: Any,
        port: Any = _port,
        depends_on: Any = _depends_on,
        routes: Any = _routes,
        registry: Any = _registry,
        use_registry: Any = _use_registry,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'preset', preset)
        _set(self, 'port', port)
        _set(self, 'depends_on', depends_on)
        _set(self, 'routes', routes)
        _set(self, 'registry', registry)
        _set(self, 'use_registry', use_registry)

    return __init__
