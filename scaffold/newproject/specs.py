"""What `scaffold new` and `scaffold add-service` put into templates, decided from the model alone.

Nothing here touches the disk: the commands hand these values to copier.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from scaffold.errors import InputError
from scaffold.manifest.model import Kind, Manifest, Service
from scaffold.manifest.presets import PRESETS
from scaffold.targets import emit
from scaffold.targets.envfile import variables

APP_PRESETS = ("fastapi", "django", "express", "nextjs")
INFRA_PRESETS = ("postgres", "redis")
# the image the integration scripts run in, inside the CI stack's network (seed 002's way)
CURL_IMAGE = "curlimages/curl:8.11.1"
SCHEMA_FILE = ".scaffold/manifest.schema.json"

_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
_PROJECT = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")


@dataclass(frozen=True)
class Check:
    """One dependency a service's `/health/ready` checks: whose, how, and where it is."""

    name: str  # the dependency's service name in the manifest
    kind: str  # "database" (Postgres, or SQLite when the variant swaps it in) | "redis" | "http"
    variable: str  # the environment variable holding its URL
    path: str = ""  # for "http": the path that answers 200 when it is alive


@dataclass(frozen=True)
class ServiceSpec:
    """A service as `new` and `add-service` write it into scaffold.yaml."""

    name: str
    preset: str
    depends_on: tuple[str, ...] = ()
    port: int | None = None
    routes: tuple[str, ...] = ()
    secrets: tuple[tuple[str, str], ...] = field(default=())  # (env name, .env variable)

    def entry(self) -> dict[str, Any]:
        """The manifest entry, keys in the order a person would write them."""
        out: dict[str, Any] = {"preset": self.preset}
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


def check_preset(preset: str, allowed: Sequence[str] = (*APP_PRESETS, *INFRA_PRESETS)) -> str:
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
    if preset == "django":
        return (("DJANGO_SECRET_KEY", f"{name.upper().replace('-', '_')}_SECRET_KEY"),)
    return ()


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
        out.append(ServiceSpec(name, preset, tuple(deps), secrets=app_secrets(name, preset)))
    return out


# --- what a service's /health/ready checks ---------------------------------------------------


def dependency_checks(service: Service, manifest: Manifest) -> tuple[Check, ...]:
    """One check per dependency, named by the variable compose's wiring gives the service.

    Mirrors `scaffold.targets.compose.wiring`; a test holds the two together.
    """
    deps = [manifest.service(d) for d in service.depends_on]
    databases = [d for d in deps if d.kind == Kind.DATABASE]
    caches = [d for d in deps if d.kind == Kind.CACHE]
    out = []
    for d in deps:
        if d.kind == Kind.DATABASE:
            variable = "DATABASE_URL" if len(databases) == 1 else f"{d.env_prefix}_DATABASE_URL"
            out.append(Check(d.name, "database", variable))
        elif d.kind == Kind.CACHE:
            variable = "REDIS_URL" if len(caches) == 1 else f"{d.env_prefix}_URL"
            out.append(Check(d.name, "redis", variable))
        elif d.internal_port:
            out.append(Check(d.name, "http", f"{d.env_prefix}_URL", _liveness_path(d)))
    return tuple(out)


def _liveness_path(service: Service) -> str:
    if service.healthcheck and service.healthcheck.http_path:
        return service.healthcheck.http_path
    return "/health" if service.kind == Kind.APP else "/"


def service_data(service: Service, manifest: Manifest) -> dict[str, Any]:
    """The answers a service template renders with."""
    return {
        "project": manifest.name,
        "service": service.name,
        "port": service.internal_port or PRESETS[service.preset].internal_port,
        "package": service.name.replace("-", "_"),
        "checks": [vars(c) for c in dependency_checks(service, manifest)],
        # upstream apps scaffold made: True when its template gave it /items (it has a database)
        "upstream_apps": {d.name: any(manifest.service(x).kind == Kind.DATABASE
                                      for x in d.depends_on)
                          for d in map(manifest.service, service.depends_on)
                          if d.kind == Kind.APP},
    }


# --- what the project's integration scripts and workflow probe -------------------------------


@dataclass(frozen=True)
class Probe:
    """A service the integration scripts reach inside the CI stack's network."""

    name: str
    url: str  # http://SERVICE:INTERNAL_PORT
    health: str  # liveness path
    ready: bool  # scaffold's own apps also answer /health/ready
    checks: tuple[str, ...]  # what its /health/ready checks, for the scripts' messages


def probes(manifest: Manifest, variant: str = "ci") -> list[Probe]:
    from scaffold.targets.compose import included  # compose pulls in Jinja: only the commands need it

    out = []
    for s in included(manifest, manifest.variant(variant)):
        if s.kind not in (Kind.APP, Kind.IMAGE) or not s.internal_port:
            continue
        if s.kind == Kind.IMAGE and not (s.healthcheck and s.healthcheck.http_path):
            continue  # an image we know nothing about: no HTTP path to promise
        checks = tuple(c.name for c in dependency_checks(s, manifest)) if s.kind == Kind.APP else ()
        out.append(Probe(s.name, f"http://{s.name}:{s.internal_port}", _liveness_path(s),
                         s.kind == Kind.APP, checks))
    return out


def project_data(manifest: Manifest, manifest_text: str, env_text: str) -> dict[str, Any]:
    """The answers the project template renders with."""
    ci = manifest.variant("ci")
    return {
        "project": manifest.name,
        "manifest": manifest_text,
        "env_file": env_text,
        "schema_file": SCHEMA_FILE,
        "variants": [v.name for v in manifest.variants],
        "ci_network": ci.network.name,
        "curl_image": CURL_IMAGE,
        "probes": [vars(p) | {"checks": list(p.checks)} for p in probes(manifest)],
        "services": [
            {"name": s.name, "preset": s.preset, "path": s.path if s.kind == Kind.APP else "",
             "port": s.internal_port or 0}
            for s in manifest.services
        ],
    }


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


# --- .env with real secrets -------------------------------------------------------------------


def new_secret() -> str:
    """256 bits as hex: safe inside a connection URL and a command line, never starting with '-'."""
    return secrets.token_hex(32)


def env_lines(manifest: Manifest, present: Iterable[str] = (),
              secret: Callable[[], str] = new_secret) -> list[str]:
    """`NAME=value` for each variable the stack reads that is not `present`: secrets random."""
    have = set(present)
    out = []
    for var in variables(manifest):
        if var.name in have:
            continue
        value = secret() if var.secret else var.default
        out.append(f"{var.name}={_env_quote(value)}")
    return out


def secret_lines(manifest: Manifest, service: str, present: Iterable[str] = (),
                 secret: Callable[[], str] = new_secret) -> list[str]:
    """`NAME=random` for each secret `service` reads that is not `present` (for add-service)."""
    have = set(present)
    return [f"{var.name}={secret()}" for var in variables(manifest)
            if var.secret and service in var.services and var.name not in have]


def env_text(manifest: Manifest, secret: Callable[[], str] = new_secret) -> str:
    header = [
        "# Secrets and settings for this stack; git ignores this file. Never commit it.",
        "# scaffold wrote random secrets here; .env.example lists what each variable is for.",
    ]
    return "\n".join(header + env_lines(manifest, secret=secret)) + "\n"


def env_names(text: str) -> set[str]:
    """The variables an existing .env sets."""
    out = set()
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and "=" in stripped:
            out.add(stripped.split("=", 1)[0].removeprefix("export ").strip())
    return out


def _env_quote(value: str) -> str:
    if value == "" or all(c.isalnum() or c in "-_./:@+,=" for c in value):
        return value
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

