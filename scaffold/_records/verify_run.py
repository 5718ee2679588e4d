"""Made by `python -m scaffold.recordcompile` from the records of verify_run; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'VerifyOptions': (
        ('variant', 'default', True),
        ('keep', 'default', True),
        ('report_path', 'default', True),
        ('json_path', 'default', True),
        ('image_flags', 'default', True),
        ('base_image', 'default', True),
        ('generate', 'default', True),
        ('timeout', 'default', True),
        ('tests', 'default', True),
        ('e2e', 'default', True),
    ),
}


def VerifyOptions(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _variant,
        _keep,
        _report_path,
        _json_path,
        _image_flags,
        _base_image,
        _generate,
        _timeout,
        _tests,
        _e2e,
    ) = defaults

    def __init__(
        self: Any,
        *,
        variant: Any = _variant,
        keep: Any = _keep,
        report_path: Any = _report_path,
        json_path: Any = _json_path,
        image_flags: Any = _image_flags,
        base_image: Any = _base_image,
        generate: Any = _generate,
        timeout: Any = _timeout,
        tests: Any = _tests,
        e2e: Any = _e2e,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'variant', variant)
        _set(self, 'keep', keep)
        _set(self, 'report_path', report_path)
        _set(self, 'json_path', json_path)
        _set(self, 'image_flags', image_flags)
        _set(self, 'base_image', base_image)
        _set(self, 'generate', generate)
        _set(self, 'timeout', timeout)
        _set(self, 'tests', tests)
        _set(self, 'e2e', e2e)

    return __init__
