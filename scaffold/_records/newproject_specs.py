"""Made by `python -m scaffold.recordcompile` from the records of newproject_specs; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'ServiceSpec': (
        ('name', 'required', False),
        ('preset', 'required', False),
        ('depends_on', 'default', False),
        ('port', 'default', False),
        ('routes', 'default', False),
        ('secrets', 'default', False),
        ('from_service', 'default', False),
        ('command', 'default', False),
    ),
}


def ServiceSpec(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _depends_on,
        _port,
        _routes,
        _secrets,
        _from_service,
        _command,
    ) = defaults

    def __init__(
        self: Any,
        name: Any,
        preset: Any,
        depends_on: Any = _depends_on,
        port: Any = _port,
        routes: Any = _routes,
        secrets: Any = _secrets,
        from_service: Any = _from_service,
        command: Any = _command,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'preset', preset)
        _set(self, 'depends_on', depends_on)
        _set(self, 'port', port)
        _set(self, 'routes', routes)
        _set(self, 'secrets', secrets)
        _set(self, 'from_service', from_service)
        _set(self, 'command', command)

    return __init__
