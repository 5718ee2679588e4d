"""Made by `python -m scaffold.recordcompile` from the records of commands_new; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'NewOptions': (
        ('name', 'required', True),
        ('output', 'default', True),
        ('preset', 'default', True),
        ('services', 'default', True),
        ('ask', 'default', True),
        ('registry', 'default', True),
        ('use_registry', 'default', True),
    ),
}


def NewOptions(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _output,
        _preset,
        _services,
        _ask,
        _registry,
        _use_registry,
    ) = defaults

    def __init__(
        self: Any,
        *,
        name: Any,
        output: Any = _output,
        preset: Any = _preset,
        services: Any = _services,
        ask: Any = _ask,
        registry: Any = _registry,
        use_registry: Any = _use_registry,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'output', output)
        _set(self, 'preset', preset)
        _set(self, 'services', services)
        _set(self, 'ask', ask)
        _set(self, 'registry', registry)
        _set(self, 'use_registry', use_registry)

    return __init__
