"""The benchmark's workloads: synthetic stacks of any size, as a manifest and as copier answers.

A stack is built from blocks of ten services that look like a real product team's:
a Postgres and a Redis, six apps on four presets, two prebuilt images, routes for
the proxy, and dependencies inside the block and on the block before it. The same
services go to scaffold (as `scaffold.yaml`) and to copier (as answers for the
equivalent single compose template under `bench/copier-compose/`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

BLOCK = 10
PROJECT = "bench"
SERVER_NAME = "bench.localhost"


@dataclass(frozen=True)
class Env:
    """One environment variable: a literal, a secret from .env, or a setting with a default."""

    name: str
    source: str  # "literal" | "secret" | "setting"
    value: str = ""

    def manifest_value(self) -> Any:
        if self.source == "secret":
            return {"secret": True}
        if self.source == "setting":
            return {"default": self.value}
        return self.value


@dataclass(frozen=True)
class Spec:
    """One service of a synthetic stack, in the manifest's terms."""

    name: str
    preset: str
    depends_on: tuple[str, ...] = ()
    routes: tuple[str, ...] = ()
    port: int | None = None  # a fixed host port; None leaves the choice to scaffold
    env: tuple[Env, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)  # image, internal_port, healthcheck


def _block(k: int) -> list[Spec]:
    db, cache, auth, api = f"db-{k}", f"cache-{k}", f"auth-{k}", f"api-{k}"
    upstream = (f"auth-{k - 1}",) if k else ()  # one edge into the block before
    shared = Env("LOG_LEVEL", "setting", "info")  # one .env variable read by many services
    return [
        Spec(db, "postgres", extra={"version": "16"}),
        Spec(cache, "redis"),
        Spec(auth, "fastapi", (db, cache), (f"/auth-{k}/",), 20000 + BLOCK * k,
             (shared, Env("JWT_SECRET", "secret"))),
        Spec(api, "fastapi", (db, cache, auth, *upstream), (f"/api-{k}/",), None,
             (shared, Env("FEATURE_FLAGS", "literal", "search,billing"))),
        Spec(f"web-{k}", "nextjs", (api,), (f"/web-{k}/",), 20000 + BLOCK * k + 4),
        Spec(f"admin-{k}", "django", (db,), (f"/admin-{k}/",), None,
             (Env(f"ADMIN_{k}_SECRET_KEY", "secret"),)),
        Spec(f"events-{k}", "express", (cache, api), (), None, (shared,)),
        Spec(f"billing-{k}", "express", (db, auth), (f"/billing-{k}/",), 20000 + BLOCK * k + 7,
             (Env(f"BILLING_{k}_API_KEY", "secret"), Env("CURRENCY", "literal", "EUR"))),
        Spec(f"worker-{k}", "image", (db, cache),
             extra={"image": "ghcr.io/acme/worker:1.4", "internal_port": 9000,
                    "healthcheck": {"http": "/healthz"}}),
        Spec(f"search-{k}", "image", (),
             extra={"image": "ghcr.io/acme/search:2.1", "internal_port": 8080}),
    ]


def services(size: int) -> list[Spec]:
    """`size` services (a multiple of ten), in manifest order."""
    if size < BLOCK or size % BLOCK:
        raise ValueError(f"a stack has a multiple of {BLOCK} services, not {size}")
    return [spec for k in range(size // BLOCK) for spec in _block(k)]


def manifest(size: int) -> dict[str, Any]:
    """The stack as a scaffold manifest (plain data), with a SQLite `ci` variant."""
    out: dict[str, Any] = {}
    for s in services(size):
        entry: dict[str, Any] = {"preset": s.preset, **s.extra}
        if s.port is not None:
            entry["port"] = s.port
        if s.depends_on:
            entry["depends_on"] = list(s.depends_on)
        if s.routes:
            entry["routes"] = list(s.routes)
        if s.env:
            entry["env"] = {e.name: e.manifest_value() for e in s.env}
        out[s.name] = entry
    return {
        "name": PROJECT,
        "services": out,
        "variants": {"ci": {"database": "sqlite"}},
        "proxy": {"mode": "host", "server_name": SERVER_NAME},
    }


def manifest_text(size: int) -> str:
    header = f"# A synthetic stack of {size} services, made by bench/stacks.py.\n"
    return header + yaml.safe_dump(manifest(size), sort_keys=False, width=100)


def copier_answers(size: int) -> dict[str, Any]:
    """The same stack as answers for bench/copier-compose: what a copier template would be given.

    Host ports left open in the manifest get a fixed number here, since a template
    cannot probe for free ports; the work of rendering them is the same.
    """
    listed = []
    for i, s in enumerate(services(size)):
        listed.append({
            "name": s.name,
            "preset": s.preset,
            "port": s.port if s.port is not None else 30000 + i,
            "depends_on": list(s.depends_on),
            "env": [{"name": e.name, "source": e.source, "value": e.value} for e in s.env],
            "image": s.extra.get("image", ""),
            "internal_port": s.extra.get("internal_port", 0),
            "health_path": s.extra.get("healthcheck", {}).get("http", "/health"),
            "version": s.extra.get("version", ""),
        })
    return {"project": PROJECT, "server_name": SERVER_NAME, "services": listed}


def port_registry(allocations: int) -> dict[str, Any]:
    """A port registry (schemas/port-registry.schema.json) of `allocations` ports held by other
    projects of 20 services each, on ports from 10000 up."""
    per_project = 20
    entries = []
    for i in range(allocations):
        project = f"project-{i // per_project:04d}"
        entries.append({
            "project": project, "service": f"service-{i % per_project:02d}", "port": 10000 + i,
            "protocol": "tcp", "host_ip": "127.0.0.1",
            "manifest": f"/srv/{project}/scaffold.yaml", "allocated_at": "2025-01-01T00:00:00Z",
        })
    return {"version": 1, "allocations": entries}


# five mistakes of the kinds people make, one problem each: a quoted port, a misspelt preset,
# a misspelt key, an image service without its image, a route without its leading slash
BROKEN = 5


def broken_manifest(size: int) -> dict[str, Any]:
    """The stack with BROKEN schema errors in its first block: what `validate` explains."""
    data = manifest(size)
    services = data["services"]
    services["auth-0"]["port"] = str(services["auth-0"]["port"])
    services["api-0"]["preset"] = "fastapy"
    services["web-0"]["dependson"] = services["web-0"].pop("depends_on")
    del services["worker-0"]["image"]
    services["billing-0"]["routes"] = ["billing-0/"]
    return data


def broken_manifest_text(size: int) -> str:
    header = f"# A synthetic stack of {size} services with {BROKEN} errors, made by bench/stacks.py.\n"
    return header + yaml.safe_dump(broken_manifest(size), sort_keys=False, width=100)
