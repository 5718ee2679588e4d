"""Made by `python -m scaffold.recordcompile` from the records of verify_app_checks; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'AppChecks': (
        ('directory', 'required', False),
        ('contracts', 'default', False),
        ('browser', 'default', False),
        ('npm', 'default', False),
        ('chromium', 'default', False),
    ),
}


def AppChecks(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _contracts,
        _browser,
        _npm,
        _chromium,
    ) = defaults

    def __init__(
        self: Any,
        directory: Any,
        contracts: Any = _contracts,
        browser: Any = _browser,
        npm: Any = _npm,
        chromium: Any = _chromium,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'directory', directory)
        _set(self, 'contracts', contracts)
        _set(self, 'browser', browser)
        _set(self, 'npm', npm)
        _set(self, 'chromium', chromium)

    return __init__
