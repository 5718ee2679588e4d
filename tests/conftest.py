"""Shared test fixtures: where the examples and external tools are, and CI's no-skip rule."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "scaffold.yaml").is_file())
IN_CI = bool(os.environ.get("CI"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the examples' golden files from what scaffold renders now")


def find_tool(name: str) -> str | None:
    """A validator's executable: the virtualenv, the npm tools folder, sbin, then PATH."""
    candidates = [
        Path(sys.executable).parent / name,
        ROOT / ".venv" / "bin" / name,
        ROOT / ".tools" / "node_modules" / ".bin" / name,
        Path("/usr/sbin") / name,
    ]
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return str(c)
    return shutil.which(name)


@pytest.fixture(autouse=True)
def private_port_registry(tmp_path_factory: pytest.TempPathFactory,
                          monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the user's real port registry."""
    path = tmp_path_factory.mktemp("registry") / "port-registry.json"
    monkeypatch.setenv("SCAFFOLD_PORT_REGISTRY", str(path))
    return path


@pytest.fixture
def tool() -> object:
    def get(name: str) -> str:
        found = find_tool(name)
        if found is None:
            pytest.skip(f"{name} is not installed (scripts/bootstrap.sh installs it)")
        return found
    return get


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every tool is installed and skips are forbidden: {report.longrepr}"
