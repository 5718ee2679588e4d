"""Made by `python -m scaffold.recordcompile` from the records of importer_interpolate; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Override': (
        ('value', 'required', False),
    ),
}


def Override(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        value: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'value', value)

    return __init__
