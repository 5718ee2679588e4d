"""The real Docker Compose and dclint accept every example's every variant."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from scaffold.manifest.build import load
from scaffold.ports.assign import assign
from scaffold.targets.render import render
from tests.helpers import EXAMPLES


def write_project(example: Path, into: Path) -> list[str]:
    """Render an example into a folder with .env from .env.example; return its compose files.

    The example's own files (build contexts, mounted configs, secrets) come along: compose
    reads some of them."""
    if example.resolve() != into.resolve():
        shutil.copytree(example, into, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected"))
    manifest = load(example / "scaffold.yaml")
    files = render(manifest, assign(manifest))
    for f in files:
        target = into / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f.content, encoding="utf-8")
    shutil.copy(into / ".env.example", into / ".env")
    return [f.path for f in files if f.path.startswith("docker-compose.")]


def compose(tool: Callable[[str], str], project: Path, file: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([tool("docker-compose"), "-f", file, *args], cwd=project,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.tool
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_docker_compose_config_accepts_every_variant(example: Path, tmp_path: Path,
                                                     tool: Callable[[str], str]) -> None:
    for file in write_project(example, tmp_path):
        result = compose(tool, tmp_path, file, "config", "-q")
        assert result.returncode == 0, f"{file}: {result.stderr}"


@pytest.mark.tool
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_docker_compose_refuses_to_start_without_secrets(example: Path, tmp_path: Path,
                                                         tool: Callable[[str], str]) -> None:
    files = write_project(example, tmp_path)
    (tmp_path / ".env").unlink()
    result = compose(tool, tmp_path, files[0], "config", "-q")
    assert result.returncode != 0
    assert "is not set: copy .env.example to .env" in result.stderr


@pytest.mark.tool
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_dclint_finds_nothing(example: Path, tmp_path: Path, tool: Callable[[str], str]) -> None:
    files = write_project(example, tmp_path)
    result = subprocess.run([tool("dclint"), "-f", "json", *files], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    reports = json.loads(result.stdout)
    messages = [(r["filePath"], m["type"], m["message"]) for r in reports for m in r["messages"]]
    assert messages == []
    assert len(reports) == len(files)


@pytest.mark.tool
def test_service_names_with_underscores_pass_compose_and_dclint(tmp_path: Path,
                                                                 tool: Callable[[str], str]) -> None:
    (tmp_path / "scaffold.yaml").write_text(
        "name: under_scores\n"
        "services:\n"
        "  user_db: {preset: postgres}\n"
        "  user_service: {preset: fastapi, depends_on: [user_db], routes: [/api/]}\n"
        "  web_app: {preset: build, internal_port: 3000, depends_on: [user_service]}\n",
        encoding="utf-8")
    files = write_project(tmp_path, tmp_path)
    for file in files:
        result = compose(tool, tmp_path, file, "config", "-q")
        assert result.returncode == 0, f"{file}: {result.stderr}"
    assert "USER_SERVICE_URL: http://user_service:8000" in (tmp_path / files[0]).read_text()
    result = subprocess.run([tool("dclint"), "-f", "json", *files], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert [m for r in json.loads(result.stdout) for m in r["messages"]] == []

