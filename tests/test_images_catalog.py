"""The catalog's local stand-ins for mariadb:10.11, rabbitmq:3 and memcached:1.6 on a real engine.

scripts/build-images.sh builds them from Debian's packages (here when missing; CI builds every
image first). Each runs as `docker run` would run a compose service: on a throwaway network,
configured by the official images' environment variables, checked by the healthcheck command
a preset would use, then asked for real work from another container on that network: a MariaDB
`SELECT` as the app user over TCP (and a wrong password refused), an AMQP 0-9-1 handshake as
RabbitMQ's default user into its default vhost, a memcached `set`/`get`. The three servers
start together, so their start-ups overlap; every container and the network go afterwards,
pass or fail.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT, docker

pytestmark = [pytest.mark.tool, pytest.mark.docker]

LOCAL = os.environ.get("SCAFFOLD_IMAGE_PREFIX", "scaffold-local")
IMAGES = {"mariadb": "mariadb:10.11", "rabbitmq": "rabbitmq:3", "memcached": "memcached:1.6",
          "python": "python:3.11"}
HEALTHY_WITHIN = 90  # seconds for a server to pass its healthcheck

# what the presets put in `healthcheck.test`: each also works in the official image
MARIADB_HEALTHCHECK = ("healthcheck.sh", "--connect", "--innodb_initialized")
RABBITMQ_HEALTHCHECK = ("rabbitmq-diagnostics", "-q", "check_port_connectivity")
MEMCACHED_HEALTHCHECK = ("bash", "-c", 'exec 3<>/dev/tcp/127.0.0.1/11211 && printf "version\\r\\n" >&3'
                         ' && head -n1 <&3 | grep -q ^VERSION')

DB_PASSWORD = "app-'pass\"word\\" + secrets.token_hex(4)  # quotes and a backslash: SQL escaping
DB_ROOT_PASSWORD = secrets.token_urlsafe(12)
MQ_PASSWORD = secrets.token_urlsafe(12)

AMQP_CLIENT = r'''
"""AMQP 0-9-1 by hand: protocol header, Start, Start-Ok (PLAIN), Tune, Tune-Ok, Open, Close."""
import json, socket, struct, sys

host, user, password, vhost = sys.argv[1:5]


def shortstr(text):
    data = text.encode()
    return struct.pack(">B", len(data)) + data


def longstr(data):
    return struct.pack(">I", len(data)) + data


def method(class_id, method_id, arguments=b""):
    payload = struct.pack(">HH", class_id, method_id) + arguments
    return struct.pack(">BHI", 1, 0, len(payload)) + payload + b"\xce"


def exactly(conn, size):
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise EOFError(f"the server closed the connection ({len(data)} of {size} bytes read)")
        data += chunk
    return data


def receive(conn):
    while True:
        kind, _channel, size = struct.unpack(">BHI", exactly(conn, 7))
        payload = exactly(conn, size)
        if exactly(conn, 1) != b"\xce":
            raise ValueError("a frame without its end octet")
        if kind == 1:
            return struct.unpack(">HH", payload[:4]), payload[4:]
        if kind != 8:  # heartbeats are skipped
            raise ValueError(f"frame type {kind} during the handshake")


result = {"steps": []}
try:
    with socket.create_connection((host, 5672), timeout=10) as conn:
        conn.sendall(b"AMQP\x00\x00\x09\x01")
        (cls, meth), args = receive(conn)
        result["steps"].append("start" if (cls, meth) == (10, 10) else f"{cls}.{meth}")
        result["version"] = [args[0], args[1]]
        table = struct.unpack(">I", args[2:6])[0]
        result["product"] = b"RabbitMQ" in args[6:6 + table]
        rest = args[6 + table:]
        result["mechanisms"] = rest[4:4 + struct.unpack(">I", rest[:4])[0]].decode().split()
        # the capability makes a refused login a Connection.Close with its reason
        capabilities = shortstr("authentication_failure_close") + b"t\x01"
        properties = shortstr("capabilities") + b"F" + longstr(capabilities)
        response = b"\x00" + user.encode() + b"\x00" + password.encode()
        conn.sendall(method(10, 11, longstr(properties) + shortstr("PLAIN") + longstr(response)
                            + shortstr("en_US")))
        for expected, name in (((10, 30), "tune"), ((10, 41), "open-ok"), ((10, 51), "close-ok")):
            (cls, meth), args = receive(conn)
            if (cls, meth) == (10, 50):
                code, = struct.unpack(">H", args[:2])
                result["closed"] = [code, args[3:3 + args[2]].decode()]
                break
            if (cls, meth) != expected:
                result["steps"].append(f"{cls}.{meth}")
                break
            result["steps"].append(name)
            if name == "tune":
                channel_max, frame_max, _heartbeat = struct.unpack(">HIH", args[:8])
                conn.sendall(method(10, 31, struct.pack(">HIH", channel_max, frame_max, 0)))
                conn.sendall(method(10, 40, shortstr(vhost) + shortstr("") + b"\x00"))
            elif name == "open-ok":
                conn.sendall(method(10, 50, struct.pack(">H", 200) + shortstr("bye")
                                    + struct.pack(">HH", 0, 0)))
except (OSError, EOFError, ValueError) as exc:
    result["error"] = repr(exc)
print(json.dumps(result))
'''

MEMCACHED_CLIENT = r'''
"""memcached's text protocol: set, get, and the settings the server runs with."""
import json, socket, sys

