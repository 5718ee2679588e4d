"""Made by `python -m scaffold.recordcompile` from the records of targets_target; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'RenderedFile': (
        ('path', 'required', False),
        ('content', 'required', False),
    ),
}


def RenderedFile(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        path: Any,
        content: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'path', path)
        _set(self, 'content', content)

    return __init__
