"""`scaffold verify` without Docker: the checks it plans, how it judges, its reports, its flow.

The flow runs against a stand-in stack, so every failure path (build, unhealthy, a
failing check, Ctrl-C) is exercised in-process; tests/test_verify_docker.py runs the
real thing.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from scaffold.errors import InputError
from scaffold.manifest import images
from scaffold.manifest.build import load, loads
from scaffold.targets.envfile import env_names
from scaffold.verify import checks as core
from scaffold.verify import report as reports
from scaffold.verify.checks import Check, CheckKind, Probe, Report, Result, Seen, ServiceState
from scaffold.verify.outcomes import CaseResult
from tests.helpers import ROOT, run_cli

EXAMPLES = ROOT / "examples"
PROBES = ROOT / "scaffold" / "verify" / "probes"


def example(name: str) -> Any:
    return load(next(EXAMPLES.glob(f"*-{name}")) / "scaffold.yaml")


def names(plan: core.Plan) -> list[str]:
    return [c.name for c in plan.checks]


# --- what verify checks --------------------------------------------------------------------


def test_plan_of_an_example_with_a_proxy_in_the_stack() -> None:
    m = example("jeex-idea")
    plan = core.plan(m, m.variant("ci"))
    assert names(plan) == [
        "backend /health", "backend /health/ready", "frontend /health", "frontend /health/ready",
        "backend -> postgres", "backend -> redis", "frontend -> backend",
        "route / -> frontend", "route /_next/webpack-hmr -> frontend", "route /api/ -> backend",
        "route /health -> frontend",
    ]
    assert plan.network == "jeex-idea-ci-network"
    assert plan.notes == ("backend-migrate is a job: its exit code, not its links, is the proof",)
    link = next(c for c in plan.checks if c.name == "backend -> postgres")
    assert (link.protocol, link.runs_in) == ("PostgreSQL", "backend")
    assert link.probes[0].as_json() == {"id": "backend->postgres", "kind": "tcp",
                                        "host": "postgres", "port": 5432, "timeout": 5,
                                        "send": "0000000804d2162f"}
    route = next(c for c in plan.checks if c.target == "/api/")
    assert [(p.host, p.port, p.path) for p in route.probes] == [("proxy", 80, "/api/"),
                                                                ("backend", 8000, "/api/")]


def test_links_to_a_database_sqlite_replaces_are_noted_not_checked() -> None:
    m = example("ecommerce")
    plan = core.plan(m, m.variant("ci"))
    assert "backend -> postgres" not in names(plan)
    assert names(plan)[4:] == ["backend -> redis", "api-gateway -> backend", "api-gateway -> redis"]
    assert plan.notes == ("backend -> postgres: not in the ci variant (its apps use SQLite "
                          "instead)",
                          "backend-migrate is a job: its exit code, not its links, is the proof")
    local = core.plan(m, m.variant("local"))
    assert "backend -> postgres" in names(local)


def test_host_mode_routes_are_left_to_the_host_and_image_services_get_their_own_path() -> None:
    m = example("hercules")
    plan = core.plan(m, m.variant("ci"))
    assert "worker /healthz" in names(plan)
    assert not [c for c in plan.checks if c.kind == "route"]
    assert any("proxy.mode: host" in note for note in plan.notes)


def test_a_stripped_route_is_compared_with_the_root_of_its_service() -> None:
    m = loads("""
name: s
services:
  api: {preset: fastapi, routes: [{path: /api/, strip_prefix: true}]}
