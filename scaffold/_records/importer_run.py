"""Made by `python -m scaffold.recordcompile` from the records of importer_run; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scaffold.records import FACTORY_DEFAULT

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'ImportOptions': (
        ('files', 'default', True),
        ('env_file', 'default', True),
        ('output', 'default', True),
        ('dry_run', 'default', True),
        ('force', 'default', True),
        ('check', 'default', True),
        ('loader', 'default', True),
    ),
    'ImportResult': (
        ('text', 'required', False),
        ('loaded', 'required', False),
        ('imported', 'required', False),
        ('rows', 'required', False),
        ('routes', 'factory', False),
        ('written', 'factory', False),
    ),
}


def ImportOptions(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _files,
        _env_file,
        _output,
        _dry_run,
        _force,
        _check,
        _loader,
    ) = defaults

    def __init__(
        self: Any,
        *,
        files: Any = _files,
        env_file: Any = _env_file,
        output: Any = _output,
        dry_run: Any = _dry_run,
        force: Any = _force,
        check: Any = _check,
        loader: Any = _loader,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'files', files)
        _set(self, 'env_file', env_file)
        _set(self, 'output', output)
        _set(self, 'dry_run', dry_run)
        _set(self, 'force', force)
        _set(self, 'check', check)
        _set(self, 'loader', loader)

    return __init__


def ImportResult(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _routes,
        _written,
    ) = defaults

    def __init__(
        self: Any,
        text: Any,
        loaded: Any,
        imported: Any,
        rows: Any,
        routes: Any = FACTORY_DEFAULT,
        written: Any = FACTORY_DEFAULT,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'text', text)
        _set(self, 'loaded', loaded)
        _set(self, 'imported', imported)
        _set(self, 'rows', rows)
        _set(self, 'routes', _routes() if routes is FACTORY_DEFAULT else routes)
        _set(self, 'written', _written() if written is FACTORY_DEFAULT else written)

    return __init__
