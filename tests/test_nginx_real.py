"""A real nginx accepts every example's config in both modes, gixy-ng finds nothing in them, and
a live nginx proxies to real HTTP servers: forwarded headers, /health, 404, a WebSocket upgrade."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import re
import socket
import subprocess
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from scaffold.conventions import NGINX_TLS_DIR
from scaffold.errors import InputError
from scaffold.manifest.build import loads
from scaffold.manifest.model import Manifest
from scaffold.manifest.source import parse
from scaffold.ports.assign import assign
from scaffold.targets import nginx
from scaffold.targets.render import render
from tests.helpers import EXAMPLES, find_tool, free_port

# beyond the examples: every feature at once (nesting, strip_prefix, websocket, health path)
KITCHEN_SINK = textwrap.dedent("""\
    name: 9-kitchen-sink
    services:
      web: {preset: nextjs, routes: ["/"]}
      api: {preset: fastapi, routes: [/api/, {path: /api/ws/, websocket: true}]}
      users:
        preset: express
        routes: [{path: /api/users/, overrides: api, strip_prefix: true}]
      worker:
        preset: image
        image: ghcr.io/acme/worker:1.4
        internal_port: 9000
        healthcheck: {http: /healthz}
        routes: [/jobs/, /jobs-v2.1/]
    proxy:
      server_name: "kitchen.test *.kitchen.test"
      health: worker
      connect_timeout: 5s
      read_timeout: 1h
      client_max_body_size: 1g
""")
# compose allows '_' in service names: nginx reaches them by those names too
UNDERSCORES = textwrap.dedent("""\
    name: under_scores
    services:
      user_db: {preset: postgres}
      user_service: {preset: fastapi, depends_on: [user_db], routes: [/api/]}
      web_app: {preset: build, internal_port: 3000, depends_on: [user_service], routes: ["/"]}
""")
MANIFESTS = [*((e.name, (e / "scaffold.yaml").read_text(encoding="utf-8")) for e in EXAMPLES),
             ("kitchen-sink", KITCHEN_SINK), ("underscores", UNDERSCORES)]
CASES = [(name, text, mode, tls) for name, text in MANIFESTS
         for mode in ("host", "compose") for tls in (False, True)]
IDS = [f"{name}-{mode}{'-tls' if tls else ''}" for name, _, mode, tls in CASES]


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a throwaway self-signed certificate.pem and key.pem."""
    openssl = find_tool("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "certificate.pem")],
                   check=True, capture_output=True, timeout=30)
    return folder


def variant(text: str, mode: str, tls: Path | None) -> Manifest:
    """The manifest with its proxy switched to `mode`, serving HTTPS with `tls`'s files if given."""
    data: dict[str, Any] = parse(text, "scaffold.yaml").data
    proxy = data.setdefault("proxy", {})
    proxy["mode"] = mode
    if tls is not None:
        proxy["tls"] = {"certificate": str(tls / "certificate.pem"), "key": str(tls / "key.pem")}
    return loads(json.dumps(data))  # JSON is YAML, and keeps every value's type


