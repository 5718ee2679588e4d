"""`generate` as a function: render every file in memory, then write, show or check them; a result.

Nothing here prints but `show`, which the command and the callers that regenerate
(new, add-service, verify) use to say what happened.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import field, replace
from pathlib import Path
from typing import Literal

from scaffold import console, fs
from scaffold.errors import EXIT_CHECK_FAILED, EXIT_OK, InputError
from scaffold.manifest.build import load
from scaffold.manifest.images import overridden
from scaffold.manifest.model import Manifest
from scaffold.output import lockfile
from scaffold.output.outcomes import CONFLICT, KEPT, ORPHAN, SIDE_SUFFIX, UNCHANGED, Outcome
from scaffold.output.writer import changes, diff, write
from scaffold.ports.allocate import Reservation, reserve
from scaffold.ports.store import locate
from scaffold.records import record
from scaffold.targets.render import render
from scaffold.targets.target import RenderedFile

# given the model and the output folder, stages what it makes and yields a function that puts it
# in place (called once the files are written) and says what it placed
CodeHook = Callable[[Manifest, Path], AbstractContextManager[Callable[[], list[str]]]]
Mode = Literal["write", "stdout", "check", "dry-run", "diff"]

_WOULD = {"created": "would create", "updated": "would update", "merged": "would merge",
          "pruned": "would prune", "resolved": "resolved"}
_NOTES = {
    "kept": "your edits kept",
    "merged": "your edits kept, merged with the new output",
    "conflict": "your edits and the manifest change the same lines: the new version is in {side}",
    "orphan": "the manifest no longer generates it (scaffold generate --prune deletes it if unedited)",
    "resolved": "your merge is taken as the new base",
}


@record(kw_only=True)
class GenerateOptions:
    """What `scaffold generate` is asked to do; conflicting flags are refused when it is made."""

    variants: Sequence[str] = ()
    targets: Sequence[str] = ()
    output: str | None = None  # a folder, or "-" for standard output
    dry_run: bool = False
    show_diff: bool = False
    check: bool = False
    registry: Path | None = None
    use_registry: bool = True
    force: bool = False
    prune: bool = False
    images: Mapping[str, str] = field(default_factory=dict)
    # scaffolds the code of apps whose folder is missing (the command layer passes newproject's)
    scaffold_code: CodeHook | None = None
    no_code: bool = False  # --no-code: the apps' code lives elsewhere; scaffold none of it

    def __post_init__(self) -> None:
        if self.registry is not None and not self.use_registry:
            raise InputError("--registry and --no-registry exclude each other")

    @property
    def mode(self) -> Mode:
        if self.output == "-":
            return "stdout"
        if self.check:
            return "check"
        if self.show_diff:
            return "diff"
        return "dry-run" if self.dry_run else "write"


@record(kw_only=True)
class GenerateResult:
    """What a run did (or, except in "write" mode, would do) to each file."""

    mode: Mode
    manifest_name: str
    files: tuple[RenderedFile, ...] = ()  # what was rendered ("stdout" prints the YAML ones)
    outcomes: tuple[Outcome, ...] = ()
    fresh_ports: Mapping[str, int] = field(default_factory=dict)  # newly allocated ones
    scaffolded: tuple[str, ...] = ()  # apps' folders whose code this run created
    registry: Path | None = None
    warnings: tuple[str, ...] = ()  # the manifest's: allowed, but worth saying

    @property
    def stale(self) -> list[Outcome]:
        return [c for c in self.outcomes if c.status not in (UNCHANGED, KEPT, ORPHAN)]

    @property
    def conflicts(self) -> list[str]:
        return [c.path for c in self.outcomes if c.status == CONFLICT]

    @property
    def exit_code(self) -> int:
        failed = self.stale if self.mode == "check" else self.conflicts if self.mode == "write" else []
        return EXIT_CHECK_FAILED if failed else EXIT_OK


def generate(manifest_path: Path, options: GenerateOptions | None = None) -> GenerateResult:
    """Render the manifest's files and write them (or check, diff, list or print them)."""
    with _collector_paused():
        return _run(manifest_path, options or GenerateOptions())


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for the run, then set it back as it was.

    Reference counting frees what a run discards; the collector's full passes walk every live
    object, the whole model included, again and again: at 5,000 services they took a fifth of
    the run and grew faster than the stack. A run's peak memory is the same without them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run(manifest_path: Path, options: GenerateOptions) -> GenerateResult:
    manifest = overridden(load(manifest_path), options.images)
    where = locate(options.registry, manifest) if options.use_registry else None
    # only a run that writes the files records their ports; it holds the registry's lock till then
    records = options.mode == "write"
    root = Path(options.output) if options.output and options.output != "-" else manifest_path.parent
    if root.exists() and not root.is_dir():
        raise InputError(f"{root} is not a folder")
    # one run at a time writes into a folder: it decides from the disk, then stages and renames;
    # a folder not made yet is guarded by the nearest one that is
    guarded = next(p for p in (root, *root.absolute().parents) if p.is_dir())
    with fs.locked(guarded, f"the folder {guarded}") if records else nullcontext():
        remembered = lockfile.read(root).ports if root.is_dir() else {}
        code = options.scaffold_code if records and options.scaffold_code and not options.no_code \
            else _no_code
        with code(manifest, root) as place, \
                reserve(manifest, where, records, remembered=remembered) as reservation:
            result = _generate(manifest, manifest_path, reservation, options)
            return replace(result, scaffolded=tuple(place()), warnings=manifest.warnings)


