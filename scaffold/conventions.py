"""What every target agrees on: references to .env, env values, wiring and URL names, routes, health.

The compose files, the swarm stack, the Kubernetes manifests, the nginx config,
the apps' `/health/ready` checks and `scaffold verify` all follow these rules, so
a service finds its dependencies under the same names wherever it runs. Pure.
The health paths themselves are the app presets' promise: `manifest.presets`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from scaffold.manifest.catalog import fill
from scaffold.manifest.model import EnvVar, Manifest, Service, Variant
from scaffold.manifest.presets import HEALTH_PATH

# what docker compose labels every container with; verify and the port checks find stacks by them
COMPOSE_PROJECT_LABEL = "com.docker.compose.project"
COMPOSE_SERVICE_LABEL = "com.docker.compose.service"

# where the nginx container sees proxy.tls's files (templates/compose/nginx.yml.j2 mounts them)
NGINX_TLS_DIR = "/etc/nginx/tls"

# the conventional order of a service's keys in a compose-format file (dclint's service-keys-order)
SERVICE_KEY_ORDER = (
    "image", "build", "container_name", "depends_on", "volumes", "volumes_from", "configs",
    "secrets", "environment", "env_file", "ports", "networks", "network_mode", "extra_hosts",
    "command", "entrypoint", "working_dir", "restart", "healthcheck", "logging", "labels", "user",
    "isolation", "stop_signal", "tmpfs", "deploy",
)


def in_key_order(definition: Mapping[str, Any], order: Sequence[str] = SERVICE_KEY_ORDER) -> dict[str, Any]:
    """A service's keys in `order`; keys it does not name follow, alphabetically."""
    rank = {key: i for i, key in enumerate(order)}
    return dict(sorted(definition.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0])))


# --- references to .env and env values ---------------------------------------------------------


def secret_ref(variable: str) -> str:
    """A compose reference that refuses to start without the secret, saying where to set it."""
    return f"${{{variable}:?{variable} is not set: copy .env.example to .env and fill it in}}"


def setting_ref(variable: str, default: str) -> str:
    return f"${{{variable}:-{default}}}"


def escape(literal: str) -> str:
    """A literal value as compose must see it: `$` would start an interpolation."""
    return literal.replace("$", "$$")


def env_value(var: EnvVar) -> str:
    if var.source == "secret":
        return secret_ref(var.variable)
    if var.source == "setting":
        return setting_ref(var.variable, var.value)
    return with_secrets(var.value, var.secrets)


def with_secrets(literal: str, secrets: Sequence[str]) -> str:
    """An env value or a command word of `{value, secrets}`: the secrets it names are read
    from .env; every other `$` stays a literal `$`."""
    value = escape(literal)
    for secret in secrets:
        value = value.replace(f"$${{{secret}}}", secret_ref(secret))
    return value


# --- which services run, and how they find each other ------------------------------------------


def included(manifest: Manifest, variant: Variant) -> tuple[Service, ...]:
    """The services a variant runs: with SQLite in place of the SQL databases, those stay out."""
    if variant.database == "sqlite":
        return tuple(s for s in manifest.services if not _sqlite_stands_in(s))
    return manifest.services


def _sqlite_stands_in(service: Service) -> bool:
    return service.backing is not None and service.backing.sqlite_stand_in


SQLITE_DIR = "/var/lib/sqlite"  # where an app and its jobs (`from:` it) share SQLite's file


def sqlite_owner(service: Service) -> str:
    """Whose SQLite file a service uses: its own, or that of the app it shares an image with."""
    return service.from_service or service.name


def sqlite_volume(service: Service, manifest: Manifest, variant: Variant) -> str:
    """The named volume an app and its `from:` siblings share SQLite's file on, in a variant with
    SQLite in place of a database they use; "" when the service keeps the file to itself."""
    owner = sqlite_owner(service)
    if variant.database != "sqlite" or owner not in manifest.image_sharers:
        return ""  # (a cheap test first: generate stays linear in the number of services)
    family = [s for s in included(manifest, variant) if sqlite_owner(s) == owner]
    uses = any(_sqlite_stands_in(manifest.service(d)) for s in family for d in s.depends_on)
    return f"{owner}-sqlite" if len(family) > 1 and uses else ""


def _sqlite_url(service: Service, manifest: Manifest, variant: Variant) -> str:
    if sqlite_volume(service, manifest, variant):
        return f"sqlite:///{SQLITE_DIR}/{sqlite_owner(service)}.sqlite3"
    return f"sqlite:////tmp/{service.name}.sqlite3"