def wrapper(folder: Path, conf: Path, live: bool = False) -> Path:
    """An nginx.conf giving the generated file the http {} context, everything else in `folder`."""
    temp = "\n".join(f"    {kind}_temp_path {folder}/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    top = "daemon off;\nmaster_process off;\n" if live else ""
    path = folder / "nginx.conf"
    path.write_text(f"{top}pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
                    f"events {{}}\nhttp {{\n{temp}\n    access_log {folder}/access.log;\n"
                    f"    include {conf};\n}}\n", encoding="utf-8")
    return path


def generated(case: tuple[str, str, str, bool], certificate: Path,
              folder: Path) -> Path | None:
    """The case's nginx config inside a wrapper, or None when the case renders none."""
    _, text, mode, tls = case
    try:
        m = variant(text, mode, certificate if tls else None)
    except InputError as error:  # host mode refuses some stacks; it must say why
        assert mode == "host"
        assert all("proxy.mode host" in p.message or "proxy.mode is host" in p.message
                   for p in error.problems), error.lines()
        return None
    files = {f.path: f.content for f in render(m, assign(m))}
    if not nginx.wanted(m):
        assert not [p for p in files if p.startswith("nginx/")]
        return None
    content = files[nginx.filename(m)]
    # compose mode names the files where the proxy service mounts them; here they are elsewhere
    content = content.replace(NGINX_TLS_DIR, str(certificate))
    conf = folder / "site.conf"
    conf.write_text(content, encoding="utf-8")
    return wrapper(folder, conf)


@pytest.mark.tool
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_nginx_accepts_the_config(case: tuple[str, str, str, bool], certificate: Path,
                                  tmp_path: Path, tool: Callable[[str], str]) -> None:
    conf = generated(case, certificate, tmp_path)
    if conf is None:
        return
    result = subprocess.run([tool("nginx"), "-t", "-q", "-p", str(tmp_path), "-c", str(conf),
                             "-e", str(tmp_path / "error.log")],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr + (tmp_path / "site.conf").read_text()


@pytest.mark.tool
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_gixy_finds_nothing(case: tuple[str, str, str, bool], certificate: Path,
                            tmp_path: Path, tool: Callable[[str], str]) -> None:
    conf = generated(case, certificate, tmp_path)
    if conf is None:
        return
    result = subprocess.run([tool("gixy"), "-f", "json", str(conf)],
                            capture_output=True, text=True, timeout=60)
    assert json.loads(result.stdout) == [], result.stdout
    assert result.returncode == 0, result.stderr


@pytest.mark.tool
def test_the_checks_above_can_fail(tmp_path: Path, tool: Callable[[str], str]) -> None:
    """nginx and gixy do reject what they should, through the same wrapper."""
    conf = tmp_path / "site.conf"
    conf.write_text("server {\n    listen 80;\n    location / { proxy_pass http://127.0.0.1:9; "
                    "add_header X-Frame-Options DENY; }\n    add_header X-A b;\n"
                    "    server_tokens on;\n}\n", encoding="utf-8")
    wrapped = wrapper(tmp_path, conf)
    gixy = subprocess.run([tool("gixy"), "-f", "json", str(wrapped)],
                          capture_output=True, text=True, timeout=60)
    assert json.loads(gixy.stdout) != []
    conf.write_text("server { listen 80; location /a/ { proxy_pass http://x; } }\n",
                    encoding="utf-8")  # an upstream name nginx cannot resolve at start
    result = subprocess.run([tool("nginx"), "-t", "-q", "-p", str(tmp_path), "-c", str(wrapped),
                             "-e", str(tmp_path / "error.log")],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0


# --- live ------------------------------------------------------------------------------------

WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


@dataclass
class Upstream:
    """A real HTTP server standing for one service; it remembers what reached it."""

    name: str
    seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.server_address[1]

    def paths(self) -> list[str]:
        return [path for path, _ in self.seen]


def handler(upstream: Upstream) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # so nginx can keep connections alive

        def do_GET(self) -> None:
            upstream.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            if self.headers.get("Upgrade", "").lower() == "websocket":
                self.upgrade()
                return
            body = json.dumps({"service": upstream.name, "path": self.path}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def upgrade(self) -> None:
            digest = hashlib.sha1((self.headers["Sec-WebSocket-Key"] + WEBSOCKET_GUID).encode())
            self.send_response(101)
            self.send_header("Upgrade", "websocket")
            self.send_header("Connection", "Upgrade")
            self.send_header("Sec-WebSocket-Accept", base64.b64encode(digest.digest()).decode())
            self.end_headers()
            self.wfile.flush()
            self.wfile.write(self.rfile.read(4))  # echo four bytes through the tunnel
            self.wfile.flush()
            self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def upstreams() -> Iterator[dict[str, Upstream]]:
    out = {name: Upstream(name) for name in ("api", "users", "chat")}
    threads = []
    for up in out.values():
        up.server = ThreadingHTTPServer(("127.0.0.1", 0), handler(up))
        up.server.daemon_threads = True  # nginx may hold a keepalive connection to the end
        threads.append(threading.Thread(target=up.server.serve_forever, args=(0.05,),
                                        daemon=True))
        threads[-1].start()
    yield out
    for up in out.values():
        assert up.server is not None
        up.server.shutdown()
        up.server.server_close()


@pytest.fixture
def proxy(upstreams: dict[str, Upstream], tmp_path: Path,
          tool: Callable[[str], str]) -> Iterator[int]:
    """A live nginx on loopback running the host-mode config of a stack of the upstreams."""
    port, down = free_port(), free_port()
    m = loads(textwrap.dedent(f"""\
        name: live
        services:
          api: {{preset: fastapi, port: {upstreams['api'].port}, routes: [/api/]}}
          users:
            preset: express
            port: {upstreams['users'].port}
            routes: [{{path: /api/users/, overrides: api, strip_prefix: true}}]
          chat:
            preset: express
            port: {upstreams['chat'].port}
            routes: [{{path: /ws/, websocket: true}}]
          down: {{preset: fastapi, port: {down}, routes: [/down/]}}
        proxy: {{mode: host, port: {port}, server_name: shop.test}}
    """))
    text = nginx.render_nginx(m, assign(m))
    # the config listens on every interface, as a host's front door does; a test keeps to loopback
    text, count = re.subn(r"\n    listen (\d+);", r"\n    listen 127.0.0.1:\1;", text)
    assert count == 1
    conf = tmp_path / "live.conf"
    conf.write_text(text, encoding="utf-8")
    process = subprocess.Popen([tool("nginx"), "-p", str(tmp_path), "-c",
                                str(wrapper(tmp_path, conf, live=True)),
                                "-e", str(tmp_path / "error.log")],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while True:
            assert process.poll() is None, (tmp_path / "error.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not start listening"
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str],
                                                                                  bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": "shop.test", **(headers or {})})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.mark.tool
def test_a_request_reaches_the_right_upstream_with_the_forwarded_headers(
        proxy: int, upstreams: dict[str, Upstream]) -> None:
    status, headers, body = get(proxy, "/api/x?q=1", {"X-Forwarded-For": "203.0.113.9"})
    assert (status, json.loads(body)) == (200, {"service": "api", "path": "/api/x?q=1"})
    (path, seen), = upstreams["api"].seen
    assert path == "/api/x?q=1"
    assert seen["host"] == "shop.test"
    assert seen["x-real-ip"] == "127.0.0.1"
    assert seen["x-forwarded-for"] == "203.0.113.9, 127.0.0.1"
    assert seen["x-forwarded-proto"] == "http"
    assert headers["server"] == "nginx"  # no version
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"


@pytest.mark.tool
def test_a_nested_route_wins_and_strips_its_prefix(proxy: int,
                                                   upstreams: dict[str, Upstream]) -> None:
    assert get(proxy, "/api/users/42")[0] == 200
    assert get(proxy, "/api/usersx")[0] == 200
    assert upstreams["users"].paths() == ["/42"]
    assert upstreams["api"].paths() == ["/api/usersx"]


@pytest.mark.tool
def test_health_answers_and_stays_out_of_the_access_log(proxy: int, tmp_path: Path,
                                                        upstreams: dict[str, Upstream]) -> None:
    assert get(proxy, "/health")[0] == 200
    assert get(proxy, "/api/logged")[0] == 200
    assert upstreams["api"].paths() == ["/health", "/api/logged"]
    # nginx logs a request after it has answered it: wait for the line rather than race it
    access = tmp_path / "access.log"
    deadline = time.monotonic() + 10
    while "/api/logged" not in access.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    log = access.read_text()
    assert "/api/logged" in log
    assert "/health" not in log


@pytest.mark.tool
def test_an_unknown_path_gets_404_and_reaches_no_service(proxy: int,
                                                         upstreams: dict[str, Upstream]) -> None:
    assert get(proxy, "/nope")[0] == 404
    assert get(proxy, "/apix")[0] == 404
    assert all(up.seen == [] for up in upstreams.values())


@pytest.mark.tool
def test_nginx_runs_while_a_service_is_down(proxy: int) -> None:
    assert get(proxy, "/down/x")[0] == 502


@pytest.mark.tool
def test_a_websocket_route_upgrades_and_tunnels(proxy: int,
                                                upstreams: dict[str, Upstream]) -> None:
    key = base64.b64encode(b"sixteen byte key").decode()
    with socket.create_connection(("127.0.0.1", proxy), timeout=10) as s:
        s.sendall(f"GET /ws/chat HTTP/1.1\r\nHost: shop.test\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                  "Sec-WebSocket-Version: 13\r\n\r\n".encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = s.recv(4096)
            assert chunk, head
            head += chunk
        status, _, rest = head.partition(b"\r\n\r\n")
        assert status.startswith(b"HTTP/1.1 101 ")
        expected = base64.b64encode(hashlib.sha1((key + WEBSOCKET_GUID).encode()).digest())
        assert b"\r\nSec-WebSocket-Accept: " + expected in status
        s.sendall(b"ping")
        echoed = rest
        while len(echoed) < 4:
            chunk = s.recv(4096)
            assert chunk, echoed
            echoed += chunk
        assert echoed == b"ping"
    (_, seen), = upstreams["chat"].seen
    assert (seen["upgrade"], seen["connection"]) == ("websocket", "upgrade")


@pytest.mark.tool
def test_a_route_without_websocket_does_not_pass_an_upgrade_on(
        proxy: int, upstreams: dict[str, Upstream]) -> None:
    status, _, _ = get(proxy, "/api/ws", {"Upgrade": "websocket", "Connection": "Upgrade",
                                          "Sec-WebSocket-Key": "x", "Sec-WebSocket-Version": "13"})
    assert status == 200
    (_, seen), = upstreams["api"].seen
    assert "upgrade" not in seen
    assert seen.get("connection", "") != "upgrade"
