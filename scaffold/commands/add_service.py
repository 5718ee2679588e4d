"""`scaffold add-service NAME --preset P`: a new service in the manifest, its code, and the stack.

All or nothing: the edited manifest is validated and every file rendered in
memory (the service's code in a temporary folder) before anything is written.
The command writes what is the user's (manifest, .env, code, integration
scripts), then regenerates the generated files and records the port registry;
if any of it fails, what was written is put back.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from scaffold import console, fs
from scaffold.errors import EnvironmentProblem, InputError
from scaffold.manifest.build import loads
from scaffold.manifest.model import Manifest
from scaffold.manifest.presets import APP_PRESETS, INFRA_PRESETS
from scaffold.newproject.copier_run import derived_files, has_code, is_empty_dir, render_service
from scaffold.newproject.dotenv import secret_lines
from scaffold.newproject.manifest_edit import add_service as add_to_text
from scaffold.newproject.specs import (
    ServiceSpec,
    app_secrets,
    check_name,
    check_preset,
    with_migrations,
)
from scaffold.ports.assign import assign
from scaffold.records import record
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


def _spec(manifest: Manifest, file: str, options: AddServiceOptions) -> ServiceSpec:
    name, preset, depends_on = options.name, options.preset, list(options.depends_on)
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
    return ServiceSpec(name, preset, tuple(depends_on), options.port, tuple(options.routes),
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


@record(kw_only=True)
class AddServiceOptions:
    """What `scaffold add-service` is asked to add; conflicting flags are refused when it is made."""

    name: str
    preset: str
    port: int | None = None
    depends_on: Sequence[str] = ()
    routes: Sequence[str] = ()
    registry: Path | None = None
    use_registry: bool = True

    def __post_init__(self) -> None:
        if self.registry is not None and not self.use_registry:
            raise InputError("--registry and --no-registry exclude each other")


def add_service(manifest_path: Path, options: AddServiceOptions) -> int:
    file = str(manifest_path)
    old_text = _read(manifest_path)
    old = loads(old_text, file)
    new_text, manifest = _edited(old, old_text, file, options)
    service = manifest.service(options.name)
    root = manifest_path.parent
    code_dir = root / service.path
    if has_code(service) and code_dir.exists() and not is_empty_dir(code_dir):
        raise InputError(f"{code_dir} already exists; move it away or set `path:` for "
                         f"'{options.name}'")
    scratch = Path(tempfile.mkdtemp(prefix=".scaffold-", dir=root))
    try:
        if has_code(service):
            render_service(scratch / "service", service, manifest)
        derived, kept = _derived(root, old, old_text, manifest, new_text, scratch)
        own = [*derived, *_env_file(root, manifest, options.name),
               RenderedFile(manifest_path.name, new_text)]
        code = scratch / "service" if has_code(service) else None
        undo = _apply(root, own, code, code_dir)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    _say(root, own, code_dir if code is not None else None, kept, options.name)
    try:  # the compose files, .env.example and the port registry, as `generate` does them
        return _regenerate(manifest_path, options)
    except BaseException:
        undo()
        raise


def _edited(old: Manifest, old_text: str, file: str,
            options: AddServiceOptions) -> tuple[str, Manifest]:
    """The manifest's new text and model; whatever `generate` will render is rendered first."""
    spec = _spec(old, file, options)
    new_text = old_text
    presets = {s.name: s.preset for s in old.services}
    for one in with_migrations(spec, presets) if spec.preset in APP_PRESETS else [spec]:
        new_text = add_to_text(new_text, one, file)  # the app, then its migration job
    manifest = loads(new_text, file)
    render(manifest, assign(manifest))
    return new_text, manifest


def _regenerate(manifest_path: Path, options: AddServiceOptions) -> int:
    from scaffold.output import generate

    result = generate.generate(manifest_path, generate.GenerateOptions(
        registry=options.registry, use_registry=options.use_registry))
    generate.show(result)
    return result.exit_code


def _say(root: Path, own: Sequence[RenderedFile], code_dir: Path | None, kept: Sequence[str],
         name: str) -> None:
    for f in own:
        console.out(f"{'updated':<12} {f.path}")
    if code_dir is not None:
        console.out(f"{'created':<12} {os.path.relpath(code_dir, root)}/")
    for path in kept:
        console.err(f"kept {path}: it differs from what scaffold wrote (a hand edit?), so it was "
                    f"not updated; add '{name}' to it yourself")


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
                    fs.write_atomic(root / path, text)
            except (OSError, EnvironmentProblem):
                pass  # the original error is the one to report

    try:
        if code is not None:
            with fs.on_disk(code_dir):
                code_dir.parent.mkdir(parents=True, exist_ok=True)
            fs.move_into_place(code, code_dir)
            moved = True
        for f in files:
            fs.write_atomic(root / f.path, f.content)
    except BaseException:
        undo()
        raise
    return undo
