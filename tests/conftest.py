"""Shared test fixtures: the Docker engine, validators, a private port registry, and CI's no-skip rule."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers import docker, find_tool

IN_CI = bool(os.environ.get("CI"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the examples' golden files from what scaffold renders now")


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
def port_registry(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own port registry file (not made yet): no test reads or writes the user's."""
    path = tmp_path_factory.mktemp("registry") / "port-registry.json"
    monkeypatch.setenv("SCAFFOLD_PORT_REGISTRY", str(path))
    return path


@pytest.fixture
def tool() -> Callable[[str], str]:
    """Finds a validator by name; skips (a failure in CI) when it is not installed."""
    def get(name: str) -> str:
        found = find_tool(name)
        if found is None:
            pytest.skip(f"{name} is not installed (scripts/bootstrap.sh installs it)")
        return found
    return get


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport() -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every tool is installed and skips are forbidden: {report.longrepr}"
