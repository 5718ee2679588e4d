"""Made by `python -m scaffold.recordcompile` from the records of verify_contract; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Target': (
        ('service', 'required', False),
        ('url', 'required', False),
        ('read_only', 'required', False),
    ),
}


def Target(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        service: Any,
        url: Any,
        read_only: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'service', service)
        _set(self, 'url', url)
        _set(self, 'read_only', read_only)

    return __init__
