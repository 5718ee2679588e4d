"""`scaffold verify`: bring a variant up on a real Docker engine, prove it works, tear it down."""

from __future__ import annotations

from pathlib import Path

from scaffold.verify.run import VerifyOptions
from scaffold.verify.run import verify as run


def verify(manifest_path: Path, options: VerifyOptions) -> int:
    return run(manifest_path, options)
