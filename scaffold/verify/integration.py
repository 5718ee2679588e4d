"""The apps' own integration suites, run inside their containers: `docker compose exec -T`
each suite (see suites.py), its JUnit XML read into CaseResults (junit.py)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scaffold import console
from scaffold.verify import junit
from scaffold.verify.context import SuiteContext, TestRun
from scaffold.verify.suites import MAX_XML_BYTES, Lister, Run, runs

SUITE_TIMEOUT = 600.0  # seconds one suite run may take


def lister(directory: Path) -> Lister:
    """(code path, glob) -> the matching files under it, relative and sorted."""

    def listing(code: str, pattern: str) -> Sequence[str]:
        root = directory / code
        if not root.is_dir():
            return ()
        return sorted(p.relative_to(root).as_posix() for p in root.glob(pattern) if p.is_file())

    return listing


def integration_suites(context: SuiteContext) -> TestRun:
    """Every app's integration suite, one exec at a time."""
    total = TestRun()
    for run in runs(context.plan.services, lister(context.directory)):
        label = f"{run.service}: {run.file or 'tests/integration'}"
        console.out(f"testing {label}")
        total += _one(context, run, label)
    return total


def _one(context: SuiteContext, run: Run, label: str) -> TestRun:
    code, out, err = context.stack.exec_capture(run.service, run.command, SUITE_TIMEOUT,
                                                MAX_XML_BYTES)
    if code is None:
        return TestRun(problems=(f"{label}: timed out after {SUITE_TIMEOUT:.0f}s",),
                       output=((label, tuple(err)),))
    parsed = junit.parse(out, run.service, run.file)
    if parsed.problem and not parsed.cases:
        why = err[-1] if err else f"exit code {code}"
        return TestRun(problems=(f"{label}: {parsed.problem} ({why})",),
                       output=((label, tuple(err)),))
    for case in parsed.cases:
        mark = {"pass": "ok  ", "fail": "FAIL", "skip": "skip"}[case.outcome]
        console.out(f"{mark} {case.id}" + (f": {case.reason}" if case.reason else ""))
    failed = any(c.outcome == "fail" for c in parsed.cases)
    return TestRun(cases=parsed.cases, output=((label, tuple(err)),) if failed else ())
