"""Who holds a host port: the manifest, the registry, the live host, Docker; and the check.

The live host is asked with bind tests and /proc; Docker through its SDK, imported
only when a daemon socket is there to answer. Turning what they say into
findings is pure, so it is tested without either.
"""

from __future__ import annotations

import copy
import errno
import os
import socket
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold.conventions import COMPOSE_PROJECT_LABEL, COMPOSE_SERVICE_LABEL
from scaffold.errors import first_line
from scaffold.manifest.model import Manifest
from scaffold.ports.registry import (
    LOOPBACK,
    PROXY,
    Allocation,
    Registry,
    allocate,
    conflicts,
    fixed_ports,
    hosts_overlap,
    who,
)

EPHEMERAL_FILE = "/proc/sys/net/ipv4/ip_local_port_range"
EPHEMERAL_FALLBACK = (32768, 60999)  # Linux's default
DOCKER_SOCKET = "/var/run/docker.sock"

CONFLICT, WARNING = "conflict", "warning"


@dataclass(frozen=True)
class Claim:
    """A host port the stack will publish, and where that port came from."""

    service: str  # "" for a port asked about on the command line
    port: int
    source: str  # "fixed" (manifest) | "registry" | "planned" (not allocated yet) | "asked"
    protocol: str = "tcp"
    host_ip: str = LOOPBACK


@dataclass(frozen=True)
class Finding:
    """One thing standing in a claim's way, and who it is."""

    service: str
    port: int
    check: str  # "manifest" | "registry" | "host" | "docker" | "privileged" | "ephemeral"
    severity: str  # CONFLICT | WARNING
    holder: str  # who holds the port, in words
    details: Mapping[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class ContainerBinding:
    """A container's published host port, running or not."""

    container: str
    project: str  # its compose project label, "" when it has none
    service: str  # its compose service label
    state: str  # running | exited | created | paused | ...
    host_ip: str
    host_port: int
    protocol: str
    container_port: int

    def describe(self) -> str:
        label = f"compose project '{self.project}'" if self.project else "not from compose"
        host = f"{self.host_ip or '0.0.0.0'}:{self.host_port}"
        binding = f"{host}->{self.container_port}/{self.protocol}"
        return f"container '{self.container}' ({label}, {self.state}, {binding})"


@dataclass(frozen=True)
class Report:
    project: str
    claims: tuple[Claim, ...]
    findings: tuple[Finding, ...]
    notes: tuple[str, ...]

    @property
    def conflicts(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == CONFLICT]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]


# --- the manifest -------------------------------------------------------------------------


def load_manifest(path: Path) -> tuple[Manifest, list[Claim], list[Finding]]:
    """The manifest at `path`, and the host ports two of its services share.

    `validate` refuses a manifest that gives one host port to two services; here
    that is a conflict to show like the others, so the later claimant's port is
    set aside before modelling and comes back as a claim with its finding.
    """
    from scaffold.manifest.build import build
    from scaffold.manifest.source import Document, read

    doc = read(path)
    duplicates = _duplicates(doc.data)
    if duplicates:
        data = copy.deepcopy(doc.data)
        for where, _, _, _ in duplicates:
            _pop(data, where)
        doc = Document(doc.file, data, doc.positions, doc.problems)
    manifest = build(doc, path)
    claims = [Claim(service, port, "fixed") for _, service, port, _ in duplicates]
    findings = [
        Finding(service, port, "manifest", CONFLICT, f"{who(first)} of this manifest "
                f"(line {doc.where(where)[0]})", {"holder_service": first})
        for where, service, port, first in duplicates
    ]
    return manifest, claims, findings


