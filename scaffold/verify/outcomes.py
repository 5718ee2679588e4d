"""What verify's test runs found: one record per test case and one per end-to-end flow, the
shape every suite (integration, contract, browser) reports in and the report reads. Pure.
"""

from __future__ import annotations

from typing import Literal

from scaffold.records import record

# the report's categories, in the order seed 001's "Test Results Summary" lists them
Category = Literal["api", "database", "cache", "upstream", "contract", "e2e"]
CATEGORIES: tuple[Category, ...] = ("api", "database", "cache", "upstream", "contract", "e2e")
CATEGORY_TITLES: dict[Category, str] = {
    "api": "API integration",
    "database": "Database",
    "cache": "Cache",
    "upstream": "Upstream services",
    "contract": "Contract",
    "e2e": "E2E",
}

Outcome = Literal["pass", "fail", "skip"]


@record
class CaseResult:
    """One test case: which service's suite ran it, its category, a stable id
    (`api:tests/integration/test_database.py::test_crud`), a description and, unless it
    passed, why not."""

    service: str
    category: Category
    id: str
    description: str
    outcome: Outcome
    reason: str = ""


@record
class Flow:
    """One end-to-end flow (seed 001's "E2E Flows" table): its name, the steps it took and
    whether it got through."""

    name: str
    steps: tuple[str, ...]
    ok: bool
    detail: str = ""
