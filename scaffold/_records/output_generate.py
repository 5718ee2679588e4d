"""Made by `python -m scaffold.recordcompile` from the records of output_generate; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scaffold.records import FACTORY_DEFAULT

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'GenerateOptions': (
        ('variants', 'default', True),
        ('targets', 'default', True),
        ('output', 'default', True),
        ('dry_run', 'default', True),
        ('show_diff', 'default', True),
        ('check', 'default', True),
        ('registry', 'default', True),
        ('use_registry', 'default', True),
        ('force', 'default', True),
        ('prune', 'default', True),
        ('images', 'factory', True),
        ('scaffold_code', 'default', True),
        ('no_code', 'default', True),
    ),
    'GenerateResult': (
        ('mode', 'required', True),
        ('manifest_name', 'required', True),
        ('files', 'default', True),
        ('outcomes', 'default', True),
        ('fresh_ports', 'factory', True),
        ('scaffolded', 'default', True),
        ('registry', 'default', True),
        ('warnings', 'default', True),
    ),
}


def GenerateOptions(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _variants,
        _targets,
        _output,
        _dry_run,
        _show_diff,
        _check,
        _registry,
        _use_registry,
        _force,
        _prune,
        _images,
        _scaffold_code,
        _no_code,
    ) = defaults

    def __init__(
        self: Any,
        *,
        variants: Any = _variants,
        targets: Any = _targets,
        output: Any = _output,
        dry_run: Any = _dry_run,
        show_diff: Any = _show_diff,
        check: Any = _check,
        registry: Any = _registry,
        use_registry: Any = _use_registry,
        force: Any = _force,
        prune: Any = _prune,
        images: Any = FACTORY_DEFAULT,
        scaffold_code: Any = _scaffold_code,
        no_code: Any = _no_code,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'variants', variants)
        _set(self, 'targets', targets)
        _set(self, 'output', output)
        _set(self, 'dry_run', dry_run)
        _set(self, 'show_diff', show_diff)
        _set(self, 'check', check)
        _set(self, 'registry', registry)
        _set(self, 'use_registry', use_registry)
        _set(self, 'force', force)
        _set(self, 'prune', prune)
        _set(self, 'images', _images() if images is FACTORY_DEFAULT else images)
        _set(self, 'scaffold_code', scaffold_code)
        _set(self, 'no_code', no_code)

    return __init__


def GenerateResult(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _files,
        _outcomes,
        _fresh_ports,
        _scaffolded,
        _registry,
        _warnings,
    ) = defaults

    def __init__(
        self: Any,
        *,
        mode: Any,
        manifest_name: Any,
        files: Any = _files,
        outcomes: Any = _outcomes,
        fresh_ports: Any = FACTORY_DEFAULT,
        scaffolded: Any = _scaffolded,
        registry: Any = _registry,
        warnings: Any = _warnings,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'mode', mode)
        _set(self, 'manifest_name', manifest_name)
        _set(self, 'files', files)
        _set(self, 'outcomes', outcomes)
        _set(self, 'fresh_ports', _fresh_ports() if fresh_ports is FACTORY_DEFAULT else fresh_ports)
        _set(self, 'scaffolded', scaffolded)
        _set(self, 'registry', registry)
        _set(self, 'warnings', warnings)

    return __init__
