"""Made by `python -m scaffold.recordcompile` from the records of verify_tester; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Image': (
        ('tag', 'default', False),
        ('built_in', 'default', False),
        ('error', 'default', False),
    ),
}


def Image(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _tag,
        _built_in,
        _error,
    ) = defaults

    def __init__(
        self: Any,
        tag: Any = _tag,
        built_in: Any = _built_in,
        error: Any = _error,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'tag', tag)
        _set(self, 'built_in', built_in)
        _set(self, 'error', error)

    return __init__
