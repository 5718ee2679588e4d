"""The hook every test runner of verify plugs into: what it is given (SuiteContext) and what it
gives back (TestRun). A runner is any `Callable[[SuiteContext], TestRun]`; `run.py` calls each
in turn once the health checks have passed, and the report counts what they found.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from scaffold.manifest.model import Manifest, Variant
from scaffold.records import record
from scaffold.verify.checks import Plan
from scaffold.verify.outcomes import CaseResult, Flow

if TYPE_CHECKING:
    from scaffold.verify.engine import Stack


@record
class SuiteContext:
    """A healthy stack and what it was made from. `e2e`: verify was asked for browser checks."""

    stack: Stack
    plan: Plan
    manifest: Manifest
    variant: Variant
    directory: Path  # the manifest's folder; apps' code is at directory / service.path
    e2e: bool = False


@record
class TestRun:
    """What one runner found: its cases and flows; `problems`, a suite that could not run at
    all (each fails verify); `output`, (label, last lines) of a run worth showing on failure."""

    cases: tuple[CaseResult, ...] = ()
    flows: tuple[Flow, ...] = ()
    problems: tuple[str, ...] = ()
    output: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __add__(self, other: TestRun) -> TestRun:
        return TestRun(self.cases + other.cases, self.flows + other.flows,
                       self.problems + other.problems, self.output + other.output)

    @property
    def failed(self) -> bool:
        return bool(self.problems or any(c.outcome == "fail" for c in self.cases)
                    or not all(f.ok for f in self.flows))


SuiteRunner = Callable[[SuiteContext], TestRun]
