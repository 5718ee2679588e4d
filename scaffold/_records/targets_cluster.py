"""Made by `python -m scaffold.recordcompile` from the records of targets_cluster; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Text': (
        ('text', 'required', False),
    ),
    'Secret': (
        ('variable', 'required', False),
    ),
    'Setting': (
        ('variable', 'required', False),
        ('default', 'required', False),
    ),
    'Value': (
        ('name', 'required', False),
        ('parts', 'required', False),
    ),
}


def Text(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        text: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'text', text)

    return __init__


def Secret(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        variable: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'variable', variable)

    return __init__


def Setting(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        variable: Any,
        default: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'variable', variable)
        _set(self, 'default', default)

    return __init__


def Value(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        name: Any,
        parts: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'parts', parts)

    return __init__
