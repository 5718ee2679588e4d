"""The browser check of a Next.js app: where it looks, and what its Playwright JSON report says.

Pure: the environment `npm run test:e2e` gets (the page's and its APIs' addresses on this
machine, the Chromium to drive), and the report turned into CaseResult(category="e2e") and
one Flow per test, its steps being Playwright's `test.step`s. scaffold/verify/e2e_host.py
runs it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from scaffold.conventions import included, url_variables
from scaffold.errors import InputError
from scaffold.manifest.model import Manifest, Variant
from scaffold.records import record
from scaffold.verify.checks import shorten
from scaffold.verify.outcomes import CaseResult, Flow

E2E_PRESETS = ("nextjs",)  # the app templates that come with a browser check
CHROMIUM_VARIABLE = "CHROMIUM_PATH"
CHROMIUM_DEFAULT = "/usr/bin/chromium"  # Debian's chromium package
REPORT = "playwright.json"  # in the run's scratch folder
HARD_TIMEOUT = 300  # seconds the whole browser check may take; then it is stopped


@record
class Planned:
    """A browser check before the stack is up: the app, its folder, the ports it and its HTTP
    dependencies listen on inside the stack (their host ports are known once it runs)."""

    service: str
    folder: str  # relative to the manifest's folder
    port: int
    apis: tuple[tuple[str, str, int], ...]  # (variable, dependency, its port)

    def resolved(self, folder: str, host_port: Callable[[str, int], int | None]) -> Target:
        """The check with this machine's addresses; exit 2 when a service publishes no port."""
        def url(service: str, port: int) -> str:
            found = host_port(service, port)
            if found is None:
                raise InputError(f"--e2e: {service} publishes no port on this machine, so the "
                                 f"browser check of {self.service} cannot reach it")
            return f"http://127.0.0.1:{found}"
        return Target(self.service, folder, url(self.service, self.port),
                      tuple((variable, url(dep, port)) for variable, dep, port in self.apis))


def planned(manifest: Manifest, variant: Variant) -> list[Planned]:
    """The browser checks of the variant's apps; exit 2 when there is none to run, or the
    variant publishes no port this machine could open the page at."""
    running = included(manifest, variant)
    names = {s.name for s in running}
    out = []
    for service in sorted(running, key=lambda s: s.name):
        if service.preset not in E2E_PRESETS or service.role == "job":
            continue
        apis = tuple((variable, dep, manifest.service(dep).internal_port or 80)
                     for dep, variable in sorted(url_variables(service, manifest).items())
                     if dep in names and manifest.service(dep).backing is None)
        out.append(Planned(service.name, service.path, service.internal_port or 3000, apis))
    if not out:
        raise InputError(f"--e2e: variant '{variant.name}' runs no app with a browser check "
                         f"(the {', '.join(E2E_PRESETS)} template has one)")
    if variant.publish == "none":
        raise InputError(f"--e2e opens the page from this machine, and variant '{variant.name}' "
                         "publishes no ports: use --variant local")
    return out


@record
class Target:
    """One app's browser check: its folder and the addresses it reaches the stack at."""

    service: str
    folder: str  # the app's code, where `npm run test:e2e` runs
    base_url: str  # the page
    api_urls: tuple[tuple[str, str], ...] = ()  # (variable, URL): each HTTP dependency's

    @property
    def case_id(self) -> str:
        return f"{self.service}:e2e"


def chromium(env: Mapping[str, str]) -> str:
    """The browser to drive: $CHROMIUM_PATH, else Debian's."""
    return env.get(CHROMIUM_VARIABLE) or CHROMIUM_DEFAULT