@contextmanager
def _no_code(_manifest: Manifest, _root: Path) -> Iterator[Callable[[], list[str]]]:
    yield list


def _generate(manifest: Manifest, manifest_path: Path, reservation: Reservation,
              options: GenerateOptions) -> GenerateResult:
    files = tuple(render(manifest, reservation.ports, options.variants, options.targets))
    name = manifest_path.name
    if options.mode == "stdout":
        return GenerateResult(mode="stdout", manifest_name=name, files=files)
    root = Path(options.output) if options.output else manifest_path.parent
    if root.exists() and not root.is_dir():
        raise InputError(f"{root} is not a folder")
    # orphans can only be told apart when every variant and every target of the manifest is rendered
    complete = not options.variants and not options.targets
    pending = tuple(changes(root, files, force=options.force, prune=options.prune,
                            complete=complete))
    if options.mode != "write":
        return GenerateResult(mode=options.mode, manifest_name=name, files=files, outcomes=pending)
    write(root, pending, manifest_path.read_text(encoding="utf-8"), complete, reservation.ports,
          manifest.name, before_commit=reservation.commit)
    return GenerateResult(mode="write", manifest_name=name, files=files, outcomes=pending,
                          fresh_ports=dict(reservation.fresh), registry=reservation.path)


def show(result: GenerateResult) -> None:
    """Say what the run did: the files, the ports it allocated, what is stale or in conflict."""
    for warning in result.warnings:
        console.err(f"warning: {warning}")
    if result.mode == "stdout":
        _print_yaml(result.files)
    elif result.mode == "check":
        _show_check(result)
    elif result.mode in ("dry-run", "diff"):
        _show_outcomes(result.outcomes, would=True)
        if result.mode == "diff":
            for change in result.stale:
                console.out(diff(change), end="")
    else:
        _show_written(result)


def _print_yaml(files: Sequence[RenderedFile]) -> None:
    compose_files = [f for f in files if f.path.endswith((".yml", ".yaml"))]
    if len(compose_files) == 1:
        console.out(compose_files[0].content, end="")
        return
    for f in compose_files:
        console.out(f"# ==> {f.path} <==")
        console.out(f.content, end="")


def _show_outcomes(outcomes: Sequence[Outcome], would: bool = False) -> None:
    for change in outcomes:
        status = _WOULD.get(change.status, change.status) if would else change.status
        side = change.path + SIDE_SUFFIX
        note = _NOTES.get(change.status, "").format(side=side)
        if change.side_file == "kept":
            note = f"your edits in {side} kept; merge it into the file and delete it"
        elif change.side_file == "stale":
            note = f"{side} was out of date and is deleted"
        console.out(f"{status:<12} {change.path}" + (f"  ({note})" if note else ""))


def _show_check(result: GenerateResult) -> None:
    for change in result.stale:
        console.err(f"stale: {change.path} ({change.status}): it differs from what "
                    f"{result.manifest_name} gives")
        console.out(diff(change), end="")
    if result.stale:
        console.err("run `scaffold generate` and commit the result")
    else:
        console.out(f"up to date: {len(result.outcomes)} files match {result.manifest_name}")


def _show_written(result: GenerateResult) -> None:
    _show_outcomes(result.outcomes)
    for path in result.scaffolded:
        console.out(f"{'scaffolded':<12} {path}/  (the app's code: its folder was missing)")
    for service, port in sorted(result.fresh_ports.items()):
        console.err(f"port {port} allocated to {service} (registry: {result.registry})")
    if result.conflicts:
        console.err(f"{len(result.conflicts)} conflict(s): merge each <file>{SIDE_SUFFIX} into its "
                    "file by hand, delete it, and run scaffold generate again (or --force to "
                    "overwrite)")