with socket.create_connection((sys.argv[1], 11211), timeout=10) as conn:
    stream = conn.makefile("rwb")

    def ask(request, last_line):
        stream.write(request)
        stream.flush()
        lines = []
        while not lines or lines[-1] not in last_line:
            line = stream.readline()
            if not line:
                break
            lines.append(line)
        return b"".join(lines).decode()

    print(json.dumps({
        "set": ask(b"set catalog-key 0 60 5\r\nhello\r\n", (b"STORED\r\n", b"NOT_STORED\r\n", b"ERROR\r\n")),
        "get": ask(b"get catalog-key\r\n", (b"END\r\n",)),
        "settings": ask(b"stats settings\r\n", (b"END\r\n",)),
    }))
'''


@pytest.fixture(scope="module")
def images(engine: None) -> dict[str, str]:  # noqa: ARG001 - the engine must answer first
    """The stand-ins and the python image the clients run in, built when any is missing."""
    tags = {name: f"{LOCAL}/{tag}" for name, tag in IMAGES.items()}
    missing = [name for name, tag in tags.items()
               if docker("image", "inspect", tag, check=False).returncode != 0]
    if missing:
        built = subprocess.run(["bash", str(ROOT / "scripts" / "build-images.sh"), *missing],
                               capture_output=True, text=True, timeout=1800)
        assert built.returncode == 0, built.stderr[-2000:]
    return tags


class Servers:
    """Names of the containers on one network; clients run there and go with the rest."""

    def __init__(self, images: dict[str, str]) -> None:
        self.images = images
        self.run = f"scaffold-test-{uuid.uuid4().hex[:10]}"
        self.network = self.run
        self.names: dict[str, str] = {}

    def create(self, alias: str, image: str, *args: str, env: dict[str, str] | None = None) -> str:
        """A container, not started yet, that the others reach as ALIAS."""
        name = f"{self.run}-{alias}"
        flags = [f"--env={key}={value}" for key, value in (env or {}).items()]
        docker("create", "--name", name, "--label", f"org.scaffold.test={self.run}", "--network", self.network,
               "--network-alias", alias, *flags, image, *args)
        self.names[alias] = name
        return name

    def copy(self, alias: str, folder: str, files: dict[str, str], tmp: Path) -> None:
        """Files into a created container, readable by everyone, as Swarm mounts secrets."""
        local = tmp / f"{alias}{folder.replace('/', '-')}"
        local.mkdir()
        for file, text in files.items():
            (local / file).write_text(text, encoding="utf-8")
            (local / file).chmod(0o644)
        docker("cp", f"{local}/.", f"{self.names[alias]}:{folder}")

    def client(self, image: str, *args: str, timeout: int = 60) -> subprocess.CompletedProcess[str]:
        return docker("run", "--rm", "--label", f"org.scaffold.test={self.run}", "--network", self.network,
                      image, *args, check=False, timeout=timeout)

    def execute(self, alias: str, *args: str) -> subprocess.CompletedProcess[str]:
        return docker("exec", self.names[alias], *args, check=False, timeout=30)

    def wait_healthy(self, alias: str, *check: str) -> float:
        """Seconds until CHECK, run in the container, exits 0; fails with the logs after HEALTHY_WITHIN."""
        return wait_until(lambda: self.execute(alias, *check).returncode == 0,
                          f"{alias} to pass {' '.join(check)}", lambda: self.logs(alias))

    def logs(self, alias: str) -> str:
        done = docker("logs", "--tail", "40", self.names[alias], check=False)
        state = docker("inspect", "--format", "{{.State.Status}} exit={{.State.ExitCode}}", self.names[alias],
                       check=False).stdout.strip()
        return f"container {state}\n{done.stdout}{done.stderr}"

    def pid1(self, alias: str) -> tuple[str, str]:
        """The user and the command line of the container's PID 1."""
        done = self.execute(alias, "sh", "-c", "id -nu \"$(awk '/^Uid:/ {print $2}' /proc/1/status)\"; "
                                               "tr '\\0' ' ' </proc/1/cmdline")
        user, _, command = done.stdout.partition("\n")
        return user.strip(), command.strip()


def wait_until(check: Callable[[], bool], what: str, details: Callable[[], str]) -> float:
    started = time.monotonic()
    while time.monotonic() - started < HEALTHY_WITHIN:
        if check():
            return time.monotonic() - started
        time.sleep(0.25)
    raise AssertionError(f"waited {HEALTHY_WITHIN}s for {what}\n{details()}")


@pytest.fixture(scope="module")
def servers(images: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """MariaDB, RabbitMQ and memcached, started together, configured as a compose file would."""
    group = Servers(images)
    tmp = tmp_path_factory.mktemp("catalog")
    docker("network", "create", "--label", f"org.scaffold.test={group.run}", group.network)
    try:
        # MARIADB_* and MYSQL_* names mixed, the app's password as a secret file with its newline
        group.create("db", images["mariadb"], env={
            "MARIADB_ROOT_PASSWORD": DB_ROOT_PASSWORD, "MYSQL_DATABASE": "catalog_db", "MARIADB_USER": "app",
            "MARIADB_PASSWORD_FILE": "/run/secrets/db-password"})
        group.copy("db", "/run/secrets", {"db-password": DB_PASSWORD + "\n"}, tmp)
        # the setup's server stays up until the first test has seen the healthcheck fail (15s at most)
        group.copy("db", "/docker-entrypoint-initdb.d", {
            "10-hold.sh": "touch /tmp/setup-running\n"
                          "for _ in $(seq 150); do [ -e /tmp/setup-seen ] && break; sleep 0.1; done\n",
            "20-seed.sql": "CREATE TABLE seeded (note VARCHAR(20));\nINSERT INTO seeded VALUES ('from-initdb');\n",
        }, tmp)
        group.create("mq", images["rabbitmq"], env={
            "RABBITMQ_DEFAULT_USER": "app", "RABBITMQ_DEFAULT_PASS": MQ_PASSWORD,
            "RABBITMQ_DEFAULT_VHOST": "catalog"})
        # `command: ["-m", "32"]` and `command: ["memcached", "-m", "16"]` both work with memcached:1.6
        group.create("cache", images["memcached"], "-m", "32")
        group.create("cache-full", images["memcached"], "memcached", "-m", "16")
        for name in group.names.values():
            docker("start", name)
        yield group
    finally:
        left = docker("ps", "-a", "-q", "--filter", f"label=org.scaffold.test={group.run}", check=False)
        if left.stdout.split():
            docker("rm", "--force", "--volumes", *left.stdout.split(), check=False)
        docker("network", "rm", group.network, check=False)


def mariadb(servers: Servers, user: str, password: str, sql: str) -> subprocess.CompletedProcess[str]:
    """SQL run over TCP from another container, with the image's own client."""
    return servers.client(servers.images["mariadb"], "mariadb", "--host=db", "--protocol=tcp", f"--user={user}",
                          f"--password={password}", "--database=catalog_db", "--batch", "--skip-column-names",
                          f"--execute={sql}")


def test_mariadb_is_unhealthy_while_it_sets_up_then_healthy(servers: Servers) -> None:
    wait_until(lambda: servers.execute("db", "test", "-e", "/tmp/setup-running").returncode == 0,
               "the entrypoint's setup to run the initdb.d scripts", lambda: servers.logs("db"))
    # the setup's server answers on its socket, but takes no TCP connections yet
    assert servers.execute("db", "mariadb", f"--password={DB_ROOT_PASSWORD}", "-e", "SELECT 1").returncode == 0
    during = servers.execute("db", *MARIADB_HEALTHCHECK)
    servers.execute("db", "touch", "/tmp/setup-seen")
    assert during.returncode != 0, during.stdout + during.stderr
    servers.wait_healthy("db", *MARIADB_HEALTHCHECK)
    assert servers.pid1("db") == ("mysql", "mariadbd")
    ping = servers.execute("db", "mysqladmin", "--host=127.0.0.1", "--user=root",
                           f"--password={DB_ROOT_PASSWORD}", "ping")
    assert ping.stdout.strip() == "mysqld is alive", ping.stderr
    assert servers.execute("db", "mysql", "--version").returncode == 0


def test_mariadb_app_user_selects_from_another_container(servers: Servers) -> None:
    servers.wait_healthy("db", *MARIADB_HEALTHCHECK)
    done = mariadb(servers, "app", DB_PASSWORD,
                   "SELECT 1; SELECT CURRENT_USER(), DATABASE(); SELECT note FROM seeded")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n") == ["1", "app@%\tcatalog_db", "from-initdb", ""]
    # the app user owns its database only
    denied = mariadb(servers, "app", DB_PASSWORD, "SELECT COUNT(*) FROM mysql.user")
    assert denied.returncode != 0 and "denied" in denied.stderr, denied.stdout + denied.stderr
    # root may connect from anywhere, with MARIADB_ROOT_PASSWORD
    root = mariadb(servers, "root", DB_ROOT_PASSWORD, "SELECT COUNT(*) FROM mysql.global_priv WHERE user = 'app'")
    assert (root.returncode, root.stdout) == (0, "1\n"), root.stderr


def test_mariadb_refuses_a_wrong_password(servers: Servers) -> None:
    servers.wait_healthy("db", *MARIADB_HEALTHCHECK)
    for user, password in (("app", DB_PASSWORD + "x"), ("app", ""), ("root", "not-" + DB_ROOT_PASSWORD)):
        done = mariadb(servers, user, password, "SELECT 1")
        assert done.returncode != 0, done.stdout
        assert "ERROR 1045 (28000): Access denied" in done.stderr, done.stderr


def test_mariadb_initialises_on_first_start_only(servers: Servers) -> None:
    servers.wait_healthy("db", *MARIADB_HEALTHCHECK)
    docker("restart", "--time", "30", servers.names["db"], timeout=60)
    servers.wait_healthy("db", *MARIADB_HEALTHCHECK)
    logs = docker("logs", servers.names["db"]).stderr
    assert logs.count("entrypoint: initialising") == 1, logs[-3000:]
    assert "holds a database already" in logs, logs[-3000:]
    done = mariadb(servers, "app", DB_PASSWORD, "SELECT note FROM seeded")
    assert (done.returncode, done.stdout) == (0, "from-initdb\n"), done.stderr


def amqp(servers: Servers, user: str, password: str, vhost: str) -> dict[str, Any]:
    """The AMQP handshake from another container: the steps it got through, and why it stopped."""
    done = servers.client(servers.images["python"], "python", "-c", AMQP_CLIENT, "mq", user, password, vhost)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_rabbitmq_default_user_opens_its_vhost_over_amqp(servers: Servers) -> None:
    servers.wait_healthy("mq", *RABBITMQ_HEALTHCHECK)
    assert servers.execute("mq", "rabbitmq-diagnostics", "-q", "ping").returncode == 0
    user, command = servers.pid1("mq")
    assert user == "rabbitmq" and command.endswith("rabbitmq-server"), command
    result = amqp(servers, "app", MQ_PASSWORD, "catalog")
    assert result["steps"] == ["start", "tune", "open-ok", "close-ok"], result
    assert result["version"] == [0, 9] and result["product"] is True, result
    assert "PLAIN" in result["mechanisms"], result


def test_rabbitmq_refuses_a_wrong_password_and_guest(servers: Servers) -> None:
    servers.wait_healthy("mq", *RABBITMQ_HEALTHCHECK)
    for user, password in (("app", MQ_PASSWORD + "x"), ("guest", "guest")):
        result = amqp(servers, user, password, "catalog")
        assert result["steps"] == ["start"], result
        code, reason = result["closed"]
        assert code == 403 and "ACCESS_REFUSED" in reason, result


def test_rabbitmq_refuses_the_file_variables_like_the_official_image(images: dict[str, str]) -> None:
    done = docker("run", "--rm", "--env", "RABBITMQ_DEFAULT_PASS_FILE=/run/secrets/mq", images["rabbitmq"],
                  check=False, timeout=60)
    assert done.returncode == 1 and "RABBITMQ_DEFAULT_PASS_FILE is set but deprecated" in done.stderr, done.stderr


def test_rabbitmq_stops_cleanly_on_sigterm(servers: Servers) -> None:
    servers.wait_healthy("mq", *RABBITMQ_HEALTHCHECK)
    started = time.monotonic()
    docker("stop", "--time", "30", servers.names["mq"], timeout=60)
    took = time.monotonic() - started
    state = docker("inspect", "--format", "{{.State.ExitCode}}", servers.names["mq"]).stdout.strip()
    assert took < 20 and state == "0", f"stopped in {took:.1f}s with exit code {state}\n{servers.logs('mq')}"


@pytest.mark.parametrize(("alias", "megabytes"), [("cache", 32), ("cache-full", 16)])
def test_memcached_stores_and_returns_a_value(servers: Servers, alias: str, megabytes: int) -> None:
    servers.wait_healthy(alias, *MEMCACHED_HEALTHCHECK)
    assert servers.pid1(alias) == ("memcache", f"memcached -m {megabytes}")
    done = servers.client(servers.images["python"], "python", "-c", MEMCACHED_CLIENT, alias)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["set"] == "STORED\r\n", result
    assert result["get"] == "VALUE catalog-key 0 5\r\nhello\r\nEND\r\n", result
    assert f"STAT maxbytes {megabytes << 20}\r\n" in result["settings"], result  # the options reached memcached
