"""The benchmark keeps working: valid stacks, a sound report, a harness that runs.

No timing is asserted here; the performance targets live in bench/run.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import stacks
from bench.measure import Figure
from bench.report import Results, markdown, targets
from bench.run import main
from scaffold.manifest.build import loads
from scaffold.manifest.model import Kind


@pytest.mark.parametrize("size", [10, 100])
def test_a_synthetic_stack_is_a_valid_manifest_of_that_size(size: int) -> None:
    manifest = loads(stacks.manifest_text(size))
    declared = [s for s in manifest.services if s.name != "proxy"]
    assert len(declared) == size
    kinds = {s.kind for s in declared}
    assert {Kind.APP, Kind.IMAGE, Kind.DATABASE, Kind.CACHE} <= kinds
    assert len({s.preset for s in declared if s.kind == Kind.APP}) == 4
    assert sum(len(s.routes) for s in declared) == size // 2
    assert all(s.depends_on for s in declared if s.kind == Kind.APP)


def test_a_stack_size_is_a_multiple_of_ten() -> None:
    with pytest.raises(ValueError, match="multiple of 10"):
        stacks.services(15)


def test_copier_gets_the_same_services_as_scaffold() -> None:
    answers = stacks.copier_answers(20)
    assert [s["name"] for s in answers["services"]] == list(stacks.manifest(20)["services"])
    assert len({s["port"] for s in answers["services"]}) == 20


def test_the_port_registry_holds_every_allocation_once() -> None:
    registry = stacks.port_registry(10_000)
    ports = [a["port"] for a in registry["allocations"]]
    assert len(ports) == len(set(ports)) == 10_000


def _figure(seconds: float, peak_mb: float = 30) -> Figure:
    return Figure(seconds=seconds, cpu_seconds=seconds, peak_mb=peak_mb, runs=1)


def test_targets_pass_and_miss_on_the_figures() -> None:
    r = Results(sizes=(10, 100, 1000), repeat=1, quick=False)
    r.figures = {
        ("validate", 10): _figure(0.2),
        ("generate-one", 10): _figure(0.2), ("copier", 10): _figure(0.5),
        ("generate", 100): _figure(0.05), ("generate", 1000): _figure(0.9, peak_mb=200),
        ("compose", 1000): _figure(1.0),
    }
    r.not_measured["ports"] = "not in this build yet"
    r.imports = {"--version": {"click"}, "generate": {"click", "copier"}}
    checked = targets(r)
    assert [(t.name.split(":")[0], t.verdict) for t in checked] == [
        ("validate, 10 services, cold", "MISS"),
        ("generate, 10 services, one compose file", "PASS"),
        ("generate, 1000 services, all variants", "PASS"),
        ("generate, 1000 services", "PASS"),  # at most 2x docker compose config
        ("generate, 1000 services", "MISS"),  # peak memory
        ("generate grows linearly", "MISS"),
        ("ports check, 10,000 allocations", "not measured"),
        ("`scaffold --version` never imports copier, docker, jsonschema", "PASS"),
        ("`scaffold generate` never imports copier", "MISS"),
    ]
    assert [t.figure for t in checked][2:6] == [
        "0.90 s (CPU 900 ms)", "0.90x (900 ms vs 1000 ms)", "200 MB", "18.00x (900 ms vs 50 ms)"]


def test_the_report_layout_does_not_depend_on_what_was_measured() -> None:
    def headings(r: Results) -> list[str]:
        return [line for line in markdown(r, targets(r)).splitlines() if line.startswith("#")]

    full = Results(sizes=(10,), repeat=1, quick=True, figures={("validate", 10): _figure(0.1)})
    empty = Results(sizes=(10,), repeat=1, quick=True)
    assert headings(full) == headings(empty)
    assert markdown(empty, targets(empty)) == markdown(empty, targets(empty))


@pytest.mark.tool
def test_the_quick_benchmark_runs_and_writes_its_report(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results.md"
    assert main(["--quick", "--repeat", "1", "--out", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    assert report == capsys.readouterr().out
    assert "| scaffold validate | " in report
    assert "- 10 services: " in report and " service definitions identical, " in report
    version = "`scaffold --version` never imports copier, docker, jsonschema | none loaded | PASS |"
    assert version in report