proxy: {mode: compose}
""")
    route = next(c for c in core.plan(m, m.variant("ci")).checks if c.target == "/api/")
    assert [p.path for p in route.probes] == ["/api/", "/"]


# --- judging what the probes saw -----------------------------------------------------------


def _check(kind: CheckKind, protocol: str = "HTTP", probes: int = 1, runs_in: str = "") -> Check:
    ids = ["p", "q"][:probes]
    return Check(kind, "api", "db" if kind == "link" else "/x", protocol,
                 tuple(Probe(i, "tcp" if protocol != "HTTP" else "http", "h", 1) for i in ids),
                 runs_in)


@pytest.mark.parametrize(("seen", "ok", "detail"), [
    (Seen("p", status=200), True, "HTTP 200"),
    (Seen("p", status=503, body='{"status":  "degraded"}'), False,
     'HTTP 503: {"status": "degraded"}'),
    (Seen("p", error="gaierror: no such host"), False, "gaierror: no such host"),
])
def test_an_endpoint_passes_on_200_only(seen: Seen, ok: bool, detail: str) -> None:
    [result] = core.judge([_check("health")], {"p": seen})
    assert (result.ok, result.detail) == (ok, detail)


@pytest.mark.parametrize(("protocol", "reply", "ok"), [
    ("PostgreSQL", b"N", True), ("PostgreSQL", b"S", True), ("PostgreSQL", b"HTTP/1.1", False),
    ("Redis", b"-NOAUTH Authentication required.\r\n", True), ("Redis", b"+PONG\r\n", True),
    ("Redis", b"", False), ("TCP", b"", True),
])
def test_a_link_needs_the_dependency_to_speak_its_protocol(protocol: str, reply: bytes,
                                                          ok: bool) -> None:
    check = _check("link", protocol, runs_in="api")
    [result] = core.judge([check], {"p": Seen("p", connected=True, reply=reply)})
    assert result.ok is ok
    assert result.detail.startswith("connected from api")


def test_a_refused_link_fails_naming_where_it_was_tried_from() -> None:
    check = _check("link", "Redis", runs_in="api")
    [result] = core.judge([check], {"p": Seen("p", error="ConnectionRefusedError: refused")})
    assert (result.ok, result.detail) == (False, "cannot connect from api: "
                                                 "ConnectionRefusedError: refused")


def test_a_link_also_needs_the_dependents_own_readiness_check_of_it() -> None:
    link = _check("link", "PostgreSQL", runs_in="api")
    ready = Check("ready", "api", "/health/ready", "HTTP", (Probe("r", "http", "api", 1),))
    body = json.dumps({"checks": {"db": {"status": "failed", "error": "password rejected"}}})
    seen = {"p": Seen("p", connected=True, reply=b"N"), "r": Seen("r", status=503, body=body)}
    _, result = core.judge([ready, link], seen)
    assert not result.ok
    assert result.detail.endswith("but its /health/ready check failed: password rejected")


@pytest.mark.parametrize(("via", "direct", "ok", "detail"), [
    (404, 404, True, "HTTP 404 through the proxy, as from api"),
    (200, 404, False, "HTTP 200 through the proxy, but HTTP 404 from api directly"),
    (502, 502, False, "the proxy answered HTTP 502: it did not reach api"),
])
def test_a_route_answers_through_the_proxy_as_its_service_does(via: int, direct: int, ok: bool,
                                                               detail: str) -> None:
    check = _check("route", probes=2)
    [result] = core.judge([check], {"p": Seen("p", status=via), "q": Seen("q", status=direct)})
    assert (result.ok, result.detail) == (ok, detail)


def test_a_probe_that_gave_no_answer_fails_its_check() -> None:
    [result] = core.judge([_check("health")], {})
    assert (result.ok, result.detail) == (False, "the probe gave no answer")


# --- what a run needs besides the project's files ------------------------------------------


def test_env_names_reads_compose_env_syntax() -> None:
    text = "# c\nA=1\nexport B='x'\n\n C = 2\nnot a line\n1X=3\n"
    assert env_names(text) == {"A", "B", "C"}


def test_missing_secrets_are_those_the_compose_file_demands() -> None:
    m = example("ecommerce")
    ci = (ROOT / "examples/02-ecommerce/expected/docker-compose.ci.yml").read_text()
    assert core.missing_secrets(m, ci, ["REDIS_PASSWORD"]) == [
        "DJANGO_SECRET_KEY", "OPENAI_API_KEY"]  # no Postgres in ci: its password is not needed
    local = (ROOT / "examples/02-ecommerce/expected/docker-compose.local.yml").read_text()
    assert "POSTGRES_PASSWORD" in core.missing_secrets(m, local, [])


# --- image overrides -----------------------------------------------------------------------

IMAGES = """
name: s
images: {python: my/python:3.11, base: my/base:1, postgres: my/pg:15, nginx: my/nginx:1}
services:
  db: {preset: postgres}
  db2: {preset: postgres, image: "postgres:16"}
  api: {preset: fastapi, depends_on: [db], routes: [/api/]}
  web: {preset: express}
  job: {preset: image, image: "acme/job:1", internal_port: 80}
