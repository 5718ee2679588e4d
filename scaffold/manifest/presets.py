"""What each preset is: its role, default port, runtime and image, and its healthcheck."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from scaffold.manifest.model import Kind
from scaffold.manifest.preset_names import APP_PRESETS as APP_PRESETS  # re-exported
from scaffold.manifest.preset_names import INFRA_PRESETS as INFRA_PRESETS
from scaffold.manifest.preset_names import SCAFFOLDABLE_PRESETS as SCAFFOLDABLE_PRESETS

# What the apps scaffold generates answer: alive, and ready (their dependencies answer too).
# Here, beside the presets, because it is their promise: the manifest's default HTTP health
# check asks HEALTH_PATH, and every target, the apps' templates and verify rely on both.
HEALTH_PATH = "/health"
READY_PATH = "/health/ready"


@dataclass(frozen=True)
class Preset:
    name: str
    kind: Kind
    internal_port: int | None
    runtime: Literal["python", "node", ""]  # which one-liner can probe HTTP inside the image
    image: str  # default image ("{version}" filled in), or an app's default base image
    version: str = ""  # default version for images with one

    def image_for(self, version: str) -> str:
        return self.image.format(version=version or self.version)


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset("fastapi", Kind.APP, 8000, "python", "python:3.12-slim"),
        Preset("django", Kind.APP, 8000, "python", "python:3.12-slim"),
        Preset("express", Kind.APP, 3000, "node", "node:22-slim"),
        Preset("nextjs", Kind.APP, 3000, "node", "node:22-slim"),
        Preset("postgres", Kind.DATABASE, 5432, "", "postgres:{version}", "17"),
        Preset("redis", Kind.CACHE, 6379, "", "redis:{version}", "7"),
        Preset("nginx", Kind.PROXY, 80, "", "nginx:{version}", "1.27"),
        Preset("image", Kind.IMAGE, None, "", ""),
    )
}
# the presets whose code scaffold writes, and the infrastructure a new project can start with;
# preset_names.py holds the same tuples for the command line, which must not import this module
_APPS = tuple(name for name, p in PRESETS.items() if p.kind == Kind.APP)
_INFRA = tuple(name for name, p in PRESETS.items() if p.kind in (Kind.DATABASE, Kind.CACHE))
if (_APPS, _INFRA) != (APP_PRESETS, INFRA_PRESETS):
    raise AssertionError("scaffold.manifest.preset_names is out of step with PRESETS")


def http_probe(tool: str, port: int, path: str) -> tuple[str, ...]:
    """A healthcheck `test` that GETs http://127.0.0.1:PORT/PATH with what the image has."""
    url = f"http://127.0.0.1:{port}{path}"
    if tool == "python":
        code = (
            "import sys, urllib.request; "
            f"sys.exit(0 if urllib.request.urlopen('{url}', timeout=4).status == 200 else 1)"
        )
        return ("CMD", "python", "-c", code)
    if tool == "node":
        code = (
            f"fetch('{url}').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
        )
        return ("CMD", "node", "-e", code)
    if tool == "curl":
        return ("CMD", "curl", "-fsS", "-o", "/dev/null", url)
    return ("CMD", "wget", "-q", "-O", "/dev/null", url)


def postgres_probe(user: str, database: str) -> tuple[str, ...]:
    # -h 127.0.0.1: during first start the image runs a socket-only server; TCP means really up
    return ("CMD", "pg_isready", "-h", "127.0.0.1", "-U", user, "-d", database)


def redis_probe() -> tuple[str, ...]:
    # redis-cli reads the password from REDISCLI_AUTH, set in the container's environment
    return ("CMD-SHELL", "redis-cli ping | grep -q PONG")


def nginx_probe() -> tuple[str, ...]:
    # the nginx image has neither curl nor wget; a live master process and a valid config will do
    return ("CMD-SHELL", "kill -0 $$(cat /run/nginx.pid) && nginx -t -q")


def generated_secrets(service: str, preset: object) -> tuple[str, ...]:
    """The .env secrets a preset reads for a service of that name: a database's or a cache's
    password (`POSTGRES_PASSWORD` for a service `postgres`)."""
    known = PRESETS.get(preset) if isinstance(preset, str) else None
    if known is None or known.kind not in (Kind.DATABASE, Kind.CACHE):
        return ()
    return (service.upper().replace("-", "_") + "_PASSWORD",)


def required_secrets(service: str, preset: object) -> tuple[tuple[str, str], ...]:
    """(environment variable, .env variable) of each secret an app preset's code cannot start
    without: Django's DJANGO_SECRET_KEY, read from `<SERVICE>_SECRET_KEY`. They come with the
    preset, so a hand-written manifest gives an app that starts."""
    if preset == "django":
        return (("DJANGO_SECRET_KEY", f"{service.upper().replace('-', '_')}_SECRET_KEY"),)
    return ()
