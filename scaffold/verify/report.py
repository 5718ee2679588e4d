"""verify's reports: live progress, the integration report (Markdown, shaped like seed 001's)
and the handoff (JSON, shaped like seed 003's). Pure.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from scaffold import __version__
from scaffold.manifest import graph
from scaffold.manifest.model import Service
from scaffold.verify.checks import UP_STATES, Report, Result, ServiceState, shorten
from scaffold.verify.outcomes import CATEGORIES, CATEGORY_TITLES, CaseResult, Category, Outcome

Tally = dict[Outcome, int]


def layers_of(services: Sequence[Service]) -> tuple[tuple[str, ...], ...]:
    """Startup layers of the services a variant runs."""
    running = {s.name for s in services}
    edges = {s.name: [d for d in s.depends_on if d in running] for s in services}
    return tuple(tuple(layer) for layer in graph.layers(edges))


def startup_order(states: Iterable[ServiceState]) -> tuple[ServiceState, ...]:
    """Services in the order they became healthy; those that never did, last, by name."""
    return tuple(sorted(states, key=lambda s: (s.healthy_after is None, s.healthy_after or 0.0,
                                               s.name)))


def progress_line(state: ServiceState, seconds: float, width: int = 20) -> str:
    """`  12.3s  backend              healthy` (a line of live progress)."""
    return f"{seconds:6.1f}s  {state.name:<{width}} {state.state}"


_MARK = {True: "✓", False: "✗"}


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}s"


def _component_rows(report: Report) -> list[str]:
    rows = []
    presets = dict(report.presets)
    for state in report.services:
        own = [r for r in report.results if r.check.kind in ("health", "ready")
               and r.check.service == state.name]
        failed = [r for r in own if not r.ok]
        good = state.state in UP_STATES and not failed
        checks = ", ".join([*(f"{r.check.target} {_MARK[r.ok]}" for r in own),
                            f"healthcheck {_MARK[state.state in UP_STATES]}"])
        issues = len(failed) + (0 if state.state in UP_STATES else 1)
        note = failed[0].detail if failed else ("-" if good else state.state)
        rows.append(f"| {state.name} | {presets.get(state.name, '')} | "
                    f"{_MARK[good]} {state.state if good else 'failed'} | "
                    f"{_seconds(state.healthy_after)} | {checks} | {issues} | {_cell(note)} |")
    return rows


def _cell(text: str) -> str:
    return shorten(text, 120).replace("|", "\\|")


def _summary(report: Report) -> str:
    links = [r for r in report.results if r.check.kind == "link"]
    routes = [r for r in report.results if r.check.kind == "route"]
    endpoints = [r for r in report.results if r.check.kind in ("health", "ready")]
    healthy = [s for s in report.services if s.state in UP_STATES]
    total = dict(report.timings).get("up")
    parts = [
        f"{len(healthy)} of {len(report.services)} services of `{report.project}` "
        f"(variant `{report.variant}`) came up healthy"
        + (f" within {total:.1f}s" if total is not None else "") + ".",
        f"{sum(r.ok for r in endpoints)} of {len(endpoints)} health endpoints, "
        f"{sum(r.ok for r in links)} of {len(links)} connections and "
        f"{sum(r.ok for r in routes)} of {len(routes)} proxy routes verified "
        f"from inside the `{report.network}` network.",
    ]
    if report.cases:
        counts = tally(report.cases)
        parts.append(f"{counts['pass']} of {sum(counts.values())} tests passed inside the stack"
                     + (f", {counts['fail']} failed" if counts["fail"] else "")
                     + (f", {counts['skip']} skipped" if counts["skip"] else "") + ".")
    if report.failure:
        parts.append(f"**Failed:** {report.failure}.")
    return " ".join(parts)


def _startup_lines(report: Report) -> list[str]:
    by_name = {s.name: s for s in report.services}
    lines = []
    for number, layer in enumerate(report.layers, start=1):
        times = [by_name[n].healthy_after for n in layer if n in by_name]
        known = [t for t in times if t is not None]
        when = f"healthy in {max(known):.0f}s" if len(known) == len(times) and known else \
            "not healthy"
        lines.append(f"{number}. {' + '.join(layer)} ({when})")
    return lines


def _issues(report: Report) -> list[tuple[str, str, str]]:
    """(description, severity, status) for each known issue."""
    out = []
    for state in report.services:
        if state.state not in UP_STATES:
            why = f": {shorten(state.health_output)}" if state.health_output else ""
            out.append((f"{state.name} is {state.state}{why}", "High", "Open"))
    for result in report.results:
        if not result.ok:
            out.append((f"{result.check.name}: {result.detail}", "High", "Open"))
    out += [(note, "Info", "Noted") for note in report.notes]
    return out


def render_markdown(report: Report) -> str:
    """The integration report, shaped like seed 001's."""
    lines = [*_heading(report), *_status_section(report), "", "## Startup Order", "",
             *_startup_lines(report), "", *_tests_section(report), "", *_issues_section(report)]
    if report.timings:
        lines += ["", "## Timings", "| Phase | Seconds |", "|-------|---------|"]
        lines += [f"| {phase} | {seconds:.1f} |" for phase, seconds in report.timings]
    for service, log in report.logs:
        lines += ["", f"## Logs: {service} (last {len(log)} lines)", "", "```", *log, "```"]
    return "\n".join(lines) + "\n"


