"""Made by `python -m scaffold.recordcompile` from the records of importer_recognise; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'ImageName': (
        ('registry', 'required', False),
        ('repository', 'required', False),
        ('tag', 'required', False),
    ),
}


def ImageName(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        registry: Any,
        repository: Any,
        tag: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'registry', registry)
        _set(self, 'repository', repository)
        _set(self, 'tag', tag)

    return __init__
