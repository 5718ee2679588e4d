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
from scaffold.errors import InputError
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


def test_the_broken_stack_has_its_errors_and_no_others() -> None:
    with pytest.raises(InputError) as caught:
        loads(stacks.broken_manifest_text(10))
    assert len(caught.value.problems) == stacks.BROKEN


def test_targets_pass_and_miss_on_the_figures() -> None:
    r = Results(sizes=(10, 500, 1000, 5000), repeat=1, quick=False)
    r.figures = {
        ("python", 0): _figure(0.02), ("version", 0): _figure(0.06),  # 3x: a miss
        ("validate", 10): _figure(0.07), ("validate-errors", 10): _figure(0.1),
        ("generate-one", 10): _figure(0.2), ("copier", 10): _figure(0.5),
        ("generate", 1000): _figure(0.9), ("compose", 1000): _figure(4.0),
        ("generate-targets", 500): _figure(1.0), ("generate-targets", 5000): _figure(12.0, peak_mb=140),
    }
    r.not_measured["ports"] = "not in this build yet"
    r.imports = {"--version": {"click"}, "generate": {"click", "copier"},
                 "ports check": {"click", "docker"}}
    checked = targets(r)
    assert [(t.name.split(":")[0], t.verdict) for t in checked] == [
        ("`scaffold --version`", "MISS"),
        ("`scaffold validate`, 10 services, valid", "PASS"),
        ("`scaffold validate`, 10 services, 5 errors", "PASS"),
        ("`scaffold generate`, 10 services, one file", "MISS"),
        ("`scaffold generate`, 1,000 services, all variants", "PASS"),
        ("growth, 500 -> 5,000 services, all targets", "MISS"),
        ("`scaffold ports check`, 10,000 allocations", "not measured"),
        ("peak memory, 5,000 services, all targets", "PASS"),
        ("`scaffold --version` never imports copier, docker, jsonschema", "PASS"),
        ("`scaffold generate` never imports copier", "MISS"),
        ("`scaffold validate` never imports copier, docker, jsonschema, jinja2", "not measured"),
        ("`scaffold ports check` never imports copier, docker, jsonschema, jinja2", "MISS"),
    ]
    assert [t.figure for t in checked][:6] == [
        "3.00x python (60 ms vs 20 ms; CPU 3.00x)", "1.17x --version (70 ms vs 60 ms; CPU 1.17x)",
        "1.67x --version (100 ms vs 60 ms; CPU 1.67x)", "0.40x copier (200 ms vs 500 ms; CPU 0.40x)",
        "0.23x docker compose (900 ms vs 4000 ms; CPU 0.23x)",
        "12.00x 500 services (12000 ms vs 1000 ms; CPU 12.00x)"]
    assert checked[-5].figure == "140 MB"
    assert checked[-1].figure == "loads docker"


def test_a_target_not_in_the_run_says_so() -> None:
    checked = {t.name.split(":")[0]: t for t in targets(Results(sizes=(10,), repeat=1, quick=True))}
    growth = checked["growth, 500 -> 5,000 services, all targets"]
    assert growth.verdict == "not measured" and "500 services not in this run (--quick)" in growth.figure


def test_the_report_gives_the_load_average_beside_the_targets() -> None:
    r = Results(sizes=(10,), repeat=1, quick=True, load=["0.1/0.2/0.3", "0.2/0.2/0.3"])
    report = markdown(r, targets(r))
    targets_section = report.split("## Targets")[1]
    assert "Load average (1, 5, 15 min): 0.1/0.2/0.3 before, 0.2/0.2/0.3 after" in targets_section
    assert "not quiet" not in report
    busy = Results(sizes=(10,), repeat=1, quick=True, load=["99.0/1.0/1.0", "0.1/0.1/0.1"])
    assert "not quiet" in markdown(busy, targets(busy))
    # its own process makes the load after about 1: that alone is still a quiet machine
    alone = Results(sizes=(10,), repeat=1, quick=True, load=["0.3/0.5/0.6", "1.2/1.0/0.8"])
    assert "not quiet" not in markdown(alone, targets(alone))
    busy_after = Results(sizes=(10,), repeat=1, quick=True, load=["0.3/0.5/0.6", "2.5/1.0/0.8"])
    assert "not quiet" in markdown(busy_after, targets(busy_after))


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
    # the peer does the same work: copier's services are scaffold's, host ports aside
    assert "- 10 services: 10 of 10 service definitions identical, 10 with the same keys" in report
    version = "`scaffold --version` never imports copier, docker, jsonschema | none loaded | PASS |"
    assert version in report
