"""Made by `python -m scaffold.recordcompile` from the records of output_outcomes; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Outcome': (
        ('path', 'required', False),
        ('status', 'required', False),
        ('disk', 'required', False),
        ('result', 'required', False),
        ('side', 'default', False),
        ('entry', 'default', False),
        ('side_file', 'default', False),
    ),
}


def Outcome(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _side,
        _entry,
        _side_file,
    ) = defaults

    def __init__(
        self: Any,
        path: Any,
        status: Any,
        disk: Any,
        result: Any,
        side: Any = _side,
        entry: Any = _entry,
        side_file: Any = _side_file,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'path', path)
        _set(self, 'status', status)
        _set(self, 'disk', disk)
        _set(self, 'result', result)
        _set(self, 'side', side)
        _set(self, 'entry', entry)
        _set(self, 'side_file', side_file)

    return __init__
