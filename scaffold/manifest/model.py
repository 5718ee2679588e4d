"""The validated manifest as frozen, typed data: what every later stage (and every template) sees."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from scaffold.records import record

EnvSource = Literal["literal", "secret", "setting"]
DatabaseChoice = Literal["postgres", "sqlite"]
Publish = Literal["fixed", "ephemeral", "none"]
ProxyMode = Literal["compose", "host"]
Role = Literal["service", "worker", "job"]  # listens / listens on nothing / runs once


class Kind(StrEnum):
    """What role a preset plays in the stack; drives wiring, publishing and startup layers."""

    APP = "app"  # code we build: fastapi, django, express, nextjs
    IMAGE = "image"  # a prebuilt image the user names
    DATABASE = "database"  # postgres, mysql, mariadb, mongodb, mssql
    CACHE = "cache"  # redis, memcached
    BROKER = "broker"  # rabbitmq, kafka
    STORAGE = "storage"  # minio
    MAIL = "mail"  # mailpit
    PROXY = "proxy"  # nginx


# the backing services: what apps depend on and never build, each described by preset data
BACKING_KINDS = (Kind.DATABASE, Kind.CACHE, Kind.BROKER, Kind.STORAGE, Kind.MAIL)


@record
class EnvVar:
    """One environment variable of a service.

    `literal` values go into the compose file as they are (with `$` escaped);
    `secret` and `setting` values are read from `.env` through `${VARIABLE...}`.
    """

    name: str
    source: EnvSource
    value: str = ""  # the literal value, or a setting's default
    variable: str = ""  # the .env variable a secret or setting reads
    description: str = ""
    secrets: tuple[str, ...] = ()  # .env secrets a literal value holds as `${NAME}`

    @property
    def from_env_file(self) -> bool:
        return self.source != "literal"


@record
class HealthCheck:
    """How Docker decides a service is healthy. `test` is the exact compose `test` list."""

    test: tuple[str, ...]
    interval: str = "10s"
    timeout: str = "5s"
    retries: int = 5
    start_period: str = "10s"
    http_path: str = ""  # the HTTP path probed, when it is an HTTP check


@record
class Export:
    """A variable a backing service hands each dependent: its name, and its value as a template."""

    name: str  # DATABASE_URL
    several: str  # the name when a dependent gets this name from two services: {PREFIX}_DATABASE_URL
    value: str  # mysql://{user}:{secret:PASSWORD}@{host}:{port}/{database}
    without_auth: str = ""  # the value with `auth: false`


@record
class Backing:
    """What a backing service's preset data says beyond image and port (templates/presets/NAME.yaml)."""

    protocol: str = ""
    secrets: tuple[tuple[str, str], ...] = ()  # (NAME, description) of each .env secret SERVICE_NAME
    environment: tuple[tuple[str, str], ...] = ()  # the container's, values with placeholders
    command: tuple[str, ...] = ()
    exports: tuple[Export, ...] = ()
    sqlite_stand_in: bool = False  # a variant with database: sqlite replaces it
    data: str = ""  # where the data lives in the container ("" : nothing to keep)
    ci: str = "tmpfs"  # how ephemeral variants keep the data: tmpfs or volume
    readiness: str = "tcp"  # what the apps' /health/ready does
    link: str = "tcp"  # what verify does from a dependent's container
    cluster_kind: str = "statefulset"
    storage: str = "1Gi"
    port_name: str = "tcp"
    swarm_secrets: str = "file"  # file: the image reads NAME_FILE; shell: `start` reads them
    start: tuple[str, ...] = ()


@record
class Route:
    """A path prefix the reverse proxy sends to a service."""

    path: str
    websocket: bool = False
    strip_prefix: bool = False
    # the service whose wider route this one carves a part out of, said on purpose
    overrides: str = ""
    line: int = 0
    column: int = 0


@record
class Volume:
    """A mount: a named volume (declared for you; tmpfs in ephemeral variants) or a bind
    mount of a path inside the project or, said as `{host: ...}`, of the host (compose only)."""

    source: str  # a volume name, a path relative to the manifest ("./config/app.toml") or the host's
    target: str
    read_only: bool = False

    @property
    def bind(self) -> bool:
        return self.source.startswith((".", "/"))


