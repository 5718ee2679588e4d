"""Made by `python -m scaffold.recordcompile` from the records of verify_suites; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Run': (
        ('service', 'required', False),
        ('runner', 'required', False),
        ('file', 'required', False),
        ('command', 'required', False),
    ),
}


def Run(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        service: Any,
        runner: Any,
        file: Any,
        command: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'service', service)
        _set(self, 'runner', runner)
        _set(self, 'file', file)
        _set(self, 'command', command)

    return __init__
