"""`ports check`: who holds each host port of a manifest: the manifest, the registry, the host, Docker.

Turning what the host and Docker say into findings is pure, so it is tested without either.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from scaffold.manifest.model import Manifest
from scaffold.ports.allocate import allocate, conflicts, fixed_ports
from scaffold.ports.host import bind_test, ephemeral_range, listeners, port_in_use
from scaffold.ports.registry import LOOPBACK, PROXY, Allocation, Registry, hosts_overlap, who
from scaffold.records import record

if TYPE_CHECKING:
    from scaffold.ports.containers import ContainerBinding

Severity = Literal["conflict", "warning"]
CONFLICT: Severity = "conflict"
WARNING: Severity = "warning"


@record
class Claim:
    """A host port the stack will publish, and where that port came from."""

    service: str  # "" for a port asked about on the command line
    port: int
    source: Literal["fixed", "registry", "planned", "asked"]  # fixed: the manifest; planned: not allocated yet
    protocol: str = "tcp"
    host_ip: str = LOOPBACK


@record
class Finding:
    """One thing standing in a claim's way, and who it is."""

    service: str
    port: int
    check: Literal["manifest", "registry", "host", "docker", "privileged", "ephemeral"]
    severity: Severity
    holder: str  # who holds the port, in words
    details: Mapping[str, Any] = field(default_factory=dict, compare=False)


@record
class Report:
    """What `ports check` found for a project: its claims, the findings and notes."""

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
        if service in fixed:
            out.append(Claim(service, port, "fixed"))
        else:
            out.append(Claim(service, port, "registry" if held.get(service) == port else "planned"))
    return out



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


def _host_finding(c: Claim, severity: Severity, what: str) -> Finding:
    who = listeners(c.port, c.protocol)
    holder = f"{what}: {', '.join(who)}" if who else f"{what}: a process this user cannot see"
    return Finding(c.service, c.port, "host", severity, holder, {"processes": who})


def check(claims: Sequence[Claim], project: str, registry: Registry,
          manifest_findings: Sequence[Finding] = (), *, use_docker: bool = True,
          use_host: bool = True) -> Report:
    """Every conflict and warning for `claims`, in the order people read them: by port."""
    findings = list(manifest_findings) + registry_findings(claims, project, registry)
    notes: list[str] = []
    explained: set[int] = set()
    if use_docker:
        from scaffold.ports.containers import docker_bindings  # `--no-docker` needs no client

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