def _heading(report: Report) -> list[str]:
    verdict = "✓ Passed" if report.passed else "✗ Failed"
    return [
        f"# Integration Report: {report.project}",
        "",
        f"**Variant:** {report.variant}  ",
        f"**Network:** {report.network}  ",
        f"**Result:** {verdict}  ",
        f"**Tool:** scaffold verify {__version__}",
        "",
        "## Executive Summary",
        "",
        _summary(report),
        "",
    ]


def _status_section(report: Report) -> list[str]:
    """Integration status by component, by integration point, and through the proxy."""
    lines = [
        "## Integration Status",
        "",
        "### By Component",
        "| Component | Preset | Status | Healthy after | Checks | Issues | Notes |",
        "|-----------|--------|--------|---------------|--------|--------|-------|",
        *_component_rows(report),
        "",
        "### By Integration Point",
        "| From | To | Protocol | Status | Detail |",
        "|------|----|----------|--------|--------|",
    ]
    links = [r for r in report.results if r.check.kind == "link"]
    lines += [f"| {r.check.service} | {r.check.target} | {r.check.protocol} | "
              f"{_MARK[r.ok]} {'verified' if r.ok else 'failed'} | {_cell(r.detail)} |"
              for r in links] or ["| - | - | - | no depends_on links | - |"]
    routes = [r for r in report.results if r.check.kind == "route"]
    if routes:
        lines += ["", "### Through the Proxy", "| Route | Service | Status | Detail |",
                  "|-------|---------|--------|--------|"]
        lines += [f"| {r.check.target} | {r.check.service} | "
                  f"{_MARK[r.ok]} {'verified' if r.ok else 'failed'} | {_cell(r.detail)} |"
                  for r in routes]
    return lines


def tally(cases: Iterable[CaseResult]) -> Tally:
    """How many cases passed, failed and were skipped."""
    out: Tally = {"pass": 0, "fail": 0, "skip": 0}
    for case in cases:
        out[case.outcome] += 1
    return out


def by_category(cases: Sequence[CaseResult]) -> list[tuple[Category, Tally]]:
    """Every category in the report's order, with its tally (zeros where none ran)."""
    return [(c, tally(case for case in cases if case.category == c)) for c in CATEGORIES]


def failed_cases(cases: Sequence[CaseResult]) -> list[CaseResult]:
    return [c for c in cases if c.outcome == "fail"]


def _tests_section(report: Report) -> list[str]:
    """Seed 001's test results: the summary by category, the failed tests, the E2E flows."""
    if report.tests != "run":
        why = ("skipped (--no-tests)" if report.tests == "skipped"
               else "not run: the stack failed before them")
        return ["## Test Results", "", f"Integration suites {why}."]
    lines = ["## Test Results", "", "### Test Results Summary",
             "| Category | Total | Pass | Fail | Skip |", "|----------|-------|------|------|------|"]
    for category, counts in by_category(report.cases):
        lines.append(f"| {CATEGORY_TITLES[category]} | {sum(counts.values())} | "
                     f"{counts['pass']} | {counts['fail']} | {counts['skip']} |")
    total = tally(report.cases)
    lines.append(f"| **Total** | **{sum(total.values())}** | **{total['pass']}** | "
                 f"**{total['fail']}** | **{total['skip']}** |")
    lines += ["", "### Failed Tests"]
    failed = failed_cases(report.cases)
    lines += ["| Test ID | Description | Failure Reason |", "|---------|-------------|----------------|",
              *[f"| {_cell(c.id)} | {_cell(c.description)} | {_cell(c.reason or '-')} |"
                for c in failed]] if failed else ["None."]
    lines += ["", "### E2E Flows"]
    lines += ["| Flow | Steps | Status | Detail |", "|------|-------|--------|--------|",
              *[f"| {_cell(f.name)} | {_cell(' → '.join(f.steps))} | "
                f"{_MARK[f.ok]} {'passed' if f.ok else 'failed'} | {_cell(f.detail or '-')} |"
                for f in report.flows]] if report.flows else ["None run."]
    return lines


