"""The generated services, for real: their own tests and linters, then each one running.

One project holds all four app presets. Its FastAPI service runs under uvicorn,
Django under gunicorn, Express and Next.js (after `next build`) under node, all
against a throwaway PostgreSQL and Redis started here on free loopback ports.
Each answers /health; /health/ready is 200 while everything is up, 503 naming
redis while Redis is stopped, and 200 again once it is back.

Each app has a data layer (the `items` resource) since it depends on Postgres: its
migrations run first, as the stack's one-shot migrate job would, then each app's own
integration suite (tests/integration, test/integration) runs against the live stack,
fails once its migrations are undone, and passes again after they are reapplied.

Installs are cached by the hash of what they install (SCAFFOLD_TEST_CACHE,
default ~/.cache/scaffold-tests): a virtualenv per Python preset, node_modules
per Node preset, copied into place with hard links.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from scaffold.cli import main
from tests.helpers import free_port

Tool = Callable[[str], str]
CACHE = Path(os.environ.get("SCAFFOLD_TEST_CACHE") or Path.home() / ".cache" / "scaffold-tests")
PASSWORD = "s3cret-for-tests"
APPS = {"api": "fastapi", "admin": "django", "edge": "express", "web": "nextjs"}
pytestmark = pytest.mark.tool


# --- the throwaway infrastructure --------------------------------------------------------------


def wait_for(predicate: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {seconds:g}s waiting for {what}")


def listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def postgres_tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                      key=lambda p: int(p.split("/")[4]))
    return versions[-1] if versions else None


@dataclass
class Postgres:
    port: int
    folder: Path
    as_user: list[str]

    @property
    def url(self) -> str:
        return f"postgresql://app:{PASSWORD}@127.0.0.1:{self.port}/app"

    def stop(self) -> None:
        subprocess.run([*self.as_user, str(postgres_tool("pg_ctl")), "-D",
                        str(self.folder / "data"), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)


def start_postgres() -> Postgres:
    """A private cluster on a free port; as the postgres user when we are root (it refuses root)."""
    initdb, pg_ctl = postgres_tool("initdb"), postgres_tool("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("PostgreSQL is not installed (scripts/bootstrap.sh installs it)")
    folder = Path(tempfile.mkdtemp(prefix="scaffold-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    (folder / "pw").write_text(PASSWORD)
    if as_user:
        os.chown(folder / "pw", pwd.getpwnam("postgres").pw_uid, -1)
    port = free_port()
    run = [*as_user, initdb, "-D", str(folder / "data"), "-U", "app", "--auth=scram-sha-256",
           f"--pwfile={folder / 'pw'}", "--no-sync"]
    subprocess.run(run, check=True, capture_output=True, timeout=120)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run([*as_user, pg_ctl, "-D", str(folder / "data"), "-o", options, "-w",
                    "-l", str(folder / "log"), "start"], check=True, capture_output=True,
                   timeout=120)
    server = Postgres(port, folder, as_user)
    psql = postgres_tool("psql") or "psql"
    subprocess.run([psql, "-h", "127.0.0.1", "-p", str(port), "-U", "app", "-d", "postgres",
                    "-c", "CREATE DATABASE app"], check=True, capture_output=True, timeout=60,
                   env={**os.environ, "PGPASSWORD": PASSWORD})
    return server


@dataclass
class Redis:
    binary: str
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://:{PASSWORD}@127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--requirepass",
             PASSWORD, "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: listening(self.port), 20, "redis-server")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None


# --- installs, cached by what they install -------------------------------------------------------


def digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def cached(key: str, build: Callable[[Path], None]) -> Path:
    """CACHE/key, built once into a temporary folder and renamed, so a half build never counts."""
    final = CACHE / key
    if final.is_dir():
        return final
    CACHE.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f"{key}.", dir=CACHE))
    try:
        build(scratch)
        os.replace(scratch, final)
    except OSError:
        if not final.is_dir():
            raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return final


def python_env(service: Path) -> Path:
    """A virtualenv with the service's requirements-dev.txt (its runtime deps and tools)."""
    text = (service / "requirements.txt").read_text() + (service / "requirements-dev.txt").read_text()
    key = f"venv-{digest(text, sys.version)}"

    def build(folder: Path) -> None:
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, timeout=120)
        subprocess.run([str(folder / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
                        "-r", str(service / "requirements-dev.txt")],
                       check=True, capture_output=True, timeout=600, cwd=service)

    # a venv is not relocatable: build it where it will live, and mark it done last
    final = CACHE / key
    if not (final / ".complete").exists():
        shutil.rmtree(final, ignore_errors=True)
        CACHE.mkdir(parents=True, exist_ok=True)
        build(final)
        (final / ".complete").touch()
    return final


def node_modules(service: Path, npm: str) -> None:
    """`npm install` once per package.json; each project gets a hard-linked copy."""
    package = (service / "package.json").read_text()
    version = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout
    key = f"node-{digest(package, version)}"

    def build(folder: Path) -> None:
        (folder / "package.json").write_text(package)
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=folder, check=True, capture_output=True, timeout=600)

    source = cached(key, build) / "node_modules"
    try:
        shutil.copytree(source, service / "node_modules", symlinks=True, copy_function=os.link)
    except OSError:  # another filesystem: a plain copy
        shutil.rmtree(service / "node_modules", ignore_errors=True)
        shutil.copytree(source, service / "node_modules", symlinks=True)


