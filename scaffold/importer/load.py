"""Reading a compose project as `docker compose` does: through `docker compose config --format
json` when the binary is there, else through scaffold's own loader. Each file's YAML is read
first, so a broken file is reported as FILE:LINE:COL before anything else runs."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from scaffold.errors import EnvironmentProblem, InputError, Problem, first_line
from scaffold.importer import ownload
from scaffold.importer.interpolate import read_dotenv
from scaffold.manifest.source import parse, read_text
from scaffold.records import record

Loader = Literal["auto", "compose", "scaffold"]
DEFAULT_FILES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
OVERRIDES = ("compose.override.yaml", "compose.override.yml", "docker-compose.override.yaml",
             "docker-compose.override.yml")
COMPOSE_LOADER = "docker compose config"
OWN_LOADER = "scaffold's own loader"


@record
class Loaded:
    """A project as one normalised document, where it lives, its files and who read it."""

    project: dict[str, Any]
    root: Path
    files: tuple[Path, ...]
    loader: str


def compose_files(given: Sequence[Path], folder: Path) -> list[Path]:
    """The files named with -f, or the one compose finds in `folder` and its override beside it."""
    if given:
        return list(given)
    listed = _compose_file_variable(folder)
    if listed:
        return [folder / name for name in listed]
    found = next((folder / n for n in DEFAULT_FILES if (folder / n).is_file()), None)
    if found is None:
        raise InputError(f"no compose file in {folder} (looked for {', '.join(DEFAULT_FILES)}); "
                         "name one with -f")
    override = next((folder / n for n in OVERRIDES if (folder / n).is_file()), None)
    return [found, override] if override else [found]


def _compose_file_variable(folder: Path) -> list[str]:
    """COMPOSE_FILE from the environment or the folder's .env: the files compose reads instead."""
    value = os.environ.get("COMPOSE_FILE")
    if value is None and (folder / ".env").is_file():
        value = read_dotenv(folder / ".env").get("COMPOSE_FILE")
    separator = os.environ.get("COMPOSE_PATH_SEPARATOR", os.pathsep)
    return [name for name in (value or "").split(separator) if name]


def check_syntax(files: Sequence[Path]) -> None:
    """Every file exists and is YAML; the first that is not is an InputError at FILE:LINE:COL."""
    for path in files:
        if not path.is_file():
            raise InputError(f"{path}: no such compose file",
                             [Problem(str(path), 0, 0, "", "no such file")])
        text = read_text(path, "the compose file")
        try:
            parse(text, str(path))
        except InputError as exc:
            raise InputError(f"{path} is not valid YAML; nothing was written", exc.problems) from None


def load(files: Sequence[Path], env_file: Path | None, root: Path, loader: Loader = "auto",
         environ: Mapping[str, str] | None = None) -> Loaded:
    check_syntax(files)
    command = _compose_command() if loader != "scaffold" else None
    if command is None and loader == "compose":
        raise EnvironmentProblem("docker compose is not installed; use --loader scaffold")
    if command is None:
        project = ownload.load(files, env_file, root, dict(environ if environ is not None else os.environ))
        return Loaded(project, root, tuple(files), OWN_LOADER)
    return Loaded(_config(command, files, env_file, root, environ), root, tuple(files), COMPOSE_LOADER)


def _compose_command() -> list[str] | None:
    from scaffold.verify.engine import compose_command

    try:
        return compose_command()
    except EnvironmentProblem:
        return None


def _config(command: list[str], files: Sequence[Path], env_file: Path | None, root: Path,
            environ: Mapping[str, str] | None) -> dict[str, Any]:
    argv = [*command, *(a for f in files for a in ("-f", str(f))), "--project-directory", str(root),
            "--profile", "*"]  # every service, those behind a profile too (they keep `profiles`)
    if env_file is not None:
        argv += ["--env-file", str(env_file)]
    try:
        done = subprocess.run([*argv, "config", "--format", "json"], capture_output=True, text=True,
                              timeout=120, check=False,
                              env=dict(environ) if environ is not None else None)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EnvironmentProblem(f"docker compose config failed: {first_line(exc)}") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()] or ["failed"]
        raise InputError("docker compose cannot read the project; nothing was written",
                         [Problem(str(files[0]), 0, 0, "", line[:300]) for line in lines[:20]])
    data = unescaped(json.loads(done.stdout))
    if not isinstance(data, dict):
        raise InputError("docker compose config gave no project")
    return data


def unescaped(data: Any) -> Any:
    """compose prints a literal `$` as `$$` (its output is a compose file again); the values
    themselves, as the own loader gives them, hold one `$`."""
    if isinstance(data, str):
        return data.replace("$$", "$")
    if isinstance(data, dict):
        return {k: unescaped(v) for k, v in data.items()}
    if isinstance(data, list):
        return [unescaped(v) for v in data]
    return data
