"""`scaffold generate`: render every file in memory, then write, show or check them."""

from __future__ import annotations

from pathlib import Path

from scaffold.output.generate import GenerateOptions, show
from scaffold.output.generate import generate as run


def generate(manifest_path: Path, options: GenerateOptions) -> int:
    result = run(manifest_path, options)
    show(result)
    return result.exit_code
