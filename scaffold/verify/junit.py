"""JUnit XML (pytest's --junitxml, node's --test-reporter=junit) read into CaseResult records. Pure.

Bounded: a document over MAX_BYTES, one with a DOCTYPE or entities (JUnit needs neither), or one
that does not parse is one problem string, never an exception; at most MAX_CASES cases are read
and each reason is cut to a line.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from scaffold.records import record
from scaffold.verify.outcomes import CaseResult, Category, Outcome

MAX_BYTES = 4_000_000
MAX_CASES = 2_000
REASON_CHARS = 200

# by the test file's name: the first word found decides (test_database.py, cache.test.js, ...)
_CATEGORY_WORDS: tuple[tuple[str, Category], ...] = (
    ("contract", "contract"), ("e2e", "e2e"), ("browser", "e2e"), ("playwright", "e2e"),
    ("database", "database"), ("migration", "database"), ("db", "database"), ("sql", "database"),
    ("cache", "cache"), ("redis", "cache"), ("upstream", "upstream"),
)
_FORBIDDEN = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


@record
class Parsed:
    """The cases a document held, and why it could not be read (\"\" when it could)."""

    cases: tuple[CaseResult, ...]
    problem: str = ""
    truncated: bool = False


def category_of(path: str) -> Category:
    """The report category of a test file: `tests/integration/test_cache.py` -> cache."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    words = set(re.split(r"[^a-z0-9]+", name))
    for word, category in _CATEGORY_WORDS:
        if word in words or f"{word}s" in words:
            return category
    return "api"


def parse(document: bytes, service: str, file: str = "") -> Parsed:
    """Every <testcase> of the document as a CaseResult of `service`. `file` names the test
    file when the document does not (node's reporter gives no file per case)."""
    if len(document) > MAX_BYTES:
        return Parsed((), f"the JUnit report of {service} is over {MAX_BYTES:,} bytes")
    if not document.strip():
        return Parsed((), f"{service}'s suite wrote no JUnit report")
    if _FORBIDDEN.search(document):
        return Parsed((), f"the JUnit report of {service} declares a DOCTYPE or entities")
    try:
        root = ET.fromstring(document)
    except ET.ParseError as exc:
        return Parsed((), f"the JUnit report of {service} does not parse: {exc}")
    cases: list[CaseResult] = []
    for element in _testcases(root):
        if len(cases) == MAX_CASES:
            return Parsed(tuple(cases), "", truncated=True)
        cases.append(_case(element, service, file))
    return Parsed(tuple(cases))


def _testcases(root: ET.Element) -> Iterator[ET.Element]:
    """Each leaf <testcase>: node nests a describe's tests inside its own <testcase>."""
    for element in root.iter("testcase"):
        if element.find("testcase") is None:
            yield element


def _case(element: ET.Element, service: str, file: str) -> CaseResult:
    name = element.get("name") or "(unnamed)"
    path = element.get("file") or file or _module_path(element.get("classname", ""))
    outcome, reason = _outcome(element)
    case_id = f"{service}:{path}::{name}" if path else f"{service}::{name}"
    return CaseResult(service=service, category=category_of(path or name), id=case_id,
                      description=describe(name), outcome=outcome, reason=reason)


def _module_path(classname: str) -> str:
    """pytest's classname `tests.integration.test_db.TestX` -> `tests/integration/test_db.py`."""
    parts = [p for p in classname.split(".") if p]
    while parts and parts[-1][:1].isupper():  # a test class, not a module
        parts.pop()
    return "/".join(parts) + ".py" if parts and parts[-1].startswith("test") else ""


def _outcome(element: ET.Element) -> tuple[Outcome, str]:
    for tag, outcome in (("failure", "fail"), ("error", "fail"), ("skipped", "skip")):
        found = element.find(tag)
        if found is not None:
            return outcome, _reason(found)  # type: ignore[return-value]
    if element.get("failure") is not None:  # node's reporter also marks it as an attribute
        return "fail", _first_line(element.get("failure", ""))
    return "pass", ""


def _reason(element: ET.Element) -> str:
    message = element.get("message") or (element.text or "").strip() or element.tag
    return _first_line(message)


def _first_line(text: str) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= REASON_CHARS else line[:REASON_CHARS - 1] + "…"


def describe(name: str) -> str:
    """A test's name for people: `test_crud_round_trip[x]` -> `crud round trip [x]`."""
    base, bracket, rest = name.partition("[")
    words = base.removeprefix("test_").replace("_", " ").strip() or base
    return f"{words} [{rest}" if bracket else words
