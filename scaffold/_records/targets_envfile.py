"""Made by `python -m scaffold.recordcompile` from the records of targets_envfile; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Variable': (
        ('name', 'required', False),
        ('secret', 'required', False),
        ('default', 'required', False),
        ('description', 'required', False),
        ('services', 'required', False),
    ),
}


def Variable(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        name: Any,
        secret: Any,
        default: Any,
        description: Any,
        services: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'secret', secret)
        _set(self, 'default', default)
        _set(self, 'description', description)
        _set(self, 'services', services)

    return __init__
