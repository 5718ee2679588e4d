"""`scaffold ports`: check for port conflicts; list, allocate, release and prune allocations.

The registry, the manifest loader and Docker's SDK load inside the command that needs them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scaffold import console
from scaffold.commands.formats import Format, dump, reporting, workflow_command
from scaffold.errors import EXIT_CHECK_FAILED, EXIT_OK, InputError

if TYPE_CHECKING:
    from scaffold.ports.check import Report
    from scaffold.ports.registry import Allocation, Registry


def allocate(*, manifest_path: Path, project: str | None, service: str | None, port: int | None,
             protocol: str, host_ip: str, registry_path: Path | None, as_json: bool) -> int:
    """`ports allocate`: a manifest's ports, or one by hand with --project and --service."""
    if project is None and service is None:
        if port is not None:
            raise InputError("--port needs --project and --service")
        return allocate_manifest(manifest_path, registry_path, as_json)
    if project is None or service is None:
        raise InputError("--project and --service go together")
    return allocate_by_hand(project, service, port, protocol, host_ip, registry_path, as_json)


def _where(registry_path: Path | None, manifest_path: Path | None) -> Path:
    from scaffold.ports.store import locate

    if manifest_path is None or registry_path is not None:
        return locate(registry_path)
    from scaffold.manifest.build import load

    return locate(None, load(manifest_path))


def check(manifest_path: Path, registry_path: Path | None, *, as_json: bool = False,
          use_docker: bool = True, use_host: bool = True, port_numbers: Sequence[int] = (),
          fmt: Format = "text") -> int:
    """`ports check`; `as_json` is the older spelling of `fmt="json"`."""
    import gc

    fmt = "json" if as_json else fmt
    collecting = gc.isenabled()
    gc.disable()  # a short run: reference counting frees what it drops, full passes only cost time
    try:
        return reporting("ports check", fmt, lambda: _check(
            manifest_path, registry_path, use_docker=use_docker, use_host=use_host,
            port_numbers=port_numbers, fmt=fmt))
    finally:
        if collecting:
            gc.enable()


def _check(manifest_path: Path, registry_path: Path | None, *, use_docker: bool, use_host: bool,
           port_numbers: Sequence[int], fmt: Format) -> int:
    from scaffold.ports import check as port_check
    from scaffold.ports import registry, store

    if port_numbers:
        where = store.locate(registry_path)
        current = registry.read(where)
        claims = [port_check.Claim("", p, "asked") for p in dict.fromkeys(port_numbers)]
        report = port_check.check(claims, "", current, use_docker=use_docker, use_host=use_host)
        source = ""
    else:
        manifest, set_aside, findings = port_check.load_manifest(manifest_path)
        where = store.locate(registry_path, manifest)
        current = registry.read(where)
        skip = {c.service for c in set_aside}
        claims = port_check.plan_claims(manifest, current, skip) + set_aside
        claims.sort(key=lambda c: (c.port, c.service))
        report = port_check.check(claims, manifest.name, current, findings,
                                 use_docker=use_docker, use_host=use_host)
        source = str(manifest_path)
    code = EXIT_CHECK_FAILED if report.conflicts else EXIT_OK
    if fmt == "json":
        dump({"command": "ports check", "exit_code": code, **_report_json(report, source, where)})
        return code
    _print_report(report, where)
    if fmt == "github":
        for f in report.findings:
            who = f"port {f.port}" + (f" ({f.service})" if f.service else "")
            console.out(workflow_command("error" if f.severity == "conflict" else "warning",
                                         f"{who}: {f.check}: {f.holder}", file=source))
    return code


def _status(report: Report, port: int, service: str) -> str:
    severities = {f.severity for f in report.findings if f.port == port and f.service == service}
    return "conflict" if "conflict" in severities else "warning" if severities else "ok"


def _report_json(report: Report, manifest: str, where: Path) -> dict[str, Any]:
    return {
        "project": report.project,
        "manifest": manifest,
        "registry": str(where),
        "ok": not report.conflicts,
        "conflicts": len(report.conflicts),
        "warnings": len(report.warnings),
        "ports": [{"service": c.service, "port": c.port, "protocol": c.protocol,
                   "host_ip": c.host_ip, "source": c.source,
                   "status": _status(report, c.port, c.service)} for c in report.claims],
        "findings": [{"service": f.service, "port": f.port, "check": f.check,
                      "severity": f.severity, "holder": f.holder, **f.details}
                     for f in report.findings],
        "notes": list(report.notes),
    }


def _print_report(report: Report, where: Path) -> None:
    rows = []
    for c in report.claims:
        found = [f for f in report.findings if f.port == c.port and f.service == c.service]
        if not found:
            rows.append((str(c.port), c.service or "-", c.source, "-", "ok", ""))
        for f in found:
            rows.append((str(c.port), c.service or "-", c.source, f.check, f.severity, f.holder))
    _table(("PORT", "SERVICE", "FROM", "CHECK", "STATUS", "HELD BY"), rows)
    for note in report.notes:
        console.out(f"note: {note}")
    n, w = len(report.conflicts), len(report.warnings)
    summary = f"{n} conflict{'s' * (n != 1)}, {w} warning{'s' * (w != 1)}"
    if not n:
        verdict = "the ports are clear"
    elif report.project:
        verdict = f"project '{report.project}' would not start as it is"
    else:
        verdict = "someone holds these ports"
    console.out(f"{summary}: {verdict} (registry: {where})")


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        console.out("  ".join(cells).rstrip())


