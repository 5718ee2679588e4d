"""`scaffold add-service NAME --preset P`: a new service in the manifest, its code, and the stack.

All or nothing: the edited manifest is validated and every file rendered in
memory (the service's code in a temporary folder) before anything is written.
The command writes what is the user's (manifest, .env, code, integration
scripts), then runs `generate` for the generated files and the port registry;
if any of it fails, what was written is put back.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from scaffold.errors import InputError
from scaffold.manifest.build import loads
from scaffold.manifest.model import Manifest
from scaffold.manifest.presets import APP_PRESETS, INFRA_PRESETS
from scaffold.newproject.dotenv import secret_lines
from scaffold.newproject.specs import ServiceSpec, app_secrets, check_name, check_preset
from scaffold.ports.assign import assign
from scaffold.targets.envfile import env_names
from scaffold.targets.render import render
from scaffold.targets.target import RenderedFile


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
    known = [s.name for s in manifest.services]  # a duplicate name: manifest_edit says where
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
    added = secret_lines(manifest, name, present=env_names(text))
    if not added:
        return []
    prefix = text if text.endswith("\n") or not text else text + "\n"
    return [RenderedFile(".env", prefix + f"# added by `scaffold add-service {name}`\n"
                         + "".join(f"{line}\n" for line in added))]


def _derived(root: Path, old: Manifest, old_text: str, new: Manifest, new_text: str,
             scratch: Path) -> tuple[list[RenderedFile], list[str]]:
    """Integration scripts and workflow for the new manifest, where the user has not edited them."""
    from scaffold.newproject.copier_run import derived_files

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
    from scaffold.commands.generate import generate
    from scaffold.newproject.copier_run import has_code, is_empty_dir, render_service
    from scaffold.newproject.manifest_edit import add_service as add_to_text

    if registry is not None and not use_registry:
        raise InputError("--registry and --no-registry exclude each other")
    file = str(manifest_path)
    old_text = _read(manifest_path)
    old = loads(old_text, file)
    spec = _spec(old, file, name, preset, port, depends_on, routes)
    new_text = add_to_text(old_text, spec, file)
    manifest = loads(new_text, file)
    render(manifest, assign(manifest))  # whatever `generate` will render renders: checked first
    service = manifest.service(name)
    root = manifest_path.parent
    code_dir = root / service.path
    if has_code(service) and code_dir.exists() and not is_empty_dir(code_dir):
        raise InputError(f"{code_dir} already exists; move it away or set `path:` for '{name}'")

    scratch = Path(tempfile.mkdtemp(prefix=".scaffold-", dir=root))
    try:
        if has_code(service):
            render_service(scratch / "service", service, manifest)
        derived, kept = _derived(root, old, old_text, manifest, new_text, scratch)
        own = [*derived, *_env_file(root, manifest, name),
               RenderedFile(manifest_path.name, new_text)]
        code = scratch / "service" if has_code(service) else None
        undo = _apply(root, own, code, code_dir)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    for f in own:
        click.echo(f"{'updated':<12} {f.path}")
    if has_code(service):
        click.echo(f"{'created':<12} {os.path.relpath(code_dir, root)}/")
    for path in kept:
        click.echo(f"kept {path}: it differs from what scaffold wrote (a hand edit?), so it was "
                   f"not updated; add '{name}' to it yourself", err=True)
    try:  # the compose files, .env.example and the port registry, as `generate` does them
        return generate(manifest_path, registry=registry, use_registry=use_registry)
    except BaseException:
        undo()
        raise


def _apply(root: Path, files: Sequence[RenderedFile], code: Path | None,
           code_dir: Path) -> Callable[[], None]:
    """Move the code into place and replace each file atomically; return what undoes it all."""
    originals = {f.path: (root / f.path).read_text(encoding="utf-8")
                 if (root / f.path).exists() else None for f in files}
    moved = False

    def undo() -> None:
        if moved:
            shutil.rmtree(code_dir, ignore_errors=True)
        for path, text in originals.items():
            try:
                if text is None:
                    (root / path).unlink(missing_ok=True)
                elif (root / path).read_text(encoding="utf-8") != text:
                    _replace(root / path, text)
            except OSError:
                pass  # the original error is the one to report

    try:
        if code is not None:
            code_dir.parent.mkdir(parents=True, exist_ok=True)
            code.chmod(0o777 & ~_umask())
            os.replace(code, code_dir)
            moved = True
        for f in files:
            _replace(root / f.path, f.content)
    except BaseException:
        undo()
        raise
    return undo


def _replace(path: Path, text: str) -> None:
    """Write through a temp file and a rename, keeping the file's mode (.env stays 0600)."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".scaffold-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