@record
class PortMapping:
    """One published port beyond `port`/`internal_port`: `ports: [{port, internal, protocol, bind}]`."""

    port: int
    internal: int
    protocol: Literal["tcp", "udp"] = "tcp"
    bind: str = "127.0.0.1"


@record
class Watch:
    """A compose `develop.watch` rule (local variants only)."""

    path: str
    action: str
    target: str = ""
    ignore: tuple[str, ...] = ()


@record
class Build:
    """How an app's image is built: its context and the Dockerfile's options."""

    dockerfile: str = ""  # relative to the context; "" is the context's Dockerfile
    target: str = ""
    args: tuple[tuple[str, str], ...] = ()


@record
class Network:
    """The stack's network: its name, and whether compose creates it or finds it."""

    name: str
    external: bool = False


@record
class Resources:
    """What one replica may use at most on a cluster (Swarm and Kubernetes limits)."""

    cpus: float  # cores: 0.5 is half of one
    memory: str  # a size with a binary unit, as Docker writes it: "512M", "1G"


DEFAULT_RESOURCES = {
    Kind.APP: Resources(1.0, "512M"),
    Kind.IMAGE: Resources(1.0, "512M"),
    Kind.DATABASE: Resources(1.0, "1G"),
    Kind.CACHE: Resources(0.5, "256M"),
    Kind.BROKER: Resources(1.0, "1G"),
    Kind.STORAGE: Resources(0.5, "512M"),
    Kind.MAIL: Resources(0.25, "128M"),
    Kind.PROXY: Resources(0.5, "128M"),
}


@record
class Service:
    """One service of the stack, resolved: its preset, ports, wiring, health and build."""

    name: str
    preset: str
    kind: Kind
    port: int | None  # host port; None: allocated by the port registry, or not published
    internal_port: int | None  # the port the process listens on inside its container
    depends_on: tuple[str, ...]
    env: tuple[EnvVar, ...]
    routes: tuple[Route, ...]
    image: str  # the image to run (infrastructure, image preset) or the base image (apps)
    version: str  # the preset's major version, where it has one ("" otherwise)
    path: str  # build context of an app, relative to the manifest's folder
    healthcheck: HealthCheck | None
    replicas: int = 1
    command: tuple[str, ...] = ()
    command_secrets: tuple[str, ...] = ()  # `command: {value, secrets}`: each ${NAME} is read from .env
    # infrastructure presets: their database / user names
    database: str = ""
    user: str = ""
    password_variable: str = ""  # .env variable holding this service's password, if any
    template: str = ""  # its compose fragment's template (templates/compose/)
    backing: Backing | None = None  # a backing service's preset data
    auth: bool = True  # false: a preset with optional auth runs without its secrets
    resources: Resources | None = None  # None: the cluster targets' default for its kind
    role: Role = "service"
    build: Build = Build()
    entrypoint: tuple[str, ...] = ()
    volumes: tuple[Volume, ...] = ()
    restart: str = ""  # "": the variant's default
    stop_signal: str = ""
    publish: bool = True  # False: never on the host, reached through the network or the proxy
    ports: tuple[PortMapping, ...] = ()
    secrets: tuple[str, ...] = ()  # compose secrets: files secrets/NAME, at /run/secrets/NAME
    watch: tuple[Watch, ...] = ()
    compose: tuple[tuple[str, Any], ...] = ()  # the escape hatch: compose keys merged last
    renames: tuple[tuple[str, str], ...] = ()  # (dependency, the variable its URL goes in)
    from_service: str = ""  # `from:`: the service whose build or image this one shares
    line: int = 0
    column: int = 0

    @property
    def env_prefix(self) -> str:
        """`auth-service` -> `AUTH_SERVICE`: how this service's name appears in variable names."""
        return self.name.upper().replace("-", "_")

    @property
    def preset_secrets(self) -> tuple[tuple[str, str], ...]:
        """(.env variable, its preset's description) of each secret this service reads."""
        if self.backing is None or not self.auth:
            return ()
        return tuple((f"{self.env_prefix}_{name}", text) for name, text in self.backing.secrets)

    @property
    def is_backing(self) -> bool:
        return self.kind in BACKING_KINDS

    @property
    def limits(self) -> Resources:
        return self.resources or DEFAULT_RESOURCES[self.kind]

    @property
    def serves_http(self) -> bool:
        return (self.kind in (Kind.APP, Kind.IMAGE, Kind.PROXY) and self.internal_port is not None
                and self.role == "service")

    @property
    def builds(self) -> bool:
        """Built from a context (an app preset or `preset: build`), not pulled."""
        return self.kind == Kind.APP


