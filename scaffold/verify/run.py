"""A verify run: regenerate, bring a variant up on a real Docker engine, check it, tear it down."""

from __future__ import annotations

import json
import os
import secrets
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scaffold import console, fs
from scaffold.errors import EXIT_CHECK_FAILED, EXIT_OK, CheckFailed, InputError
from scaffold.manifest import images
from scaffold.manifest.build import load
from scaffold.manifest.model import Kind, Manifest, Variant
from scaffold.newproject.copier_run import missing_code
from scaffold.output.generate import GenerateOptions, generate, show
from scaffold.records import record
from scaffold.targets.envfile import env_names
from scaffold.verify import app_checks
from scaffold.verify import checks as core
from scaffold.verify import report as reports
from scaffold.verify.checks import UP_STATES, Plan, Report, Result, ServiceState
from scaffold.verify.context import SuiteContext, SuiteRunner, TestRun
from scaffold.verify.integration import integration_suites

if TYPE_CHECKING:
    from scaffold.verify.engine import Stack

LOG_LINES = 30
RETRIES = 3  # more rounds of checks while some fail
RETRY_SECONDS = 3.0


@record(kw_only=True)
class VerifyOptions:
    """What `scaffold verify` is asked to do."""

    variant: str = "ci"
    keep: bool = False
    report_path: Path | None = None
    json_path: Path | None = None
    image_flags: Sequence[str] = ()
    base_image: str | None = None
    generate: bool = True  # bring the variant's compose file up to date first
    timeout: int = 300  # seconds every service may take to become healthy
    tests: bool = True  # the test runs after the checks: integration suites, contract checks
    e2e: bool = False  # the browser checks too, from this machine

    def __post_init__(self) -> None:
        if self.timeout < 1:
            raise InputError("--timeout must be at least 1 second")
        if self.e2e and not self.tests:
            raise InputError("--e2e runs a test: it cannot go with --no-tests")


def verify(manifest_path: Path, options: VerifyOptions | None = None) -> int:
    """Verify one variant of the manifest; 0 when every check passed, 1 when one failed."""
    options = options or VerifyOptions()
    manifest = load(manifest_path)
    chosen_images = images.overridden(manifest, images.parse(options.image_flags,
                                                             options.base_image))
    chosen = _variant(manifest, options.variant)
    plan = core.plan(chosen_images, chosen)
    directory = manifest_path.resolve().parent
    apps = app_checks.prepare(chosen_images, plan.services, chosen, directory,
                              contracts=options.tests, browser=options.e2e)
    from scaffold.verify.engine import compose_command, connect  # the docker SDK: only verify needs it

    client, compose = connect(), compose_command()
    compose_file = directory / chosen.filename
    _up_to_date(manifest_path, chosen, compose_file, options.generate)
    run = _Run(plan, chosen, options.keep, options.timeout, runners=runners(options, apps),
               manifest=chosen_images, directory=directory, e2e=options.e2e)
    env = _secrets(manifest, chosen, directory, compose_file.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="scaffold-verify-") as scratch:
        files = [compose_file]
        overrides = core.image_overrides(manifest, chosen_images, chosen)
        if overrides:
            files.append(Path(scratch) / "images.override.yml")
            files[-1].write_text(json.dumps(overrides, indent=2) + "\n", encoding="utf-8")
        from scaffold.verify.engine import Stack

        stack = Stack(client, manifest.name, directory, tuple(files), env, compose)
        report = run.execute(stack)
    _write(report, options.report_path, options.json_path)
    return EXIT_OK if report.passed else EXIT_CHECK_FAILED


def runners(options: VerifyOptions, apps: app_checks.AppChecks) -> tuple[SuiteRunner, ...]:
    """The test runners verify calls, in order, once every health check has passed: each
    returns a TestRun (cases by category, flows), and the report counts them all."""
    if not options.tests:
        return ()
    return (integration_suites, app_checks.runner(apps))


def _up_to_date(manifest_path: Path, chosen: Variant, compose_file: Path, regenerate: bool) -> None:
    if regenerate:
        result = generate(manifest_path, GenerateOptions(variants=(chosen.name,),
                                                         scaffold_code=missing_code))
        show(result)
        if result.exit_code != EXIT_OK:
            raise CheckFailed(f"could not bring {chosen.filename} up to date; see above")
    elif not compose_file.is_file():
        raise InputError(f"{compose_file} is missing; run `scaffold generate` or drop --no-generate")


