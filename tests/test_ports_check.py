"""`scaffold ports`: check (manifest, registry, host, warnings), list, allocate, release, prune."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scaffold.cli import main
from scaffold.ports import check as port_check
from scaffold.ports import containers, registry, store
from scaffold.ports import host as hostports
from scaffold.ports.check import Claim
from scaffold.ports.containers import ContainerBinding
from tests.helpers import entry, free_ports, write_manifest, write_registry

SHOP = """\
name: shop
services:
  web: {preset: fastapi, port: 18080}
  api: {preset: fastapi, port: 18081}
  db: {preset: postgres}
"""


@pytest.fixture(autouse=True)
def no_docker(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about everything but Docker: point the SDK at a socket nobody serves."""
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")


@pytest.fixture
def free_port() -> int:
    """A port free on every interface, below the ephemeral range (so no warning comes with it)."""
    return free_ports(1, 21000)[0]


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    sock = socket.socket()
    try:
        yield sock
    finally:
        sock.close()


def check_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["ports", "check", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_clear_ports_exit_0_with_a_table(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    manifest = write_manifest(tmp_path / "shop", SHOP)
    assert main(["ports", "check", "-f", str(manifest)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["PORT", "SERVICE", "FROM", "CHECK", "STATUS", "HELD", "BY"]
    assert out[1].split() == ["18080", "web", "fixed", "-", "ok"]
    assert out[2].split() == ["18081", "api", "fixed", "-", "ok"]
    assert out[-1].startswith("0 conflicts, 0 warnings: the ports are clear (registry: ")
    (note,) = [line for line in out if line.startswith("note: Docker")]
    assert note.startswith("note: Docker: no Docker daemon answers (")
    assert note.endswith("); containers were not checked")


def test_two_services_of_one_manifest_on_one_port(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    manifest = write_manifest(tmp_path / "shop", SHOP.replace("port: 18081", "port: 18080"))
    code, report = check_json(capsys, "-f", str(manifest), "--no-host")
    assert code == 1
    assert report["findings"] == [{
        "service": "api", "port": 18080, "check": "manifest", "severity": "conflict",
        "holder": "service 'web' of this manifest (line 4)", "holder_service": "web"}]
    assert {(p["service"], p["port"], p["status"]) for p in report["ports"]} == {
        ("web", 18080, "ok"), ("api", 18080, "conflict")}


def test_another_projects_allocation_is_a_conflict_even_with_its_stack_down(
        tmp_path: Path, port_registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_registry(port_registry, [entry("bank", "gateway", 18081, manifest="/b/scaffold.yaml"),
                                   entry("bank", "admin", 18082, host_ip="10.9.9.9")])
    manifest = write_manifest(tmp_path / "shop", SHOP)
    assert main(["ports", "check", "-f", str(manifest), "--no-docker"]) == 1
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("18081"))
    assert row.split(None, 5) == ["18081", "api", "fixed", "registry", "conflict",
                                  "project 'bank', service 'gateway' (/b/scaffold.yaml)"]
    assert "1 conflict, 0 warnings: project 'shop' would not start as it is" in out


def test_a_listening_socket_on_this_host_is_named_by_its_process(
        tmp_path: Path, listener: socket.socket, free_port: int,
        capsys: pytest.CaptureFixture[str]) -> None:
    listener.bind(("127.0.0.1", free_port))
    listener.listen()
    manifest = write_manifest(tmp_path / "shop", SHOP.replace("18080", str(free_port)))
    code, report = check_json(capsys, "-f", str(manifest), "--no-docker")
    assert code == 1
    (finding,) = report["findings"]
    assert (finding["service"], finding["check"]) == ("web", "host")
    assert finding["severity"] == "conflict"
    assert finding["holder"].startswith("in use on 127.0.0.1: ")
    assert f"pid {os.getpid()} (" in finding["holder"]
    assert f"pid {os.getpid()} (" in hostports.listeners(free_port)[0]


def test_a_socket_on_every_interface_blocks_loopback_too(
        listener: socket.socket, free_port: int, capsys: pytest.CaptureFixture[str]) -> None:
    listener.bind(("0.0.0.0", free_port))
    listener.listen()
    code, report = check_json(capsys, "--no-docker", str(free_port))
    assert code == 1
    assert [f["check"] for f in report["findings"]] == ["host"]


def test_a_socket_on_another_address_is_a_warning(listener: socket.socket, free_port: int) -> None:
    infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    addresses = {str(info[4][0]) for info in infos}
    other = next((ip for ip in sorted(addresses) if not ip.startswith("127.")), None)
    if other is None:
        other = "127.0.0.2"  # all of 127/8 is loopback on Linux: another address all the same
    listener.bind((other, free_port))
    listener.listen()
    findings, _ = port_check.host_findings([Claim("web", free_port, "fixed")], set())
    assert [(f.check, f.severity) for f in findings] == [("host", "warning")]
    assert findings[0].holder.startswith("in use on another address of this host")


def test_privileged_and_ephemeral_ports_are_warnings_not_conflicts(
        capsys: pytest.CaptureFixture[str]) -> None:
    low, high = hostports.ephemeral_range()
    ephemeral = next(p for p in range(high, low, -1)
                     if hostports.bind_test("127.0.0.1", p) == "free"
                     and hostports.bind_test("0.0.0.0", p) == "free")
    code, report = check_json(capsys, "--no-docker", "--no-host", "80", str(ephemeral))
    assert code == 0
    assert [(f["port"], f["check"], f["severity"]) for f in report["findings"]] == [
        (80, "privileged", "warning"), (ephemeral, "ephemeral", "warning")]
    assert report["findings"][1]["range"] == [low, high]


def test_the_ephemeral_range_comes_from_proc_or_linux_defaults(tmp_path: Path) -> None:
    custom = tmp_path / "range"
    custom.write_text("40000\t50000\n")
    assert hostports.ephemeral_range(str(custom)) == (40000, 50000)
    assert hostports.ephemeral_range(str(tmp_path / "missing")) == (32768, 60999)


def test_no_docker_daemon_is_said_once_and_the_rest_still_runs(
        tmp_path: Path, port_registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_registry(port_registry, [entry("bank", "gateway", 18081)])
    manifest = write_manifest(tmp_path / "shop", SHOP)
    code, report = check_json(capsys, "-f", str(manifest))
    assert code == 1
    docker_notes = [n for n in report["notes"] if n.startswith("Docker:")]
    assert len(docker_notes) == 1 and "no Docker daemon answers" in docker_notes[0]
    assert [f["check"] for f in report["findings"]] == ["registry"]


def test_planned_and_registered_ports_are_checked_too(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = write_manifest(tmp_path / "shop", SHOP + "  worker: {preset: fastapi}\n")
    code, report = check_json(capsys, "-f", str(manifest), "--no-docker")
    assert code == 0
    sources = {p["service"]: p["source"] for p in report["ports"]}
    assert sources == {"web": "fixed", "api": "fixed", "worker": "planned"}
    assert main(["generate", "-f", str(manifest)]) == 0
    capsys.readouterr()
    _, report = check_json(capsys, "-f", str(manifest), "--no-docker")
    assert {p["service"]: p["source"] for p in report["ports"]}["worker"] == "registry"


def test_docker_findings_name_the_container_and_spare_the_projects_own() -> None:
    claims = [Claim("web", 18080, "fixed"), Claim("api", 18081, "fixed"),
              Claim("admin", 18082, "fixed")]
    bindings = [
        ContainerBinding("bank-web-1", "bank", "web", "exited", "", 18080, "tcp", 80),
        ContainerBinding("shop-api-1", "shop", "api", "running", "127.0.0.1", 18081, "tcp", 8000),
        ContainerBinding("lonely", "", "", "running", "10.0.0.5", 18082, "tcp", 80),
        ContainerBinding("udp-thing", "", "", "running", "", 18080, "udp", 53),
    ]
    findings, notes = port_check.docker_findings(claims, "shop", bindings)
    assert [(f.service, f.holder) for f in findings] == [
        ("web", "container 'bank-web-1' (compose project 'bank', exited, 0.0.0.0:18080->80/tcp)")]
    assert notes == ["port 18081: held by this project's own container 'shop-api-1' "
                     "(compose project 'shop', running, 127.0.0.1:18081->8000/tcp)"]


class FakeApi:
    """Answers like the Docker engine's API for one running and two stopped containers."""

    class NotFound(Exception):
        pass

    def containers(self, all: bool) -> list[dict[str, Any]]:
        assert all
        return [
            {"Id": "a" * 64, "Names": ["/up"], "State": "running",
             "Labels": {"com.docker.compose.project": "bank", "com.docker.compose.service": "web"},
             "Ports": [{"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 18080, "Type": "tcp"},
                       {"IP": "::", "PrivatePort": 80, "PublicPort": 18080, "Type": "tcp"},
                       {"PrivatePort": 443, "Type": "tcp"}]},
            {"Id": "b" * 64, "Names": ["/down"], "State": "exited", "Labels": {}, "Ports": []},
            {"Id": "c" * 64, "Names": ["/gone"], "State": "created", "Labels": {}, "Ports": []},
        ]

    def inspect_container(self, cid: str) -> dict[str, Any]:
        if cid.startswith("c"):
            raise self.NotFound(cid)
        return {"HostConfig": {"PortBindings": {
            "8080/tcp": [{"HostIp": "127.0.0.1", "HostPort": "19000-19001"}],
            "53/udp": [{"HostIp": "", "HostPort": "19053"}],
            "9000/tcp": [{"HostIp": "", "HostPort": ""}],
        }}}


def test_bindings_come_from_the_list_when_running_and_from_inspect_when_stopped() -> None:
    found = list(containers._bindings(FakeApi(), FakeApi.NotFound))
    seen = [(b.container, b.project, b.state, b.host_ip, b.host_port, b.protocol) for b in found]
    assert seen == [
        ("up", "bank", "running", "0.0.0.0", 18080, "tcp"),
        ("up", "bank", "running", "::", 18080, "tcp"),
        ("down", "", "exited", "127.0.0.1", 19000, "tcp"),
        ("down", "", "exited", "127.0.0.1", 19001, "tcp"),
        ("down", "", "exited", "", 19053, "udp"),
    ]


class _FakeEngine:
    """The engine's API over a unix socket, answering from FakeApi (or with `status` to all)."""

    def __init__(self, path: Path, status: int = 200) -> None:
        import http.server
        import socketserver
        import threading

        api, answer = FakeApi(), status
        self.asked: list[str] = []
        asked = self.asked

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive: the client asks twice on one connection

            def do_GET(self) -> None:
                asked.append(self.path)
                code, body = answer, b"engine trouble"
                if answer == 200:
                    code, body = _fake_answer(api, self.path)
                self.send_response(code)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: Any) -> None:
                pass

        self.server = socketserver.ThreadingUnixStreamServer(str(path), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _fake_answer(api: FakeApi, path: str) -> tuple[int, bytes]:
    if path == "/containers/json?all=1":
        return 200, json.dumps(api.containers(all=True)).encode()
    try:
        return 200, json.dumps(api.inspect_container(path.split("/")[2])).encode()
    except FakeApi.NotFound:
        return 404, b'{"message": "No such container"}'


@pytest.fixture
def engine_socket() -> Iterator[Path]:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="engine-") as folder:  # short: a socket path has a limit
        yield Path(folder) / "docker.sock"


def test_the_engine_on_its_socket_gives_what_the_sdk_gives(
        engine_socket: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _FakeEngine(engine_socket)
    monkeypatch.setenv("DOCKER_HOST", f"unix://{engine_socket}")
    try:
        found, silent = containers.docker_bindings()
    finally:
        engine.close()
    assert silent == ""
    assert found == list(containers._bindings(FakeApi(), FakeApi.NotFound))
    assert engine.asked == ["/containers/json?all=1", f"/containers/{'b' * 64}/json",
                            f"/containers/{'c' * 64}/json"]


def test_an_engine_that_answers_badly_is_a_note_not_a_crash(
        engine_socket: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _FakeEngine(engine_socket, status=500)
    monkeypatch.setenv("DOCKER_HOST", f"unix://{engine_socket}")
    try:
        found, silent = containers.docker_bindings()
    finally:
        engine.close()
    assert found == []
    assert silent == "no Docker daemon answers (GET /containers/json?all=1: 500 engine trouble)"


def test_only_a_local_socket_is_asked_without_the_sdk(monkeypatch: pytest.MonkeyPatch) -> None:
    assert containers.unix_socket("") == containers.DOCKER_SOCKET
    assert containers.unix_socket("unix:///run/user/1000/docker.sock") == "/run/user/1000/docker.sock"
    assert containers.unix_socket("tcp://10.0.0.2:2376") is None
    assert containers.unix_socket("ssh://me@host") is None
    assert containers.unix_socket("unix://") is None
    asked: list[float] = []

    def sdk(timeout: float) -> tuple[list[ContainerBinding], str]:
        asked.append(timeout)
        return [], "the SDK was asked"

    monkeypatch.setattr(containers, "_sdk_bindings", sdk)
    monkeypatch.setenv("DOCKER_HOST", "tcp://10.0.0.2:2376")
    assert containers.docker_bindings() == ([], "the SDK was asked")
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    monkeypatch.setenv("DOCKER_TLS_VERIFY", "1")
    assert containers.docker_bindings() == ([], "the SDK was asked")
    monkeypatch.delenv("DOCKER_TLS_VERIFY")
    assert containers.docker_bindings() == ([], "no Docker daemon answers (no /nonexistent/docker.sock)")
    assert asked == [5.0, 5.0]


# --- list, allocate, release, prune --------------------------------------------------------


def test_allocate_by_hand_keeps_the_port_and_refuses_one_held(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ports", "allocate", "--project", "lab", "--service", "jupyter"]) == 0
    first = int(capsys.readouterr().out)
    assert main(["ports", "allocate", "--project", "lab", "--service", "jupyter"]) == 0
    assert int(capsys.readouterr().out) == first
    assert main(["ports", "allocate", "--project", "other", "--service", "x",
                 "--port", str(first)]) == 1
    assert f"port {first}/tcp is allocated to lab/jupyter" in capsys.readouterr().err
    assert main(["ports", "allocate", "--project", "other", "--service", "x",
                 "--port", str(first), "--protocol", "udp"]) == 0
    assert main(["ports", "allocate", "--project", "lab"]) == 2
    assert main(["ports", "allocate", "--project", "lab", "--service", "x",
                 "--host-ip", "nope"]) == 2


def test_allocate_a_manifest_then_list_release_and_prune(
        tmp_path: Path, port_registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = write_manifest(tmp_path / "shop", SHOP + "  worker: {preset: fastapi}\n")
    assert main(["ports", "allocate", "-f", str(manifest), "--json"]) == 0
    allocated = json.loads(capsys.readouterr().out)
    assert [(p["service"], p["how"]) for p in allocated["ports"]][:2] == [
        ("web", "fixed"), ("api", "fixed")]
    assert allocated["ports"][2]["service"] == "worker" and allocated["ports"][2]["how"] == "new"
    assert main(["ports", "allocate", "-f", str(manifest), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ports"][2]["how"] == "kept"
    main(["ports", "allocate", "--project", "lab", "--service", "jupyter"])
    capsys.readouterr()

    assert main(["ports", "list", "--project", "shop"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].split() == ["PROJECT", "SERVICE", "PORT", "PROTO", "HOST", "IP", "ALLOCATED",
                               "MANIFEST"]
    assert [r.split()[:3] for r in rows[1:]] == [
        ["shop", "api", "18081"], ["shop", "web", "18080"],
        ["shop", "worker", str(allocated["ports"][2]["port"])]]
    assert main(["ports", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [a["project"] for a in listed["allocations"]] == ["lab", "shop", "shop", "shop"]

    assert main(["ports", "release", "shop", "worker", "nothing"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"released shop/worker (127.0.0.1:{allocated['ports'][2]['port']}/tcp)",
        "nothing to release for shop/nothing"]
    manifest.unlink()
    assert main(["ports", "prune", "--dry-run"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert len(registry.read(port_registry).allocations) == 3
    assert main(["ports", "prune"]) == 0
    out = capsys.readouterr().out
    assert f"released shop/web (127.0.0.1:18080/tcp): {manifest.resolve()} is gone" in out
    assert [a.label for a in registry.read(port_registry).allocations] == ["lab/jupyter"]
    assert main(["ports", "prune"]) == 0
    assert capsys.readouterr().out.startswith("nothing to prune in ")


def test_pruning_thousands_compares_each_allocation_a_few_times_not_with_every_other(
        port_registry: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    n = 1500
    write_registry(port_registry, [entry(f"p{i:04d}", "api", 10000 + i, manifest=f"/gone/{i}.yaml")
                                   for i in range(n)] + [entry("kept", "api", 9000)])
    compared = 0
    equal = registry.Allocation.__eq__

    def counting(self: registry.Allocation, other: object) -> bool:
        nonlocal compared
        compared += 1
        return equal(self, other)

    monkeypatch.setattr(registry.Allocation, "__eq__", counting)
    assert main(["ports", "prune"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == n
    assert [a.label for a in registry.read(port_registry).allocations] == ["kept/api"]
    assert compared < 10 * n  # a list to look in made it n * n / 2


def test_list_and_prune_can_use_the_registry_a_manifest_names(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv(store.ENV)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    manifest = write_manifest(tmp_path / "shop", "registry: team-ports.json\n" + SHOP)
    assert main(["generate", "-f", str(manifest)]) == 0
    capsys.readouterr()
    assert main(["ports", "list"]) == 0
    assert capsys.readouterr().out.startswith("no allocations in ")
    assert main(["ports", "list", "-f", str(manifest)]) == 0
    assert "shop" in capsys.readouterr().out


def test_ports_is_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "ports" in capsys.readouterr().out
    assert main(["ports", "--help"]) == 0
    out = capsys.readouterr().out
    for command in ("allocate", "check", "list", "prune", "release"):
        assert command in out


def test_ports_check_asks_a_local_engine_without_importing_the_docker_sdk(
        tmp_path: Path, engine_socket: Path) -> None:
    import subprocess
    import sys

    manifest = write_manifest(tmp_path / "shop", SHOP)
    code = ("import sys\nfrom scaffold.cli import main\n"
            f"main(['ports', 'check', '-f', {str(manifest)!r}, '--registry', "
            f"{str(tmp_path / 'registry.json')!r}])\n"
            "print(sorted(m for m in ('docker', 'requests', 'urllib3', 'jsonschema', 'jinja2', 'ssl',"
            " 'http.client')"
            " if m in sys.modules))\n")
    env = {**os.environ, "DOCKER_HOST": f"unix://{engine_socket}"}
    engine = _FakeEngine(engine_socket)
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                             check=True).stdout
    finally:
        engine.close()
    assert engine.asked[0] == "/containers/json?all=1"  # the engine was asked
    assert out.splitlines()[-1] == "[]"


def test_the_engines_answer_is_read_plain_sized_or_chunked() -> None:
    plain = b'HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n[{"Id": "a"}]'
    assert containers.http_answer(plain, "GET /x") == (200, b'[{"Id": "a"}]')
    sized = b"HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnopeEXTRA"
    assert containers.http_answer(sized, "GET /x") == (404, b"nope")
    chunked = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
               b"5\r\n[{\"Id\r\n7;ext=1\r\n\": \"a\"}\r\n1\r\n]\r\n0\r\n\r\n")
    assert containers.http_answer(chunked, "GET /x") == (200, b'[{"Id": "a"}]')
    for broken in (b"", b"SSH-2.0-OpenSSH\r\n\r\n", b"HTTP/1.1 200 OK\r\n",
                   b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"):
        with pytest.raises(containers.EngineError):
            containers.http_answer(broken, "GET /x")
