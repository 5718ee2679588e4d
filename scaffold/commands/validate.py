"""`scaffold validate`: check the manifest and say so."""

from __future__ import annotations

from pathlib import Path

from scaffold import console
from scaffold.errors import EXIT_OK
from scaffold.manifest.build import load


def validate(manifest_path: Path) -> int:
    manifest = load(manifest_path)
    for warning in manifest.warnings:
        console.err(f"warning: {warning}")
    console.out(f"{manifest_path}: ok ({len(manifest.services)} services, "
                f"variants: {', '.join(v.name for v in manifest.variants)})")
    return EXIT_OK
