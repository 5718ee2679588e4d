"""Made by `python -m scaffold.recordcompile` from the records of manifest_checks; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    '_Claim': (
        ('path', 'required', False),
        ('service', 'required', False),
        ('where', 'required', False),
        ('overrides', 'required', False),
    ),
}


def _Claim(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        path: Any,
        service: Any,
        where: Any,
        overrides: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'path', path)
        _set(self, 'service', service)
        _set(self, 'where', where)
        _set(self, 'overrides', overrides)

    return __init__