def _duplicates(data: Any) -> list[tuple[tuple[str, ...], str, int, str]]:
    """(where, service, port, first holder) for each later claim of a host port already claimed."""
    if not isinstance(data, dict) or not isinstance(data.get("services"), dict):
        return []
    claims: list[tuple[tuple[str, ...], str, Any]] = [
        (("services", name, "port"), name, spec.get("port"))
        for name, spec in data["services"].items() if isinstance(spec, dict)
    ]
    proxy = data.get("proxy")
    if isinstance(proxy, dict):
        claims.append((("proxy", "port"), PROXY, proxy.get("port")))
    owners: dict[int, str] = {}
    out = []
    for where, owner, port in claims:
        if not isinstance(port, int) or isinstance(port, bool):
            continue
        if port in owners:
            out.append((where, owner, port, owners[port]))
        else:
            owners[port] = owner
    return out


def _pop(data: dict[str, Any], where: tuple[str, ...]) -> None:
    for key in where[:-1]:
        data = data[key]
    data.pop(where[-1], None)


def plan_claims(manifest: Manifest, registry: Registry, skip: Iterable[str] = ()) -> list[Claim]:
    """The ports `generate` would use now: fixed, held in the registry, or planned."""
    ports = allocate(registry, manifest)
    fixed = fixed_ports(manifest)
    held = {a.service: a.port for a in registry.of(manifest.name)}
    skipped = set(skip)
    out = []
    for service, port in sorted({**ports, **fixed}.items(), key=lambda sp: (sp[1], sp[0])):
        if service in skipped:
            continue
        source = ("fixed" if service in fixed
                  else "registry" if held.get(service) == port else "planned")
        out.append(Claim(service, port, source))
    return out


# --- the registry and the warnings (pure) -------------------------------------------------


def registry_findings(claims: Sequence[Claim], project: str, registry: Registry) -> list[Finding]:
    out = []
    for claim in claims:
        for service, port, holder in conflicts(registry, project, {claim.service: claim.port},
                                               claim.protocol, claim.host_ip):
            out.append(Finding(service, port, "registry", CONFLICT, _allocation_words(holder),
                               {"allocation": holder.to_json()}))
    return out


def _allocation_words(a: Allocation) -> str:
    where = f" ({a.manifest})" if a.manifest else " (allocated by hand)"
    return f"project '{a.project}', {who(a.service)}{where}"


def warning_findings(claims: Sequence[Claim], ephemeral: tuple[int, int]) -> list[Finding]:
    low, high = ephemeral
    out = []
    for c in claims:
        if c.port < 1024:
            out.append(Finding(c.service, c.port, "privileged", WARNING,
                               "a privileged port (<1024): non-root processes and rootless "
                               "Docker cannot bind it"))
        if low <= c.port <= high:
            out.append(Finding(c.service, c.port, "ephemeral", WARNING,
                               f"in the ephemeral range {low}-{high}: the kernel may hand it "
                               f"to any outgoing connection",
                               {"range": [low, high]}))
    return out


def ephemeral_range(path: str = EPHEMERAL_FILE) -> tuple[int, int]:
    try:
        low, high = (int(x) for x in Path(path).read_text(encoding="ascii").split())
    except (OSError, ValueError):
        return EPHEMERAL_FALLBACK
    return (low, high)


# --- Docker -------------------------------------------------------------------------------


def docker_findings(claims: Sequence[Claim], project: str,
                    bindings: Sequence[ContainerBinding]) -> tuple[list[Finding], list[str]]:
    """Containers of other projects holding a claimed port; notes for the project's own."""
    findings, notes = [], []
    for c in claims:
        for b in bindings:
            same = b.host_port == c.port and b.protocol == c.protocol
            if not same or not hosts_overlap(b.host_ip, c.host_ip):
                continue
            if project and b.project == project:
                notes.append(f"port {c.port}: held by this project's own {b.describe()}")
                continue
            findings.append(Finding(c.service, c.port, "docker", CONFLICT, b.describe(), {
                "container": b.container, "compose_project": b.project,
                "compose_service": b.service, "state": b.state,
            }))
    return findings, notes


