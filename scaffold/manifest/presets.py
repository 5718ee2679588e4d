"""The presets a manifest may name: the built-ins (templates/presets/) and the project's own; the HTTP probe."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType

from scaffold.manifest import catalog, preset_names
from scaffold.manifest.catalog import Preset
from scaffold.manifest.model import BACKING_KINDS, Kind

# What the apps scaffold generates answer: alive, and ready (their dependencies answer too).
# Here, beside the presets, because it is their promise: the manifest's default HTTP health
# check asks HEALTH_PATH, and every target, the apps' templates and verify rely on both.
HEALTH_PATH = "/health"
READY_PATH = "/health/ready"


# the built-ins in the order the CLI offers them: apps, then the backing services, then the rest
ORDER = ("fastapi", "django", "express", "nextjs", "postgres", "redis", "mysql", "mariadb", "mongodb",
         "mssql", "rabbitmq", "kafka", "minio", "mailpit", "memcached", "nginx", "image", "build")

PRESETS: dict[str, Preset] = {name: catalog.builtin()[name] for name in ORDER}
# the presets whose code scaffold writes, and the backing services a new project can start with;
# preset_names.py holds the same tuples for the command line, which must not import this module
APP_PRESETS = tuple(name for name, p in PRESETS.items() if p.kind == Kind.APP and p.scaffolded)
INFRA_PRESETS = tuple(name for name, p in PRESETS.items() if p.kind in BACKING_KINDS)
SCAFFOLDABLE_PRESETS = (*APP_PRESETS, *INFRA_PRESETS)  # what `new --service` and `add-service` take
if (APP_PRESETS, INFRA_PRESETS) != (preset_names.APP_PRESETS, preset_names.INFRA_PRESETS):
    raise AssertionError("scaffold.manifest.preset_names is out of step with the presets")

# a project's own presets while its manifest is read (see `project_presets`)
_PROJECT: ContextVar[Mapping[str, Preset]] = ContextVar("project_presets", default=MappingProxyType({}))


@contextmanager
def project_presets(presets: Mapping[str, Preset]) -> Iterator[None]:
    """Make a project's presets known to `lookup` while its manifest is validated and modelled."""
    token = _PROJECT.set(presets)
    try:
        yield
    finally:
        _PROJECT.reset(token)


def lookup(name: object) -> Preset | None:
    """The preset called `name`: a built-in, or one of the project's being read."""
    if not isinstance(name, str):
        return None
    return PRESETS.get(name) or _PROJECT.get().get(name)


def known() -> tuple[str, ...]:
    """Every preset name a manifest may use now: the built-ins, then the project's."""
    return (*PRESETS, *sorted(n for n in _PROJECT.get() if n not in PRESETS))


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


def generated_secrets(service: str, preset: object, auth: object = True) -> tuple[str, ...]:
    """The .env secrets a preset reads for a service of that name: `POSTGRES_PASSWORD` for a
    postgres service `postgres`, `DB_PASSWORD` and `DB_ROOT_PASSWORD` for a mysql service `db`."""
    known = lookup(preset)
    if known is None or known.backing is None or (auth is False and known.auth_optional):
        return ()
    prefix = service.upper().replace("-", "_")
    return tuple(f"{prefix}_{name}" for name, _ in known.backing.secrets)


def required_secrets(service: str, preset: object) -> tuple[tuple[str, str], ...]:
    """(environment variable, .env variable) of each secret an app preset's code cannot start
    without: Django's DJANGO_SECRET_KEY, read from `<SERVICE>_SECRET_KEY`. They come with the
    preset, so a hand-written manifest gives an app that starts."""
    if preset == "django":
        return (("DJANGO_SECRET_KEY", f"{service.upper().replace('-', '_')}_SECRET_KEY"),)
    return ()