def _variant(manifest: Manifest, name: str) -> Variant:
    try:
        return manifest.variant(name)
    except KeyError:
        known = ", ".join(v.name for v in manifest.variants)
        raise InputError(f"unknown variant '{name}'; this manifest has: {known}") from None


def _secrets(manifest: Manifest, variant: Variant, directory: Path,
             compose_text: str) -> dict[str, str]:
    """Throwaway values for the secrets nobody set, when the variant keeps nothing."""
    dotenv = directory / ".env"
    present = set(os.environ)
    if dotenv.is_file():
        present |= env_names(dotenv.read_text(encoding="utf-8", errors="replace"))
    missing = core.missing_secrets(manifest, compose_text, present)
    if missing and not variant.ephemeral:
        raise InputError(f"{', '.join(missing)} not set, and variant '{variant.name}' keeps its "
                         "data: copy .env.example to .env and fill it in")
    if missing:
        console.out(f"throwaway values for {', '.join(missing)} (not in .env; "
                   f"variant {variant.name} keeps nothing)")
    return {name: secrets.token_urlsafe(24) for name in missing}


def _write(report: Report, report_path: Path | None, json_path: Path | None) -> None:
    if report_path is not None:
        fs.write_atomic(report_path, reports.render_markdown(report))
        console.out(f"report: {report_path}")
    if json_path is not None:
        fs.write_atomic(json_path, reports.render_json(report))
        console.out(f"handoff: {json_path}")


class _Progress:
    """Live service states: redrawn in place on a terminal, one line per change otherwise."""

    def __init__(self, tty: bool, order: Sequence[str] = ()) -> None:
        self.tty = tty
        self.rank = {name: i for i, name in enumerate(order)}  # startup order
        self.last: dict[str, str] = {}
        self.drawn = 0

    def __call__(self, states: Sequence[ServiceState], elapsed: float) -> None:
        states = sorted(states, key=lambda s: (self.rank.get(s.name, len(self.rank)), s.name))
        if self.tty:
            self._redraw(states, elapsed)
            return
        for state in states:
            if self.last.get(state.name) != state.state:
                shown = state.healthy_after if state.state in UP_STATES else elapsed
                console.out(reports.progress_line(state, shown if shown is not None else elapsed))
        self.last = {s.name: s.state for s in states}

    def _redraw(self, states: Sequence[ServiceState], elapsed: float) -> None:
        lines = []
        for state in states:
            done = state.healthy_after if state.state in UP_STATES else None
            line = reports.progress_line(state, done if done is not None else elapsed)
            colour = {"healthy": "green", "running": "green", "unhealthy": "red",
                      "exited": "red"}.get(state.state)
            lines.append(console.coloured(line, colour) if colour else line)
        if self.drawn:
            console.out(f"\x1b[{self.drawn}F", end="")  # back to the block's first line
        for line in lines:
            console.out(f"\x1b[2K{line}")
        self.drawn = len(lines)


