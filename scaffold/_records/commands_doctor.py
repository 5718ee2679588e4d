"""Made by `python -m scaffold.recordcompile` from the records of commands_doctor; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Check': (
        ('name', 'required', True),
        ('ok', 'required', True),
        ('detail', 'required', True),
        ('fix', 'default', True),
        ('required', 'default', True),
    ),
}


def Check(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _fix,
        _required,
    ) = defaults

    def __init__(
        self: Any,
        *,
        name: Any,
        ok: Any,
        detail: Any,
        fix: Any = _fix,
        required: Any = _required,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'ok', ok)
        _set(self, 'detail', detail)
        _set(self, 'fix', fix)
        _set(self, 'required', required)

    return __init__
