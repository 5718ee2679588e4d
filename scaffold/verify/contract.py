"""Contract checks: which apps publish an OpenAPI document, how schemathesis tests one, what it found.

Pure: the tester's image recipe and command line, and its JUnit XML turned into
CaseResult(category="contract"). `verify` runs the tester inside the stack's network
(scaffold/verify/tester.py holds the docker calls).
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from scaffold.manifest.model import Kind, Service, Variant
from scaffold.records import record
from scaffold.verify.checks import shorten
from scaffold.verify.outcomes import CaseResult

# the contract tester, pinned: its checks and output are part of verify's behaviour
SCHEMATHESIS = "schemathesis==4.32.5"
# where each preset publishes its OpenAPI document (FastAPI does by default)
OPENAPI_PATHS = {"fastapi": "/openapi.json"}
MAX_EXAMPLES = 20  # test cases per operation and phase
SEED = 1  # the same inputs on every run
REQUEST_TIMEOUT = 10  # seconds one request may take
HARD_TIMEOUT = 180  # seconds the whole run may take, building nothing; then it is stopped
JUNIT_PATH = "/tmp/contract.xml"  # inside the tester's container
# what schemathesis holds each answer to. Not `allow_header_conformance`: Starlette answers
# an unknown method with the Allow header of the first route matching the path only
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_headers_conformance", "response_schema_conformance",
          "negative_data_rejection", "positive_data_acceptance", "use_after_free",
          "ensure_resource_availability")
# a variant that keeps its data gets only reads: fuzzing would leave junk items behind
WRITING_PHASES = ("coverage", "fuzzing", "stateful")
READING_PHASES = ("coverage", "fuzzing")


@record
class Target:
    """One app whose OpenAPI document verify holds it to."""

    service: str
    url: str  # of the document, as the stack's network reaches it
    read_only: bool  # only GET operations: the variant keeps its data

    @property
    def case_id(self) -> str:
        return f"{self.service}:contract"


def targets(services: Sequence[Service], variant: Variant) -> list[Target]:
    """The running apps that publish an OpenAPI document, in name order."""
    out = []
    for service in sorted(services, key=lambda s: s.name):
        path = OPENAPI_PATHS.get(service.preset)
        if service.kind != Kind.APP or service.role == "job" or path is None:
            continue
        port = service.internal_port or 8000
        out.append(Target(service.name, f"http://{service.name}:{port}{path}",
                          read_only=not variant.ephemeral))
    return out


def dockerfile(base_image: str) -> str:
    """The tester's image: the stack's own Python base with schemathesis installed."""
    return (f"FROM {base_image}\n"
            "ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1\n"
            f"RUN pip install --quiet '{SCHEMATHESIS}'\n"
            "WORKDIR /tmp\n")


def image_tag(base_image_id: str) -> str:
    """A tag naming the recipe and the base it was built on: a changed either builds anew."""
    digest = hashlib.sha256(f"{dockerfile('base')}\n{base_image_id}".encode()).hexdigest()
    return f"scaffold-verify/contract-tester:{digest[:16]}"


def command(target: Target) -> list[str]:
    """The schemathesis command line: bounded in examples, seeded, JUnit XML to JUNIT_PATH."""
    phases = READING_PHASES if target.read_only else WRITING_PHASES
    out = ["st", "--no-color", "run", target.url,
           "--checks", ",".join(CHECKS), "--phases", ",".join(phases),
           "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED),
           "--generation-database", "none", "--request-timeout", str(REQUEST_TIMEOUT),
           "--wait-for-schema", "30", "--report", "junit", "--report-junit-path", JUNIT_PATH]
    if target.read_only:
        out += ["--include-method", "GET"]
    return out


def results(target: Target, junit_xml: str) -> list[CaseResult]:
    """One CaseResult per operation schemathesis tested (JUnit testcase), in name order."""
    try:
        root = ET.fromstring(junit_xml)
    except ET.ParseError as exc:
        return [unanswered(target, f"the tester's JUnit XML is unreadable: {exc}")]
    cases = [_case(target, case) for case in root.iter("testcase")]
    if not cases:
        return [unanswered(target, "the tester ran no operation")]
    return sorted(cases, key=lambda c: c.id)


def _case(target: Target, case: ET.Element) -> CaseResult:
    name = case.get("name", "?")
    case_id, description = f"{target.case_id}:{name}", _description(target, name)
    problems = case.findall("failure") + case.findall("error")
    if problems:
        return CaseResult(target.service, "contract", case_id, description, "fail",
                          reason(problems))
    skipped = case.find("skipped")
    if skipped is not None:
        why = skipped.get("message") or skipped.text or "skipped"
        return CaseResult(target.service, "contract", case_id, description, "skip", shorten(why))
    return CaseResult(target.service, "contract", case_id, description, "pass")


def _description(target: Target, name: str) -> str:
    method = name.split(" ", 1)[0]
    if method.isupper():  # `GET /items/{item_id}`: one operation
        return f"{name} answers as {target.service}'s OpenAPI document says"
    return f"{name}: {target.service}'s operations chained as their links allow"


_CHECK_LINE = re.compile(r"^- (ST\d+ .+)$")
REASON_LIMIT = 300


def reason(problems: Sequence[ET.Element]) -> str:
    """The checks that failed, each with what it saw (`ST103 Undocumented status code
    (Received: 409; Documented: 201, 422)`), and the first way to repeat it (a curl command);
    the first line of the tester's own error when no check failed."""
    checks: list[str] = []
    curl = ""
    for problem in problems:
        lines = [ln.strip() for ln in (problem.text or problem.get("message") or "").splitlines()]
        checks += [c for c in _checks(lines) if c not in checks]
        curl = curl or next((ln for ln in lines if ln.startswith("curl ")), "")
        if not checks and not curl:
            return shorten(next((ln for ln in lines if ln), "failed"), REASON_LIMIT)
    return shorten("; ".join(checks) + (f": {curl}" if curl else ""), REASON_LIMIT)


def _checks(lines: list[str]) -> list[str]:
    out = []
    for at, line in enumerate(lines):
        found = _CHECK_LINE.match(line)
        if found:
            seen = _seen(lines[at + 1:])
            out.append(f"{found[1]} ({seen})" if seen else found[1])
    return out


def _seen(lines: list[str]) -> str:
    """What a failed check saw: its first two lines, before the schema it quotes, the next
    check or the response (`[409] ...`)."""
    kept: list[str] = []
    for line in lines:
        if line.startswith(("- ST", "[", "Reproduce with", "Schema at")) or len(kept) == 2:
            break
        if line:
            kept.append(line)
    return "; ".join(kept)


def unanswered(target: Target, why: str) -> CaseResult:
    """The whole check failed before testing anything: no image, no document, a timeout."""
    return CaseResult(target.service, "contract", target.case_id,
                      f"{target.service}'s OpenAPI document at {target.url} can be tested",
                      "fail", shorten(why))


def output_tail(output: str, lines: int = 3) -> str:
    """The last lines schemathesis printed, for a run that wrote no report."""
    kept = [ln.strip() for ln in output.splitlines() if ln.strip() and not set(ln.strip()) <= {"="}]
    return " / ".join(kept[-lines:]) if kept else "no output"
