"""verify's contract and browser checks without Docker: what they target, the commands they
run, how schemathesis' JUnit XML and Playwright's JSON report become cases and flows, and
the errors --e2e stops at. The reports under tests/fixtures/verify/ are real runs' output
(schemathesis 4.32 against the FastAPI template before and after it declared its answers;
Playwright 1.65 driving Debian's Chromium against the Next.js template)."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from scaffold.errors import EnvironmentProblem, InputError
from scaffold.manifest.build import loads
from scaffold.verify import contract, e2e, e2e_host
from scaffold.verify.outcomes import CaseResult
from tests.helpers import ROOT, run_cli

FIXTURES = ROOT / "tests" / "fixtures" / "verify"
STACK = """
name: shop
services:
  postgres: {preset: postgres}
  api: {preset: fastapi, depends_on: [postgres]}
  web: {preset: nextjs, depends_on: [postgres, api]}
  admin: {preset: django, depends_on: [postgres]}
"""
API = contract.Target("api", "http://api:8000/openapi.json", read_only=False)
WEB = e2e.Target("web", "/project/services/web", "http://127.0.0.1:3000",
                 (("API_URL", "http://127.0.0.1:8000"),))


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# --- contract: targets and the tester's command line -----------------------------------------


def test_only_apps_publishing_an_openapi_document_are_contract_checked() -> None:
    manifest = loads(STACK)
    ci, local = manifest.variant("ci"), manifest.variant("local")
    assert contract.targets(manifest.services, ci) == [API]
    # a variant that keeps its data is only read from: fuzzing would leave junk behind
    assert [t.read_only for t in contract.targets(manifest.services, local)] == [True]


def test_the_tester_is_bounded_seeded_and_reports_junit() -> None:
    argv = contract.command(API)
    assert argv[:4] == ["st", "--no-color", "run", API.url]
    flags = dict(zip(argv[4::2], argv[5::2], strict=False))
    assert flags["--max-examples"] == str(contract.MAX_EXAMPLES)
    assert flags["--seed"] == str(contract.SEED)
    assert flags["--report-junit-path"] == contract.JUNIT_PATH
    assert flags["--phases"] == "coverage,fuzzing,stateful"
    assert "allow_header_conformance" not in flags["--checks"]
    assert "--include-method" not in argv
    reads = contract.command(contract.Target("api", API.url, read_only=True))
    assert reads[-2:] == ["--include-method", "GET"] and "stateful" not in reads


def test_the_tester_image_is_tagged_by_its_recipe_and_base() -> None:
    assert contract.dockerfile("scaffold-local/python:3.11").startswith(
        "FROM scaffold-local/python:3.11\n")
    assert f"pip install --quiet '{contract.SCHEMATHESIS}'" in contract.dockerfile("x")
    one, other = contract.image_tag("sha256:aa"), contract.image_tag("sha256:bb")
    assert one == contract.image_tag("sha256:aa") and one != other
    assert one.startswith("scaffold-verify/contract-tester:")


# --- contract: schemathesis' JUnit XML -----------------------------------------------------


def test_a_conforming_app_passes_every_operation() -> None:
    cases = contract.results(API, fixture("contract/passes.xml"))
    assert {c.outcome for c in cases} == {"pass"}
    assert [c.id for c in cases] == sorted(c.id for c in cases)
    assert "api:contract:PATCH /items/{item_id}" in {c.id for c in cases}
    assert {c.category for c in cases} == {"contract"}
    assert len(cases) == 8  # seven operations and the stateful run


def test_each_violation_is_named_with_what_the_check_saw_and_how_to_repeat_it() -> None:
    cases = {c.id: c for c in contract.results(API, fixture("contract/fails.xml"))}
    failed = sorted(i for i, c in cases.items() if c.outcome == "fail")
    assert failed == ["api:contract:DELETE /items/{item_id}", "api:contract:GET /items/{item_id}",
                      "api:contract:PATCH /items/{item_id}", "api:contract:POST /items",
                      "api:contract:Stateful tests"]
    post = cases["api:contract:POST /items"]
    assert post.reason.startswith("ST103 Undocumented status code (Received: 409; Documented: "
                                  "201, 422): curl -X POST ")
    assert "ST101 Server error" in cases["api:contract:Stateful tests"].reason
    assert cases["api:contract:GET /health"].outcome == "pass"


def test_the_testers_own_error_and_skips_are_reported() -> None:
    xml = """<testsuites><testsuite name="schemathesis">
      <testcase name="GET /a"><error type="error">Connection refused
      more</error></testcase>
      <testcase name="GET /b"><skipped message="no examples" /></testcase>
    </testsuite></testsuites>"""
    a, b = contract.results(API, xml)
    assert (a.outcome, a.reason) == ("fail", "Connection refused")
    assert (b.outcome, b.reason) == ("skip", "no examples")


@pytest.mark.parametrize(("xml", "why"), [
    ("<testsuites", "the tester's JUnit XML is unreadable"),
    ("<testsuites><testsuite/></testsuites>", "the tester ran no operation"),
])
def test_a_report_without_cases_is_one_failure(xml: str, why: str) -> None:
    [case] = contract.results(API, xml)
    assert (case.id, case.outcome) == ("api:contract", "fail")
    assert case.reason.startswith(why)


def test_the_last_lines_of_a_run_without_report_are_kept() -> None:
    said = "Loading schema\n\nSchema Loading Error\n\nFailed to load schema: 404\n=====\n"
    assert contract.output_tail(said) == ("Loading schema / Schema Loading Error / "
                                          "Failed to load schema: 404")


# --- e2e: what runs where --------------------------------------------------------------------


def test_a_nextjs_app_is_browser_checked_with_its_http_dependencies() -> None:
    manifest = loads(STACK)
    [planned] = e2e.planned(manifest, manifest.variant("local"))
    assert (planned.service, planned.folder, planned.port) == ("web", "services/web", 3000)
    assert planned.apis == (("API_URL", "api", 8000),)
    ports = {("web", 3000): 41000, ("api", 8000): 41001}
    target = planned.resolved("/p/services/web", lambda s, p: ports.get((s, p)))
    assert target == e2e.Target("web", "/p/services/web", "http://127.0.0.1:41000",
                                (("API_URL", "http://127.0.0.1:41001"),))
    with pytest.raises(InputError, match="api publishes no port on this machine"):
        planned.resolved("/p", lambda s, _p: 41000 if s == "web" else None)


@pytest.mark.parametrize(("text", "variant", "message"), [
    (STACK, "ci", "variant 'ci' publishes no ports: use --variant local"),
    (STACK.split("  web:")[0], "local", "runs no app with a browser check"),
])
def test_e2e_without_a_page_to_open_is_refused(text: str, variant: str, message: str) -> None:
    manifest = loads(text)
    with pytest.raises(InputError, match=message):
        e2e.planned(manifest, manifest.variant(variant))


def test_the_browser_check_reads_its_addresses_and_browser_from_the_environment() -> None:
    env = e2e.environment(WEB, "/usr/bin/chromium", "/scratch")
    assert env["E2E_BASE_URL"] == "http://127.0.0.1:3000"
    assert env["E2E_API_URL"] == "http://127.0.0.1:8000"
    assert env["CHROMIUM_PATH"] == "/usr/bin/chromium"
    assert env["PLAYWRIGHT_JSON_OUTPUT_NAME"] == "/scratch/playwright.json"
    assert env["E2E_OUTPUT_DIR"] == "/scratch/test-results"  # not the app's folder
    assert e2e.chromium({}) == "/usr/bin/chromium"
    assert e2e.chromium({"CHROMIUM_PATH": "/opt/c"}) == "/opt/c"
    assert e2e.command("npm") == ["npm", "run", "test:e2e", "--", "--reporter=json"]


# --- e2e: Playwright's JSON report -----------------------------------------------------------


def test_a_passing_browser_check_is_a_case_and_a_flow_with_its_steps() -> None:
    cases, flows = e2e.results(WEB, fixture("e2e/passes.json"))
    assert cases == [CaseResult("web", "e2e", "web:e2e:item created via API appears on the page",
                                "item created via API appears on the page "
                                "(http://127.0.0.1:3000)", "pass")]
    [flow] = flows
    assert flow.ok and flow.name == "item created via API appears on the page"
    assert flow.steps == ("POST /items to api", "open the page", "see the item in the list")


@pytest.mark.parametrize(("name", "steps", "reason"), [
    ("e2e/step-fails.json", ("POST /items to api",),
     "POST /items to api: Error: apiRequestContext.post: connect ECONNREFUSED 127.0.0.1:1"),
    ("e2e/goto-fails.json", ("POST /items to api", "open the page"),
     "open the page: Error: page.goto: net::ERR_CONNECTION_REFUSED at http://127.0.0.1:3000/"),
])
def test_a_failing_step_is_named_with_its_error(name: str, steps: tuple[str, ...],
                                                reason: str) -> None:
    [case], [flow] = e2e.results(WEB, fixture(name))
    assert (case.outcome, case.reason) == ("fail", reason)
    assert (flow.ok, flow.steps, flow.detail) == (False, steps, reason)
    assert "\x1b" not in case.reason


def test_an_expectation_says_what_it_wanted_and_got() -> None:
    report = json.loads(fixture("e2e/passes.json"))
    test = report["suites"][0]["specs"][0]["tests"][0]
    test["status"] = "unexpected"
    test["results"][-1]["steps"][0]["error"] = {
        "message": "Error: Internal Server Error\n\n\x1b[2mexpect(\x1b[22mreceived).toBe(expected)"
                   "\n\nExpected: \x1b[32m201\x1b[39m\nReceived: \x1b[31m500\x1b[39m"}
    [case], _ = e2e.results(WEB, json.dumps(report))
    assert case.reason == ("POST /items to api: Error: Internal Server Error; Expected: 201; "
                           "Received: 500")


@pytest.mark.parametrize(("text", "why"), [
    ("{", "the Playwright report is unreadable"),
    ("[]", "the Playwright report is not a JSON object"),
    ('{"suites": [], "errors": [{"message": "Error: No tests found"}]}', "Error: No tests found"),
    ('{"suites": []}', "Playwright ran no test"),
])
def test_a_report_without_tests_is_one_failure(text: str, why: str) -> None:
    [case], flows = e2e.results(WEB, text)
    assert (case.id, case.outcome, flows) == ("web:e2e", "fail", [])
    assert case.reason.startswith(why)


def test_a_skipped_test_is_a_skip_and_a_flow_not_got_through() -> None:
    report = json.loads(fixture("e2e/passes.json"))
    report["suites"][0]["specs"][0]["tests"][0]["status"] = "skipped"
    [case], [flow] = e2e.results(WEB, json.dumps(report))
    assert (case.outcome, flow.ok) == ("skip", False)


# --- e2e on this machine: what is missing stops it, with exit 2 ------------------------------


def test_without_chromium_e2e_is_an_error_naming_it(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "scaffold.yaml").write_text(STACK)
    missing = tmp_path / "no" / "chromium"
    monkeypatch.setenv("CHROMIUM_PATH", str(missing))
    code, _, err = run_cli(capsys, "verify", "-f", str(tmp_path / "scaffold.yaml"),
                           "--variant", "local", "--e2e", "--no-generate")
    assert code == 2
    assert f"--e2e drives Chromium, and {missing} is missing" in err
    assert "chromium package" in err and "Traceback" not in err
    with pytest.raises(EnvironmentProblem):
        e2e_host.browser()


def test_e2e_on_a_variant_without_ports_is_an_error(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "scaffold.yaml").write_text(STACK)
    code, _, err = run_cli(capsys, "verify", "-f", str(tmp_path / "scaffold.yaml"), "--e2e")
    assert code == 2
    assert "variant 'ci' publishes no ports: use --variant local" in err


def test_an_app_without_a_browser_check_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "services" / "web"
    folder.mkdir(parents=True)
    (folder / "package.json").write_text(json.dumps({"scripts": {"test": "node --test"}}))
    planned = e2e.Planned("web", "services/web", 3000, ())
    with pytest.raises(InputError, match="has no `test:e2e` script"):
        e2e_host.prepare(tmp_path, [planned], "npm")


def test_a_browser_check_that_hangs_is_stopped_with_its_children(tmp_path: Path) -> None:
    marker = tmp_path / "child.pid"
    script = (f"import subprocess, sys, time; p = subprocess.Popen([sys.executable, '-c', "
              f"'import time; time.sleep(60)']); open({str(marker)!r}, 'w').write(str(p.pid)); "
              f"time.sleep(60)")
    started = time.monotonic()
    code, _ = e2e_host._bounded([sys.executable, "-c", script], tmp_path, dict(os.environ), 2)
    assert code is None and time.monotonic() - started < 30
    child = int(marker.read_text())
    time.sleep(0.2)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat").read_text().split()[2] if Path(f"/proc/{pid}").exists() \
        else "X"
    return status not in ("Z", "X")


def test_a_run_without_report_is_one_failure_saying_what_npm_said(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_command(_npm: str) -> list[str]:
        return [sys.executable, "-c", "print('npm ERR! Missing script: \"test:e2e\"')"]

    monkeypatch.setattr(e2e, "command", fake_command)
    target = e2e.Target("web", str(tmp_path), "http://127.0.0.1:3000")
    [case], flows = e2e_host.run(target, "npm", "/usr/bin/chromium")
    assert flows == []
    assert case.reason == ("the browser check wrote no report: npm ERR! Missing script: "
                           "\"test:e2e\"")


def test_the_report_is_read_from_the_scratch_folder(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    report = fixture("e2e/passes.json")

    def fake_command(_npm: str) -> list[str]:
        code = ("import os; open(os.environ['PLAYWRIGHT_JSON_OUTPUT_NAME'], 'w').write("
                f"{report!r})")
        return [sys.executable, "-c", code]

    monkeypatch.setattr(e2e, "command", fake_command)
    target: Any = e2e.Target("web", str(tmp_path), "http://127.0.0.1:3000")
    [case], [flow] = e2e_host.run(target, "npm", "/usr/bin/chromium")
    assert case.outcome == "pass" and flow.ok
    assert list(tmp_path.iterdir()) == []  # nothing left in the app's folder


def test_e2e_cannot_go_with_no_tests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "scaffold.yaml").write_text(STACK)
    code, _, err = run_cli(capsys, "verify", "-f", str(tmp_path / "scaffold.yaml"),
                           "--variant", "local", "--e2e", "--no-tests")
    assert code == 2
    assert "--e2e runs a test: it cannot go with --no-tests" in err


class _Stack:
    """Publishes what `ports` says; its contract check passes every target."""

    def __init__(self, ports: dict[tuple[str, int], int]) -> None:
        self.ports = ports

    def host_port(self, service: str, port: int) -> int | None:
        return self.ports.get((service, port))

    def contract_check(self, _network: str, targets: Any) -> list[CaseResult]:
        return [CaseResult(t.service, "contract", t.case_id, "", "pass") for t, _ in targets]


def test_browser_checks_run_first_then_the_contracts(monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from scaffold.verify import app_checks

    seen: list[e2e.Target] = []

    def fake_run(target: e2e.Target, _npm: str, _chromium: str) -> Any:
        seen.append(target)
        return e2e.results(target, fixture("e2e/step-fails.json"))

    monkeypatch.setattr(e2e_host, "run", fake_run)
    planned = e2e.Planned("web", "services/web", 3000, (("API_URL", "api", 8000),))
    checks = app_checks.AppChecks(Path("/p"), ((API, "python:3.12-slim"),), (planned,),
                                  "npm", "/usr/bin/chromium")
    stack: Any = _Stack({("web", 3000): 41000, ("api", 8000): 41001})
    cases, flows = app_checks.run(checks, stack, "shop-ci-network")
    assert seen[0].base_url == "http://127.0.0.1:41000"
    assert [(c.category, c.outcome) for c in cases] == [("e2e", "fail"), ("contract", "pass")]
    assert [f.ok for f in flows] == [False]
    assert "FAIL e2e web: item created via API appears on the page (POST /items to api;" \
        in capsys.readouterr().out


def test_a_page_this_machine_cannot_reach_is_a_failed_case(capsys: pytest.CaptureFixture[str]) -> None:
    from scaffold.verify import app_checks

    planned = e2e.Planned("web", "services/web", 3000, ())
    checks = app_checks.AppChecks(Path("/p"), (), (planned,), "npm", "/usr/bin/chromium")
    stack: Any = _Stack({})
    [case], flows = app_checks.run(checks, stack, "n")
    assert (case.id, case.outcome, flows) == ("web:e2e", "fail", [])
    assert "web publishes no port on this machine" in case.reason
    assert "FAIL e2e web:e2e: --e2e: web publishes no port" in capsys.readouterr().out