def list_allocations(project: str | None, manifest_path: Path | None, registry_path: Path | None,
                     as_json: bool = False) -> int:
    from scaffold.ports.registry import read

    where = _where(registry_path, manifest_path)
    current = read(where)
    shown = current.of(project) if project else list(current.allocations)
    if as_json:
        console.out(json.dumps({"registry": str(where),
                               "allocations": [a.to_json() for a in shown]}, indent=2))
        return EXIT_OK
    if not shown:
        whose = f" for project '{project}'" if project else ""
        console.out(f"no allocations{whose} in {where}")
        return EXIT_OK
    _table(("PROJECT", "SERVICE", "PORT", "PROTO", "HOST IP", "ALLOCATED", "MANIFEST"),
           [(a.project, a.service, str(a.port), a.protocol, a.host_ip or "0.0.0.0",
             a.allocated_at or "-", a.manifest or "(by hand)") for a in shown])
    return EXIT_OK


def allocate_manifest(manifest_path: Path, registry_path: Path | None,
                      as_json: bool = False) -> int:
    from scaffold.manifest.build import load
    from scaffold.ports.allocate import fixed_ports, reserve
    from scaffold.ports.registry import read
    from scaffold.ports.store import locate

    manifest = load(manifest_path)
    where = locate(registry_path, manifest)
    before = {a.service: a.port for a in read(where).of(manifest.name)}
    with reserve(manifest, where, True) as reservation:
        reservation.commit()
    ports = {**reservation.ports, **fixed_ports(manifest)}
    fixed = fixed_ports(manifest)
    rows = [(service, port, "fixed" if service in fixed else
             "kept" if before.get(service) == port else "new")
            for service, port in sorted(ports.items(), key=lambda sp: (sp[1], sp[0]))]
    if as_json:
        console.out(json.dumps({"project": manifest.name, "registry": str(where),
                               "ports": [{"service": s, "port": p, "how": h} for s, p, h in rows]},
                              indent=2))
        return EXIT_OK
    _table(("SERVICE", "PORT", "HOW"), [(s, str(p), h) for s, p, h in rows])
    console.out(f"recorded {len(rows)} port{'s' * (len(rows) != 1)} of project "
               f"'{manifest.name}' in {where}")
    return EXIT_OK


def allocate_by_hand(project: str, service: str, port: int | None, protocol: str, host_ip: str,
                     registry_path: Path | None, as_json: bool = False) -> int:
    from scaffold.errors import CheckFailed
    from scaffold.ports.allocate import allocate_one
    from scaffold.ports.host import port_in_use
    from scaffold.ports.registry import utc_now
    from scaffold.ports.store import editing, locate

    _check_ip(host_ip)
    where = locate(registry_path)
    with editing(where) as edit:
        current = edit.registry
        if port is not None:
            held = [a for a in current.holders(port, protocol, host_ip) if a.project != project]
            if held:
                raise CheckFailed(f"port {port}/{protocol} is allocated to {held[0].label} "
                                  f"in {where}")
        busy: set[int] = set()
        while True:  # a new port the live host already uses is skipped, and the next one tried
            allocation = allocate_one(current, project, service, port, protocol, host_ip,
                                      utc_now(), busy)
            fresh = allocation not in current.allocations and port is None
            if not (fresh and port_in_use(allocation.port, host_ip or "0.0.0.0", protocol)):
                break
            busy.add(allocation.port)
        others = [a for a in current.allocations if (a.project, a.service) != (project, service)]
        edit.save(current.with_allocations([*others, allocation]))
    if as_json:
        console.out(json.dumps({"registry": str(where), "allocation": allocation.to_json()},
                              indent=2))
    else:
        console.out(str(allocation.port))
    return EXIT_OK


def _check_ip(host_ip: str) -> None:
    import ipaddress

    try:
        ipaddress.ip_address(host_ip)
    except ValueError:
        raise InputError(f"--host-ip: '{host_ip}' is not an IP address") from None


def release(project: str, services: Sequence[str], manifest_path: Path | None,
            registry_path: Path | None) -> int:
    from scaffold.ports.store import editing

    where = _where(registry_path, manifest_path)
    with editing(where) as edit:
        gone = [a for a in edit.registry.of(project) if not services or a.service in services]
        if gone:
            edit.save(_without(edit.registry, gone))
    for a in gone:
        console.out(f"released {a.label} ({a.host_ip}:{a.port}/{a.protocol})")
    released = {a.service for a in gone}
    missing = [s for s in services if s not in released]
    for s in missing:
        console.out(f"nothing to release for {project}/{s}")
    if not services and not gone:
        console.out(f"nothing to release for project '{project}' in {where}")
    return EXIT_OK


def prune(dry_run: bool, manifest_path: Path | None, registry_path: Path | None) -> int:
    from scaffold.ports.allocate import prunable
    from scaffold.ports.registry import read
    from scaffold.ports.store import editing

    where = _where(registry_path, manifest_path)
    if dry_run:
        gone: list[Allocation] = prunable(read(where), lambda p: Path(p).exists())
    else:
        with editing(where) as edit:
            gone = prunable(edit.registry, lambda p: Path(p).exists())
            if gone:
                edit.save(_without(edit.registry, gone))
    verb = "would release" if dry_run else "released"
    for a in gone:
        console.out(f"{verb} {a.label} ({a.host_ip}:{a.port}/{a.protocol}): {a.manifest} is gone")
    if not gone:
        console.out(f"nothing to prune in {where}")
    return EXIT_OK


def _without(registry: Registry, gone: Sequence[Allocation]) -> Registry:
    """The registry less `gone`: a set to look in, since a prune may drop thousands."""
    dropped = set(gone)
    return registry.with_allocations(a for a in registry.allocations if a not in dropped)
