"""Made by `python -m scaffold.recordcompile` from the records of verify_junit; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Parsed': (
        ('cases', 'required', False),
        ('problem', 'default', False),
        ('truncated', 'default', False),
    ),
}


def Parsed(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _problem,
        _truncated,
    ) = defaults

    def __init__(
        self: Any,
        cases: Any,
        problem: Any = _problem,
        truncated: Any = _truncated,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'cases', cases)
        _set(self, 'problem', problem)
        _set(self, 'truncated', truncated)

    return __init__
