"""`scaffold generate`: render every file in memory, then write, show or check them; and the code
of every app whose folder is missing, so that a hand-written manifest gives a stack that builds.
Say what happened for people, as JSON, or as GitHub annotations on stale and conflicting files."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import Any

from scaffold import console
from scaffold.commands.formats import Format, dump, reporting, workflow_command
from scaffold.errors import InputError
from scaffold.manifest.model import Manifest
from scaffold.output.generate import GenerateOptions, GenerateResult, show
from scaffold.output.generate import generate as run
from scaffold.output.outcomes import CONFLICT, SIDE_SUFFIX
from scaffold.output.writer import diff


def generate(manifest_path: Path, options: GenerateOptions, fmt: Format = "text") -> int:
    return reporting("generate", fmt, lambda: _generate(manifest_path, options, fmt))


def _generate(manifest_path: Path, options: GenerateOptions, fmt: Format) -> int:
    if fmt != "text" and options.mode == "stdout":
        raise InputError(f"-o - prints the generated files themselves; it takes no --format {fmt}")
    result = run(manifest_path, replace(options, scaffold_code=_missing_code))
    if fmt == "json":
        dump(result_json(result, manifest_path))
        return result.exit_code
    show(result)
    if fmt == "github":
        root = Path(options.output) if options.output else manifest_path.parent
        for line in workflow_annotations(result, root):
            console.out(line)
    return result.exit_code


def _missing_code(manifest: Manifest, root: Path) -> AbstractContextManager[Callable[[], list[str]]]:
    """The apps' code, scaffolded where missing; imported only by a run that writes and may
    scaffold code (not --check, --dry-run, --diff, -o - or --no-code)."""
    from scaffold.newproject.copier_run import missing_code

    return missing_code(manifest, root)


def result_json(result: GenerateResult, manifest_path: Path) -> dict[str, Any]:
    shows_diff = result.mode in ("check", "diff")
    stale = {c.path for c in result.stale}
    files = [{"path": c.path, "status": c.status, "side_file": c.side_file or None,
              **({"diff": diff(c)} if shows_diff and c.path in stale else {})}
             for c in result.outcomes]
    return {"command": "generate", "ok": result.exit_code == 0, "exit_code": result.exit_code,
            "mode": result.mode, "manifest": str(manifest_path),
            "registry": str(result.registry) if result.registry else None, "files": files,
            "ports_allocated": [{"service": s, "port": p}
                                for s, p in sorted(result.fresh_ports.items())]}


def workflow_annotations(result: GenerateResult, root: Path) -> list[str]:
    """An `::error` for each file `--check` finds stale, or each conflict a write leaves."""
    if result.mode == "check":
        return [workflow_command(
            "error", f"{c.path} is stale ({c.status}): it differs from what {result.manifest_name} "
            "gives; run `scaffold generate` and commit the result", file=str(root / c.path))
            for c in result.stale]
    return [workflow_command(
        "error", f"{c.path}: your edits and the manifest change the same lines; the new version "
        f"is in {c.path}{SIDE_SUFFIX}", file=str(root / c.path))
        for c in result.outcomes if c.status == CONFLICT and result.mode == "write"]
