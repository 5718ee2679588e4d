"""Made by `python -m scaffold.recordcompile` from the records of verify_outcomes; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'CaseResult': (
        ('service', 'required', False),
        ('category', 'required', False),
        ('id', 'required', False),
        ('description', 'required', False),
        ('outcome', 'required', False),
        ('reason', 'default', False),
    ),
    'Flow': (
        ('name', 'required', False),
        ('steps', 'required', False),
        ('ok', 'required', False),
        ('detail', 'default', False),
    ),
}


def CaseResult(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _reason,
    ) = defaults

    def __init__(
        self: Any,
        service: Any,
        category: Any,
        id: Any,
        description: Any,
        outcome: Any,
        reason: Any = _reason,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'service', service)
        _set(self, 'category', category)
        _set(self, 'id', id)
        _set(self, 'description', description)
        _set(self, 'outcome', outcome)
        _set(self, 'reason', reason)

    return __init__


def Flow(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _detail,
    ) = defaults

    def __init__(
        self: Any,
        name: Any,
        steps: Any,
        ok: Any,
        detail: Any = _detail,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'steps', steps)
        _set(self, 'ok', ok)
        _set(self, 'detail', detail)

    return __init__