proxy: {mode: compose}
"""


def test_manifest_images_stand_in_for_preset_defaults_only() -> None:
    m = loads(IMAGES)
    assert {s.name: s.image for s in m.services} == {
        "db": "my/pg:15", "db2": "postgres:16", "api": "my/python:3.11", "web": "my/base:1",
        "job": "acme/job:1", "proxy": "my/nginx:1"}


def test_command_line_images_win_over_the_manifest_a_service_name_over_its_kind() -> None:
    m = loads(IMAGES)
    table = images.parse(["postgres=x/pg:1", "db=x/db:2", "node=x/node:20"], base="x/base:1")
    after = images.with_images(m, table)
    assert {s.name: s.image for s in after.services} == {
        "db": "x/db:2", "db2": "x/pg:1", "api": "x/base:1", "web": "x/node:20",
        "job": "acme/job:1", "proxy": "my/nginx:1"}
    assert core.image_overrides(m, after, m.variant("ci")) == {"services": {
        "api": {"build": {"args": {"BASE_IMAGE": "x/base:1"}}},
        "db": {"image": "x/db:2"}, "db2": {"image": "x/pg:1"},
        "web": {"build": {"args": {"BASE_IMAGE": "x/node:20"}}}}}
    assert core.image_overrides(m, m, m.variant("ci")) == {}


@pytest.mark.parametrize(("flag", "message"), [
    ("postgres", "--image postgres: expected KEY=IMAGE"),
    ("=x:1", "--image =x:1: expected KEY=IMAGE"),
    ("redis=Redis:7", "--image redis=Redis:7: 'Redis:7' is not a valid image reference"),
])
def test_malformed_image_flags_are_refused(flag: str, message: str) -> None:
    with pytest.raises(InputError, match="^" + message.replace("(", r"\(")):
        images.parse([flag])


def test_unknown_image_keys_are_reported() -> None:
    assert images.unknown_keys(loads(IMAGES), {"db": "a:1", "ruby": "b:1", "redis": "c:1"}) == [
        "ruby"]


# --- reports -------------------------------------------------------------------------------


def _report(failure: str = "") -> Report:
    health = Check("health", "api", "/health", "HTTP", (Probe("h", "http", "api", 8000),))
    link = Check("link", "api", "db", "PostgreSQL", (Probe("l", "tcp", "db", 5432),), "api")
    return Report(
        project="shop", variant="ci", network="shop-ci-network",
        services=(ServiceState("db", "postgres", "healthy", 5.04),
                  ServiceState("api", "fastapi", "healthy", 8.2)),
        layers=(("db",), ("api",)),
        results=(Result(health, True, "HTTP 200"),
                 Result(link, not failure, "connected from api; PostgreSQL answered")),
        failure=failure, failed_service="db" if failure else "",
        logs=(("db", ("FATAL: no",)),) if failure else (),
        notes=("a note",), timings=(("up", 8.25), ("total", 9.0)), ports=(8080,),
        presets=(("api", "fastapi"), ("db", "postgres")),
    )


def test_the_markdown_report_has_seed_001s_sections() -> None:
    text = reports.render_markdown(_report())
    for line in [
        "# Integration Report: shop",
        "**Result:** ✓ Passed  ",
        "2 of 2 services of `shop` (variant `ci`) came up healthy within "
        "8.2s. 1 of 1 health endpoints, 1 of 1 connections and 0 of 0 proxy routes verified from "
        "inside the `shop-ci-network` network.",
        "| db | postgres | ✓ healthy | 5.0s | healthcheck ✓ | 0 | - |",
        "| api | fastapi | ✓ healthy | 8.2s | /health ✓, healthcheck ✓ | 0 | - |",
        "| api | db | PostgreSQL | ✓ verified | connected from api; PostgreSQL answered |",
        "1. db (healthy in 5s)",
        "2. api (healthy in 8s)",
        "| INT-001 | a note | Info | Noted |",
        "| up | 8.2 |",
    ]:
        assert line in text.splitlines(), line


def test_a_failed_report_says_what_failed_and_carries_the_logs() -> None:
    text = reports.render_markdown(_report(failure="api -> db: refused"))
    assert "**Result:** ✗ Failed  " in text
    assert "**Failed:** api -> db: refused." in text
    assert "| INT-001 | api -> db: connected from api; PostgreSQL answered | High | Open |" in text
    assert "## Logs: db (last 1 lines)\n\n```\nFATAL: no\n```\n" in text


def test_the_handoff_is_shaped_like_seed_003s() -> None:
    data = json.loads(reports.render_json(_report()))
    assert data["status"] == "completed"
    assert data["integration"] == {"services_configured": 2, "networks": ["shop-ci-network"],
                                   "ports_allocated": [8080], "health_checks": "all_passing"}
    assert data["connectivity"] == {"verified_connections": 1, "failed_connections": 0,
                                    "startup_time_seconds": 8.2}
    assert data["services"][1] == {"name": "api", "preset": "fastapi", "status": "healthy",
                                   "healthy_after_seconds": 8.2,
                                   "checks": {"healthcheck": "passed", "/health": "passed"}}
    assert data["connections"] == [{"from": "api", "to": "db", "protocol": "PostgreSQL",
                                    "status": "verified",
                                    "detail": "connected from api; PostgreSQL answered"}]
    assert data["startup_order"] == [["db"], ["api"]]
    assert data["failure"] is None
    failed = json.loads(reports.render_json(_report(failure="api -> db: refused")))
    assert failed["status"] == "failed"
    assert failed["failure"] == {"service": "db", "reason": "api -> db: refused"}
    assert failed["connectivity"]["failed_connections"] == 1


def test_startup_order_is_by_time_to_healthy_then_never() -> None:
    states = [ServiceState("b", "", "unhealthy"), ServiceState("c", "", "healthy", 3.0),
              ServiceState("a", "", "healthy", 1.0)]
    assert [s.name for s in reports.startup_order(states)] == ["a", "c", "b"]


# --- the probe scripts ---------------------------------------------------------------------


@pytest.fixture
def http_server() -> Iterator[int]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200 if self.path == "/health" else 503)
            self.end_headers()
            self.wfile.write(f"host={self.headers['Host']}".encode())

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


def _probes(port: int, closed: int) -> list[dict[str, Any]]:
    return [
        Probe("ok", "http", "127.0.0.1", port, "/health", host_header="shop.localhost").as_json(),
        Probe("sick", "http", "127.0.0.1", port, "/health/ready").as_json(),
        Probe("tcp", "tcp", "127.0.0.1", port, send=b"GET / HTTP/1.0\r\n\r\n").as_json(),
        Probe("closed", "tcp", "127.0.0.1", closed).as_json(),
    ]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_probe(command: list[str], port: int) -> dict[str, Seen]:
    out = subprocess.run([*command, json.dumps(_probes(port, _closed_port()))],
                         capture_output=True, text=True, check=True, timeout=60).stdout
    return {s.id: s for s in map(Seen.from_json, json.loads(out))}


def _assert_probe_answers(seen: dict[str, Seen]) -> None:
    assert (seen["ok"].status, seen["ok"].body) == (200, "host=shop.localhost")
    assert seen["sick"].status == 503
    assert seen["tcp"].connected and seen["tcp"].reply.startswith(b"HTTP/1.0 ")
    assert not seen["closed"].connected and "refused" in seen["closed"].error.lower()


def test_the_python_probe(http_server: int) -> None:
    script = (PROBES / "probe.py").read_text()
    _assert_probe_answers(_run_probe([sys.executable, "-c", script], http_server))


def test_the_node_probe(http_server: int, tool: Callable[[str], str]) -> None:
    script = (PROBES / "probe.js").read_text()
    _assert_probe_answers(_run_probe([tool("node"), "-e", script], http_server))


# --- the flow, on a stand-in stack ---------------------------------------------------------


class FakeStack:
    """Answers like a stack whose services all come up; tests break one part of it."""

    def __init__(self, services: Sequence[str], **breaks: Any) -> None:
        self.services = list(services)
        self.breaks = breaks
        self.calls: list[str] = []
        self.output: list[str] = []

    def ensure_network(self, name: str) -> bool:
        self.calls.append(f"network {name}")
        return True

    def remove_network(self, name: str) -> None:
        self.calls.append(f"remove network {name}")

    def build(self) -> bool:
        self.calls.append("build")
        if self.breaks.get("build"):
            self.output = ["Step 3/5 : RUN pip install", "ERROR: Service 'api' failed to build"]
            return False
        return True

    def up(self, _timeout: int, progress: Callable[[Sequence[ServiceState], float], None]) -> bool:
        self.calls.append("up")
        if self.breaks.get("interrupt"):
            raise KeyboardInterrupt
        progress(self.states(), 1.0)
        return not self.breaks.get("unhealthy")

    def states(self) -> list[ServiceState]:
        out = []
        for i, name in enumerate(self.services):
            if name == self.breaks.get("unhealthy"):
                out.append(ServiceState(name, "", "unhealthy", None, "connection refused"))
            else:
                out.append(ServiceState(name, "", "healthy", 1.0 + i))
        return out

    def logs(self, service: str, _lines: int) -> list[str]:
        return [f"{service} log line"]

    def runtime(self, _service: str) -> str:
        return "python3"

    def probe_from(self, service: str, _network: str, probes: Sequence[Probe]) -> list[Seen]:
        self.calls.append(f"probe from {service}")
        return [self._answer(p) for p in probes]

    def probe_in(self, service: str, probes: Sequence[Probe]) -> list[Seen]:
        self.calls.append(f"probe in {service}")
        return [self._answer(p) for p in probes]

    def _answer(self, probe: Probe) -> Seen:
        if probe.id == self.breaks.get("fail"):
            return Seen(probe.id, status=503, body='{"status": "degraded"}')
        if probe.kind == "tcp":
            return Seen(probe.id, connected=True, reply=b"+PONG\r\n")
        return Seen(probe.id, status=200, body='{"checks": {"redis": {"status": "ok"}}}')

    def exec_capture(self, service: str, command: Sequence[str], _timeout: float,
                     limit: int) -> tuple[int | None, bytes, list[str]]:
        self.calls.append(f"test {service}")
        assert command[:2] == ("sh", "-c") and "pytest tests/integration" in command[2]
        failed = self.breaks.get("test") == service
        case = ('<testcase classname="tests.integration.test_cache" name="test_set_get_and_expire">'
                + ('<failure message="assert None == b&apos;value&apos;">trace</failure>'
                   if failed else "") + "</testcase>")
        xml = f'<testsuites><testsuite name="pytest">{case}</testsuite></testsuites>'
        return int(failed), xml.encode()[:limit], ["1 failed" if failed else "1 passed"]

    def down(self, volumes: bool) -> bool:
        self.calls.append(f"down volumes={volumes}")
        return True

    def published_ports(self) -> list[int]:
        return []

    def contract_check(self, network: str, targets: Sequence[tuple[Any, str]]) -> list[CaseResult]:
        self.calls.append(f"contract {','.join(t.service for t, _ in targets)} in {network}")
        broken = self.breaks.get("contract")
        return [CaseResult(t.service, "contract", f"{t.service}:contract:GET /items",
                           "GET /items answers as its OpenAPI document says",
                           "fail" if broken else "pass", broken or "")
                for t, _ in targets]


SIMPLE = """
name: shop
services:
  redis: {preset: redis}
  api: {preset: fastapi, port: 18080, depends_on: [redis]}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "scaffold.yaml").write_text(SIMPLE)
    return tmp_path


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Callable[..., list[FakeStack]]:
    """Make verify run on a FakeStack; the factory returns the stacks made, the last is the one verify used."""
    import scaffold.verify.engine
    import scaffold.verify.run

    made: list[FakeStack] = []

    def stack_factory(**breaks: Any) -> list[FakeStack]:
        def create(*_args: Any) -> FakeStack:
            made.append(FakeStack(["redis", "api"], **breaks))
            return made[-1]

        monkeypatch.setattr(scaffold.verify.engine, "Stack", create)
        return made

    monkeypatch.setattr(scaffold.verify.engine, "connect", lambda: object())
    monkeypatch.setattr(scaffold.verify.engine, "compose_command", lambda: ["docker-compose"])
    monkeypatch.setattr(scaffold.verify.run, "RETRY_SECONDS", 0.0)
    return stack_factory


