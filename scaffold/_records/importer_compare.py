"""Made by `python -m scaffold.recordcompile` from the records of importer_compare; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Row': (
        ('service', 'required', False),
        ('field', 'required', False),
        ('status', 'required', False),
        ('detail', 'default', False),
    ),
    'Side': (
        ('project', 'required', False),
        ('root', 'required', False),
    ),
}


def Row(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _detail,
    ) = defaults

    def __init__(
        self: Any,
        service: Any,
        field: Any,
        status: Any,
        detail: Any = _detail,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'service', service)
        _set(self, 'field', field)
        _set(self, 'status', status)
        _set(self, 'detail', detail)

    return __init__


def Side(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        project: Any,
        root: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'project', project)
        _set(self, 'root', root)

    return __init__
