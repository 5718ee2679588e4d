"""Made by `python -m scaffold.recordcompile` from the records of verify_context; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'SuiteContext': (
        ('stack', 'required', False),
        ('plan', 'required', False),
        ('manifest', 'required', False),
        ('variant', 'required', False),
        ('directory', 'required', False),
        ('e2e', 'default', False),
    ),
    'TestRun': (
        ('cases', 'default', False),
        ('flows', 'default', False),
        ('problems', 'default', False),
        ('output', 'default', False),
    ),
}


def SuiteContext(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _e2e,
    ) = defaults

    def __init__(
        self: Any,
        stack: Any,
        plan: Any,
        manifest: Any,
        variant: Any,
        directory: Any,
        e2e: Any = _e2e,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'stack', stack)
        _set(self, 'plan', plan)
        _set(self, 'manifest', manifest)
        _set(self, 'variant', variant)
        _set(self, 'directory', directory)
        _set(self, 'e2e', e2e)

    return __init__


def TestRun(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _cases,
        _flows,
        _problems,
        _output,
    ) = defaults

    def __init__(
        self: Any,
        cases: Any = _cases,
        flows: Any = _flows,
        problems: Any = _problems,
        output: Any = _output,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'cases', cases)
        _set(self, 'flows', flows)
        _set(self, 'problems', problems)
        _set(self, 'output', output)

    return __init__
