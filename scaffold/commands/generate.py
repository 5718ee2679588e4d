"""`scaffold generate`: render every file in memory, then write, show or check them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from scaffold.errors import EXIT_CHECK_FAILED, EXIT_OK, InputError
from scaffold.manifest import load
from scaffold.model import Manifest
from scaffold.registry import Reservation, locate, reserve
from scaffold.render import render
from scaffold.writer import UNCHANGED, Change, changes, write


_WOULD = {"created": "would create", "updated": "would update", "unchanged": "unchanged"}


def _report(pending: Sequence[Change], dry_run: bool = False) -> None:
    for change in pending:
        status = _WOULD.get(change.status, change.status) if dry_run else change.status
        click.echo(f"{status:<12} {change.path}")


def generate(
    manifest_path: Path,
    variants: Sequence[str] = (),
    output: str | None = None,
    dry_run: bool = False,
    show_diff: bool = False,
    check: bool = False,
    registry: Path | None = None,
    use_registry: bool = True,
) -> int:
    if registry is not None and not use_registry:
        raise InputError("--registry and --no-registry exclude each other")
    manifest = load(manifest_path)
    where = locate(registry, manifest) if use_registry else None
    # only a run that writes the files records their ports; it holds the registry's lock till then
    records = not (dry_run or show_diff or check or output == "-")
    with reserve(manifest, where, records) as reservation:
        return _generate(manifest, manifest_path, reservation, variants, output, dry_run,
                         show_diff, check)


def _generate(
    manifest: Manifest,
    manifest_path: Path,
    reservation: Reservation,
    variants: Sequence[str],
    output: str | None,
    dry_run: bool,
    show_diff: bool,
    check: bool,
) -> int:
    files = render(manifest, reservation.ports, variants)
    if output == "-":
        compose_files = [f for f in files if f.path.endswith(".yml")]
        if len(compose_files) == 1:
            click.echo(compose_files[0].content, nl=False)
        else:
            for f in compose_files:
                click.echo(f"# ==> {f.path} <==")
                click.echo(f.content, nl=False)
        return EXIT_OK
    root = Path(output) if output else manifest_path.parent
    if root.exists() and not root.is_dir():
        raise InputError(f"{root} is not a folder")
    pending = changes(root, files)
    stale = [c for c in pending if c.status != UNCHANGED]
    if check:
        for change in stale:
            click.echo(f"stale: {change.path} differs from what {manifest_path.name} gives", err=True)
            click.echo(change.diff(), nl=False)
        if stale:
            click.echo("run `scaffold generate` and commit the result", err=True)
            return EXIT_CHECK_FAILED
        click.echo(f"up to date: {len(pending)} files match {manifest_path.name}")
        return EXIT_OK
    if dry_run or show_diff:
        _report(pending, dry_run=True)
        if show_diff:
            for change in stale:
                click.echo(change.diff(), nl=False)
        return EXIT_OK
    write(root, pending)
    reservation.commit()
    _report(pending)
    for service, port in sorted(reservation.fresh.items()):
        click.echo(f"port {port} allocated to {service} (registry: {reservation.path})", err=True)
    return EXIT_OK
