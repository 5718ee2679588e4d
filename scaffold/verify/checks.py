"""What `scaffold verify` proves about a running stack: pure, no Docker here.

From the model come the checks (every service's health endpoints, every
depends_on link, every proxy route), each as probes a small script makes inside
the stack's network; from what the probes saw come the results, which `report`
turns into the integration report and the handoff.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field
from typing import Any, Literal

from scaffold.conventions import health_path, health_service, included
from scaffold.manifest.model import Kind, Manifest, Service, Variant
from scaffold.manifest.presets import APP_PRESETS, HEALTH_PATH, READY_PATH
from scaffold.records import record
from scaffold.targets.envfile import variables
from scaffold.verify.outcomes import CaseResult, Flow

PROBE_TIMEOUT = 5  # seconds each request or connection may take


# the first bytes a server sends back when it speaks the protocol: PostgreSQL answers an
# SSLRequest with 'S' or 'N'; Redis answers PING with +PONG or, wanting a password, -NOAUTH
POSTGRES_SSL_REQUEST = bytes.fromhex("0000000804d2162f")
REDIS_PING = b"PING\r\n"


GATEWAY_ERRORS = (502, 503, 504)


@record
class Handshake:
    """How verify knows a backing service speaks its protocol: what it sends (or, when the
    server speaks first, nothing but `listen`), and whether the first reply bytes are right."""

    protocol: str
    send: bytes
    answered: Callable[[bytes], bool]
    listen: bool = False


def _mongo_hello() -> bytes:
    body = b"\x10hello\x00" + struct.pack("<i", 1) + b"\x02$db\x00" + struct.pack("<i", 6) + b"admin\x00"
    doc = struct.pack("<i", len(body) + 5) + body + b"\x00"
    message = struct.pack("<I", 0) + b"\x00" + doc
    return struct.pack("<iiii", 16 + len(message), 1, 0, 2013) + message


_KAFKA_API_VERSIONS = struct.pack(">ihhih", 24, 18, 0, 7, 14) + b"scaffold-ready"
_MSSQL_PRELOGIN = bytes([0x12, 1, 0, 26, 0, 0, 1, 0, 0, 0, 11, 0, 6, 1, 0, 17, 0, 1, 0xFF, 0, 0, 0, 0, 0, 0, 2])

# the link checks of the catalog's backing services, by their preset's `link` (postgres and
# redis above, minio and http over HTTP); each reads at most the first 64 bytes of the reply
HANDSHAKES = {
    "postgres": Handshake("PostgreSQL", POSTGRES_SSL_REQUEST, lambda r: r[:1] in (b"S", b"N")),
    "redis": Handshake("Redis", REDIS_PING, lambda r: r[:1] in (b"+", b"-")),
    # the server's handshake packet, protocol 10 (an error packet starts 0xff)
    "mysql": Handshake("MySQL", b"", lambda r: r[4:5] == b"\x0a", listen=True),
    "mongodb": Handshake("MongoDB", _mongo_hello(),
                         lambda r: r[8:16] == struct.pack("<ii", 1, 2013)),
    "amqp": Handshake("AMQP", b"AMQP\x00\x00\x09\x01",
                      lambda r: r[:1] == b"\x01" and r[7:11] == b"\x00\x0a\x00\x0a"),
    "kafka": Handshake("Kafka", _KAFKA_API_VERSIONS, lambda r: r[4:10] == struct.pack(">ih", 7, 0)),
    "smtp": Handshake("SMTP", b"", lambda r: r[:3] == b"220", listen=True),
    "memcached": Handshake("memcached", b"version\r\n", lambda r: r[:8] == b"VERSION "),
    "mssql": Handshake("SQL Server", _MSSQL_PRELOGIN, lambda r: r[:1] == b"\x04"),
}
HTTP_LINKS = {"minio": "/minio/health/live", "http": "/"}


@record
class Probe:
    """One request the probe script makes: an HTTP GET, or a TCP connection and a handshake."""

    id: str
    kind: Literal["http", "tcp"]
    host: str
    port: int
    path: str = ""
    send: bytes = b""
    listen: bool = False  # tcp: read what the server says first, sending nothing
    tls: bool = False
    host_header: str = ""

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "kind": self.kind, "host": self.host,
                               "port": self.port, "timeout": PROBE_TIMEOUT}
        if self.kind == "http":
            out |= {"path": self.path, "tls": self.tls, "host_header": self.host_header}
        elif self.send:
            out["send"] = self.send.hex()
        elif self.listen:
            out["listen"] = True
        return out


@record
class Seen:
    """What a probe saw."""

    id: str
    status: int | None = None
    body: str = ""
    connected: bool = False
    reply: bytes = b""
    error: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Seen:
        return cls(id=str(data.get("id", "")), status=data.get("status"),
                   body=str(data.get("body", "")), connected=bool(data.get("connected")),
                   reply=bytes.fromhex(str(data.get("reply", ""))),
                   error=str(data.get("error", "")))


CheckKind = Literal["health", "ready", "link", "route"]
# a service's containers, worst first (a restarting one is still starting, a dead one exited);
# `missing` when none appeared
State = Literal["missing", "exited", "unhealthy", "created", "starting", "completed", "running",
                "healthy"]


@record
class Check:
    """One thing verify proves about the stack."""

    kind: CheckKind
    service: str  # whose it is: the service, the link's dependent, the route's owner
    target: str  # health, ready: the path; link: the dependency; route: the route's path
    protocol: str  # HTTP, TCP, or a handshake's: PostgreSQL, Redis, MySQL, AMQP...
    probes: tuple[Probe, ...]
    runs_in: str = ""  # the service whose container runs the probes; "": a probe container

    @property
    def name(self) -> str:
        if self.kind == "link":
            return f"{self.service} -> {self.target}"
        if self.kind == "route":
            return f"route {self.target} -> {self.service}"
        return f"{self.service} {self.target}"


@record
class Result:
    """The outcome of one check: passed or not, and what was seen."""

    check: Check
    ok: bool
    detail: str


# states that count as up: healthy, running without a healthcheck, a job that exited 0
UP_STATES = ("healthy", "running", "completed")


@record
class ServiceState:
    """A service as the engine last saw it, and how long it took to become healthy."""

    name: str
    preset: str
    state: State
    healthy_after: float | None = None  # seconds from `up` to healthy (running, without a check)
    health_output: str = ""  # the last healthcheck's output, when it failed


@record
class Plan:
    """Every check of one variant, and what the stack runs."""

    project: str
    variant: str
    network: str
    services: tuple[Service, ...]
    checks: tuple[Check, ...]
    notes: tuple[str, ...]


@record
class Report:
    """Everything verify saw of a stack: its services, checks, logs and test runs."""

    project: str
    variant: str
    network: str
    services: tuple[ServiceState, ...]  # in startup order
    layers: tuple[tuple[str, ...], ...]
    results: tuple[Result, ...]
    failure: str = ""  # what went wrong, naming the service and the check; "" when it passed
    failed_service: str = ""
    logs: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (service, its last log lines)
    notes: tuple[str, ...] = ()
    timings: tuple[tuple[str, float], ...] = ()  # (phase, seconds): build, up, checks, total
    ports: tuple[int, ...] = ()
    presets: tuple[tuple[str, str], ...] = field(default=())  # (service, preset)
    cases: tuple[CaseResult, ...] = ()  # what the suites found (integration, contract, browser)
    flows: tuple[Flow, ...] = ()  # end-to-end flows
    tests: str = "run"  # "run", "skipped" (--no-tests) or "not reached" (the stack failed first)

    @property
    def passed(self) -> bool:
        return not self.failure



def _http(check_id: str, service: Service, path: str) -> Probe:
    return Probe(check_id, "http", service.name, service.internal_port or 80, path)


def _health_checks(service: Service) -> list[Check]:
    if service.internal_port and service.healthcheck is None and service.kind in (Kind.APP, Kind.IMAGE):
        # `healthcheck: false` (an image with no shell): it is up when it accepts connections
        probe = Probe(f"{service.name}:tcp", "tcp", service.name, service.internal_port)
        return [Check("health", service.name, f"port {service.internal_port}", "TCP", (probe,))]
    if service.kind == Kind.APP and service.internal_port and service.preset not in APP_PRESETS:
        return _image_health(service)  # a Dockerfile of your own promises only its health check
    if service.kind == Kind.APP and service.internal_port:
        path = health_path(service)
        return [Check("health", service.name, path, "HTTP",
                      (_http(f"{service.name}:health", service, path),)),
                Check("ready", service.name, READY_PATH, "HTTP",
                      (_http(f"{service.name}:ready", service, READY_PATH),))]
    if service.kind == Kind.IMAGE:
        return _image_health(service)
    return []  # postgres, redis, nginx: their Docker healthcheck is the proof


def _image_health(service: Service) -> list[Check]:
    if service.healthcheck and service.healthcheck.http_path:
        path = service.healthcheck.http_path
        return [Check("health", service.name, path, "HTTP",
                      (_http(f"{service.name}:health", service, path),))]
    return []


def _link(service: Service, dep: Service) -> Check:
    check_id = f"{service.name}->{dep.name}"
    port = dep.internal_port or 0
    link = dep.backing.link if dep.backing is not None else ""
    if link in HANDSHAKES:
        shake = HANDSHAKES[link]
        probe = Probe(check_id, "tcp", dep.name, port, send=shake.send, listen=shake.listen)
        return Check("link", service.name, dep.name, shake.protocol, (probe,), runs_in=service.name)
    if link in HTTP_LINKS:
        probe = Probe(check_id, "http", dep.name, port, HTTP_LINKS[link])
        return Check("link", service.name, dep.name, "HTTP", (probe,), runs_in=service.name)
    if dep.serves_http and dep.healthcheck and dep.healthcheck.http_path:
        probe = Probe(check_id, "http", dep.name, port, health_path(dep))
        return Check("link", service.name, dep.name, "HTTP", (probe,), runs_in=service.name)
    probe = Probe(check_id, "tcp", dep.name, port)
    return Check("link", service.name, dep.name, "TCP", (probe,), runs_in=service.name)


def _route_checks(manifest: Manifest, proxy: Service) -> list[Check]:
    tls = bool(manifest.proxy and manifest.proxy.tls)
    names = manifest.proxy.server_name.split() if manifest.proxy else []
    host = next((n for n in names if "*" not in n), "localhost")
    port = proxy.internal_port or (443 if tls else 80)
    out = []
    for service in manifest.routed:
        for route in service.routes:
            check_id = f"route:{route.path}"
            direct = "/" if route.strip_prefix else route.path  # what the service itself sees
            out.append(Check("route", service.name, route.path, "HTTP", (
                Probe(f"{check_id}:proxy", "http", proxy.name, port, route.path, tls=tls,
                      host_header=host),
                Probe(f"{check_id}:direct", "http", service.name, service.internal_port or 80,
                      direct),
            )))
    healthy = health_service(manifest) if manifest.proxy else None
    if healthy is not None:
        out.append(Check("route", healthy.name, HEALTH_PATH, "HTTP", (
            Probe(f"route:{HEALTH_PATH}:proxy", "http", proxy.name, port,
                  HEALTH_PATH, tls=tls, host_header=host),
        )))
    return sorted(out, key=lambda c: c.target)


def plan(manifest: Manifest, variant: Variant) -> Plan:
    """What verify checks in this variant, in a stable order."""
    services = included(manifest, variant)
    running = {s.name for s in services}
    checks: list[Check] = []
    notes: list[str] = []
    for service in services:
        checks += _health_checks(service)
    for service in services:
        if service.role == "job":
            notes.append(f"{service.name} is a job: its exit code, not its links, is the proof")
            continue  # it has exited by the time the checks run
        for name in service.depends_on:
            dep = manifest.service(name)
            if dep.role != "service":
                continue  # a worker or a job listens on nothing: compose's ordering is the proof
            if name in running:
                checks.append(_link(service, dep))
            else:
                notes.append(f"{service.name} -> {name}: not in the {variant.name} variant "
                             f"(its apps use SQLite instead)")
    proxy = manifest.proxy_service
    if proxy is not None and proxy.name in running and manifest.routed:
        checks += _route_checks(manifest, proxy)
    elif manifest.routed and manifest.proxy and manifest.proxy.mode == "host":
        notes.append("routes are served by the host's nginx (proxy.mode: host), outside the "
                     "stack; they were not checked")
    return Plan(manifest.name, variant.name, variant.network.name, services, tuple(checks),
                tuple(notes))



def missing_secrets(manifest: Manifest, compose_text: str, present: Iterable[str]) -> list[str]:
    """Secrets the compose file refuses to start without that neither .env nor the shell sets."""
    have = set(present)
    return [v.name for v in variables(manifest)
            if v.secret and f"${{{v.name}:?" in compose_text and v.name not in have]


def image_overrides(before: Manifest, after: Manifest, variant: Variant) -> dict[str, Any]:
    """A compose override file giving each service the image `after` chose for it."""
    services: dict[str, Any] = {}
    for service in included(after, variant):
        if service.image == before.service(service.name).image:
            continue
        if service.kind == Kind.APP:
            services[service.name] = {"build": {"args": {"BASE_IMAGE": service.image}}}
        else:
            services[service.name] = {"image": service.image}
    return {"services": services} if services else {}


def shorten(text: str, limit: int = 200) -> str:
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _http_status(seen: Seen) -> str:
    if seen.error:
        return seen.error
    return f"HTTP {seen.status}"


def _judge_http(check: Check, seen: Seen) -> Result:
    if seen.status == 200:
        return Result(check, True, "HTTP 200")
    body = f": {shorten(seen.body)}" if seen.body and not seen.error else ""
    return Result(check, False, f"{_http_status(seen)}{body}")


def _judge_tcp(check: Check, seen: Seen) -> Result:
    where = f"from {check.runs_in}" if check.runs_in else ""
    if seen.error or not seen.connected:
        return Result(check, False, f"cannot connect {where}: {seen.error or 'refused'}")
    shake = next((h for h in HANDSHAKES.values() if h.protocol == check.protocol), None)
    if shake is not None:
        ok = shake.answered(seen.reply)
        return Result(check, ok, f"connected {where}; {shake.protocol} answered" if ok
                      else f"connected {where}, but no {shake.protocol} answer ({seen.reply!r})")
    return Result(check, True, f"connected {where}")


def _judge_route(check: Check, seen: Mapping[str, Seen]) -> Result:
    via = seen.get(check.probes[0].id, Seen(check.probes[0].id, error="not run"))
    if via.error:
        return Result(check, False, f"through the proxy: {via.error}")
    if via.status in GATEWAY_ERRORS or via.status is None:
        return Result(check, False, f"the proxy answered HTTP {via.status}: it did not reach "
                                    f"{check.service}")
    if len(check.probes) == 1:
        return _judge_http(check, via)
    direct = seen.get(check.probes[1].id, Seen(check.probes[1].id, error="not run"))
    if via.status != direct.status:
        return Result(check, False, f"HTTP {via.status} through the proxy, but "
                                    f"{_http_status(direct)} from {check.service} directly")
    return Result(check, True, f"HTTP {via.status} through the proxy, as from {check.service}")


def readiness_of(body: str) -> dict[str, Any]:
    """The per-dependency checks in a `/health/ready` answer (scaffold's apps give them)."""
    try:
        data = json.loads(body)
    except ValueError:
        return {}
    checks = data.get("checks") if isinstance(data, dict) else None
    return checks if isinstance(checks, dict) else {}


def judge(checks: Iterable[Check], seen: Mapping[str, Seen]) -> list[Result]:
    """Each check's result from what its probes saw; a missing answer fails the check."""
    results = []
    ready_bodies = {c.service: seen[c.probes[0].id].body for c in checks
                    if c.kind == "ready" and c.probes[0].id in seen}
    for check in checks:
        if check.kind == "route":
            results.append(_judge_route(check, seen))
            continue
        probe = check.probes[0]
        got = seen.get(probe.id, Seen(probe.id, error="the probe gave no answer"))
        result = _judge_http(check, got) if probe.kind == "http" else _judge_tcp(check, got)
        if check.kind == "link":
            result = _with_readiness(result, readiness_of(ready_bodies.get(check.service, "")))
        results.append(result)
    return results


def _with_readiness(result: Result, checks: Mapping[str, Any]) -> Result:
    """A link also passes the dependent's own readiness check of it, when it reports one."""
    entry = checks.get(result.check.target)
    if not isinstance(entry, dict) or not result.ok:
        return result
    if entry.get("status") == "ok":
        return Result(result.check, True, f"{result.detail}; its /health/ready check: ok")
    return Result(result.check, False,
                  f"{result.detail}; but its /health/ready check failed: {entry.get('error', '?')}")


def first_failure(results: Sequence[Result]) -> Result | None:
    return next((r for r in results if not r.ok), None)
