"""`scaffold validate`: check the manifest and say so, for people, for machines or for GitHub."""

from __future__ import annotations

from pathlib import Path

from scaffold import console
from scaffold.commands.formats import Format, dump, reporting
from scaffold.errors import EXIT_OK
from scaffold.manifest.build import load


def validate(manifest_path: Path, fmt: Format = "text") -> int:
    return reporting("validate", fmt, lambda: _validate(manifest_path, fmt))


def _validate(manifest_path: Path, fmt: Format) -> int:
    manifest = load(manifest_path)
    if fmt == "json":
        dump({"command": "validate", "ok": True, "exit_code": EXIT_OK,
              "manifest": str(manifest_path), "project": manifest.name,
              "services": [s.name for s in manifest.services],
              "variants": [v.name for v in manifest.variants], "problems": [],
              "warnings": list(manifest.warnings)})
        return EXIT_OK
    for warning in manifest.warnings:
        console.err(f"warning: {warning}")
    console.out(f"{manifest_path}: ok ({len(manifest.services)} services, "
                f"variants: {', '.join(v.name for v in manifest.variants)})")
    return EXIT_OK