# --- the stack -------------------------------------------------------------------------------------


@dataclass
class App:
    name: str
    preset: str
    folder: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None
    checks: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def get(url: str) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def command(app: App, env_dir: Path | None) -> list[str]:
    if app.preset == "fastapi":
        assert env_dir is not None
        return [str(env_dir / "bin" / "uvicorn"), "app.main:app", "--host", "127.0.0.1",
                "--port", str(app.port)]
    if app.preset == "django":
        assert env_dir is not None
        return [str(env_dir / "bin" / "gunicorn"), "config.wsgi", "-c", "gunicorn.conf.py",
                "--bind", f"127.0.0.1:{app.port}"]
    if app.preset == "express":
        return ["node", "src/server.js"]
    return ["node", ".next/standalone/server.js"]


def migrate_command(app: App, env_dir: Path | None, direction: str) -> list[str]:
    """The one-shot command the app's image runs to apply (`up`) or undo (`down`) its migrations."""
    if app.preset == "fastapi":
        assert env_dir is not None
        return [str(env_dir / "bin" / "alembic"),
                *(["upgrade", "head"] if direction == "up" else ["downgrade", "base"])]
    if app.preset == "django":
        assert env_dir is not None
        undo = [f"{app.name.replace('-', '_')}_items", "zero"] if direction == "down" else []
        return [str(env_dir / "bin" / "python"), "manage.py", "migrate", *undo]
    return ["node", "migrate.js", direction]


def integration_command(app: App, env_dir: Path | None, junit: Path) -> list[str]:
    """The app's integration suite, as its image runs it inside the stack."""
    if app.preset in ("fastapi", "django"):
        assert env_dir is not None
        return [str(env_dir / "bin" / "python"), "-m", "pytest", "tests/integration", "-v",
                "-p", "no:cacheprovider", f"--junitxml={junit}"]
    return ["npm", "run", "test:integration"]


@dataclass
class Stack:
    root: Path
    apps: dict[str, App]
    postgres: Postgres
    redis: Redis
    envs: dict[str, Path]
    node_checks: dict[tuple[str, str], subprocess.CompletedProcess[str]]
    app_env: dict[str, dict[str, str]] = field(default_factory=dict)  # what each app runs with
    migrated: dict[str, subprocess.CompletedProcess[str]] = field(default_factory=dict)

    def run(self, name: str, argv: list[str], env: dict[str, str] | None = None,
            timeout: int = 300) -> subprocess.CompletedProcess[str]:
        """A command in app `name`'s folder, with the environment the app itself runs with."""
        return subprocess.run(argv, cwd=self.apps[name].folder, env=env or self.app_env[name],
                              capture_output=True, text=True, timeout=timeout)


