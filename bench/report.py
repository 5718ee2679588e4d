"""The report: figures, ratios, targets (PASS / MISS) and what holds a missed target back."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.measure import Figure, Profile

# the rows of the figures table, in order: key, label
WORK = (
    ("python", "python -c pass"),
    ("version", "scaffold --version"),
    ("validate", "scaffold validate"),
    ("validate-errors", "scaffold validate (5 errors)"),
    ("generate", "scaffold generate (all variants)"),
    ("generate-one", "scaffold generate --variant local (one file)"),
    ("check", "scaffold generate --check"),
    ("generate-targets", "scaffold generate --target all (every target and variant)"),
    ("ports", "scaffold ports check (10,000 allocations)"),
    ("ports-offline", "scaffold ports check --no-docker --no-host (10,000 allocations)"),
    ("copier", "copier copy (one compose file)"),
    ("compose-local", "docker compose config -q (local file)"),
    ("compose", "docker compose config -q (every output file)"),
)
SIZE_FREE = {"python", "version", "ports", "ports-offline"}  # measured once, shown under the smallest size
WATCHED = ("copier", "docker", "jsonschema", "jinja2", "yaml", "click")
FORBIDDEN = {"--version": ("copier", "docker", "jsonschema"), "generate": ("copier",),
             "validate": ("copier", "docker", "jsonschema", "jinja2"),  # of a valid manifest
             "ports check": ("copier", "docker", "jsonschema", "jinja2")}  # an engine on its socket


@dataclass
class Results:
    sizes: tuple[int, ...]
    repeat: int
    quick: bool
    figures: dict[tuple[str, int], Figure] = field(default_factory=dict)
    not_measured: dict[str, str] = field(default_factory=dict)  # work -> why
    imports: dict[str, set[str]] = field(default_factory=dict)  # command -> top-level modules
    versions: dict[str, str] = field(default_factory=dict)
    load: list[str] = field(default_factory=list)  # the machine's load average, before and after
    equivalence: dict[int, str] = field(default_factory=dict)  # size -> copier vs scaffold
    probes: dict[str, Profile] = field(default_factory=dict)  # target -> profile
    import_costs: dict[str, dict[str, float]] = field(default_factory=dict)  # target -> ms

    def get(self, work: str, size: int) -> Figure | None:
        return self.figures.get((work, 0 if work in SIZE_FREE else size))


@dataclass(frozen=True)
class Target:
    name: str
    figure: str  # what was measured, or why it was not
    passed: bool | None  # None: not measured in this run
    probe: tuple[str, int] | None = None  # the scaffold work to profile when it misses

    @property
    def verdict(self) -> str:
        return "not measured" if self.passed is None else "PASS" if self.passed else "MISS"


def ms(figure: Figure | None) -> str:
    if figure is None:
        return "—"
    return f"{figure.ms:.0f} ms" if figure.ms >= 10 else f"{figure.ms:.1f} ms"


def cell(figure: Figure | None) -> str:
    if figure is None:
        return "—"
    return f"{ms(figure)}, {figure.peak_mb:.0f} MB (CPU {figure.cpu_seconds * 1000:.0f} ms)"


def ratio(a: Figure | None, b: Figure | None) -> float | None:
    return None if a is None or b is None or b.seconds == 0 else a.seconds / b.seconds


def times(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}x"


def _skipped(results: Results, size: int) -> str:
    if not size:
        return "not measured in this run"
    why = f"not measured: {size:,} services not in this run"
    return why + (" (--quick)" if results.quick else "")


def _ms(figure: Figure | None) -> float | None:
    return None if figure is None else figure.ms


def _cpu(figure: Figure | None) -> str:
    return "" if figure is None else f" (CPU {figure.cpu_seconds * 1000:.0f} ms)"


def _mb(figure: Figure | None) -> float | None:
    return None if figure is None else figure.peak_mb


def targets(r: Results) -> list[Target]:
    out: list[Target] = []

    def check(name: str, value: float | None, limit: float, shown: Callable[[float], str],
              size: int, probe: tuple[str, int] | None = None) -> None:
        if value is None:
            out.append(Target(name, _skipped(r, size), None))
        else:
            out.append(Target(name, shown(value), value <= limit, probe))

    def versus(a: Figure | None, b: Figure | None, peer: str) -> Callable[[float], str]:
        cpu = "" if a is None or b is None or not b.cpu_seconds else \
            f"; CPU {a.cpu_seconds / b.cpu_seconds:.2f}x"
        return lambda v: f"{v:.2f}x {peer} ({ms(a)} vs {ms(b)}{cpu})"

    python, version = r.get("python", 0), r.get("version", 0)
    check("`scaffold --version`: at most 2.5x `python -c pass`", ratio(version, python), 2.5,
          versus(version, python, "python"), 0, ("version", 0))
    valid, broken = r.get("validate", 10), r.get("validate-errors", 10)
    check("`scaffold validate`, 10 services, valid: at most 1.3x `scaffold --version`",
          ratio(valid, version), 1.3, versus(valid, version, "--version"), 10, ("validate", 10))
    check("`scaffold validate`, 10 services, 5 errors: at most 2x `scaffold --version`",
          ratio(broken, version), 2.0, versus(broken, version, "--version"), 10,
          ("validate-errors", 10))
    one, copier = r.get("generate-one", 10), r.get("copier", 10)
    check("`scaffold generate`, 10 services, one file: at most 0.35x copier on the same file",
          ratio(one, copier), 0.35, versus(one, copier, "copier"), 10, ("generate-one", 10))
    big, compose = r.get("generate", 1000), r.get("compose", 1000)
    check("`scaffold generate`, 1,000 services, all variants: at most 0.25x `docker compose config -q`"
          " on its output", ratio(big, compose), 0.25, versus(big, compose, "docker compose"), 1000,
          ("generate", 1000))
    small, large = r.get("generate-targets", 500), r.get("generate-targets", 5000)
    check("growth, 500 -> 5,000 services, all targets: at most 11x (linear)", ratio(large, small), 11,
          versus(large, small, "500 services"), 500 if small is None else 5000,
          ("generate-targets", 5000))  # profiled where it grows: at 500 the growth does not show
    ports = r.get("ports", 0)
    name = "`scaffold ports check`, 10,000 allocations: at most 1.5x `scaffold --version`"
    if ports is None and "ports" in r.not_measured:
        out.append(Target(name, r.not_measured["ports"], None))
    else:
        check(name, ratio(ports, version), 1.5, versus(ports, version, "--version"), 0, ("ports", 0))
    check("peak memory, 5,000 services, all targets: at most 150 MB", _mb(large), 150,
          lambda v: f"{v:.0f} MB", 5000)  # a time profile would not say where the memory goes
    for command, banned in FORBIDDEN.items():
        loaded = r.imports.get(command)
        name = f"`scaffold {command}` never imports {', '.join(banned)}"
        if loaded is None:
            out.append(Target(name, "not measured", None))
            continue
        found = sorted(set(banned) & loaded)
        out.append(Target(name, f"loads {', '.join(found)}" if found else "none loaded", not found))
    return out


def _figures_table(r: Results) -> list[str]:
    lines = ["| Work | " + " | ".join(f"{n} services" for n in r.sizes) + " |",
             "|---|" + "---:|" * len(r.sizes)]
    for key, label in WORK:
        if key in r.not_measured:
            cells = [f"not measured: {r.not_measured[key]}"] + [""] * (len(r.sizes) - 1)
        elif key in SIZE_FREE:
            cells = [cell(r.get(key, 0))] + ["—"] * (len(r.sizes) - 1)
        else:
            cells = [cell(r.get(key, n)) for n in r.sizes]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


RATIOS = (
    ("scaffold --version / python -c pass", "version", "python"),
    ("validate / scaffold --version", "validate", "version"),
    ("validate, 5 errors / scaffold --version", "validate-errors", "version"),
    ("generate, one file / copier, one file", "generate-one", "copier"),
    ("generate, all variants / copier, one file", "generate", "copier"),
    ("generate, all variants / docker compose config, every file", "generate", "compose"),
    ("validate / docker compose config, local file", "validate", "compose-local"),
)


def _ratios_table(r: Results) -> list[str]:
    lines = ["| Ratio of median times | " + " | ".join(f"{n} services" for n in r.sizes) + " |",
             "|---|" + "---:|" * len(r.sizes)]
    for label, a, b in RATIOS:
        lines.append(f"| {label} | "
                     + " | ".join(times(ratio(r.get(a, n), r.get(b, n))) for n in r.sizes) + " |")
    for key in ("validate", "generate", "generate-targets"):
        grow = [times(ratio(r.get(key, n), r.get(key, n // 10))) for n in r.sizes]
        lines.append(f"| {key}: growth over 10x fewer services (linear: 10x) | "
                     + " | ".join(grow) + " |")
    return lines


def _imports_table(r: Results) -> list[str]:
    lines = ["| Command | " + " | ".join(WATCHED) + " | modules |",
             "|---|" + ":-:|" * len(WATCHED) + "---:|"]
    for command, loaded in r.imports.items():
        marks = ["yes" if m in loaded else "no" for m in WATCHED]
        lines.append(f"| scaffold {command} | " + " | ".join(marks) + f" | {len(loaded)} |")
    return lines


def _held_back(r: Results, missed: list[Target]) -> list[str]:
    lines: list[str] = []
    for t in missed:
        lines += ["", f"### {t.name}: {t.figure}"]
        costs = r.import_costs.get(t.name)
        if costs:
            total = sum(costs.values())
            top = ", ".join(f"{k} {v:.0f} ms" for k, v in list(costs.items())[:6])
            lines.append(f"- start-up imports (`python -X importtime`): {total:.0f} ms in all;"
                         f" {top}")
        probe = r.probes.get(t.name)
        if probe:
            share = ", ".join(f"{k} {100 * v / probe.total_ms:.0f}%" for k, v in probe.by_package)
            lines.append(f"- own time by package (cProfile, {probe.total_ms:.0f} ms profiled):"
                         f" {share}")
            lines.append("- scaffold's functions by cumulative time: "
                         + "; ".join(f"{name} {v:.0f} ms" for name, v in probe.stages))
            lines.append("- functions by own time: "
                         + "; ".join(f"{name} {v:.0f} ms" for name, v in probe.slowest))
    return lines


def _load_line(r: Results) -> str:
    """The load average beside the verdicts: a busy machine inflates every figure."""
    cpus = os.cpu_count() or 1
    shown = " before, ".join(r.load) + " after" if r.load else "not read"
    line = f"Load average (1, 5, 15 min): {shown}, on {cpus} CPUs."
    # the bench keeps one CPU busy itself: by its end that alone is a 1-minute load near 1
    before, after = (float(x.split("/")[0]) for x in [*r.load, "0/0/0", "0/0/0"][:2])
    if before > cpus / 2 or after > cpus / 2 + 1:
        line += (" The machine was not quiet: figures (and ratios against scaffold's own start-up)"
                 " are unreliable; run again when it is.")
    return line


def markdown(r: Results, checked: list[Target]) -> str:
    versions = "; ".join(f"{k} {v}" for k, v in r.versions.items())
    lines = [
        "# scaffold benchmark",
        "",
        "Made by `.venv/bin/python bench/run.py`" + (" --quick" if r.quick else "")
        + "; the figures change from run to run, the layout does not.",
        "",
        f"- Machine: {versions}; load average {' before, '.join(r.load)} after.",
        f"- Each figure is the median of {r.repeat} runs, each a fresh process (a cold interpreter;"
        " the disk cache and .pyc files warm from one discarded run). Time is wall clock;"
        " memory is the process's peak resident set (wait4's ru_maxrss); CPU is user + system"
        " time, a guide when other work shares the machine.",
        "- Stacks: blocks of 10 services (Postgres, Redis, six apps on four presets, two images),"
        " with routes, dependencies and .env variables; see bench/stacks.py.",
        "- Peers on the same work: copier renders the same services into one compose file"
        " (bench/copier-compose); `docker compose config -q` reads scaffold's output.",
        "",
        "## Figures (median wall time, peak memory, CPU time)",
        "",
        *_figures_table(r),
        "",
        "## Ratios",
        "",
        *_ratios_table(r),
        "",
        "Copier's file against scaffold's local file (same services, same keys; host ports aside):",
        "",
        *[f"- {n} services: {r.equivalence.get(n, 'not compared')}" for n in r.sizes],
        "",
        "## Targets",
        "",
        _load_line(r),
        "",
        "| Target | Figure | Result |",
        "|---|---|---|",
        *[f"| {t.name} | {t.figure} | {t.verdict} |" for t in checked],
        "",
        "## Start-up imports (top-level packages loaded by the time the command exits)",
        "",
        *_imports_table(r),
    ]
    missed = [t for t in checked if t.passed is False]
    lines += ["", "## What holds back the missed targets"]
    lines += _held_back(r, missed) if missed else ["", "Nothing: every measured target passes."]
    return "\n".join(lines) + "\n"
