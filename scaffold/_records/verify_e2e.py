"""Made by `python -m scaffold.recordcompile` from the records of verify_e2e; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Planned': (
        ('service', 'required', False),
        ('folder', 'required', False),
        ('port', 'required', False),
        ('apis', 'required', False),
    ),
    'Target': (
        ('service', 'required', False),
        ('folder', 'required', False),
        ('base_url', 'required', False),
        ('api_urls', 'default', False),
    ),
}


def Planned(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        service: Any,
        folder: Any,
        port: Any,
        apis: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'service', service)
        _set(self, 'folder', folder)
        _set(self, 'port', port)
        _set(self, 'apis', apis)

    return __init__


def Target(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _api_urls,
    ) = defaults

    def __init__(
        self: Any,
        service: Any,
        folder: Any,
        base_url: Any,
        api_urls: Any = _api_urls,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'service', service)
        _set(self, 'folder', folder)
        _set(self, 'base_url', base_url)
        _set(self, 'api_urls', api_urls)

    return __init__
