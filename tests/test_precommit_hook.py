"""The pre-commit hooks this repository ships run scaffold commands that exist and behave."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml

from scaffold.cli import main
from tests.helpers import ROOT


def hooks() -> dict[str, dict[str, object]]:
    return {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}


def test_hooks_match_the_files_they_guard() -> None:
    pattern = re.compile(str(hooks()["scaffold-check"]["files"]))
    for path in ("scaffold.yaml", "docker-compose.local.yml", ".env.example", "nginx/app.conf",
                 ".scaffold/lock.json"):
        assert pattern.search(path), path
    assert not pattern.search("services/api/main.py")


@pytest.mark.parametrize("hook, stale_code", [("scaffold-check", 1), ("scaffold-validate", 0)])
def test_hook_entries_run(hook: str, stale_code: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(ROOT / "examples" / "02-ecommerce" / "scaffold.yaml", tmp_path / "scaffold.yaml")
    monkeypatch.chdir(tmp_path)
    program, *argv = shlex.split(str(hooks()[hook]["entry"]))
    assert program == "scaffold"
    assert main(argv) == stale_code
    assert main(["generate"]) == 0
    assert main(argv) == 0
