"""Docker containers that publish host ports, running or stopped, asked of the engine (its API)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from scaffold.conventions import COMPOSE_PROJECT_LABEL, COMPOSE_SERVICE_LABEL
from scaffold.errors import first_line
from scaffold.records import record

DOCKER_SOCKET = "/var/run/docker.sock"


@record
class ContainerBinding:
    """A container's published host port, running or not."""

    container: str
    project: str  # its compose project label, "" when it has none
    service: str  # its compose service label
    state: str  # running | exited | created | paused | ...
    host_ip: str
    host_port: int
    protocol: str
    container_port: int

    def describe(self) -> str:
        label = f"compose project '{self.project}'" if self.project else "not from compose"
        host = f"{self.host_ip or '0.0.0.0'}:{self.host_port}"
        binding = f"{host}->{self.container_port}/{self.protocol}"
        return f"container '{self.container}' ({label}, {self.state}, {binding})"


def docker_bindings(timeout: float = 5.0) -> tuple[list[ContainerBinding], str]:
    """Every published port of every container, running or stopped; and why Docker is silent, if.

    An engine on a local socket (DOCKER_HOST unset or unix://) is asked over that socket
    directly: the docker SDK's import costs more than the whole check. Any other engine
    (tcp://, ssh://, TLS) is asked through the SDK, as before.
    """
    host = os.environ.get("DOCKER_HOST", "")
    path = unix_socket(host)
    if path is None or os.environ.get("DOCKER_TLS_VERIFY"):
        return _sdk_bindings(timeout)
    if not Path(path).exists():
        why = f"no {path}" + ("" if host else ", DOCKER_HOST unset")
        return [], f"no Docker daemon answers ({why})"
    engine = EngineSocket(path, timeout)
    try:
        return list(_bindings(engine, EngineSocket.NotFound)), ""
    except (OSError, EngineError, ValueError) as exc:  # ValueError: an answer that is not JSON
        return [], f"no Docker daemon answers ({first_line(exc)})"
    finally:
        engine.close()


def unix_socket(host: str) -> str | None:
    """The engine's socket for a DOCKER_HOST value ("" is the default socket); None if remote."""
    if not host:
        return DOCKER_SOCKET
    scheme, _, rest = host.partition("://")
    return rest or None if scheme == "unix" else None


def _sdk_bindings(timeout: float) -> tuple[list[ContainerBinding], str]:
    try:
        import docker  # ~0.1 s: only for an engine that is not on a local socket
    except ImportError:
        return [], "the docker SDK (Python package 'docker') is not installed"
    try:
        client = docker.from_env(timeout=timeout)
        try:
            return list(_bindings(client.api, docker.errors.NotFound)), ""
        finally:
            client.close()
    except (docker.errors.DockerException, OSError) as exc:
        return [], f"no Docker daemon answers ({first_line(exc)})"


class EngineError(Exception):
    """The engine answered, but not with what was asked for."""


class EngineSocket:
    """The two calls of the engine's API this check makes (as the SDK's APIClient names them),
    over its unix socket: one HTTP/1.0 request a connection, read to its end (the standard
    library's http.client would import ssl, which costs more than the whole conversation)."""

    class NotFound(EngineError):
        pass

    def __init__(self, path: str, timeout: float) -> None:
        self.path, self.timeout = path, timeout

    def containers(self, all: bool) -> Any:  # the SDK's name for the flag
        return self._get(f"/containers/json?all={int(all)}")

    def inspect_container(self, container: str) -> Any:
        from urllib.parse import quote

        return self._get(f"/containers/{quote(container, safe='')}/json")

    def _get(self, url: str) -> Any:
        import socket

        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(self.timeout)
            sock.connect(self.path)
            sock.sendall(f"GET {url} HTTP/1.0\r\nHost: docker\r\nAccept: application/json\r\n\r\n"
                         .encode("ascii"))
            status, body = http_answer(_read_to_end(sock), f"GET {url}")
        if status == 404:
            raise self.NotFound(url)
        if status != 200:
            raise EngineError(f"GET {url}: {status} {body[:200].decode(errors='replace')}")
        return json.loads(body)

    def close(self) -> None:
        """Nothing stays open between calls."""


