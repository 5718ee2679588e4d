"""Which apps have an integration suite, and the command that runs it inside their container. Pure.

An app's suite is what its code holds: `tests/integration/test_*.py` runs under pytest,
`test/integration/*.test.js` under node's test runner, one file at a time (node's JUnit
reporter does not say which file a case came from, and the category is the file's).
Each command writes the JUnit XML to standard output and the runner's own output to standard
error, so one `docker compose exec -T` gives both.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from typing import Literal

from scaffold.manifest.model import Kind, Service
from scaffold.records import record

JUNIT_FILE = "/tmp/scaffold-junit.xml"
PYTEST_DIR = "tests/integration"
NODE_DIR = "test/integration"
MAX_XML_BYTES = 4_000_001  # what `head -c` lets through: one byte over the parser's limit

Runner = Literal["pytest", "node"]
Lister = Callable[[str, str], Sequence[str]]  # (code directory, glob) -> matching paths, sorted


@record
class Run:
    """One exec: a service, the test file(s) it covers, and the command."""

    service: str
    runner: Runner
    file: str  # "" for a pytest run: its cases name their own files
    command: tuple[str, ...]


def _wrapped(test_command: str) -> tuple[str, ...]:
    return ("sh", "-c", f"rm -f {JUNIT_FILE}; {test_command} >&2; "
            f"status=$?; head -c {MAX_XML_BYTES} {JUNIT_FILE} 2>/dev/null; exit $status")


def pytest_command() -> tuple[str, ...]:
    return _wrapped(f"python -m pytest {PYTEST_DIR} -v -p no:cacheprovider "
                    f"--junitxml={JUNIT_FILE} -o junit_family=xunit2")


def node_command(file: str) -> tuple[str, ...]:
    return _wrapped(f"node --test --test-reporter=junit --test-reporter-destination={JUNIT_FILE} "
                    f"{shlex.quote(file)}")


def has_suite(service: Service) -> bool:
    """A long-running app built from its own code (a job or worker shares another's)."""
    return service.kind == Kind.APP and service.role == "service" and not service.from_service


def runs(services: Sequence[Service], listing: Lister) -> list[Run]:
    """Every suite run of the services, in their order; `listing` reads the code on disk."""
    out: list[Run] = []
    for service in services:
        if not has_suite(service):
            continue
        if listing(service.path, f"{PYTEST_DIR}/test_*.py"):
            out.append(Run(service.name, "pytest", "", pytest_command()))
        out += [Run(service.name, "node", file, node_command(file))
                for file in listing(service.path, f"{NODE_DIR}/*.test.js")]
    return out
