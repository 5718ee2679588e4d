"""`scaffold generate`: render every file in memory, then write, show or check them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import click

from scaffold.errors import EXIT_CHECK_FAILED, EXIT_OK, InputError
from scaffold.manifest.build import load
from scaffold.manifest.images import overridden
from scaffold.manifest.model import Manifest
from scaffold.output import lockfile
from scaffold.output.outcomes import CONFLICT, KEPT, ORPHAN, SIDE_SUFFIX, UNCHANGED, Outcome
from scaffold.output.writer import changes, diff, write
from scaffold.ports.allocate import Reservation, reserve
from scaffold.ports.store import locate
from scaffold.targets.render import render

_WOULD = {"created": "would create", "updated": "would update", "merged": "would merge",
          "pruned": "would prune", "resolved": "resolved"}
_NOTES = {
    "kept": "your edits kept",
    "merged": "your edits kept, merged with the new output",
    "conflict": "your edits and the manifest change the same lines: the new version is in {side}",
    "orphan": "the manifest no longer generates it (scaffold generate --prune deletes it if unedited)",
    "resolved": "your merge is taken as the new base",
}


def _report(pending: Sequence[Outcome], dry_run: bool = False) -> None:
    for change in pending:
        status = _WOULD.get(change.status, change.status) if dry_run else change.status
        note = _NOTES.get(change.status, "").format(side=change.path + SIDE_SUFFIX)
        click.echo(f"{status:<12} {change.path}" + (f"  ({note})" if note else ""))


def generate(
    manifest_path: Path,
    variants: Sequence[str] = (),
    output: str | None = None,
    dry_run: bool = False,
    show_diff: bool = False,
    check: bool = False,
    registry: Path | None = None,
    use_registry: bool = True,
    force: bool = False,
    prune: bool = False,
    targets: Sequence[str] = (),
    images: Mapping[str, str] | None = None,
) -> int:
    if registry is not None and not use_registry:
        raise InputError("--registry and --no-registry exclude each other")
    manifest = overridden(load(manifest_path), images or {})
    where = locate(registry, manifest) if use_registry else None
    # only a run that writes the files records their ports; it holds the registry's lock till then
    records = not (dry_run or show_diff or check or output == "-")
    root = Path(output) if output and output != "-" else manifest_path.parent
    remembered = lockfile.read(root).ports if root.is_dir() else {}
    with reserve(manifest, where, records, remembered=remembered) as reservation:
        return _generate(manifest, manifest_path, reservation, variants, output, dry_run,
                         show_diff, check, force, prune, targets)


def _generate(
    manifest: Manifest,
    manifest_path: Path,
    reservation: Reservation,
    variants: Sequence[str],
    output: str | None,
    dry_run: bool,
    show_diff: bool,
    check: bool,
    force: bool,
    prune: bool,
    targets: Sequence[str] = (),
) -> int:
    files = render(manifest, reservation.ports, variants, targets)
    if output == "-":
        compose_files = [f for f in files if f.path.endswith((".yml", ".yaml"))]
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
    # orphans can only be told apart when every variant and every target of the manifest is rendered
    complete = not variants and not targets
    pending = changes(root, files, force=force, prune=prune, complete=complete)
    stale = [c for c in pending if c.status not in (UNCHANGED, KEPT, ORPHAN)]
    if check:
        for change in stale:
            click.echo(f"stale: {change.path} ({change.status}): it differs from what "
                       f"{manifest_path.name} gives", err=True)
            click.echo(diff(change), nl=False)
        if stale:
            click.echo("run `scaffold generate` and commit the result", err=True)
            return EXIT_CHECK_FAILED
        click.echo(f"up to date: {len(pending)} files match {manifest_path.name}")
        return EXIT_OK
    if dry_run or show_diff:
        _report(pending, dry_run=True)
        if show_diff:
            for change in stale:
                click.echo(diff(change), nl=False)
        return EXIT_OK
    write(root, pending, manifest_path.read_text(encoding="utf-8"), complete, reservation.ports)
    reservation.commit()
    _report(pending)
    for service, port in sorted(reservation.fresh.items()):
        click.echo(f"port {port} allocated to {service} (registry: {reservation.path})", err=True)
    conflicts = [c.path for c in pending if c.status == CONFLICT]
    if conflicts:
        click.echo(f"{len(conflicts)} conflict(s): merge each <file>{SIDE_SUFFIX} into its file by "
                   "hand, delete it, and run scaffold generate again (or --force to overwrite)",
                   err=True)
        return EXIT_CHECK_FAILED
    return EXIT_OK