MAX_ANSWER = 256 * 1024 * 1024  # the engine's list of every container fits many times over


def _read_to_end(sock: Any) -> bytes:
    pieces: list[bytes] = []
    size = 0
    while piece := sock.recv(1 << 16):
        pieces.append(piece)
        size += len(piece)
        if size > MAX_ANSWER:
            raise EngineError(f"the engine's answer is larger than {MAX_ANSWER >> 20} MiB")
    return b"".join(pieces)


def http_answer(raw: bytes, asked: str) -> tuple[int, bytes]:
    """The status and body of an HTTP/1.x answer read to its end (a chunked body decoded)."""
    head, blank, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    words = lines[0].split(None, 2)
    if not blank or len(words) < 2 or not words[0].startswith(b"HTTP/1.") or not words[1].isdigit():
        raise EngineError(f"{asked}: the engine's answer is not HTTP")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(b":") for line in lines[1:])}
    if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        body = _dechunked(body, asked)
    elif headers.get(b"content-length", b"").isdigit():
        body = body[:int(headers[b"content-length"])]
    return int(words[1]), body


def _dechunked(body: bytes, asked: str) -> bytes:
    out: list[bytes] = []
    while True:
        size_line, found, body = body.partition(b"\r\n")
        try:
            size = int(size_line.split(b";")[0], 16)
        except ValueError:
            raise EngineError(f"{asked}: a broken chunk in the engine's answer") from None
        if not found or size == 0:
            return b"".join(out)
        out.append(body[:size])
        body = body[size + 2:]


def _bindings(api: Any, not_found: type[Exception]) -> Iterator[ContainerBinding]:
    for summary in api.containers(all=True):
        name = (summary.get("Names") or ["/" + summary["Id"][:12]])[0].lstrip("/")
        labels = summary.get("Labels") or {}
        state = summary.get("State", "")
        project, service = labels.get(COMPOSE_PROJECT_LABEL, ""), labels.get(COMPOSE_SERVICE_LABEL, "")
        seen: set[tuple[str, int, str]] = set()
        for ip, host_port, protocol, inner in _published(api, summary, state, not_found):
            if (ip, host_port, protocol) in seen:
                continue
            seen.add((ip, host_port, protocol))
            yield ContainerBinding(name, project, service, state, ip, host_port, protocol, inner)


def _published(api: Any, summary: Mapping[str, Any], state: str,
               not_found: type[Exception]) -> Iterator[tuple[str, int, str, int]]:
    if state == "running":  # the list already says what the engine bound
        for p in summary.get("Ports") or []:
            if p.get("PublicPort"):
                yield (p.get("IP", ""), int(p["PublicPort"]), p.get("Type", "tcp"),
                       int(p["PrivatePort"]))
        return
    try:  # a stopped container binds nothing now, but will when it starts: ask what it asks for
        bindings = api.inspect_container(summary["Id"])["HostConfig"].get("PortBindings") or {}
    except not_found:  # removed since the list was taken
        return
    for inner, hosts in bindings.items():
        number, _, protocol = inner.partition("/")
        for h in hosts or []:
            for port in _port_numbers(h.get("HostPort", "")):
                yield h.get("HostIp", ""), port, protocol or "tcp", int(number)


def _port_numbers(text: str) -> list[int]:
    """"8080" -> [8080]; "8000-8002" -> [8000, 8001, 8002]; "" (any free port) -> []."""
    first, _, last = text.partition("-")
    if not first.isdigit():
        return []
    return list(range(int(first), int(last if last.isdigit() else first) + 1))
