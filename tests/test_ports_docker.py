"""`scaffold ports check` against a real Docker engine: a container holding a port is named.

No image can be pulled here, so the tests build one: Debian's static busybox in
a one-file root filesystem, `docker import`ed. Every container and the image are
removed afterwards, pass or fail.
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scaffold.cli import main
from scaffold.ports import containers, registry
from scaffold.ports import host as hostports
from scaffold.ports.assign import preferred_port
from tests.helpers import docker, find_tool, free_ports, write_manifest

pytestmark = [pytest.mark.tool, pytest.mark.docker]






@pytest.fixture(scope="module")
def image(engine: None) -> Iterator[str]:  # noqa: ARG001 - the engine must answer first
    busybox = find_tool("busybox")
    if busybox is None:
        pytest.skip("busybox is not installed (scripts/docker-engine.sh installs busybox-static)")
    tag = f"scaffold-test-busybox:{uuid.uuid4().hex[:12]}"
    rootfs = io.BytesIO()
    with tarfile.open(fileobj=rootfs, mode="w") as tar:
        member = tar.gettarinfo(busybox, arcname="bin/busybox")
        member.mode, member.uid, member.gid = 0o755, 0, 0
        with open(busybox, "rb") as handle:
            tar.addfile(member, handle)
    binary = find_tool("docker")
    assert binary is not None
    subprocess.run([binary, "import", "--change", 'ENTRYPOINT ["/bin/busybox"]', "-", tag],
                   input=rootfs.getvalue(), capture_output=True, timeout=120, check=True)
    try:
        yield tag
    finally:
        docker("rmi", "--force", tag, check=False)


@pytest.fixture
def container(image: str) -> Iterator[Callable[..., str]]:
    """Start (or only create) a container from the test image; all are removed at the end."""
    made: list[str] = []

    def make(*options: str, command: tuple[str, ...] = ("httpd", "-f", "-p", "8080"),
             verb: str = "run") -> str:
        name = f"scaffold-test-{uuid.uuid4().hex[:10]}"
        made.append(name)
        detach = ["--detach"] if verb == "run" and command[0] != "true" else []
        docker(verb, *detach, "--name", name, *options, image, *command)
        return name

    try:
        yield make
    finally:
        if made:
            docker("rm", "--force", *made, check=False)


def shop(folder: Path, web: int, api: int, admin: int, jobs: int) -> Path:
    return write_manifest(folder, f"""\
name: shop
services:
  web: {{preset: fastapi, port: {web}}}
  api: {{preset: fastapi, port: {api}}}
  admin: {{preset: fastapi, port: {admin}}}
  jobs: {{preset: fastapi, port: {jobs}}}
""")


def test_containers_holding_a_port_are_named_running_or_not(
        tmp_path: Path, container: Callable[..., str],
        capsys: pytest.CaptureFixture[str]) -> None:
    web, api, admin, jobs = free_ports(4, 22000)
    running = container("--publish", f"127.0.0.1:{web}:8080",
                        "--label", "com.docker.compose.project=bank",
                        "--label", "com.docker.compose.service=gateway")
    created = container("--publish", f"{api}:8080", verb="create")
    exited = container("--publish", f"127.0.0.1:{jobs}:8080", command=("true",))
    own = container("--publish", f"127.0.0.1:{admin}:8080",
                    "--label", "com.docker.compose.project=shop")
    manifest = shop(tmp_path / "shop", web, api, admin, jobs)

    assert main(["ports", "check", "-f", str(manifest), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    found = {(f["service"], f["check"]): f for f in report["findings"]}
    assert set(found) == {("web", "docker"), ("api", "docker"), ("jobs", "docker")}, found
    assert (found["web", "docker"]["container"], found["web", "docker"]["compose_project"],
            found["web", "docker"]["compose_service"], found["web", "docker"]["state"]) == (
        running, "bank", "gateway", "running")
    assert (found["api", "docker"]["container"], found["api", "docker"]["state"]) == (
        created, "created")
    assert (found["jobs", "docker"]["container"], found["jobs", "docker"]["state"]) == (
        exited, "exited")
    assert not any(n.startswith("Docker:") for n in report["notes"])
    assert any(n.startswith(f"port {admin}: held by this project's own container '{own}'")
               for n in report["notes"])
    status = {p["service"]: p["status"] for p in report["ports"]}
    assert status == {"web": "conflict", "api": "conflict", "admin": "ok", "jobs": "conflict"}

    assert main(["ports", "check", "-f", str(manifest)]) == 1
    table = capsys.readouterr().out
    assert (f"container '{running}' (compose project 'bank', running, "
            f"127.0.0.1:{web}->8080/tcp)") in table
    assert f"container '{created}' (not from compose, created, 0.0.0.0:{api}->8080/tcp)" in table


def test_the_engine_asked_on_its_socket_answers_as_through_the_sdk(
        container: Callable[..., str]) -> None:
    web, api = free_ports(2, 22000)
    running = container("--publish", f"127.0.0.1:{web}:8080",
                        "--label", "com.docker.compose.project=bank")
    created = container("--publish", f"{api}-{api + 1}:8080/udp", verb="create")
    direct, silent = containers.docker_bindings()
    through_sdk, sdk_silent = containers._sdk_bindings(5.0)
    assert (silent, sdk_silent) == ("", "")
    assert direct == through_sdk
    ours = {(b.container, b.host_port, b.protocol) for b in direct} & {
        (running, web, "tcp"), (created, api, "udp"), (created, api + 1, "udp")}
    assert len(ours) == 3


def test_without_docker_the_running_container_still_shows_as_a_busy_port(
        container: Callable[..., str],
        capsys: pytest.CaptureFixture[str]) -> None:
    (web,) = free_ports(1, 22000)
    container("--publish", f"127.0.0.1:{web}:8080")
    assert main(["ports", "check", "--json", "--no-docker", str(web)]) == 1
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert finding["check"] == "host"
    assert finding["holder"].startswith("in use on 127.0.0.1: ")


def test_generate_does_not_allocate_a_port_a_container_publishes(
        tmp_path: Path, port_registry: Path, container: Callable[..., str]) -> None:
    hashed = preferred_port("shop", "api")
    assert hostports.bind_test("0.0.0.0", hashed) == "free", f"{hashed} is busy before the test"
    container("--publish", f"127.0.0.1:{hashed}:8080")
    manifest = write_manifest(tmp_path / "shop", "name: shop\nservices:\n  api: {preset: fastapi}")
    assert main(["generate", "-f", str(manifest)]) == 0
    (allocation,) = registry.read(port_registry).allocations
    assert allocation.port != hashed
    assert f"'127.0.0.1:{allocation.port}:8000'" in (
        tmp_path / "shop" / "docker-compose.local.yml").read_text()