def docker_bindings(timeout: float = 5.0) -> tuple[list[ContainerBinding], str]:
    """Every published port of every container, running or stopped; and why Docker is silent, if."""
    if not os.environ.get("DOCKER_HOST") and not Path(DOCKER_SOCKET).exists():
        return [], f"no Docker daemon answers (no {DOCKER_SOCKET}, DOCKER_HOST unset)"
    try:
        import docker  # ~0.2 s: only once a daemon may answer
    except ImportError:
        return [], "the docker SDK (Python package 'docker') is not installed"
    try:
        client = docker.from_env(timeout=timeout)
        try:
            return list(_bindings(client.api, docker.errors.NotFound)), ""
        finally:
            client.close()
    except (docker.errors.DockerException, OSError) as exc:
        return [], f"no Docker daemon answers ({first_line(exc)})"


def _bindings(api: Any, not_found: type[Exception]) -> Iterator[ContainerBinding]:
    for summary in api.containers(all=True):
        name = (summary.get("Names") or ["/" + summary["Id"][:12]])[0].lstrip("/")
        labels = summary.get("Labels") or {}
        state = summary.get("State", "")
        project, service = labels.get(COMPOSE_PROJECT_LABEL, ""), labels.get(COMPOSE_SERVICE_LABEL, "")
        seen: set[tuple[str, int, str]] = set()
        for ip, host_port, protocol, inner in _published(api, summary, state, not_found):
            if (ip, host_port, protocol) in seen:
                continue
            seen.add((ip, host_port, protocol))
            yield ContainerBinding(name, project, service, state, ip, host_port, protocol, inner)


def _published(api: Any, summary: Mapping[str, Any], state: str,
               not_found: type[Exception]) -> Iterator[tuple[str, int, str, int]]:
    if state == "running":  # the list already says what the engine bound
        for p in summary.get("Ports") or []:
            if p.get("PublicPort"):
                yield (p.get("IP", ""), int(p["PublicPort"]), p.get("Type", "tcp"),
                       int(p["PrivatePort"]))
        return
    try:  # a stopped container binds nothing now, but will when it starts: ask what it asks for
        bindings = api.inspect_container(summary["Id"])["HostConfig"].get("PortBindings") or {}
    except not_found:  # removed since the list was taken
        return
    for inner, hosts in bindings.items():
        number, _, protocol = inner.partition("/")
        for h in hosts or []:
            for port in _port_numbers(h.get("HostPort", "")):
                yield h.get("HostIp", ""), port, protocol or "tcp", int(number)


def _port_numbers(text: str) -> list[int]:
    """"8080" -> [8080]; "8000-8002" -> [8000, 8001, 8002]; "" (any free port) -> []."""
    first, _, last = text.partition("-")
    if not first.isdigit():
        return []
    return list(range(int(first), int(last if last.isdigit() else first) + 1))


# --- the live host ------------------------------------------------------------------------


def bind_test(host_ip: str, port: int, protocol: str = "tcp") -> str:
    """"free", "in use", "not allowed" (a privileged port, not root) or "no such address"."""
    family = socket.AF_INET6 if ":" in host_ip else socket.AF_INET
    kind = socket.SOCK_STREAM if protocol == "tcp" else socket.SOCK_DGRAM
    with socket.socket(family, kind) as sock:
        # what a server sets: a port whose last connection lingers in TIME_WAIT is free to it
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host_ip, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return "in use"
            if exc.errno == errno.EACCES:
                return "not allowed"
            return "no such address"
    return "free"


def port_in_use(port: int, host_ip: str = LOOPBACK, protocol: str = "tcp") -> bool:
    """Whether binding `port` on `host_ip` fails now, as it would for Docker."""
    return bind_test(host_ip, port, protocol) == "in use"


