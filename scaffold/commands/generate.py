"""`scaffold generate`: render every file in memory, then write, show or check them; and the code
of every app whose folder is missing, so that a hand-written manifest gives a stack that builds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from scaffold.newproject.copier_run import missing_code
from scaffold.output.generate import GenerateOptions, show
from scaffold.output.generate import generate as run


def generate(manifest_path: Path, options: GenerateOptions) -> int:
    result = run(manifest_path, replace(options, scaffold_code=missing_code))
    show(result)
    return result.exit_code
