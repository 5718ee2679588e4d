"""A real single-node Docker Swarm runs an example's docker-stack.yml.

Every service reaches its replica count and is healthy, and requests through the
published port reach the apps behind nginx. Nothing can be pulled here, so Postgres,
Redis and nginx are scripts/build-images.sh's local images (built when missing), and
the apps are small servers on its python and node images that do what a generated
app must do on Swarm: read each secret from the file its *_FILE variable names. The
backend's readiness asks Redis for PONG with the password Swarm filled into its
REDIS_URL, so the templated secrets, the `sh -c` Redis command and the health checks
are all exercised. The stack, its volumes, the images, the node label and (when this
test made it) the swarm are removed afterwards, pass or fail.
"""

from __future__ import annotations

import json
import secrets
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from scaffold.cli import main
from tests.helpers import OFFLINE_IMAGES, ROOT, build_offline_images, docker, free_port

pytestmark = [pytest.mark.tool, pytest.mark.docker]

EXAMPLE = ROOT / "examples" / "03-jeex-idea"
DEADLINE = 180  # seconds for the stack to come up

BACKEND = '''\
"""Stands in for a generated app: settings from the environment, secrets from *_FILE files."""
import json, os, socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


def setting(name):
    path = os.environ.get(name + "_FILE")
    if path:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    return os.environ[name]


def redis_ping(url):
    parts = urlsplit(url)
    password = parts.password or ""
    request = (f"*2\\r\\n$4\\r\\nAUTH\\r\\n${len(password.encode())}\\r\\n{password}\\r\\n"
               "*1\\r\\n$4\\r\\nPING\\r\\n")
    with socket.create_connection((parts.hostname, parts.port), timeout=2) as conn:
        conn.sendall(request.encode())
        data = b""
        while data.count(b"\\r\\n") < 2:
            chunk = conn.recv(256)
            if not chunk:
                break
            data += chunk
    return data.decode()


def database_answers(url):
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=2):
        return True


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            return self.reply(200, {"status": "ok"})
        try:
            database, redis = setting("DATABASE_URL"), setting("REDIS_URL")
            body = {"path": self.path, "database_url": database, "redis_url": redis,
                    "redis": redis_ping(redis), "database": database_answers(database)}
        except Exception as exc:
            return self.reply(503, {"error": repr(exc)})
        self.reply(200 if body["redis"] == "+OK\\r\\n+PONG\\r\\n" else 503, body)

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), Handler).serve_forever()
'''

FRONTEND = '''\
const http = require("http");
http.createServer((req, res) => {
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(JSON.stringify({ service: "frontend", path: req.url, backend: process.env.BACKEND_URL }));
}).listen(Number(process.env.PORT), "0.0.0.0");
'''


@pytest.fixture(scope="module")
def local_images(engine: None) -> dict[str, str]:  # noqa: ARG001 - the engine must answer first
    """The offline images, built by scripts/build-images.sh when any is missing."""
    missing = [name for name, tag in OFFLINE_IMAGES.items()
               if docker("image", "inspect", tag, check=False).returncode != 0]
    if missing:
        build_offline_images(missing)
    return OFFLINE_IMAGES


@pytest.fixture(scope="module")
def swarm(engine: None) -> Iterator[str]:  # noqa: ARG001 - the engine must answer first
    """This engine as a single-node swarm manager; the id of its node."""
    state = docker("info", "--format", "{{.Swarm.LocalNodeState}}").stdout.strip()
    created = state == "inactive"
    if created:
        docker("swarm", "init", "--advertise-addr", "127.0.0.1")
    try:
        yield docker("info", "--format", "{{.Swarm.NodeID}}").stdout.strip()
    finally:
        if created:
            docker("swarm", "leave", "--force", check=False)


def build(tag: str, base: str, files: dict[str, str], tail: str, folder: Path) -> None:
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        (folder / name).chmod(0o755)
    (folder / "Dockerfile").write_text(f"FROM {base}\n{tail}", encoding="utf-8")
    docker("build", "--quiet", "--tag", tag, str(folder), timeout=300, env={"DOCKER_BUILDKIT": "0"})


def without_ipvs(stack: dict[str, Any]) -> dict[str, Any]:
    """The stack for an engine whose kernel has no IPVS, which Swarm's virtual IPs and its
    ingress routing mesh need: DNS round robin between tasks, ports published on the node."""
    for spec in stack["services"].values():
        spec["deploy"]["endpoint_mode"] = "dnsrr"
        for port in spec.get("ports", ()):
            port["mode"] = "host"
    return stack