def test_a_passing_run_reports_and_tears_down_with_volumes(
        project: Path, fake: Callable[..., Any], capsys: pytest.CaptureFixture[str]) -> None:
    made = fake()
    code, out, err = run_cli(capsys, "verify", "-f", str(project / "scaffold.yaml"),
                         "--report", str(project / "r.md"), "--json", str(project / "r.json"))
    assert (code, err) == (0, "")
    assert made[-1].calls == ["build", "up", "probe from api", "probe in api", "test api",
                              "contract api in shop-ci-network", "down volumes=True"]
    assert "throwaway values for REDIS_PASSWORD" in out
    assert "ok   api:tests/integration/test_cache.py::test_set_get_and_expire" in out
    assert "ok   api -> redis: connected from api; Redis answered; its /health/ready check: ok" \
        in out
    assert out.splitlines()[-3:] == ["verified shop (ci): 2 services, 1 links, 0 routes, "
                                     "2 of 2 tests passed",
                                     f"report: {project / 'r.md'}",
                                     f"handoff: {project / 'r.json'}"]
    assert "**Result:** ✓ Passed" in (project / "r.md").read_text()
    assert json.loads((project / "r.json").read_text())["connectivity"]["verified_connections"] == 1
    assert (project / "docker-compose.ci.yml").is_file()  # generated first


