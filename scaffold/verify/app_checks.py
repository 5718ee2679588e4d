"""Contract and browser checks of a running stack, after its health checks: what to run, run.

Before the stack comes up, `prepare` finds what the checks need (a browser check's Chromium,
npm and the app's test dependencies: exit 2 when one is missing); once it is up and healthy,
`run` holds each FastAPI app to its OpenAPI document (scaffold/verify/tester.py) and drives
each Next.js page in Chromium (scaffold/verify/e2e_host.py).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from scaffold import console
from scaffold.errors import InputError
from scaffold.manifest.model import Manifest, Service, Variant
from scaffold.records import record
from scaffold.verify import contract, e2e
from scaffold.verify.context import SuiteContext, SuiteRunner, TestRun
from scaffold.verify.outcomes import CaseResult, Flow

if TYPE_CHECKING:
    from scaffold.verify.engine import Stack


@record
class AppChecks:
    """What `run` checks: contract targets with their Python base image, browser checks."""

    directory: Path
    contracts: tuple[tuple[contract.Target, str], ...] = ()
    browser: tuple[e2e.Planned, ...] = ()
    npm: str = ""
    chromium: str = ""


def prepare(manifest: Manifest, services: Sequence[Service], variant: Variant, directory: Path,
            *, contracts: bool, browser: bool) -> AppChecks:
    """The checks to run once the stack is up; exit 2 when --e2e cannot run here."""
    images = {s.name: s.image for s in services}
    targets = tuple((t, images[t.service]) for t in contract.targets(services, variant)) \
        if contracts else ()
    if not browser:
        return AppChecks(directory, targets)
    from scaffold.verify import e2e_host

    planned = tuple(e2e.planned(manifest, variant))
    chromium, npm = e2e_host.browser(), e2e_host.npm()
    e2e_host.prepare(directory, planned, npm)
    return AppChecks(directory, targets, planned, npm, chromium)


def run(checks: AppChecks, stack: Stack, network: str) -> tuple[list[CaseResult], list[Flow]]:
    """The browser checks first (before fuzzing fills the database), then the contracts."""
    cases: list[CaseResult] = []
    flows: list[Flow] = []
    for planned in checks.browser:
        found, flown = _browser_check(checks, planned, stack)
        cases += found
        flows += flown
    if checks.contracts:
        found = stack.contract_check(network, checks.contracts)
        _show_failures(found)
        cases += found
    return cases, flows


def _browser_check(checks: AppChecks, planned: e2e.Planned,
                   stack: Stack) -> tuple[list[CaseResult], list[Flow]]:
    from scaffold.verify import e2e_host

    folder = str(checks.directory / planned.folder)
    try:
        target = planned.resolved(folder, stack.host_port)
    except InputError as exc:  # a service publishes no port: this check cannot reach it
        unreachable = e2e.Target(planned.service, folder, "(not published)")
        found = [e2e.unanswered(unreachable, str(exc))]
        _show_failures(found)
        return found, []
    started = time.monotonic()
    found, flown = e2e_host.run(target, checks.npm, checks.chromium)
    for flow in flown:
        console.out(f"{'ok  ' if flow.ok else 'FAIL'} e2e {target.service}: {flow.name} "
                    f"({' -> '.join(flow.steps)}; {time.monotonic() - started:.1f}s)"
                    f"{'' if flow.ok else ': ' + flow.detail}")
    if not flown:  # no test ran: the case says why
        _show_failures(found)
    return found, flown


def _show_failures(cases: Sequence[CaseResult]) -> None:
    for case in cases:
        if case.outcome == "fail":
            console.out(f"FAIL {case.category} {case.id}: {case.reason}")


def runner(checks: AppChecks) -> SuiteRunner:
    """The checks as one of verify's test runners."""
    def run_checks(context: SuiteContext) -> TestRun:
        cases, flows = run(checks, context.stack, context.plan.network)
        return TestRun(tuple(cases), tuple(flows))

    return run_checks
