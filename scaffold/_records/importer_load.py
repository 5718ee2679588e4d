"""Made by `python -m scaffold.recordcompile` from the records of importer_load; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Loaded': (
        ('project', 'required', False),
        ('root', 'required', False),
        ('files', 'required', False),
        ('loader', 'required', False),
    ),
}


def Loaded(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        project: Any,
        root: Any,
        files: Any,
        loader: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'project', project)
        _set(self, 'root', root)
        _set(self, 'files', files)
        _set(self, 'loader', loader)

    return __init__
