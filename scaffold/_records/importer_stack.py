"""Made by `python -m scaffold.recordcompile` from the records of importer_stack; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Imported': (
        ('manifest', 'required', False),
        ('notes', 'required', False),
        ('dotenv', 'required', False),
        ('allocated', 'required', False),
    ),
}


def Imported(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        manifest: Any,
        notes: Any,
        dotenv: Any,
        allocated: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'manifest', manifest)
        _set(self, 'notes', notes)
        _set(self, 'dotenv', dotenv)
        _set(self, 'allocated', allocated)

    return __init__