def listeners(port: int, protocol: str = "tcp") -> list[str]:
    """The processes with a socket bound to `port` ("pid 812 (docker-proxy)"), those we can see."""
    inodes = _socket_inodes(port, protocol)
    if not inodes:
        return []
    found: set[str] = set()
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and inodes & _sockets_of(proc):
            try:
                comm = (proc / "comm").read_text(encoding="utf-8", errors="replace").strip()
            except OSError:
                continue
            found.add(f"pid {proc.name} ({comm})")
    return sorted(found, key=lambda s: int(s.split()[1]))


def _sockets_of(proc: Path) -> set[str]:
    out = set()
    try:
        fds = list((proc / "fd").iterdir())
    except OSError:  # gone, or another user's
        return set()
    for fd in fds:
        try:
            out.add(os.readlink(fd))
        except OSError:  # closed meanwhile (the listing's own descriptor, for one)
            continue
    return out


def _socket_inodes(port: int, protocol: str) -> set[str]:
    out: set[str] = set()
    for table in (f"/proc/net/{protocol}", f"/proc/net/{protocol}6"):
        try:
            rows = Path(table).read_text(encoding="ascii").splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if len(fields) < 10:
                continue
            listening = protocol != "tcp" or fields[3] == "0A"
            if listening and int(fields[1].rsplit(":", 1)[1], 16) == port and fields[9] != "0":
                out.add(f"socket:[{fields[9]}]")
    return out


def host_findings(claims: Sequence[Claim], explained: set[int]) -> tuple[list[Finding], list[str]]:
    """Bind tests: on the claim's host IP (a conflict), then on every interface (a warning).

    Ports in `explained` are held by running containers already reported (or the
    project's own), so the socket behind them is no news.
    """
    findings, notes = [], []
    for c in claims:
        if c.port in explained:
            continue
        own = bind_test(c.host_ip, c.port, c.protocol)
        if own == "not allowed":
            notes.append(f"port {c.port}: cannot bind-test a privileged port without root")
            continue
        if own == "in use":
            findings.append(_host_finding(c, CONFLICT, f"in use on {c.host_ip}"))
        elif c.host_ip not in ("0.0.0.0", "") and port_in_use(c.port, "0.0.0.0", c.protocol):
            findings.append(_host_finding(c, WARNING, "in use on another address of this host"))
    return findings, notes


def _host_finding(c: Claim, severity: str, what: str) -> Finding:
    who = listeners(c.port, c.protocol)
    holder = f"{what}: {', '.join(who)}" if who else f"{what}: a process this user cannot see"
    return Finding(c.service, c.port, "host", severity, holder, {"processes": who})


# --- the whole check ----------------------------------------------------------------------


def check(claims: Sequence[Claim], project: str, registry: Registry,
          manifest_findings: Sequence[Finding] = (), *, use_docker: bool = True,
          use_host: bool = True) -> Report:
    """Every conflict and warning for `claims`, in the order people read them: by port."""
    findings = list(manifest_findings) + registry_findings(claims, project, registry)
    notes: list[str] = []
    explained: set[int] = set()
    if use_docker:
        bindings, silent = docker_bindings()
        if silent:
            notes.append(f"Docker: {silent}; containers were not checked")
        found, own = docker_findings(claims, project, bindings)
        findings += found
        notes += own
        running = [b for b in bindings if b.state == "running"]
        # a running container's port fails the bind test too; Docker has said whose it is
        explained = {f.port for f in found} & {b.host_port for b in running}
        explained |= {b.host_port for b in running if project and b.project == project}
    if use_host:
        found, host_notes = host_findings(claims, explained)
        findings += found
        notes += host_notes
    findings += warning_findings(claims, ephemeral_range())
    order = {"manifest": 0, "registry": 1, "docker": 2, "host": 3, "privileged": 4, "ephemeral": 5}
    findings.sort(key=lambda f: (f.port, f.service, order[f.check], f.holder))
    return Report(project, tuple(claims), tuple(findings), tuple(notes))