@record
class Variant:
    """One compose file: `local`, `ci`, or any the user adds (`staging`)."""

    name: str
    database: DatabaseChoice = "postgres"  # what apps depending on postgres get
    ephemeral: bool = False  # no named volumes; tmpfs for data
    publish: Publish = "fixed"  # host ports
    workers: int = 2
    network: Network = field(default_factory=lambda: Network("default"))
    env: tuple[EnvVar, ...] = ()  # set on every app and image service of this variant
    service_env: tuple[tuple[str, tuple[EnvVar, ...]], ...] = ()  # (service, its env here)
    # (service, its changes here): command, ports, volumes, replicas, as Service fields
    service_changes: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    base: Literal["local", "ci"] = "local"
    restart: str = "unless-stopped"  # long-running services' restart policy ("": left out)

    def env_for(self, service: str) -> tuple[EnvVar, ...]:
        return next((env for name, env in self.service_env if name == service), ())

    def changes_for(self, service: str) -> dict[str, Any]:
        return dict(next((c for name, c in self.service_changes if name == service), ()))

    @property
    def filename(self) -> str:
        return f"docker-compose.{self.name}.yml"


@record
class Tls:
    """The certificate and key files the proxy serves HTTPS with."""

    certificate: str
    key: str


@record
class Proxy:
    """The nginx reverse proxy in front of the routed services."""

    mode: ProxyMode = "compose"  # compose: an nginx service in the stack; host: nginx on the host
    server_name: str = "localhost"
    port: int | None = None  # host port nginx listens on (compose mode publishes it)
    tls: Tls | None = None
    connect_timeout: str = "60s"
    read_timeout: str = "60s"
    send_timeout: str = "60s"
    client_max_body_size: str = "10m"
    image: str = "nginx:1.27"
    health: str = ""  # the routed service whose health check `/health` passes through to


@record
class Manifest:
    """The whole validated manifest: services, variants, proxy and settings."""

    name: str
    services: tuple[Service, ...]  # in manifest order, then the proxy compose mode adds
    variants: tuple[Variant, ...]  # local, ci, then the user's in name order
    network: Network | None = None  # the manifest's own network (local variants use it)
    proxy: Proxy | None = None
    registry: str = ""  # path of the port registry the manifest asks for
    targets: tuple[str, ...] = ("compose",)  # what `generate` renders (scaffold.targets.render.TARGETS)
    image_prefix: str = ""  # registry and namespace the cluster targets pull app images from
    source: Path = Path("scaffold.yaml")
    warnings: tuple[str, ...] = ()  # located, like problems, but nothing is refused

    @cached_property
    def _by_name(self) -> dict[str, Service]:
        return {s.name: s for s in self.services}

    def service(self, name: str) -> Service:
        return self._by_name[name]

    def variant(self, name: str) -> Variant:
        for v in self.variants:
            if v.name == name:
                return v
        raise KeyError(name)

    # found once (the manifest is frozen): the targets ask for each of these once per service

    @cached_property
    def routed(self) -> tuple[Service, ...]:
        return tuple(s for s in self.services if s.routes)

    @cached_property
    def proxy_service(self) -> Service | None:
        """The nginx service serving the generated config inside compose, if there is one."""
        return next((s for s in self.services if s.kind == Kind.PROXY), None)

    @cached_property
    def image_sharers(self) -> frozenset[str]:
        """The services another one names in `from:` (an app whose image its jobs share)."""
        return frozenset(s.from_service for s in self.services if s.from_service)

    @cached_property
    def volume_users(self) -> Mapping[str, int]:
        """How many services mount each named volume (bind mounts aside)."""
        users: dict[str, int] = {}
        for s in self.services:
            for v in s.volumes:
                if not v.bind:
                    users[v.source] = users.get(v.source, 0) + 1
        return MappingProxyType(users)

    @cached_property
    def jobs(self) -> tuple[Service, ...]:
        """The one-shot services (role: job), in manifest order."""
        return tuple(s for s in self.services if s.role == "job")
