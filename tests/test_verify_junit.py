"""verify's JUnit reader (scaffold/verify/junit.py) and its suite commands (suites.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scaffold.manifest.build import loads
from scaffold.verify import junit, suites
from scaffold.verify.outcomes import CaseResult

# node 18's --test-reporter=junit, as it writes a passing and a failing test
NODE = b"""<?xml version="1.0" encoding="utf-8"?>
<testsuites>
\t<testcase name="set, get and expire" time="0.000664" classname="test"/>
\t<testcase name="items round trip" time="0.000270" classname="test" failure="boom">
\t\t<failure type="testCodeFailure" message="boom">
[Error [ERR_TEST_FAILURE]: boom] {
  failureType: 'testCodeFailure',
}
\t\t</failure>
\t</testcase>
\t<testcase name="later" classname="test"><skipped type="skipped" message="todo"/></testcase>
</testsuites>
"""


def test_node_cases_take_their_category_from_the_file_they_ran() -> None:
    parsed = junit.parse(NODE, "web", "test/integration/cache.test.js")
    assert parsed.problem == ""
    assert parsed.cases == (
        CaseResult("web", "cache", "web:test/integration/cache.test.js::set, get and expire",
                   "set, get and expire", "pass"),
        CaseResult("web", "cache", "web:test/integration/cache.test.js::items round trip",
                   "items round trip", "fail", "boom"),
        CaseResult("web", "cache", "web:test/integration/cache.test.js::later", "later", "skip",
                   "todo"),
    )


def test_pytest_junit_is_read_with_each_case_in_its_files_category(tmp_path: Path) -> None:
    suite = tmp_path / "tests" / "integration"
    suite.mkdir(parents=True)
    (suite / "test_database.py").write_text(
        "import pytest\n\ndef test_crud_round_trip():\n    pass\n\n"
        "def test_unique_constraint():\n    assert 1 == 2, 'duplicate accepted'\n\n"
        "@pytest.mark.skip(reason='no replica')\ndef test_replica():\n    pass\n")
    (suite / "test_upstreams.py").write_text(
        "import pytest\n\n@pytest.mark.parametrize('name', ['api'])\n"
        "def test_upstream_is_alive(name):\n    pass\n")
    (suite / "test_items.py").write_text("class TestItems:\n    def test_list(self):\n        pass\n")
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                    "tests/integration", "--junitxml=out.xml", "-o", "junit_family=xunit2"],
                   cwd=tmp_path, capture_output=True, check=False)
    parsed = junit.parse((tmp_path / "out.xml").read_bytes(), "api")
    got = {(c.id, c.category, c.outcome) for c in parsed.cases}
    assert got == {
        ("api:tests/integration/test_database.py::test_crud_round_trip", "database", "pass"),
        ("api:tests/integration/test_database.py::test_unique_constraint", "database", "fail"),
        ("api:tests/integration/test_database.py::test_replica", "database", "skip"),
        ("api:tests/integration/test_upstreams.py::test_upstream_is_alive[api]", "upstream",
         "pass"),
        ("api:tests/integration/test_items.py::test_list", "api", "pass"),
    }
    failed = next(c for c in parsed.cases if c.outcome == "fail")
    assert failed.reason.startswith("AssertionError: duplicate accepted")
    assert failed.description == "unique constraint"


@pytest.mark.parametrize(("path", "category"), [
    ("tests/integration/test_database.py", "database"),
    ("tests/integration/test_migrations.py", "database"),
    ("test/integration/database.test.js", "database"),
    ("test/integration/cache.test.js", "cache"),
    ("tests/integration/test_upstreams.py", "upstream"),
    ("tests/integration/test_contract.py", "contract"),
    ("e2e/items.e2e.spec.ts", "e2e"),
    ("tests/integration/test_items.py", "api"),
    ("tests/integration/test_dbx.py", "api"),  # a whole word, not a part of one
])
def test_the_category_is_the_test_files(path: str, category: str) -> None:
    assert junit.category_of(path) == category


@pytest.mark.parametrize(("document", "problem"), [
    (b"", "api's suite wrote no JUnit report"),
    (b"<testsuites><testcase name='x'>", "the JUnit report of api does not parse: "
                                         "no element found: line 1, column 31"),
    (b"not xml at all", "the JUnit report of api does not parse: syntax error: line 1, column 0"),
    (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
     b"<testsuites><testcase name='&lol2;'/></testsuites>",
     "the JUnit report of api declares a DOCTYPE or entities"),
    (b"<testsuites>" + b" " * junit.MAX_BYTES + b"</testsuites>",
     f"the JUnit report of api is over {junit.MAX_BYTES:,} bytes"),
])
def test_a_bad_document_is_one_problem_not_an_exception(document: bytes, problem: str) -> None:
    assert junit.parse(document, "api") == junit.Parsed((), problem)


def test_at_most_max_cases_are_read_and_reasons_are_one_short_line() -> None:
    many = b"".join(b'<testcase name="t%d"><failure message="%s">x</failure></testcase>'
                    % (i, b"y" * 500) for i in range(junit.MAX_CASES + 5))
    parsed = junit.parse(b"<testsuites>" + many + b"</testsuites>", "api")
    assert len(parsed.cases) == junit.MAX_CASES and parsed.truncated
    assert len(parsed.cases[0].reason) == junit.REASON_CHARS
    assert parsed.cases[0].id == "api::t0"


def test_a_describe_block_counts_its_tests_not_itself() -> None:
    nested = (b'<testsuites><testcase name="items"><testcase name="lists"/>'
              b'<testcase name="creates"/></testcase></testsuites>')
    assert [c.id for c in junit.parse(nested, "web", "test/integration/items.test.js").cases] == [
        "web:test/integration/items.test.js::lists", "web:test/integration/items.test.js::creates"]


APPS = """
name: shop
services:
  db: {preset: postgres}
  api: {preset: fastapi, depends_on: [db]}
  web: {preset: nextjs, depends_on: [api]}
  job: {from: api, role: job, command: alembic upgrade head, depends_on: [db]}
"""


def test_each_app_with_a_suite_gets_a_run_and_node_runs_one_file_at_a_time() -> None:
    services = loads(APPS).services
    on_disk = {("api", "tests/integration/test_*.py"): ["tests/integration/test_cache.py"],
               ("web", "test/integration/*.test.js"): ["test/integration/a.test.js",
                                                       "test/integration/b.test.js"],
               ("job", "tests/integration/test_*.py"): ["tests/integration/test_cache.py"]}
    runs = suites.runs(services, lambda path, glob: on_disk.get((path.split("/")[-1], glob), []))
    assert [(r.service, r.runner, r.file) for r in runs] == [
        ("api", "pytest", ""), ("web", "node", "test/integration/a.test.js"),
        ("web", "node", "test/integration/b.test.js")]
    assert runs[1].command[-1].startswith(
        "rm -f /tmp/scaffold-junit.xml; node --test --test-reporter=junit "
        "--test-reporter-destination=/tmp/scaffold-junit.xml test/integration/a.test.js >&2; ")
