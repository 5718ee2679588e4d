"""`scaffold new NAME`: a project folder with its manifest, secrets, scripts, services and stack.

The manifest is built and validated, and every generated file rendered, in
memory first. The project's own files and the apps' code are rendered into a
temporary folder beside the target and renamed into place; then regenerating
writes the compose files and records the ports. A failure leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from scaffold import console, fs
from scaffold.errors import InputError
from scaffold.manifest.build import DEFAULT_FILE, loads
from scaffold.manifest.model import Manifest
from scaffold.manifest.presets import APP_PRESETS
from scaffold.newproject.dotenv import env_text
from scaffold.newproject.specs import (
    ServiceSpec,
    check_preset,
    check_project_name,
    default_name,
    manifest_text,
    parse_service,
    starter_services,
)
from scaffold.output.generate import GenerateOptions, generate, show
from scaffold.ports.assign import assign
from scaffold.records import record
from scaffold.targets.render import render

Ask = Callable[[str | None], list[tuple[str, str]]]  # the preset given -> (name, preset) pairs


@record(kw_only=True)
class NewOptions:
    """What `scaffold new` is asked to create; conflicting flags are refused when it is made."""

    name: str
    output: Path | None = None
    preset: str | None = None
    services: Sequence[str] = ()
    ask: Ask | None = None  # how to ask for the services, on a terminal with no --service
    registry: Path | None = None
    use_registry: bool = True

    def __post_init__(self) -> None:
        if self.registry is not None and not self.use_registry:
            raise InputError("--registry and --no-registry exclude each other")


def choose_services(preset: str | None, services: Sequence[str],
                    ask: Ask | None = None) -> list[ServiceSpec]:
    """The project's services from `--service` flags, the answers to `ask`, or the defaults."""
    if services:
        return starter_services(parse_service(s) for s in services)
    if ask is not None:
        return starter_services(ask(preset))
    chosen = check_preset(preset or "fastapi", APP_PRESETS)
    return starter_services([(default_name(chosen), chosen), ("postgres", "postgres"),
                             ("redis", "redis")])


def _target(name: str, output: Path | None) -> Path:
    target = (output or Path(name)).absolute()
    if target.is_symlink():
        raise InputError(f"{target} is a symbolic link (to {os.readlink(target)}); name a folder "
                         f"that does not exist yet, or an empty one")
    if target.exists() and not (target.is_dir() and not any(target.iterdir())):
        raise InputError(f"{target} already exists and is not an empty folder")
    if not target.parent.is_dir():
        raise InputError(f"{target.parent} is not a folder")
    return target


def new(options: NewOptions) -> int:
    check_project_name(options.name)
    if options.preset is not None:
        check_preset(options.preset, APP_PRESETS)
    target = _target(options.name, options.output)
    specs = choose_services(options.preset, options.services, options.ask)
    text = manifest_text(options.name, specs)
    manifest = loads(text, str(target / DEFAULT_FILE))
    render(manifest, assign(manifest))  # whatever `generate` will render renders: checked first

    shown = _shown(target)
    existed = target.is_dir()
    _create(target, manifest, text)
    try:  # the compose files, .env.example and the port registry, as `generate` does them
        result = generate(target / DEFAULT_FILE, GenerateOptions(
            registry=options.registry, use_registry=options.use_registry))
    except BaseException:
        _undo(target, existed)
        raise
    show(result)
    console.out(f"created {shown}: {len(manifest.services)} services "
                f"({', '.join(s.name for s in manifest.services)})")
    console.out(f"next: cd {shown} && ./dc.sh up --build --detach && ./dc.sh ps")
    return result.exit_code


def _shown(target: Path) -> str:
    """How to name the project to the user: relative to where they stand, when it is below."""
    try:
        here = Path.cwd()
    except OSError:  # the folder they stand in is gone: say it whole
        return str(target)
    return os.path.relpath(target) if target.is_relative_to(here) else str(target)


def _undo(target: Path, existed: bool) -> None:
    """Remove what `new` made: the folder, or only its contents when the user had made it."""
    if not existed:
        shutil.rmtree(target, ignore_errors=True)
        return
    for entry in target.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def _place(staging: Path, target: Path) -> None:
    """Put the staged project at `target`. An empty folder the user made (perhaps the one they
    stand in) is filled and kept, not replaced: their shell would be left in a deleted folder."""
    if not target.is_dir():
        fs.move_into_place(staging, target)
        return
    with fs.on_disk(target):
        for entry in sorted(staging.iterdir()):
            os.replace(entry, target / entry.name)
        staging.rmdir()
        fs.sync_folder(target)


def _create(target: Path, manifest: Manifest, text: str) -> None:
    """The project's own files and each app's code, staged beside the target, renamed into place."""
    from scaffold.newproject.copier_run import has_code, render_project, render_service

    with fs.on_disk(target.parent):
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.scaffold-", dir=target.parent))
    try:
        render_project(staging, manifest, text, env_text(manifest))
        for service in manifest.services:
            if has_code(service):
                render_service(staging / service.path, service, manifest)
        _place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
