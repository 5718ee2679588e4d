"""`scaffold add-service NAME --preset P`: a new service in the manifest, its code, and the stack.

All or nothing: the edited manifest is validated and every file rendered in
memory (the service's code in a temporary folder) before anything is written;
if writing fails, what was written is put back.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import click

from scaffold.errors import EXIT_OK, InputError
from scaffold.manifest import loads
from scaffold.model import Manifest
from scaffold.registry import Reservation, locate, reserve
from scaffold.render import RenderedFile, render
from scaffold.scaffolding import (
    APP_PRESETS,
    INFRA_PRESETS,
    ServiceSpec,
    app_secrets,
    check_name,
    check_preset,
    env_lines,
    env_names,
)
from scaffold.writer import UNCHANGED, Change, changes, write


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path} not found; run `scaffold new` to start a project") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read it: {exc}") from None


def _spec(manifest: Manifest, file: str, name: str, preset: str, port: int | None,
          depends_on: Sequence[str], routes: Sequence[str]) -> ServiceSpec:
    check_name(name)
    check_preset(preset, (*APP_PRESETS, *INFRA_PRESETS))
    known = [s.name for s in manifest.services]
    if name in known:
        where = manifest.service(name)
        raise InputError(f"{file}:{where.line}:{where.column}: service '{name}' already exists")
    for dep in depends_on:
        if dep not in known:
            close = difflib.get_close_matches(dep, known, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise InputError(f"unknown dependency '{dep}'{hint}; {file} has: {', '.join(known)}")
    if len(set(depends_on)) != len(depends_on):
        raise InputError("--depends-on names a service twice")
    return ServiceSpec(name, preset, tuple(depends_on), port, tuple(routes),
                       app_secrets(name, preset) if preset in APP_PRESETS else ())


def _env_file(root: Path, manifest: Manifest, name: str) -> list[RenderedFile]:
    """.env with a random value for each secret the new service brings, when .env exists."""
    path = root / ".env"
    if not path.is_file():
        return []
    text = _read(path)
    added = env_lines(manifest, present=env_names(text))
    if not added:
        return []
    prefix = text if text.endswith("\n") or not text else text + "\n"
    return [RenderedFile(".env", prefix + f"# added by `scaffold add-service {name}`\n"
                         + "".join(f"{line}\n" for line in added))]


def _derived(root: Path, old: Manifest, old_text: str, new: Manifest, new_text: str,
             scratch: Path) -> tuple[list[RenderedFile], list[str]]:
    """Integration scripts and workflow for the new manifest, where the user has not edited them."""
    from scaffold.copier_templates import derived_files

    before = derived_files(old, old_text, scratch / "old")
    after = derived_files(new, new_text, scratch / "new")
    updates, kept = [], []
    for name, text in after.items():
        path = root / name
        if not path.is_file():
            continue
        if path.read_text(encoding="utf-8") == before[name]:
            updates.append(RenderedFile(name, text))
        elif before[name] != text:
            kept.append(name)
    return updates, kept


def add_service(manifest_path: Path, name: str, preset: str, port: int | None = None,
                depends_on: Sequence[str] = (), routes: Sequence[str] = (),
                registry: Path | None = None, use_registry: bool = True) -> int:
    from scaffold.manifest_edit import add_service as add_to_text

    if registry is not None and not use_registry:
        raise InputError("--registry and --no-registry exclude each other")
    file = str(manifest_path)
    old_text = _read(manifest_path)
    old = loads(old_text, file)
    spec = _spec(old, file, name, preset, port, depends_on, routes)
    new_text = add_to_text(old_text, spec, file)
    manifest = loads(new_text, file)
    where = locate(registry, manifest) if use_registry else None
    with reserve(manifest, where, True) as reservation:
        _add(manifest_path, old, old_text, manifest, new_text, name, reservation)
    if name in reservation.ports:
        click.echo(f"'{name}' answers on http://127.0.0.1:{reservation.ports[name]} "
                   "(local variant)")
    return EXIT_OK


def _add(manifest_path: Path, old: Manifest, old_text: str, manifest: Manifest, new_text: str,
         name: str, reservation: Reservation) -> None:
    from scaffold.copier_templates import has_code, is_empty_dir, render_service

    service = manifest.service(name)
    root = manifest_path.parent
    files = render(manifest, reservation.ports)
    code_dir = root / service.path
    if has_code(service) and code_dir.exists() and not is_empty_dir(code_dir):
        raise InputError(f"{code_dir} already exists; move it away or set `path:` for '{name}'")
    scratch = Path(tempfile.mkdtemp(prefix=".scaffold-", dir=root))
    try:
        if has_code(service):
            render_service(scratch / "service", service, manifest)
        derived, kept = _derived(root, old, old_text, manifest, new_text, scratch)
        files += derived + _env_file(root, manifest, name)
        files.append(RenderedFile(manifest_path.name, new_text))
        pending = changes(root, files)
        _commit(root, pending, scratch / "service" if has_code(service) else None, code_dir,
                reservation)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    for change in pending:
        if change.status != UNCHANGED:
            click.echo(f"{change.status:<9} {change.path}")
    if has_code(service):
        click.echo(f"created   {os.path.relpath(code_dir, root)}/")
    for path in kept:
        click.echo(f"kept      {path}: edited by hand, so not updated; add '{name}' to it yourself",
                   err=True)


def _commit(root: Path, pending: Sequence[Change], code: Path | None, code_dir: Path,
            reservation: Reservation) -> None:
    """Move the code into place, write every file, record the ports; on failure undo it all."""
    moved = False
    try:
        if code is not None:
            code_dir.parent.mkdir(parents=True, exist_ok=True)
            code.chmod(0o777 & ~_umask())
            os.replace(code, code_dir)
            moved = True
        write(root, pending)
        reservation.commit()
    except BaseException:
        if moved:
            shutil.rmtree(code_dir, ignore_errors=True)
        _restore(root, pending)
        raise


def _restore(root: Path, pending: Sequence[Change]) -> None:
    """Put back each file a failed write may have replaced."""
    for change in pending:
        if change.status == UNCHANGED:
            continue
        path = root / change.path
        try:
            if change.old is None:
                path.unlink(missing_ok=True)
            elif path.read_text(encoding="utf-8") != change.old:
                path.write_text(change.old, encoding="utf-8")
        except OSError:
            pass  # the original error is the one to report


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