def _issues_section(report: Report) -> list[str]:
    issues = _issues(report)
    if not issues:
        return ["## Known Issues", "None."]
    return ["## Known Issues", "| ID | Description | Severity | Status |",
            "|----|-------------|----------|--------|",
            *[f"| INT-{i:03d} | {_cell(d)} | {s} | {st} |"
              for i, (d, s, st) in enumerate(issues, start=1)]]


def handoff(report: Report) -> dict[str, Any]:
    """The JSON handoff, shaped like seed 003's."""
    links = [r for r in report.results if r.check.kind == "link"]
    endpoints = [r for r in report.results if r.check.kind in ("health", "ready")]
    healthy_times = [s.healthy_after for s in report.services if s.healthy_after is not None]
    return {
        "agent": "scaffold-verify",
        "version": __version__,
        "status": "completed" if report.passed else "failed",
        "project": report.project,
        "variant": report.variant,
        "integration": {
            "services_configured": len(report.services),
            "networks": [report.network],
            "ports_allocated": list(report.ports),
            "health_checks": "all_passing" if report.passed and all(r.ok for r in endpoints)
            else "failing",
        },
        "connectivity": {
            "verified_connections": sum(r.ok for r in links),
            "failed_connections": sum(not r.ok for r in links),
            "startup_time_seconds": round(max(healthy_times, default=0.0), 1),
        },
        "services": _services_json(report, endpoints),
        "connections": _connections_json(links),
        "routes": [
            {"path": r.check.target, "service": r.check.service,
             "status": "verified" if r.ok else "failed", "detail": r.detail}
            for r in report.results if r.check.kind == "route"
        ],
        "startup_order": [list(layer) for layer in report.layers],
        "failure": {"service": report.failed_service, "reason": report.failure}
        if report.failure else None,
        "tests": _tests_json(report),
        "known_issues": [{"description": d, "severity": s} for d, s, _ in _issues(report)],
        "metrics": _metrics_json(report, endpoints),
    }


def _connections_json(links: Sequence[Result]) -> list[dict[str, Any]]:
    return [{"from": r.check.service, "to": r.check.target, "protocol": r.check.protocol,
             "status": "verified" if r.ok else "failed", "detail": r.detail} for r in links]


def _services_json(report: Report, endpoints: Sequence[Result]) -> list[dict[str, Any]]:
    presets = dict(report.presets)
    return [
        {"name": s.name, "preset": presets.get(s.name, ""), "status": s.state,
         "healthy_after_seconds": None if s.healthy_after is None else round(s.healthy_after, 1),
         "checks": {"healthcheck": "passed" if s.state in UP_STATES else "failed",
                    **{r.check.target: "passed" if r.ok else "failed"
                       for r in endpoints if r.check.service == s.name}}}
        for s in report.services
    ]


def _metrics_json(report: Report, endpoints: Sequence[Result]) -> dict[str, Any]:
    timings = dict(report.timings)
    return {
        "services_integrated": sum(s.state in UP_STATES for s in report.services),
        "health_checks_passed": sum(r.ok for r in endpoints),
        "tests_passed": tally(report.cases)["pass"],
        "tests_failed": tally(report.cases)["fail"],
        **{f"{phase}_seconds": round(seconds, 1) for phase, seconds in report.timings},
        "duration_seconds": round(timings.get("total", 0.0), 1),
    }


def _tests_json(report: Report) -> dict[str, Any]:
    total = tally(report.cases)
    return {
        "status": report.tests,
        "summary": {c: {"total": sum(t.values()), **t} for c, t in by_category(report.cases)},
        "total": {"total": sum(total.values()), **total},
        "failed": [{"id": c.id, "service": c.service, "category": c.category,
                    "description": c.description, "reason": c.reason}
                   for c in failed_cases(report.cases)],
        "flows": [{"name": f.name, "steps": list(f.steps), "status": "passed" if f.ok
                   else "failed", "detail": f.detail} for f in report.flows],
    }


def render_json(report: Report) -> str:
    return json.dumps(handoff(report), indent=2, ensure_ascii=False) + "\n"
