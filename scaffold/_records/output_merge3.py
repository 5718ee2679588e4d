"""Made by `python -m scaffold.recordcompile` from the records of output_merge3; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Hunk': (
        ('start', 'required', False),
        ('end', 'required', False),
        ('lines', 'required', False),
    ),
    'MergeResult': (
        ('text', 'required', False),
        ('conflicts', 'required', False),
    ),
}


def Hunk(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        start: Any,
        end: Any,
        lines: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'start', start)
        _set(self, 'end', end)
        _set(self, 'lines', lines)

    return __init__


def MergeResult(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        text: Any,
        conflicts: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'text', text)
        _set(self, 'conflicts', conflicts)

    return __init__