def test_a_failing_integration_test_fails_verify_and_the_report_names_it(
        project: Path, fake: Callable[..., Any], capsys: pytest.CaptureFixture[str]) -> None:
    made = fake(test="api")
    code, out, err = run_cli(capsys, "verify", "-f", str(project / "scaffold.yaml"),
                             "--report", str(project / "r.md"), "--json", str(project / "r.json"))
    case = "api:tests/integration/test_cache.py::test_set_get_and_expire"
    assert code == 1
    assert f"FAIL {case}: assert None == b'value'" in out
    assert err.splitlines() == [f"FAILED: 1 of 2 tests failed: {case}",
                                "last 1 lines of api: tests/integration:", "  1 failed",
                                f"verify failed: 1 of 2 tests failed: {case}"]
    assert made[-1].calls[-1] == "down volumes=True"
    report = (project / "r.md").read_text()
    assert "| Cache | 1 | 0 | 1 | 0 |" in report
    assert f"| {case} | set get and expire | assert None == b'value' |" in report
    handoff = json.loads((project / "r.json").read_text())
    assert handoff["tests"]["summary"]["cache"] == {"total": 1, "pass": 0, "fail": 1, "skip": 0}
    assert handoff["tests"]["failed"][0]["id"] == case


def test_no_tests_skips_the_suites(
        project: Path, fake: Callable[..., Any], capsys: pytest.CaptureFixture[str]) -> None:
    made = fake(test="api")
    code, _, _ = run_cli(capsys, "verify", "-f", str(project / "scaffold.yaml"), "--no-tests",
                         "--report", str(project / "r.md"))
    assert code == 0
    assert "test api" not in made[-1].calls
    assert "Integration suites skipped (--no-tests)." in (project / "r.md").read_text()


