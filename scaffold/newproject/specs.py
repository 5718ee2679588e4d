"""What `scaffold new` and `scaffold add-service` create: the services, checked, and their manifest entries.

Nothing here touches the disk: the commands write what these return.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import field, replace
from typing import Any

from scaffold.errors import InputError
from scaffold.manifest.presets import (
    APP_PRESETS,
    INFRA_PRESETS,
    PRESETS,
    SCAFFOLDABLE_PRESETS,
    required_secrets,
)
from scaffold.records import record
from scaffold.targets import emit

SCHEMA_FILE = ".scaffold/manifest.schema.json"

_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
_PROJECT = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")

# how each app template applies its migrations (and, for the integration suite, undoes them)
MIGRATE_COMMANDS = {
    "fastapi": "alembic upgrade head",
    "django": "python manage.py migrate --noinput",
    "express": "node migrate.js up",
    "nextjs": "node migrate.js up",
}


@record
class ServiceSpec:
    """A service as `new` and `add-service` write it into scaffold.yaml."""

    name: str
    preset: str
    depends_on: tuple[str, ...] = ()
    port: int | None = None
    routes: tuple[str, ...] = ()
    secrets: tuple[tuple[str, str], ...] = field(default=())  # (env name, .env variable)
    from_service: str = ""  # a job run from this app's image (its migrations)
    command: str = ""

    def entry(self) -> dict[str, Any]:
        """The manifest entry, keys in the order a person would write them."""
        out: dict[str, Any] = (
            {"from": self.from_service, "role": "job", "command": self.command}
            if self.from_service else {"preset": self.preset})  # a job's: the app's secrets
        if self.port is not None:
            out["port"] = self.port
        if self.depends_on:
            out["depends_on"] = list(self.depends_on)
        if self.routes:
            out["routes"] = list(self.routes)
        if self.secrets:
            out["env"] = {name: {"secret": True, "variable": variable}
                          for name, variable in self.secrets}
        return out


def check_name(name: str, what: str = "service") -> str:
    if not _NAME.match(name):
        raise InputError(f"'{name}' is not a valid {what} name: use lowercase letters, digits and "
                         "'-', at most 63, not starting or ending with '-'")
    return name


def check_project_name(name: str) -> str:
    if not _PROJECT.match(name):
        raise InputError(f"'{name}' is not a valid project name: use lowercase letters, digits, "
                         "'_' and '-', starting with a letter or digit (compose's rule)")
    return name


def check_preset(preset: str, allowed: Sequence[str] = SCAFFOLDABLE_PRESETS) -> str:
    if preset not in allowed:
        raise InputError(f"unknown preset '{preset}'; choose one of: {', '.join(allowed)}")
    return preset


def parse_service(text: str) -> tuple[str, str]:
    """`api:fastapi` -> ("api", "fastapi"); a bare `postgres` names itself."""
    name, _, preset = text.partition(":")
    preset = preset or name
    return check_name(name), check_preset(preset)


def default_name(preset: str) -> str:
    return "web" if preset == "nextjs" else "api"


def app_secrets(name: str, preset: str) -> tuple[tuple[str, str], ...]:
    """Secrets an app preset cannot start without; each lands in .env with a random value."""
    return required_secrets(name, preset)


def migrate_job(app: str, preset: str, depends_on: Iterable[str],
                presets: dict[str, str]) -> ServiceSpec | None:
    """`APP-migrate`: the app's migrations, a job run from its image before it starts, when the
    app has a data layer (it depends on a SQL database its template migrates)."""
    databases = tuple(d for d in depends_on if _is_sql(presets.get(d, "")))
    if preset not in MIGRATE_COMMANDS or not databases:
        return None
    return ServiceSpec(check_name(f"{app}-migrate"), preset, databases, from_service=app,
                       command=MIGRATE_COMMANDS[preset], secrets=app_secrets(app, preset))


def _is_sql(preset: str) -> bool:
    backing = PRESETS[preset].backing if preset in PRESETS else None
    return backing is not None and backing.readiness == "postgres"


def with_migrations(app: ServiceSpec, presets: dict[str, str]) -> list[ServiceSpec]:
    """[the app depending on its migration job, the job], or [the app] when it has none."""
    job = migrate_job(app.name, app.preset, app.depends_on, presets)
    if job is None:
        return [app]
    return [replace(app, depends_on=(*app.depends_on, job.name)), job]


def starter_services(chosen: Iterable[tuple[str, str]]) -> list[ServiceSpec]:
    """The services of a new project, infrastructure first.

    Every app depends on every database and cache; a Next.js front end also
    depends on the other apps, since it is the one that calls them.
    """
    pairs = list(chosen)
    names = [n for n, _ in pairs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InputError(f"service '{duplicates[0]}' is named twice")
    if not any(p in APP_PRESETS for _, p in pairs):
        raise InputError(f"a project needs at least one app service ({', '.join(APP_PRESETS)})")
    infra = [(n, p) for n, p in pairs if p in INFRA_PRESETS]
    apps = [(n, p) for n, p in pairs if p in APP_PRESETS]
    backends = [n for n, p in apps if p != "nextjs"]
    out = [ServiceSpec(n, p) for n, p in infra]
    for name, preset in apps:
        deps = [n for n, _ in infra] + (backends if preset == "nextjs" else [])
        app = ServiceSpec(name, preset, tuple(deps), secrets=app_secrets(name, preset))
        out += with_migrations(app, dict(pairs))
    return out


# --- scaffold.yaml for a new project ----------------------------------------------------------


def manifest_text(project: str, services: Sequence[ServiceSpec]) -> str:
    """A new project's scaffold.yaml: the schema line for editors, then the services."""
    lines = [
        f"# yaml-language-server: $schema={SCHEMA_FILE}",
        "# The one file that describes this stack. Edit it, then run `scaffold generate`;",
        "# `scaffold add-service` adds a service here and scaffolds its code.",
        f"name: {emit.scalar(project)}",
        "services:",
    ]
    lines += [line.rstrip() for line in entry_lines(services)]
    return "\n".join(lines) + "\n"


def entry_lines(services: Sequence[ServiceSpec], indent: int = 2, step: int = 2) -> list[str]:
    """Manifest entries as YAML lines: block mappings, lists and secrets on one line each."""
    pad, inner = " " * indent, " " * (indent + step)
    out = []
    for spec in services:
        out.append(f"{pad}{spec.name}:")
        for key, value in spec.entry().items():
            if isinstance(value, list):
                out.append(f"{inner}{key}: [{', '.join(emit.scalar(v) for v in value)}]")
            elif isinstance(value, dict):
                out.append(f"{inner}{key}:")
                for name, spec_ in value.items():
                    fields = ", ".join(f"{k}: {emit.scalar(v)}" for k, v in spec_.items())
                    out.append(f"{inner}{' ' * step}{name}: {{{fields}}}")
            else:
                out.append(f"{inner}{key}: {emit.scalar(value)}")
    return out