def npm_and_redis() -> tuple[str, str]:
    """The npm and redis-server executables; skips (a failure in CI) when either is missing."""
    npm = shutil.which("npm")
    redis_server = shutil.which("redis-server") or "/usr/bin/redis-server"
    if npm is None or shutil.which("node") is None:
        pytest.skip("node and npm are not installed")
    if not os.path.exists(redis_server):
        pytest.skip("redis-server is not installed (scripts/bootstrap.sh installs it)")
    return npm, redis_server


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    npm, redis_server = npm_and_redis()
    base = tmp_path_factory.mktemp("stack")
    services = [f"--service={n}:{p}" for n, p in APPS.items()]
    assert main(["new", "demo", "-o", str(base / "demo"), "--service=postgres",
                 "--service=redis", *services, "--no-registry"]) == 0
    root = base / "demo"
    apps = {n: App(n, p, root / "services" / n) for n, p in APPS.items()}

    postgres = start_postgres()
    redis = Redis(redis_server, free_port())
    started: list[App] = []
    try:
        redis.start()
        with ThreadPoolExecutor(max_workers=4) as pool:
            envs_f: dict[str, Future[Path]] = {
                n: pool.submit(python_env, a.folder) for n, a in apps.items()
                if a.preset in ("fastapi", "django")}
            node_f = [pool.submit(node_modules, a.folder, npm) for a in apps.values()
                      if a.preset in ("express", "nextjs")]
            for f in node_f:
                f.result()
            node_env = {**os.environ, "NEXT_TELEMETRY_DISABLED": "1",
                        "NEXT_IGNORE_INCORRECT_LOCKFILE": "1"}  # no lockfile here, on purpose
            build = pool.submit(subprocess.run, [npm, "run", "build"], cwd=apps["web"].folder,
                                capture_output=True, text=True, timeout=600, env=node_env)
            node_tests = {(n, " ".join(c)): pool.submit(subprocess.run, c, cwd=a.folder,
                                                        capture_output=True, text=True,
                                                        timeout=300, env=node_env)
                          for n, a in apps.items() if a.preset in ("express", "nextjs")
                          for c in ([npm, "test"], [npm, "run", "typecheck"])}
            envs = {n: f.result() for n, f in envs_f.items()}
            built = build.result()
            assert built.returncode == 0, built.stdout + built.stderr
            tests_done = {n: f.result() for n, f in node_tests.items()}

        common = {"DATABASE_URL": postgres.url, "REDIS_URL": redis.url, "WEB_CONCURRENCY": "1",
                  "HEALTH_CHECK_TIMEOUT": "2", "NEXT_TELEMETRY_DISABLED": "1",
                  "DJANGO_SECRET_KEY": "test-only", "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                  "HOST": "127.0.0.1", "HOSTNAME": "127.0.0.1", "NODE_ENV": "production",
                  "PYTHONUNBUFFERED": "1"}
        for app in apps.values():
            app.port = free_port()
        app_env: dict[str, dict[str, str]] = {}
        for app in apps.values():
            env = {**os.environ, **common, "PORT": str(app.port)}
            if app.name == "web":  # the front end's upstreams, as compose wires them
                env |= {f"{n.upper()}_URL": apps[n].url for n in ("api", "admin", "edge")}
            app_env[app.name] = env
        # the migrate jobs: each app's migrations, before the app starts
        migrated = {app.name: subprocess.run(migrate_command(app, envs.get(app.name), "up"),
                                             cwd=app.folder, env=app_env[app.name],
                                             capture_output=True, text=True, timeout=120)
                    for app in apps.values()}
        for app in apps.values():
            env = app_env[app.name]
            app.log = base / f"{app.name}.log"
            with app.log.open("wb") as log:
                app.process = subprocess.Popen(command(app, envs.get(app.name)), cwd=app.folder,
                                               env=env, stdout=log, stderr=subprocess.STDOUT,
                                               start_new_session=True)
            started.append(app)
        for app in apps.values():
            wait_for(lambda app=app: listening(app.port), 60, f"{app.name} to listen")  # type: ignore[misc]
        yield Stack(root, apps, postgres, redis, envs, tests_done, app_env, migrated)
    finally:
        for app in started:
            if app.process is not None and app.process.poll() is None:
                os.killpg(app.process.pid, signal.SIGTERM)
                try:
                    app.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(app.process.pid, signal.SIGKILL)
        redis.stop()
        postgres.stop()
        shutil.rmtree(postgres.folder, ignore_errors=True)


