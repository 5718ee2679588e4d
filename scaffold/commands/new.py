"""`scaffold new NAME`: a project folder with its manifest, secrets, scripts, services and stack.

The manifest is built and validated, and every generated file rendered, in
memory first. The project's own files and the apps' code are rendered into a
temporary folder beside the target and renamed into place; then `generate`
writes the compose files and records the ports. A failure leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import click

from scaffold.errors import InputError
from scaffold.manifest.build import DEFAULT_FILE, loads
from scaffold.manifest.model import Manifest
from scaffold.manifest.presets import APP_PRESETS, INFRA_PRESETS
from scaffold.newproject.dotenv import env_text
from scaffold.newproject.specs import (
    ServiceSpec,
    check_name,
    check_preset,
    check_project_name,
    default_name,
    manifest_text,
    parse_service,
    starter_services,
)
from scaffold.ports.assign import assign
from scaffold.targets.render import render

T = TypeVar("T")


def choose_services(preset: str | None, services: Sequence[str],
                    interactive: bool) -> list[ServiceSpec]:
    """The project's services from `--service` flags, prompts, or the defaults."""
    if services:
        return starter_services(parse_service(s) for s in services)
    if interactive:
        return starter_services(_ask(preset))
    chosen = check_preset(preset or "fastapi", APP_PRESETS)
    return starter_services([(default_name(chosen), chosen), ("postgres", "postgres"),
                             ("redis", "redis")])


def _ask(preset: str | None) -> list[tuple[str, str]]:
    chosen = click.prompt("App preset", type=click.Choice(APP_PRESETS),
                          default=preset or "fastapi")
    name = click.prompt("Its service name", default=default_name(chosen),
                        value_proc=_again(check_name))
    pairs = [(name, chosen)]
    for infra, label in zip(INFRA_PRESETS, ("PostgreSQL", "Redis"), strict=True):
        if click.confirm(f"Add {label} (service '{infra}')?", default=True):
            pairs.append((infra, infra))
    more: list[tuple[str, str]] = click.prompt(
        "More services, as NAME:PRESET separated by commas (empty: none)", default="",
        show_default=False, value_proc=_again(
            lambda text: [parse_service(i.strip()) for i in text.split(",") if i.strip()]))
    return pairs + more


def _again(check: Callable[[str], T]) -> Callable[[str], T]:
    """A prompt's check: bad input is said and asked again, not the end of the command."""
    def proc(text: str) -> T:
        try:
            return check(text)
        except InputError as exc:
            raise click.UsageError(str(exc)) from None
    return proc


def _target(name: str, output: Path | None) -> Path:
    target = (output or Path(name)).absolute()
    if target.exists() and not (target.is_dir() and not any(target.iterdir())):
        raise InputError(f"{target} already exists and is not an empty folder")
    if not target.parent.is_dir():
        raise InputError(f"{target.parent} is not a folder")
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def new(name: str, output: Path | None = None, preset: str | None = None,
        services: Sequence[str] = (), interactive: bool = False, registry: Path | None = None,
        use_registry: bool = True) -> int:
    from scaffold.commands.generate import generate

    check_project_name(name)
    if preset is not None:
        check_preset(preset, APP_PRESETS)
    if registry is not None and not use_registry:
        raise InputError("--registry and --no-registry exclude each other")
    target = _target(name, output)
    specs = choose_services(preset, services, interactive)
    text = manifest_text(name, specs)
    manifest = loads(text, str(target / DEFAULT_FILE))
    render(manifest, assign(manifest))  # whatever `generate` will render renders: checked first

    _create(target, manifest, text)
    try:  # the compose files, .env.example and the port registry, as `generate` does them
        code = generate(target / DEFAULT_FILE, registry=registry, use_registry=use_registry)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    shown = os.path.relpath(target) if target.is_relative_to(Path.cwd()) else str(target)
    click.echo(f"created {shown}: {len(manifest.services)} services "
               f"({', '.join(s.name for s in manifest.services)})")
    click.echo(f"next: cd {shown} && ./dc.sh up --build --detach && ./dc.sh ps")
    return code


def _create(target: Path, manifest: Manifest, text: str) -> None:
    """The project's own files and each app's code, staged beside the target, renamed into place."""
    from scaffold.newproject.copier_run import has_code, render_project, render_service

    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.scaffold-", dir=target.parent))
    try:
        render_project(staging, manifest, text, env_text(manifest))
        for service in manifest.services:
            if has_code(service):
                render_service(staging / service.path, service, manifest)
        staging.chmod(0o777 & ~_umask())  # mkdtemp made it private; the project is not
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
