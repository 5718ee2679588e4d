"""The apps' readiness handshakes with the catalog's backing services, against tiny fake servers.

Each fake speaks just enough of its protocol: what the real server sends first or answers to
the first message. The Python module (fastapi, django) runs in-process; the JavaScript one
(express, nextjs) runs under node against the same fakes. Both must pass a right answer and
refuse a foreign one.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import shutil
import socket
import struct
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ROOT / "templates" / "services"
PY = SERVICES / "fastapi" / "template" / "app" / "wire.py"
JS = SERVICES / "express" / "template" / "src" / "wire.js"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("wire_under_test", PY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


wire = _module()


def _bson_ok(value: float) -> bytes:
    body = b"\x08isWritablePrimary\x00\x01" + b"\x01ok\x00" + struct.pack("<d", value)
    return struct.pack("<i", len(body) + 5) + body + b"\x00"


def _mongo_reply(request: bytes, value: float = 1.0) -> bytes:
    request_id = struct.unpack("<i", request[4:8])[0]
    message = struct.pack("<I", 0) + b"\x00" + _bson_ok(value)
    return struct.pack("<iiii", 16 + len(message), 99, request_id, 2013) + message


def _kafka_reply(request: bytes, error: int = 0) -> bytes:
    correlation = struct.unpack(">i", request[8:12])[0]
    body = struct.pack(">ihi", correlation, error, 0)
    return struct.pack(">i", len(body)) + body


# kind: (bytes it reads first, (request -> the right answer), (request -> a foreign answer))
Speaker = tuple[int, Callable[[bytes], bytes], Callable[[bytes], bytes]]
SPEAKERS: dict[str, Speaker] = {
    "mysql": (0, lambda _: b"\x0a\x00\x00\x00\x0a8.4.0\x00" + bytes(5),
              lambda _: b"\x09\x00\x00\x00\xff\x10\x04Too many"),
    "mongodb": (16, _mongo_reply, lambda r: _mongo_reply(r, 0.0)),
    "amqp": (8, lambda _: b"\x01\x00\x00\x00\x00\x00\x10\x00\x0a\x00\x0a\x00\x09" + bytes(9),
             lambda _: b"AMQP\x00\x00\x09\x01"),
    "kafka": (20, _kafka_reply, lambda r: _kafka_reply(r, 35)),
    "smtp": (0, lambda _: b"220 mailpit ESMTP\r\n", lambda _: b"554 no\r\n"),
    "memcached": (9, lambda _: b"VERSION 1.6.21\r\n", lambda _: b"ERROR\r\n"),
    "mssql": (8, lambda _: b"\x04\x01\x00\x2b\x00\x00\x01\x00" + bytes(35),
              lambda _: b"HTTP/1.1 400 Bad Request\r\n\r\n"),
}


class FakeServer:
    """A one-thread TCP server answering each connection as its protocol would (or not)."""

    def __init__(self, kind: str, right: bool) -> None:
        self.first, good, bad = SPEAKERS[kind]
        self.answer = good if right else bad
        self.right = right
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn, contextlib.suppress(OSError):  # OSError: the client hung up first
                self._answer(conn)

    def _answer(self, conn: socket.socket) -> None:
        request = b""
        while len(request) < self.first:
            chunk = conn.recv(self.first - len(request))
            if not chunk:
                return
            request += chunk
        conn.sendall(self.answer(request))
        if self.right:
            conn.recv(1)  # wait until the client hangs up; a foreign server hangs up itself

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def fake() -> Iterator[Callable[[str, bool], FakeServer]]:
    servers: list[FakeServer] = []

    def start(kind: str, right: bool) -> FakeServer:
        servers.append(FakeServer(kind, right))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def url(kind: str, port: int) -> str:
    if kind in ("kafka", "memcached"):
        return f"127.0.0.1:{port}"
    return f"{kind}://app:secret@127.0.0.1:{port}/app"


def test_the_copies_in_the_templates_are_the_same() -> None:
    assert (SERVICES / "django" / "template" / "health" / "wire.py").read_bytes() == PY.read_bytes()
    assert (SERVICES / "nextjs" / "template" / "lib" / "wire.js").read_bytes() == JS.read_bytes()


@pytest.mark.parametrize("kind", sorted(SPEAKERS))
def test_python_shakes_hands_and_refuses_a_foreign_answer(kind: str, fake: Callable[[str, bool], FakeServer]) -> None:
    assert wire.check(kind, url(kind, fake(kind, True).port), 2.0) == kind
    with pytest.raises(ConnectionError):
        wire.check(kind, url(kind, fake(kind, False).port), 2.0)


def test_python_reports_a_closed_port_and_parses_addresses() -> None:
    with socket.create_server(("127.0.0.1", 0)) as holder:
        port = holder.getsockname()[1]
    with pytest.raises(OSError):
        wire.check("tcp", f"127.0.0.1:{port}", 1.0)
    assert wire.address("kafka:9092,other:9093", 1) == ("kafka", 9092)
    assert wire.address("mongodb://a:b@mongo:27017/app?authSource=admin", 1) == ("mongo", 27017)
    assert wire.address("cache", 11211) == ("cache", 11211)


NODE_SCRIPT = """
import { check } from %s;
const cases = JSON.parse(process.argv[1]);
const out = {};
for (const [name, kind, value] of cases) {
  try { out[name] = await check(kind, value, 2000); } catch (error) { out[name] = "error: " + error.message; }
}
console.log(JSON.stringify(out));
"""


def test_javascript_shakes_hands_and_refuses_a_foreign_answer(fake: Callable[[str, bool], FakeServer]) -> None:
    node = shutil.which("node")
    assert node, "node is needed to test the express and nextjs readiness code"
    cases = []
    for kind in sorted(SPEAKERS):
        cases.append([f"{kind}:right", kind, url(kind, fake(kind, True).port)])
        cases.append([f"{kind}:wrong", kind, url(kind, fake(kind, False).port)])
    script = NODE_SCRIPT % json.dumps(JS.as_uri())
    result = subprocess.run([node, "--input-type=module", "-e", script, json.dumps(cases)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    for kind in SPEAKERS:
        assert answers[f"{kind}:right"] == kind
        assert answers[f"{kind}:wrong"].startswith("error: "), (kind, answers[f"{kind}:wrong"])


@pytest.mark.parametrize("kind", sorted(SPEAKERS))
def test_verify_link_handshakes_pass_the_protocol_and_refuse_a_foreign_answer(
        kind: str, fake: Callable[[str, bool], FakeServer]) -> None:
    from scaffold.verify.checks import HANDSHAKES, Probe
    from scaffold.verify.probes import probe

    shake = HANDSHAKES[kind]
    for right in (True, False):
        # verify proves a MongoDB answers (its reply's first 64 bytes hold no `ok`): the
        # foreign answer is another protocol's
        server = fake("smtp" if kind == "mongodb" and not right else kind, right)
        seen = probe.tcp_connect(Probe("x", "tcp", "127.0.0.1", server.port, send=shake.send,
                                       listen=shake.listen).as_json())
        assert shake.answered(bytes.fromhex(seen["reply"])) is right, (kind, right, seen)
