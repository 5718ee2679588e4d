"""`scaffold ports`: check for port conflicts; list, allocate, release and prune allocations.

Only click is imported here at start-up; the registry, the manifest loader and
Docker's SDK load inside the command that needs them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scaffold.errors import EXIT_CHECK_FAILED, EXIT_OK, InputError

if TYPE_CHECKING:
    from scaffold.ports.check import Report
    from scaffold.ports.registry import Allocation

_REGISTRY_HELP = ("The port registry file (default: $SCAFFOLD_PORT_REGISTRY, else the manifest's "
                  "`registry:`, else ~/.local/state/scaffold/port-registry.json).")
_FILE_HELP = "Use the registry this manifest names in `registry:`."


def _registry_option(fn: click.decorators.FC) -> click.decorators.FC:
    return click.option("--registry", "registry_path", metavar="PATH",
                        type=click.Path(dir_okay=False, path_type=Path), help=_REGISTRY_HELP)(fn)


def _json_option(fn: click.decorators.FC) -> click.decorators.FC:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")(fn)


def _optional_manifest(fn: click.decorators.FC) -> click.decorators.FC:
    return click.option("-f", "--file", "manifest_path", metavar="FILE",
                        type=click.Path(dir_okay=False, path_type=Path), help=_FILE_HELP)(fn)


def _exit(code: int) -> None:
    from scaffold.cli import _done  # the one way a command hands its exit code to `main`

    _done(code)


@click.group()
def ports() -> None:
    """Allocate host ports in the registry shared by your projects, and check them for conflicts."""


@ports.command("check")
@click.option("-f", "--file", "manifest_path", default="scaffold.yaml", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help="The manifest to check.")
@_registry_option
@_json_option
@click.option("--no-docker", is_flag=True, help="Do not ask the Docker engine.")
@click.option("--no-host", is_flag=True, help="Do not bind-test ports on this host.")
@click.argument("port_numbers", metavar="[PORT]...", nargs=-1,
                type=click.IntRange(1, 65535))
def check_command(manifest_path: Path, registry_path: Path | None, as_json: bool, no_docker: bool,
                  no_host: bool, port_numbers: tuple[int, ...]) -> None:
    """Say who holds the manifest's host ports (or the PORTs given): exit 1 on a conflict.

    Checks, for each port: another service of the same manifest; another
    project's allocation in the registry (running or not); Docker containers,
    running or stopped, that publish it; a bind test on this host. Warns about
    privileged ports (<1024) and ports in the kernel's ephemeral range.
    """
    _exit(check(manifest_path, registry_path, as_json, not no_docker, not no_host, port_numbers))


@ports.command("list")
@click.option("--project", metavar="NAME", help="Only this project's allocations.")
@_optional_manifest
@_registry_option
@_json_option
def list_command(project: str | None, manifest_path: Path | None, registry_path: Path | None,
                 as_json: bool) -> None:
    """List the allocations in the registry."""
    _exit(list_allocations(project, manifest_path, registry_path, as_json))


@ports.command("allocate")
@click.option("-f", "--file", "manifest_path", default="scaffold.yaml", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Allocate for every service of this manifest that publishes a port.")
@click.option("--project", metavar="NAME", help="Allocate one port by hand for this project...")
@click.option("--service", metavar="NAME", help="...and this service (with --project).")
@click.option("--port", "port", type=click.IntRange(1, 65535),
              help="With --project: this port, if nobody else holds it.")
@click.option("--protocol", type=click.Choice(["tcp", "udp"]), default="tcp", show_default=True)
@click.option("--host-ip", default="127.0.0.1", show_default=True, metavar="IP")
@_registry_option
@_json_option
def allocate_command(manifest_path: Path, project: str | None, service: str | None,
                     port: int | None, protocol: str, host_ip: str, registry_path: Path | None,
                     as_json: bool) -> None:
    """Allocate and record host ports: a manifest's, or one by hand with --project and --service.

    A port already allocated to the same project and service is kept.
    """
    if project is None and service is None:
        if port is not None:
            raise InputError("--port needs --project and --service")
        _exit(allocate_manifest(manifest_path, registry_path, as_json))
    if project is None or service is None:
        raise InputError("--project and --service go together")
    _exit(allocate_by_hand(project, service, port, protocol, host_ip, registry_path, as_json))


@ports.command("release")
@click.argument("project")
@click.argument("services", metavar="[SERVICE]...", nargs=-1)
@_optional_manifest
@_registry_option
def release_command(project: str, services: tuple[str, ...], manifest_path: Path | None,
                    registry_path: Path | None) -> None:
    """Remove PROJECT's allocations (only the SERVICEs named, if any)."""
    _exit(release(project, services, manifest_path, registry_path))


