"""Shared test fixtures: where the examples and external tools are, and CI's no-skip rule."""

from __future__ import annotations

import os
import shutil
import subprocess
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


def docker(*args: str, check: bool = True, timeout: int = 120,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the docker CLI; with `check`, a failure is an AssertionError carrying docker's message."""
    binary = find_tool("docker")
    assert binary is not None
    done = subprocess.run([binary, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})
    if check and done.returncode != 0:
        raise AssertionError(f"docker {' '.join(args)} failed: {done.stderr.strip()}")
    return done


@pytest.fixture(scope="session")
def engine() -> None:
    """A Docker engine that answers (scripts/docker-engine.sh starts one)."""
    if find_tool("docker") is None:
        pytest.skip("the docker client is not installed (scripts/docker-engine.sh installs it)")
    info = docker("info", "--format", "{{.ServerVersion}}", check=False)
    if info.returncode != 0:
        pytest.skip(f"no Docker engine answers (scripts/docker-engine.sh starts one): "
                    f"{info.stderr.strip()[:200]}")


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