def logs(stack: Stack, name: str) -> str:
    log = stack.apps[name].log
    return log.read_text(errors="replace")[-3000:] if log else ""


# --- the generated project's own checks ---------------------------------------------------------


@pytest.mark.parametrize("name", ["api", "admin"])
def test_python_service_tests_lint_and_types_pass(stack: Stack, name: str) -> None:
    folder, env = stack.apps[name].folder, stack.envs[name]
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    for tool in (["pytest", "-q", "-p", "no:cacheprovider"], ["ruff", "check", "."],
                 ["mypy", "--cache-dir", str(CACHE / f"mypy-{name}")]):
        result = subprocess.run([str(env / "bin" / tool[0]), *tool[1:]], cwd=folder, env=clean,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"{tool[0]}:\n{result.stdout}\n{result.stderr}"


@pytest.mark.parametrize("name", ["edge", "web"])
def test_node_service_tests_and_types_pass(stack: Stack, name: str) -> None:
    tests = next(r for (n, c), r in stack.node_checks.items() if n == name and c.endswith(" test"))
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "# fail 0" in tests.stdout
    types = next(r for (n, c), r in stack.node_checks.items() if n == name and "typecheck" in c)
    assert types.returncode == 0, types.stdout + types.stderr


def test_dockerfiles_pass_hadolint(stack: Stack, tool: Tool) -> None:
    for app in stack.apps.values():
        result = subprocess.run([tool("hadolint"), "--failure-threshold", "warning",
                                 str(app.folder / "Dockerfile")], capture_output=True, text=True)
        assert result.returncode == 0, f"{app.name}: {result.stdout}{result.stderr}"


# --- the services, running ------------------------------------------------------------------------


EXPECTED_CHECKS = {"api": ["postgres", "redis"], "admin": ["postgres", "redis"],
                   "edge": ["postgres", "redis"], "web": ["postgres", "redis", "api", "admin", "edge"]}


@pytest.mark.parametrize("name", list(APPS))
def test_health_answers_without_touching_anything(stack: Stack, name: str) -> None:
    status, body = get(f"{stack.apps[name].url}/health")
    assert (status, body) == (200, {"status": "healthy", "service": name}), logs(stack, name)


@pytest.mark.parametrize("name", list(APPS))
def test_ready_when_every_dependency_answers(stack: Stack, name: str) -> None:
    status, body = get(f"{stack.apps[name].url}/health/ready")
    assert status == 200, (body, logs(stack, name))
    assert body["status"] == "ready"
    assert list(body["checks"]) == EXPECTED_CHECKS[name]
    assert body["checks"]["postgres"]["kind"] == "postgres"
    assert all(c["status"] == "ok" for c in body["checks"].values())


def test_redis_down_is_503_naming_redis_then_ready_again(stack: Stack) -> None:
    stack.redis.stop()
    try:
        for name, app in stack.apps.items():
            started = time.monotonic()
            status, body = get(f"{app.url}/health/ready")
            assert time.monotonic() - started < 8, f"{name} took too long to say it is degraded"
            assert status == 503, (name, body)
            assert body["status"] == "degraded"
            assert body["checks"]["redis"]["status"] == "failed", (name, body)
            assert body["checks"]["postgres"]["status"] == "ok", (name, body)
            assert PASSWORD not in json.dumps(body)
            status, _ = get(f"{app.url}/health")
            assert status == 200, name
    finally:
        stack.redis.start()

    def all_ready() -> bool:
        return all(get(f"{a.url}/health/ready")[0] == 200 for a in stack.apps.values())

    wait_for(all_ready, 20, "every service to be ready again")


# --- the data layer and each app's own integration suite, against the live stack ---------------


MISSING_TABLE_HINT = {"fastapi": "run `alembic upgrade head` first",
                      "django": "run `python manage.py migrate` first",
                      "express": "run `node migrate.js up` first",
                      "nextjs": "run `node migrate.js up` first"}


def run_integration(stack: Stack, name: str, tmp_path: Path,
                    env: dict[str, str] | None = None) -> tuple[bool, dict[str, int], str]:
    """Run app `name`'s integration suite: passed?, its counts, and what it printed."""
    app = stack.apps[name]
    junit = tmp_path / f"{name}-integration.xml"
    done = stack.run(name, integration_command(app, stack.envs.get(name), junit), env=env)
    output = done.stdout + done.stderr
    if app.preset in ("fastapi", "django"):
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        if junit.exists():
            suite = ElementTree.parse(junit).getroot()
            suite = suite if suite.tag == "testsuite" else suite[0]
            counts = {k: int(suite.get(k, "0")) for k in counts}
    else:
        counts = {k: int(m.group(1)) if (m := re.search(rf"^# {k} (\d+)$", output, re.M)) else -1
                  for k in ("tests", "pass", "fail", "skipped", "todo", "cancelled")}
    return done.returncode == 0, counts, output


def assert_passed(name: str, passed: bool, counts: dict[str, int], output: str) -> None:
    assert passed, f"{name}'s integration suite failed:\n{output[-4000:]}"
    assert counts["tests"] > 0, output[-2000:]
    if "failures" in counts:  # pytest's junit report
        assert (counts["failures"], counts["errors"], counts["skipped"]) == (0, 0, 0), counts
    else:  # node's test runner
        assert (counts["fail"], counts["skipped"], counts["todo"], counts["cancelled"]) == \
            (0, 0, 0, 0), counts
        assert counts["pass"] == counts["tests"], counts


@pytest.mark.parametrize("name", list(APPS))
def test_migrations_ran_before_the_app(stack: Stack, name: str) -> None:
    done = stack.migrated[name]
    assert done.returncode == 0, f"{name}: {done.stdout}\n{done.stderr}"
    again = stack.run(name, migrate_command(stack.apps[name], stack.envs.get(name), "up"))
    assert again.returncode == 0, f"{name}: applying twice must be a no-op: {again.stderr}"


@pytest.mark.parametrize("name", list(APPS))
def test_integration_suite_passes_against_the_stack(stack: Stack, name: str,
                                                    tmp_path: Path) -> None:
    assert_passed(name, *run_integration(stack, name, tmp_path))


@pytest.mark.parametrize("name", list(APPS))
def test_integration_suite_fails_once_migrations_are_undone_and_passes_after_upgrade(
        stack: Stack, name: str, tmp_path: Path) -> None:
    app, env_dir = stack.apps[name], stack.envs.get(name)
    down = stack.run(name, migrate_command(app, env_dir, "down"))
    assert down.returncode == 0, f"{name}: {down.stdout}\n{down.stderr}"
    try:
        passed, _, output = run_integration(stack, name, tmp_path)
        assert not passed, f"{name}'s suite passed without its table:\n{output[-3000:]}"
        assert MISSING_TABLE_HINT[app.preset] in output, output[-3000:]
    finally:
        up = stack.run(name, migrate_command(app, env_dir, "up"))
        assert up.returncode == 0, f"{name}: {up.stdout}\n{up.stderr}"
    assert_passed(name, *run_integration(stack, name, tmp_path))


@pytest.mark.parametrize("name", ["api", "edge"])
def test_a_missing_variable_fails_the_suite_naming_it(stack: Stack, name: str,
                                                      tmp_path: Path) -> None:
    env = {k: v for k, v in stack.app_env[name].items() if k != "REDIS_URL"}
    passed, counts, output = run_integration(stack, name, tmp_path, env=env)
    assert not passed
    assert "REDIS_URL is not set" in output, output[-3000:]
    assert counts.get("skipped", 0) == 0


def test_the_front_page_lists_the_items_its_upstream_serves(stack: Stack) -> None:
    name = f"from-the-front-page-{os.getpid()}"
    request = urllib.request.Request(f"{stack.apps['api'].url}/items", method="POST",
                                     data=json.dumps({"name": name}).encode(),
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 201
        item = json.loads(response.read())
    try:
        with urllib.request.urlopen(f"{stack.apps['web'].url}/", timeout=20) as response:
            page = response.read().decode()
        assert f"<li>{name}</li>" in page, page[-2000:]
    finally:
        urllib.request.urlopen(urllib.request.Request(
            f"{stack.apps['api'].url}/items/{item['id']}", method="DELETE"), timeout=10).close()