@ports.command("prune")
@click.option("--dry-run", is_flag=True, help="Show what would go; change nothing.")
@_optional_manifest
@_registry_option
def prune_command(dry_run: bool, manifest_path: Path | None, registry_path: Path | None) -> None:
    """Remove allocations whose manifest file no longer exists."""
    _exit(prune(dry_run, manifest_path, registry_path))


# --- the commands -------------------------------------------------------------------------


def _where(registry_path: Path | None, manifest_path: Path | None) -> Path:
    from scaffold.ports.store import locate

    if manifest_path is None or registry_path is not None:
        return locate(registry_path)
    from scaffold.manifest.build import load

    return locate(None, load(manifest_path))


def check(manifest_path: Path, registry_path: Path | None, as_json: bool = False,
          use_docker: bool = True, use_host: bool = True, port_numbers: Sequence[int] = ()) -> int:
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
    if as_json:
        click.echo(json.dumps(_report_json(report, source, where), indent=2))
    else:
        _print_report(report, where)
    return EXIT_CHECK_FAILED if report.conflicts else EXIT_OK


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
        click.echo(f"note: {note}")
    n, w = len(report.conflicts), len(report.warnings)
    summary = f"{n} conflict{'s' * (n != 1)}, {w} warning{'s' * (w != 1)}"
    if not n:
        verdict = "the ports are clear"
    elif report.project:
        verdict = f"project '{report.project}' would not start as it is"
    else:
        verdict = "someone holds these ports"
    click.echo(f"{summary}: {verdict} (registry: {where})")


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        click.echo("  ".join(cells).rstrip())


def list_allocations(project: str | None, manifest_path: Path | None, registry_path: Path | None,
                     as_json: bool = False) -> int:
    from scaffold.ports.registry import read

    where = _where(registry_path, manifest_path)
    current = read(where)
    shown = current.of(project) if project else list(current.allocations)
    if as_json:
        click.echo(json.dumps({"registry": str(where),
                               "allocations": [a.to_json() for a in shown]}, indent=2))
        return EXIT_OK
    if not shown:
        whose = f" for project '{project}'" if project else ""
        click.echo(f"no allocations{whose} in {where}")
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
        click.echo(json.dumps({"project": manifest.name, "registry": str(where),
                               "ports": [{"service": s, "port": p, "how": h} for s, p, h in rows]},
                              indent=2))
        return EXIT_OK
    _table(("SERVICE", "PORT", "HOW"), [(s, str(p), h) for s, p, h in rows])
    click.echo(f"recorded {len(rows)} port{'s' * (len(rows) != 1)} of project "
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
        click.echo(json.dumps({"registry": str(where), "allocation": allocation.to_json()},
                              indent=2))
    else:
        click.echo(str(allocation.port))
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
            edit.save(edit.registry.with_allocations(
                a for a in edit.registry.allocations if a not in gone))
    for a in gone:
        click.echo(f"released {a.label} ({a.host_ip}:{a.port}/{a.protocol})")
    missing = [s for s in services if s not in {a.service for a in gone}]
    for s in missing:
        click.echo(f"nothing to release for {project}/{s}")
    if not services and not gone:
        click.echo(f"nothing to release for project '{project}' in {where}")
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
                edit.save(edit.registry.with_allocations(
                    a for a in edit.registry.allocations if a not in gone))
    verb = "would release" if dry_run else "released"
    for a in gone:
        click.echo(f"{verb} {a.label} ({a.host_ip}:{a.port}/{a.protocol}): {a.manifest} is gone")
    if not gone:
        click.echo(f"nothing to prune in {where}")
    return EXIT_OK