def test_a_contract_violation_fails_the_run_naming_the_operation(
        project: Path, fake: Callable[..., Any], capsys: pytest.CaptureFixture[str]) -> None:
    why = "ST103 Undocumented status code (Received: 404; Documented: 200, 422)"
    made = fake(contract=why)
    code, out, err = run_cli(capsys, "verify", "-f", str(project / "scaffold.yaml"),
                             "--json", str(project / "r.json"))
    assert code == 1
    assert f"FAIL contract api:contract:GET /items: {why}" in out
    assert err.splitlines()[-1] == "verify failed: 1 of 2 tests failed: api:contract:GET /items"
    handoff = json.loads((project / "r.json").read_text())
    assert handoff["tests"]["summary"]["contract"] == {"total": 1, "pass": 0, "fail": 1, "skip": 0}
    assert handoff["tests"]["failed"][0]["reason"] == why
    assert made[-1].calls[-1] == "down volumes=True"


def test_no_tests_leaves_the_contract_checks_out(
        project: Path, fake: Callable[..., Any], capsys: pytest.CaptureFixture[str]) -> None:
    made = fake(contract="would fail")
    code, _, _ = run_cli(capsys, "verify", "-f", str(project / "scaffold.yaml"), "--no-tests")
    assert code == 0
    assert not [c for c in made[-1].calls if c.startswith("contract")]


def test_a_failing_readiness_check_names_the_service_shows_its_logs_and_exits_1(
        project: Path, fake: Callable[..., Any], capsys: pytest.CaptureFixture[str]) -> None:
    made = fake(fail="api:ready")
    code, _, err = run_cli(capsys, "verify", "-f", str(project / "scaffold.yaml"))
    assert code == 1
    assert err.splitlines() == [
        'FAILED: api /health/ready: HTTP 503: {"status": "degraded"}',
        "last 1 log lines of api:",
        "  api | api log line",
        'verify failed: api /health/ready: HTTP 503: {"status": "degraded"}',
    ]
    assert made[-1].calls.count("probe in api") == 4  # tried again, in case it was warming up
    assert made[-1].calls[-1] == "down volumes=True"


def test_an_unhealthy_service_is_named_with_its_healthcheck_output(
        project: Path, fake: Callable[..., Any], capsys: pytest.CaptureFixture[str]) -> None:
    made = fake(unhealthy="redis")
    code, _, err = run_cli(capsys, "verify", "-f", str(project / "scaffold.yaml"))
    assert code == 1
    assert err.splitlines()[:3] == ["FAILED: redis is unhealthy (its healthcheck: connection "
                                    "refused)", "last 1 log lines of redis:",
                                    "  redis | redis log line"]
    assert made[-1].calls == ["build", "up", "down volumes=True"]


def test_a_failed_build_shows_what_compose_said(
        project: Path, fake: Callable[..., Any], capsys: pytest.CaptureFixture[str]) -> None:
    made = fake(build=True)
    code, _, err = run_cli(capsys, "verify", "-f", str(project / "scaffold.yaml"))
    assert code == 1
    assert err.splitlines()[:4] == ["FAILED: build failed", "docker compose said:",
                                    "  Step 3/5 : RUN pip install",
                                    "  ERROR: Service 'api' failed to build"]
    assert err.splitlines()[-1] == "verify failed: api: build failed"
    assert made[-1].calls == ["build", "down volumes=True"]


def test_ctrl_c_still_tears_down(project: Path, fake: Callable[..., Any],
                                 capsys: pytest.CaptureFixture[str]) -> None:
    made = fake(interrupt=True)
    code, _, err = run_cli(capsys, "verify", "-f", str(project / "scaffold.yaml"))
    assert code == 130
    assert err.strip() == "Interrupted."
    assert made[-1].calls == ["build", "up", "down volumes=True"]