def url_variables(service: Service, manifest: Manifest) -> dict[str, str]:
    """{dependency: the variable holding its URL}: backing services, then HTTP services.

    A backing service hands out what its preset exports (one database is `DATABASE_URL`,
    several each their own). Only a service that speaks HTTP hands out an `http://` URL:
    a worker or a job hands out nothing. `depends_on: [{service, env}]` puts a dependency's
    URL under the variable it names.
    """
    deps = [manifest.service(d) for d in service.depends_on]
    out = {name: variables[0] for name, variables in exported_names(deps).items() if variables}
    out.update({d.name: f"{d.env_prefix}_URL" for d in deps if d.backing is None and d.serves_http})
    renames = dict(service.renames)
    return {name: renames.get(name, variable) for name, variable in out.items()}


def exported_names(deps: Sequence[Service]) -> dict[str, tuple[str, ...]]:
    """{backing dependency: the variables it hands out}, by its preset's exports.

    One database is `DATABASE_URL`; when two dependencies hand out the same name, each
    takes its `several` form, which its name says: `USERS_DB_DATABASE_URL`, `SESSIONS_URL`.
    """
    counts = Counter(e.name for d in deps if d.backing for e in d.backing.exports)
    out: dict[str, tuple[str, ...]] = {}
    for d in deps:
        if d.backing is not None:
            out[d.name] = tuple(e.name if counts[e.name] == 1 else e.several.replace("{PREFIX}", d.env_prefix)
                                for e in d.backing.exports)
    return out


def placeholders(service: Service) -> dict[str, str]:
    """What a preset's `{name}` placeholders stand for in this service."""
    return {"user": service.user, "database": service.database, "host": service.name,
            "port": str(service.internal_port), "PREFIX": service.env_prefix, "service": service.name}


def preset_value(template: str, service: Service) -> str:
    """A preset's value for this service as compose reads it: `{secret:PASSWORD}` -> `${DB_PASSWORD:?...}`."""
    return fill(template, placeholders(service), lambda name: secret_ref(f"{service.env_prefix}_{name}"),
                escape)


def exported_values(dep: Service) -> tuple[str, ...]:
    """The values a backing service hands each dependent, in its preset's order."""
    assert dep.backing is not None
    return tuple(preset_value(e.value if dep.auth or not e.without_auth else e.without_auth, dep)
                 for e in dep.backing.exports)


def wiring(service: Service, manifest: Manifest, variant: Variant) -> dict[str, str]:
    """Connection settings for each dependency, pointing at compose service names."""
    deps = [manifest.service(d) for d in service.depends_on]
    renames = dict(service.renames)
    out: dict[str, str] = {}
    for name, exported in exported_names(deps).items():
        d = manifest.service(name)
        # a rename ({service, env}) puts the dependency's URL, its first variable, under another name
        variables = (renames[name], *exported[1:]) if name in renames and exported else exported
        if variant.database == "sqlite" and _sqlite_stands_in(d):
            out[variables[0]] = _sqlite_url(service, manifest, variant)
            continue
        out.update(zip(variables, exported_values(d), strict=True))
    for name, variable in url_variables(service, manifest).items():
        d = manifest.service(name)
        if d.backing is None:
            out[variable] = f"http://{d.name}:{d.internal_port}"
    return out


# --- routes and health -------------------------------------------------------------------------


def health_path(service: Service) -> str:
    """The path a service's HTTP health check asks, or HEALTH_PATH when it names none."""
    check = service.healthcheck
    return check.http_path if check and check.http_path else HEALTH_PATH


def route_owner(manifest: Manifest, path: str) -> Service | None:
    """The service the proxy sends `path` to: the owner of the longest route prefixing it."""
    best: tuple[int, Service] | None = None
    for service in manifest.routed:
        for route in service.routes:
            if path.startswith(route.path) and (best is None or len(route.path) > best[0]):
                best = (len(route.path), service)
    return best[1] if best else None


def health_service(manifest: Manifest) -> Service | None:
    """Whose health the proxy's `/health` reports: proxy.health, the route covering it, or the first routed."""
    if manifest.proxy is not None and manifest.proxy.health:
        return manifest.service(manifest.proxy.health)
    owner = route_owner(manifest, HEALTH_PATH)
    if owner is not None:
        return owner
    return manifest.routed[0] if manifest.routed else None