def environment(target: Target, browser: str, scratch: str) -> dict[str, str]:
    """What `npm run test:e2e` reads: E2E_BASE_URL, E2E_<VARIABLE> per API, the browser; its
    report and traces go to `scratch`, not the app's folder."""
    env = {"E2E_BASE_URL": target.base_url, CHROMIUM_VARIABLE: browser,
           "PLAYWRIGHT_JSON_OUTPUT_NAME": f"{scratch}/{REPORT}",
           "E2E_OUTPUT_DIR": f"{scratch}/test-results", "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
           "NEXT_TELEMETRY_DISABLED": "1", "CI": "1"}
    env |= {f"E2E_{variable}": url for variable, url in target.api_urls}
    return env


def command(npm: str) -> list[str]:
    return [npm, "run", "test:e2e", "--", "--reporter=json"]


def results(target: Target, report_json: str) -> tuple[list[CaseResult], list[Flow]]:
    """One case and one flow per test in the report, in title order."""
    try:
        report = json.loads(report_json)
    except ValueError as exc:
        return [unanswered(target, f"the Playwright report is unreadable: {exc}")], []
    if not isinstance(report, dict):
        return [unanswered(target, "the Playwright report is not a JSON object")], []
    tests = sorted(_tests(report.get("suites") or []), key=lambda t: t[0])
    if not tests:
        errors = [_message(e) for e in report.get("errors") or [] if isinstance(e, dict)]
        return [unanswered(target, errors[0] if errors else "Playwright ran no test")], []
    cases, flows = [], []
    for title, test in tests:
        case, flow = _judged(target, title, test)
        cases.append(case)
        flows.append(flow)
    return cases, flows


def _tests(suites: list[Any], prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(title, test) for every test of every spec, suites nested in suites included."""
    for suite in suites:
        if not isinstance(suite, dict):
            continue
        for spec in suite.get("specs") or []:
            for test in spec.get("tests") or []:
                yield f"{prefix}{spec.get('title', '?')}", test
        yield from _tests(suite.get("suites") or [], prefix)


def _judged(target: Target, title: str, test: dict[str, Any]) -> tuple[CaseResult, Flow]:
    runs = [r for r in test.get("results") or [] if isinstance(r, dict)]
    last = runs[-1] if runs else {}
    steps = [s for s in last.get("steps") or [] if isinstance(s, dict)]
    names = tuple(str(s.get("title", "?")) for s in steps)
    status = str(test.get("status", ""))  # expected, unexpected, flaky, skipped
    description = f"{title} ({target.base_url})"
    case_id = f"{target.case_id}:{title}"
    if status == "skipped":
        return (CaseResult(target.service, "e2e", case_id, description, "skip", "skipped"),
                Flow(title, names, False, "skipped"))
    if status == "expected":
        return (CaseResult(target.service, "e2e", case_id, description, "pass"),
                Flow(title, names, True))
    why = _failure(last, steps)
    return (CaseResult(target.service, "e2e", case_id, description, "fail", why),
            Flow(title, names, False, why))


def _failure(result: Mapping[str, Any], steps: list[dict[str, Any]]) -> str:
    """The step that failed and its error's first line; the test's error when no step did."""
    for step in steps:
        if isinstance(step.get("error"), dict):
            return shorten(f"{step.get('title', '?')}: {_message(step['error'])}")
    errors = [e for e in result.get("errors") or [] if isinstance(e, dict)]
    if isinstance(result.get("error"), dict):
        errors.insert(0, result["error"])
    status = str(result.get("status", "failed"))
    return shorten(_message(errors[0]) if errors else status)


def _message(error: Mapping[str, Any]) -> str:
    """An error's first line, and what an expectation wanted and got, without colour codes."""
    text = _plain(str(error.get("message") or error.get("value") or "error"))
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return "error"
    wanted = [ln for ln in lines[1:] if ln.startswith(("Expected", "Received"))]
    return "; ".join([lines[0], *wanted])


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _plain(text: str) -> str:
    return _ANSI.sub("", text)


def unanswered(target: Target, why: str) -> CaseResult:
    """The browser check failed before any test ran: no report, a timeout, npm failing."""
    return CaseResult(target.service, "e2e", target.case_id,
                      f"{target.service}'s browser check ran ({target.base_url})", "fail",
                      shorten(why))