def test_keep_leaves_the_stack_running(project: Path, fake: Callable[..., Any],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    made = fake()
    code, out, _ = run_cli(capsys, "verify", "-f", str(project / "scaffold.yaml"), "--keep")
    assert code == 0
    assert "down volumes=True" not in made[-1].calls
    assert "kept running (--keep); remove it with: docker compose -p shop down -v" in out


def test_a_variant_that_keeps_data_needs_real_secrets(
        project: Path, fake: Callable[..., Any], capsys: pytest.CaptureFixture[str]) -> None:
    fake()
    code, _, err = run_cli(capsys, "verify", "-f", str(project / "scaffold.yaml"), "--variant", "local")
    assert code == 2
    assert err == ("error: REDIS_PASSWORD not set, and variant 'local' keeps its data: copy "
                   ".env.example to .env and fill it in\n")
    (project / ".env").write_text("REDIS_PASSWORD=s3cret\n")
    assert run_cli(capsys, "verify", "-f", str(project / "scaffold.yaml"), "--variant", "local")[0] == 0


def test_an_external_network_verify_created_is_removed_again(
        tmp_path: Path, fake: Callable[..., Any], capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "scaffold.yaml").write_text(SIMPLE + "variants:\n  ci: {network: {name: shared, "
                                                     "external: true}}\n")
    made = fake()
    assert run_cli(capsys, "verify", "-f", str(tmp_path / "scaffold.yaml"))[0] == 0
    assert made[-1].calls[0] == "network shared"
    assert made[-1].calls[-1] == "remove network shared"


@pytest.mark.parametrize(("argv", "message"), [
    (["--variant", "staging"], "error: unknown variant 'staging'; this manifest has: local, ci\n"),
    (["--image", "ruby=ruby:3"], "error: --image ruby=...: 'ruby' is neither an image key (base, "
                                 "python, node, postgres, redis, mysql, mariadb, mongodb, mssql, "
                                 "rabbitmq, kafka, minio, mailpit, memcached, nginx) nor a service of "
                                 "scaffold.yaml\n"),
    (["--image", "redis"], "error: --image redis: expected KEY=IMAGE, KEY one of base, python, "
                           "node, postgres, redis, mysql, mariadb, mongodb, mssql, rabbitmq, "
                           "kafka, minio, mailpit, memcached, nginx or a service name\n"),
])
def test_bad_input_exits_2(project: Path, fake: Callable[..., Any],
                           capsys: pytest.CaptureFixture[str], argv: list[str],
                           message: str) -> None:
    fake()
    code, _, err = run_cli(capsys, "verify", "-f", str(project / "scaffold.yaml"), *argv)
    assert (code, err) == (2, message)


def test_no_generate_needs_the_compose_file(project: Path, fake: Callable[..., Any],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    fake()
    code, _, err = run_cli(capsys, "verify", "-f", str(project / "scaffold.yaml"), "--no-generate")
    assert code == 2
    assert err == (f"error: {project / 'docker-compose.ci.yml'} is missing; run `scaffold "
                   "generate` or drop --no-generate\n")


def test_an_unreachable_engine_is_a_clear_error(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DOCKER_HOST", f"unix://{project}/no-such.sock")
    code, _, err = run_cli(capsys, "verify", "-f", str(project / "scaffold.yaml"))
    assert code == 2
    assert err.startswith(f"error: no Docker engine answers at unix://{project}/no-such.sock: ")
    assert err.endswith("; start one (scripts/docker-engine.sh does) or set DOCKER_HOST\n")
    assert not (project / "docker-compose.ci.yml").exists()  # nothing written before that


def test_a_bug_while_connecting_is_exit_3_not_a_missing_engine(
        project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory,
        capsys: pytest.CaptureFixture[str]) -> None:
    import docker

    def broken(**_: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(docker, "from_env", broken)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    code, _, err = run_cli(capsys, "verify", "-f", str(project / "scaffold.yaml"))
    assert code == 3
    assert "An unexpected error has occurred: ZeroDivisionError: boom" in err


def test_the_command_is_lazy() -> None:
    code = ("import sys; from scaffold.cli import main; main(['validate', '-f', sys.argv[1]]); "
            "print(sorted(m for m in sys.modules if m.startswith('docker') or "
            "m in ('scaffold.verify.engine', 'scaffold.verify.checks')))")
    hercules = EXAMPLES / "01-hercules" / "scaffold.yaml"
    out = subprocess.run([sys.executable, "-c", code, str(hercules)], capture_output=True,
                         text=True, check=True).stdout
    assert out.splitlines()[-1] == "[]"


def test_copy_of_fixture_is_valid(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "fixtures" / "verify" / "sick", tmp_path / "sick")
    assert load(tmp_path / "sick" / "scaffold.yaml").name == "verify-sick"


def test_generate_takes_the_same_image_overrides(project: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "generate", "-f", str(project / "scaffold.yaml"), "--variant",
                       "ci", "-o", "-", "--image", "redis=mirror/redis:7",
                       "--base-image", "mirror/python:3.12")
    assert code == 0
    assert "    image: mirror/redis:7\n" in out
    assert "        BASE_IMAGE: mirror/python:3.12\n" in out
    code, _, err = run_cli(capsys, "generate", "-f", str(project / "scaffold.yaml"), "-o", "-",
                       "--image", "ruby=ruby:3")
    assert (code, err.startswith("error: --image ruby=...: 'ruby' is neither")) == (2, True)


def test_the_report_counts_tests_by_category_and_lists_failures_and_flows() -> None:
    from dataclasses import replace

    from scaffold.verify.outcomes import CaseResult, Flow

    cases = (CaseResult("api", "database", "api:t.py::test_crud", "crud", "pass"),
             CaseResult("api", "database", "api:t.py::test_unique", "unique", "fail", "a|b"),
             CaseResult("web", "cache", "web:c.test.js::expire", "expire", "skip", "todo"),
             CaseResult("api", "contract", "api:openapi::GET /items", "GET /items", "pass"))
    flows = (Flow("browse items", ("POST /items", "open /", "see the item"), True),)
    text = reports.render_markdown(replace(_report(), cases=cases, flows=flows))
    section = text[text.index("## Test Results"):text.index("## Known Issues")]
    assert section.splitlines() == [
        "## Test Results", "", "### Test Results Summary",
        "| Category | Total | Pass | Fail | Skip |", "|----------|-------|------|------|------|",
        "| API integration | 0 | 0 | 0 | 0 |", "| Database | 2 | 1 | 1 | 0 |",
        "| Cache | 1 | 0 | 0 | 1 |", "| Upstream services | 0 | 0 | 0 | 0 |",
        "| Contract | 1 | 1 | 0 | 0 |", "| E2E | 0 | 0 | 0 | 0 |",
        "| **Total** | **4** | **2** | **1** | **1** |", "",
        "### Failed Tests", "| Test ID | Description | Failure Reason |",
        "|---------|-------------|----------------|", "| api:t.py::test_unique | unique | a\\|b |",
        "", "### E2E Flows", "| Flow | Steps | Status | Detail |", "|------|-------|--------|--------|",
        "| browse items | POST /items → open / → see the item | ✓ passed | - |", ""]
    assert "2 of 4 tests passed inside the stack, 1 failed, 1 skipped." in text
    data = json.loads(reports.render_json(replace(_report(), cases=cases, flows=flows)))
    assert data["tests"]["total"] == {"total": 4, "pass": 2, "fail": 1, "skip": 1}
    assert data["tests"]["flows"] == [{"name": "browse items", "steps": [
        "POST /items", "open /", "see the item"], "status": "passed", "detail": ""}]
    assert data["metrics"]["tests_failed"] == 1


def test_every_runner_in_the_hook_reports_into_one_summary(
        project: Path, fake: Callable[..., Any], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """What a further runner (contract, browser) returns is counted with the suites' cases."""
    import scaffold.verify.run
    from scaffold.verify.context import SuiteContext, TestRun
    from scaffold.verify.integration import integration_suites
    from scaffold.verify.outcomes import CaseResult, Flow

    seen: list[SuiteContext] = []

    def contract(context: SuiteContext) -> TestRun:
        seen.append(context)
        return TestRun(cases=(CaseResult("api", "contract", "api:openapi::GET /items",
                                         "GET /items", "pass"),),
                       flows=(Flow("browse", ("open /",), False, "no item"),))

    import scaffold.verify.app_checks

    monkeypatch.setattr(scaffold.verify.run, "runners",
                        lambda options, _apps: (integration_suites, contract)
                        if options.tests else ())
    # --e2e's own preflight (Chromium, npm, a published port) is not what this test is about
    monkeypatch.setattr(scaffold.verify.app_checks, "prepare",
                        lambda *_args, **_kw: scaffold.verify.app_checks.AppChecks(project))
    fake()
    code, _, err = run_cli(capsys, "verify", "-f", str(project / "scaffold.yaml"), "--e2e",
                           "--json", str(project / "r.json"))
    assert code == 1
    assert "FAILED: E2E flow 'browse' failed: no item" in err
    assert seen[0].e2e and seen[0].plan.project == "shop"
    summary = json.loads((project / "r.json").read_text())["tests"]["summary"]
    assert (summary["contract"]["pass"], summary["cache"]["pass"]) == (1, 1)


def test_a_failed_job_is_blamed_not_the_app_still_waiting_on_it() -> None:
    from scaffold.verify.run import _culprit

    states = [ServiceState("api", "fastapi", "created"),
              ServiceState("api-migrate", "fastapi", "exited", None, "exit code 1"),
              ServiceState("db", "postgres", "healthy", 2.0)]
    assert _culprit(states) == states[1]
    assert _culprit(states[:1]) == states[0]
    assert _culprit(states[2:]) is None
