"""The answers copier renders the project and service templates with, decided from the model alone."""

from __future__ import annotations

from typing import Any

from scaffold.conventions import health_path, included, url_variables
from scaffold.manifest.model import Kind, Manifest, Service
from scaffold.manifest.presets import PRESETS
from scaffold.newproject.specs import SCHEMA_FILE
from scaffold.records import record

# the image the integration scripts run in, inside the CI stack's network (seed 002's way)
CURL_IMAGE = "curlimages/curl:8.11.1"


@record
class Check:
    """One dependency a service's `/health/ready` checks: whose, how, and where it is."""

    name: str  # the dependency's service name in the manifest
    # "database" (Postgres, or SQLite when the variant swaps it in) | "http" | a backing preset's
    # readiness: "redis", "mysql", "mongodb", "amqp", "kafka", "minio", "smtp", "memcached", "mssql", "tcp"
    kind: str
    variable: str  # the environment variable holding its URL
    path: str = ""  # for "http": the path that answers 200 when it is alive


# --- what a service's /health/ready checks ---------------------------------------------------


def dependency_checks(service: Service, manifest: Manifest) -> tuple[Check, ...]:
    """One check per dependency, named by the variable the wiring gives the service."""
    variables = url_variables(service, manifest)
    out = []
    for d in (manifest.service(name) for name in service.depends_on):
        if d.backing is not None and d.name in variables:
            kind = _readiness(d)
            out.append(Check(d.name, kind, variables[d.name], "/" if kind == "http" else ""))
        elif d.name in variables:
            out.append(Check(d.name, "http", variables[d.name], _liveness_path(d)))
    return tuple(out)


def _readiness(dep: Service) -> str:
    """The check kind the app templates run: Postgres (or SQLite in its place) is `database`."""
    assert dep.backing is not None
    return "database" if dep.backing.readiness == "postgres" else dep.backing.readiness


def _liveness_path(service: Service) -> str:
    """The path that answers when the service is alive: `/` for an image that names none."""
    named = service.healthcheck is not None and bool(service.healthcheck.http_path)
    return health_path(service) if named or service.kind == Kind.APP else "/"


def service_data(service: Service, manifest: Manifest) -> dict[str, Any]:
    """The answers a service template renders with."""
    return {
        "project": manifest.name,
        "service": service.name,
        "port": service.internal_port or PRESETS[service.preset].internal_port,
        "package": service.name.replace("-", "_"),
        "checks": [vars(c) for c in dependency_checks(service, manifest)],
        # upstream apps scaffold made: True when its template gave it /items (it has a database)
        "upstream_apps": {d.name: any(manifest.service(x).preset == "postgres"
                                      for x in d.depends_on)
                          for d in map(manifest.service, service.depends_on)
                          if d.kind == Kind.APP and d.role == "service"},
    }


# --- what the project's integration scripts and workflow probe -------------------------------


@record
class Probe:
    """A service the integration scripts reach inside the CI stack's network."""

    name: str
    url: str  # http://SERVICE:INTERNAL_PORT
    health: str  # liveness path
    ready: bool  # scaffold's own apps also answer /health/ready
    checks: tuple[str, ...]  # what its /health/ready checks, for the scripts' messages


def probes(manifest: Manifest, variant: str = "ci") -> list[Probe]:
    """The services of `variant` that answer HTTP on a path scaffold knows."""
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


# the runner of each app template's integration suite (tests/integration, test/integration)
SUITE_RUNNERS = {"fastapi": "pytest", "django": "pytest", "express": "node", "nextjs": "node"}


def suite(service: Service, manifest: Manifest) -> str:
    """"pytest" or "node" when scaffold gave the app an integration suite, else ""."""
    if service.kind != Kind.APP or service.role != "service" or service.from_service:
        return ""
    return SUITE_RUNNERS.get(service.preset, "") if dependency_checks(service, manifest) else ""


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
             "port": s.internal_port or 0, "suite": suite(s, manifest)}
            for s in manifest.services
        ],
    }