def get(url: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def converge(stack: str, replicas: dict[str, int]) -> None:
    """Wait until every service runs its replicas, each task's container healthy."""
    deadline = time.monotonic() + DEADLINE
    seen = ""
    while time.monotonic() < deadline:
        listed = docker("service", "ls", "--filter", f"label=com.docker.stack.namespace={stack}",
                        "--format", "{{.Name}} {{.Replicas}}").stdout.split("\n")
        running = dict(line.split(" ", 1) for line in listed if line)
        containers = docker("ps", "--filter", f"label=com.docker.stack.namespace={stack}",
                            "--format", "{{.Label \"com.docker.swarm.service.name\"}} {{.Status}}").stdout
        healthy = [line.split(" ")[0] for line in containers.splitlines() if "(healthy)" in line]
        seen = f"services: {running}\ncontainers:\n{containers}"
        wanted = {f"{stack}_{name}": f"{n}/{n}" for name, n in replicas.items()}
        if all(running.get(name, "").startswith(want) for name, want in wanted.items()) and \
                all(healthy.count(name) == n for name, n in
                    ((f"{stack}_{s}", n) for s, n in replicas.items())):
            return
        time.sleep(2)
    tasks = docker("stack", "ps", stack, "--no-trunc", "--format",
                   "{{.Name}} {{.CurrentState}} {{.Error}}", check=False).stdout
    raise AssertionError(f"the stack did not converge in {DEADLINE}s\n{seen}\ntasks:\n{tasks}")


def teardown(stack: str, volumes: list[str]) -> None:
    docker("stack", "rm", stack, check=False)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        left = docker("ps", "-a", "-q", "--filter", f"label=com.docker.stack.namespace={stack}",
                      check=False).stdout.split()
        networks = docker("network", "ls", "-q", "--filter", f"label=com.docker.stack.namespace={stack}",
                          check=False).stdout.split()
        if not left and not networks:
            break
        time.sleep(1)
    for volume in volumes:
        docker("volume", "rm", f"{stack}_{volume}", check=False)


def test_an_example_stack_runs_on_a_real_swarm(tmp_path: Path, swarm: str,
                                               local_images: dict[str, str]) -> None:
    uid = uuid.uuid4().hex[:10]
    prefix = f"scaffold-test-{uid}"
    stack = f"scaffold-test-{uid}"
    port = free_port("0.0.0.0")
    data = yaml.safe_load((EXAMPLE / "scaffold.yaml").read_text(encoding="utf-8"))
    data["image_prefix"] = prefix
    data["targets"] = ["compose", "swarm"]
    data["services"]["postgres"].update(version="15", image=f"{prefix}/postgres:15")
    data["services"]["redis"]["image"] = local_images["redis"]
    data["services"]["backend"]["replicas"] = 2
    data["proxy"].update(image=local_images["nginx"], port=port)
    project = tmp_path / "project"
    project.mkdir()
    manifest = project / "scaffold.yaml"
    manifest.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert main(["generate", "-f", str(manifest), "--no-registry"]) == 0

    tag = uid
    images = [f"{prefix}/jeex-idea-backend:{tag}", f"{prefix}/jeex-idea-frontend:{tag}", f"{prefix}/postgres:15"]
    passwords = {"POSTGRES_PASSWORD": secrets.token_urlsafe(18), "REDIS_PASSWORD": secrets.token_urlsafe(18)}
    node_label = "jeex-idea.data"
    stack_file = project / "docker-stack.yml"
    try:
        build(images[0], local_images["python"], {"app.py": BACKEND},
              'COPY app.py /app/app.py\nCMD ["python", "/app/app.py"]\n', tmp_path / "backend")
        build(images[1], local_images["node"], {"app.js": FRONTEND},
              'COPY app.js /app/app.js\nCMD ["node", "/app/app.js"]\n', tmp_path / "frontend")
        docker("tag", local_images["postgres"], images[2])  # it reads POSTGRES_PASSWORD_FILE
        (project / "secrets").mkdir()
        for name, value in passwords.items():
            (project / "secrets" / name).write_text(value, encoding="utf-8")
        if not Path("/proc/net/ip_vs").exists():
            deployed = without_ipvs(yaml.safe_load(stack_file.read_text(encoding="utf-8")))
            stack_file = project / "docker-stack.no-ipvs.yml"
            stack_file.write_text(yaml.safe_dump(deployed, sort_keys=False), encoding="utf-8")
        docker("node", "update", "--label-add", f"{node_label}=true", swarm)
        docker("stack", "deploy", "--compose-file", str(stack_file), stack, env={"IMAGE_TAG": tag})

        converge(stack, {"backend": 2, "frontend": 1, "postgres": 1, "redis": 1, "proxy": 1})

        status, body = get(f"http://127.0.0.1:{port}/api/ready")
        assert status == 200, body
        assert body["path"] == "/api/ready"
        assert body["redis"] == "+OK\r\n+PONG\r\n"
        assert body["database"] is True
        # Swarm filled the password secrets into the URLs: the file is the URL, exactly
        assert body["database_url"] == (
            f"postgresql://jeex_app:{passwords['POSTGRES_PASSWORD']}@postgres:5432/jeex_idea")
        assert body["redis_url"] == f"redis://:{passwords['REDIS_PASSWORD']}@redis:6379/0"
        status, body = get(f"http://127.0.0.1:{port}/")
        assert (status, body["service"], body["backend"]) == (200, "frontend", "http://backend:8000")
        assert get(f"http://127.0.0.1:{port}/health")[0] == 200
    finally:
        teardown(stack, ["postgres-data", "redis-data"])
        docker("node", "update", "--label-rm", node_label, swarm, check=False)
        docker("rmi", "--force", *images, check=False)