@dataclass
class _Run:
    """One verify run: build, up, checks, report; the stack always comes down unless kept."""

    plan: Plan
    variant: Variant
    keep: bool
    timeout: int
    runners: tuple[SuiteRunner, ...]
    manifest: Manifest
    directory: Path
    e2e: bool = False
    timings: list[tuple[str, float]] = field(default_factory=list)
    created_networks: list[str] = field(default_factory=list)

    def execute(self, stack: Stack) -> Report:
        started = time.monotonic()
        try:
            report = self._bring_up_and_check(stack)
        finally:
            self._tear_down(stack)
        self.timings.append(("total", time.monotonic() - started))
        report = replace(report, timings=tuple(self.timings))
        self._summarise(report)
        return report

    def _timed(self, phase: str, step: Callable[[], Any]) -> Any:
        started = time.monotonic()
        try:
            return step()
        finally:
            self.timings.append((phase, time.monotonic() - started))

    def _bring_up_and_check(self, stack: Stack) -> Report:
        if self.variant.network.external and stack.ensure_network(self.variant.network.name):
            self.created_networks.append(self.variant.network.name)
        builds = [s.name for s in self.plan.services if s.kind == Kind.APP]
        if builds:
            console.out(f"building {', '.join(builds)}")
            if not self._timed("build", stack.build):
                return self._failed(stack, [], "build failed", _named(stack.output, builds),
                                    compose_output=True)
        console.out(f"starting {self.plan.project} ({self.variant.name}) on network "
                   f"{self.plan.network}")
        tty = console.is_terminal()
        order = [name for layer in reports.layers_of(self.plan.services) for name in layer]
        up = self._timed("up", lambda: stack.up(self.timeout, _Progress(tty, order)))
        states = self._states(stack)
        if not up:
            bad = _culprit(states)
            if bad is not None:
                return self._failed(stack, states, _not_up(bad), bad.name)
            # `up --wait` may count a job that has done its work as exited; that is no failure
            if not any(s.state == "completed" for s in states):
                return self._failed(stack, states, "docker compose up failed", "",
                                    compose_output=True)
        results = self._timed("checks", lambda: self._check(stack))
        for result in results:
            console.out(f"{'ok  ' if result.ok else 'FAIL'} {result.check.name}: {result.detail}")
        failed = core.first_failure(results)
        if failed is not None:
            service = failed.check.target if failed.check.kind == "link" else failed.check.service
            return self._failed(stack, states, f"{failed.check.name}: {failed.detail}", service,
                                results=results)
        if not self.runners:
            return replace(self._report(stack, states, results), tests="skipped")
        found = self._timed("tests", lambda: self._tests(stack))
        return self._judge_tests(stack, states, results, found)

    def _tests(self, stack: Stack) -> TestRun:
        context = SuiteContext(stack, self.plan, self.manifest, self.variant, self.directory,
                               self.e2e)
        total = TestRun()
        for runner in self.runners:
            total += runner(context)
        return total

    def _judge_tests(self, stack: Stack, states: list[ServiceState], results: Sequence[Result],
                     found: TestRun) -> Report:
        report = self._report(stack, states, results)
        report = replace(report, cases=found.cases, flows=found.flows, tests="run")
        if not found.failed:
            return report
        failure = tests_failure(found)
        console.err(f"FAILED: {failure}")
        for label, lines in found.output:
            console.err(f"last {len(lines)} lines of {label}:")
            for line in lines:
                console.err(f"  {line}")
        first = next((c.service for c in found.cases if c.outcome == "fail"), "")
        return replace(report, failure=failure, failed_service=first, logs=found.output)

    def _states(self, stack: Stack) -> list[ServiceState]:
        """Each service's state; a long-running one that exited 0 has still stopped."""
        now = {s.name: s for s in stack.states()}
        out = []
        for s in self.plan.services:
            state = replace(now.get(s.name, ServiceState(s.name, "", "missing")), preset=s.preset)
            if state.state == "completed" and s.role != "job":
                state = replace(state, state="exited")
            out.append(state)
        return out

    def _check(self, stack: Stack) -> list[Result]:
        """Every check, again after a pause while some fail: readiness may lag health a little."""
        results = core.judge(self.plan.checks, self._probe(stack))
        for _ in range(RETRIES):
            if all(r.ok for r in results):
                break
            time.sleep(RETRY_SECONDS)
            results = core.judge(self.plan.checks, self._probe(stack))
        return results

    def _probe(self, stack: Stack) -> dict[str, core.Seen]:
        checks = self.plan.checks
        seen: dict[str, core.Seen] = {}
        from_network = [p for c in checks if not c.runs_in for p in c.probes]
        if from_network:
            for got in stack.probe_from(self._prober(stack), self.plan.network, from_network):
                seen[got.id] = got
        for dependent in sorted({c.runs_in for c in checks if c.runs_in}):
            probes = [p for c in checks if c.runs_in == dependent for p in c.probes]
            for got in stack.probe_in(dependent, probes):
                seen[got.id] = got
        return seen

    def _prober(self, stack: Stack) -> str:
        """The service whose image runs the probe container: the first with python or node."""
        running = [s for s in self.plan.services if s.role != "job"]  # a job has exited
        ordered = sorted(running, key=lambda s: s.kind != Kind.APP)
        return next((s.name for s in ordered if stack.runtime(s.name)), ordered[0].name)

    def _report(self, stack: Stack, states: list[ServiceState], results: Sequence[Result],
                failure: str = "", failed_service: str = "",
                logs: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> Report:
        manifest_services = {s.name: s.preset for s in self.plan.services}
        return Report(
            tests="run" if not failure else "not reached",
            project=self.plan.project, variant=self.variant.name, network=self.plan.network,
            services=reports.startup_order(states), layers=reports.layers_of(self.plan.services),
            results=tuple(results), failure=failure, failed_service=failed_service,
            logs=logs, notes=self.plan.notes, ports=tuple(stack.published_ports()),
            presets=tuple(sorted(manifest_services.items())),
        )

    def _failed(self, stack: Stack, states: list[ServiceState], what: str, service: str,
                results: Sequence[Result] = (), compose_output: bool = False) -> Report:
        console.err(f"FAILED: {what}")
        logs: tuple[tuple[str, tuple[str, ...]], ...] = ()
        if compose_output:
            tail = stack.output[-40:]
            console.err("docker compose said:")
            for line in tail:
                console.err(f"  {line}")
        if service and not compose_output:
            lines = stack.logs(service, LOG_LINES)
            console.err(f"last {len(lines)} log lines of {service}:")
            for line in lines:
                console.err(f"  {service} | {line}")
            logs = ((service, tuple(lines)),)
        failure = what if not service or what.startswith(service) else f"{service}: {what}"
        return self._report(stack, states, results, failure, service, logs)

    def _tear_down(self, stack: Stack) -> None:
        from scaffold.verify.engine import ignoring_interrupts

        if self.keep:
            console.out(f"kept running (--keep); remove it with: docker compose -p "
                       f"{self.plan.project} down{' -v' if self.variant.ephemeral else ''}")
            return
        with ignoring_interrupts():
            started = time.monotonic()
            if not stack.down(volumes=self.variant.ephemeral):
                console.err("warning: docker compose down failed:")
                for line in stack.output[-10:]:
                    console.err(f"  {line}")
            for name in self.created_networks:
                stack.remove_network(name)
            self.timings.append(("teardown", time.monotonic() - started))
        what = ("containers, network and volumes" if self.variant.ephemeral
                else "containers and network; volumes kept")
        console.out(f"removed {self.plan.project} ({what})")

    def _summarise(self, report: Report) -> None:
        order = ", ".join(f"{s.name} {s.healthy_after:.1f}s" for s in report.services
                          if s.healthy_after is not None)
        if order:
            console.out(f"healthy after: {order}")
        for job in (s for s in report.services if s.state == "completed"):
            console.out(f"job {job.name} finished: {job.health_output or 'exit code 0'}")
        if report.passed:
            links = sum(r.check.kind == "link" for r in report.results)
            routes = sum(r.check.kind == "route" for r in report.results)
            tests = (f", {reports.tally(report.cases)['pass']} of {len(report.cases)} tests passed"
                     if report.cases else "")
            console.out(f"verified {self.plan.project} ({self.variant.name}): "
                       f"{len(report.services)} services, {links} links, {routes} routes{tests}")
        else:
            console.err(f"verify failed: {report.failure}")


def tests_failure(found: TestRun) -> str:
    """`2 of 14 tests failed: api:...::test_x, ...; web: no JUnit report`: what failed verify."""
    failed = [c.id for c in found.cases if c.outcome == "fail"]
    parts = []
    if failed:
        shown = ", ".join(failed[:5]) + (f" and {len(failed) - 5} more" if len(failed) > 5 else "")
        parts.append(f"{len(failed)} of {len(found.cases)} tests failed: {shown}")
    parts += list(found.problems)
    parts += [f"E2E flow {f.name!r} failed" + (f": {f.detail}" if f.detail else "")
              for f in found.flows if not f.ok]
    return "; ".join(parts)


def _culprit(states: Sequence[ServiceState]) -> ServiceState | None:
    """The service to blame: one that exited or is unhealthy (a failed migration job, say)
    before one still `created` because it waits on that one."""
    down = [s for s in states if s.state not in UP_STATES]
    return next((s for s in down if s.state in ("exited", "unhealthy")), down[0] if down else None)


def _not_up(state: ServiceState) -> str:
    if state.state == "unhealthy":
        why = f": {state.health_output}" if state.health_output else ""
        return f"{state.name} is unhealthy (its healthcheck{why})"
    if state.state == "exited":
        return f"{state.name} exited ({state.health_output or 'no exit code'})"
    return f"{state.name} did not start ({state.state})"


def _named(output: Sequence[str], services: Sequence[str]) -> str:
    """The service compose's output blames, when it names one."""
    for line in reversed(output):
        for name in services:
            if f"'{name}'" in line or f'"{name}"' in line or f" {name} " in f" {line} ":
                return name
    return ""
