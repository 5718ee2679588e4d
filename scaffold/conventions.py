"""What every target agrees on: references to .env, env values, wiring and URL names, routes, health.

The compose files, the swarm stack, the Kubernetes manifests, the nginx config,
the apps' `/health/ready` checks and `scaffold verify` all follow these rules, so
a service finds its dependencies under the same names wherever it runs. Pure.
The health paths themselves are the app presets' promise: `manifest.presets`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from scaffold.manifest.model import EnvVar, Kind, Manifest, Service, Variant
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
    value = escape(var.value)
    for secret in var.secrets:  # the secrets it names are read from .env; every other `$` stays
        value = value.replace(f"$${{{secret}}}", secret_ref(secret))
    return value


# --- which services run, and how they find each other ------------------------------------------


def included(manifest: Manifest, variant: Variant) -> tuple[Service, ...]:
    """The services a variant runs: with SQLite in place of Postgres, the databases stay out."""
    if variant.database == "sqlite":
        return tuple(s for s in manifest.services if s.kind != Kind.DATABASE)
    return manifest.services


def url_variables(service: Service, manifest: Manifest) -> dict[str, str]:
    """{dependency: the variable holding its URL}: databases, then caches, then HTTP services.

    One database is `DATABASE_URL` and one cache `REDIS_URL`; with several, or for an HTTP
    service, the dependency's name says which: `USERS_DB_DATABASE_URL`, `AUTH_URL`. Only a
    service that speaks HTTP hands out an `http://` URL: a worker or a job hands out nothing.
    `depends_on: [{service, env}]` puts a dependency's URL under the variable it names.
    """
    deps = [manifest.service(d) for d in service.depends_on]
    out: dict[str, str] = {}
    out.update(_backing_variables([d for d in deps if d.kind in (Kind.DATABASE, Kind.CACHE)]))
    out.update({d.name: f"{d.env_prefix}_URL" for d in deps if d.serves_http})
    renames = dict(service.renames)
    return {name: renames.get(name, variable) for name, variable in out.items()}


def _backing_variables(deps: Sequence[Service]) -> dict[str, str]:
    """What databases and caches hand out (the catalog's presets name theirs)."""
    databases = [d for d in deps if d.kind == Kind.DATABASE]
    caches = [d for d in deps if d.kind == Kind.CACHE]
    out: dict[str, str] = {}
    for d in databases:
        out[d.name] = "DATABASE_URL" if len(databases) == 1 else f"{d.env_prefix}_DATABASE_URL"
    for d in caches:
        out[d.name] = "REDIS_URL" if len(caches) == 1 else f"{d.env_prefix}_URL"
    return out


def wiring(service: Service, manifest: Manifest, variant: Variant) -> dict[str, str]:
    """Connection settings for each dependency, pointing at compose service names."""
    out: dict[str, str] = {}
    for name, variable in url_variables(service, manifest).items():
        d = manifest.service(name)
        if d.kind == Kind.DATABASE and variant.database == "sqlite":
            out[variable] = f"sqlite:////tmp/{service.name}.sqlite3"
        elif d.kind == Kind.DATABASE:
            password = secret_ref(d.password_variable)
            out[variable] = f"postgresql://{d.user}:{password}@{d.name}:{d.internal_port}/{d.database}"
        elif d.kind == Kind.CACHE:
            out[variable] = f"redis://:{secret_ref(d.password_variable)}@{d.name}:{d.internal_port}/0"
        else:
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
