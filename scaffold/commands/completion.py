"""What the shell completes from the manifest: its service and variant names.

Completion must never fail loudly: a missing or broken manifest completes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from scaffold.errors import ScaffoldError

Kind = Literal["services", "variants"]


def names(manifest_path: Path, kind: Kind, prefix: str = "") -> list[str]:
    """The manifest's service or variant names starting with `prefix`, in the manifest's order."""
    from scaffold.manifest.build import load

    try:
        manifest = load(manifest_path)
    except (ScaffoldError, OSError):
        return []
    found = manifest.services if kind == "services" else manifest.variants
    return [item.name for item in found if item.name.startswith(prefix)]
