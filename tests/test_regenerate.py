"""Regeneration never loses a hand edit: the three-way merge, every outcome, and crashes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.cli import main
from scaffold.output.lockfile import Entry, Lock, chunks, digest, dumps
from scaffold.output.merge3 import merge
from scaffold.output.outcomes import decide
from tests.helpers import ROOT

HERCULES = ROOT / "examples" / "01-hercules" / "scaffold.yaml"
BASE = "a\nb\nc\nd\ne\n"


# --- the merge --------------------------------------------------------------------------

def test_merge_keeps_changes_to_different_lines() -> None:
    ours = "a\nB-user\nc\nd\ne\n"
    theirs = "a\nb\nc\nd\nE-new\nf\n"
    assert merge(BASE, ours, theirs).text == "a\nB-user\nc\nd\nE-new\nf\n"


def test_merge_takes_identical_changes_once() -> None:
    both = "a\nx\nc\nd\ne\n"
    result = merge(BASE, both, both)
    assert (result.text, result.conflicts) == (both, 0)


def test_merge_reports_a_conflict_and_returns_ours() -> None:
    ours, theirs = "a\nb-user\nc\nd\ne\n", "a\nb-new\nc\nd\ne\n"
    result = merge(BASE, ours, theirs)
    assert (result.text, result.conflicts) == (ours, 1)


def test_merge_insertions_at_one_place_conflict_unless_equal() -> None:
    assert merge(BASE, "a\nmine\nb\nc\nd\ne\n", "a\ntheirs\nb\nc\nd\ne\n").conflicts == 1
    assert merge(BASE, "a\nsame\nb\nc\nd\ne\n", "a\nsame\nb\nc\nd\ne\n").conflicts == 0


def test_merge_deletion_and_edit_elsewhere() -> None:
    assert merge(BASE, "a\nc\nd\ne\n", "a\nb\nc\nd\nE\n").text == "a\nc\nd\nE\n"


# --- each outcome ------------------------------------------------------------------------

def test_created() -> None:
    assert decide("f", None, None, "new", None).status == "created"


def test_unchanged() -> None:
    assert decide("f", Entry("old"), "new", "new", None).status == "unchanged"


def test_updated_when_nobody_edited() -> None:
    o = decide("f", Entry("old"), "old", "new", None)
    assert (o.status, o.result) == ("updated", "new")


def test_kept_when_only_the_user_edited() -> None:
    o = decide("f", Entry("old"), "mine", "old", None)
    assert (o.status, o.result, o.entry) == ("kept", "mine", Entry("old"))


def test_merged() -> None:
    o = decide("f", Entry(BASE), "a\nB\nc\nd\ne\n", "a\nb\nc\nd\nE\n", None)
    assert (o.status, o.result, o.entry) == ("merged", "a\nB\nc\nd\nE\n", Entry("a\nb\nc\nd\nE\n"))


def test_conflict_leaves_the_file_and_offers_the_new_version() -> None:
    new = "a\nb-new\nc\nd\ne\n"
    o = decide("f", Entry(BASE), "a\nb-user\nc\nd\ne\n", new, None)
    assert (o.status, o.result, o.side) == ("conflict", "a\nb-user\nc\nd\ne\n", new)
    assert o.entry == Entry(BASE, digest(new))


def test_resolved_after_the_user_merged_and_removed_the_offer() -> None:
    new = "a\nb-new\nc\nd\ne\n"
    pending = Entry(BASE, digest(new))
    assert decide("f", pending, "a\nb-mine-and-new\nc\nd\ne\n", new, side=new).status == "conflict"
    o = decide("f", pending, "a\nb-mine-and-new\nc\nd\ne\n", new, side=None)
    assert (o.status, o.entry) == ("resolved", Entry(new))


def test_an_unknown_file_in_the_way_is_never_overwritten() -> None:
    o = decide("f", None, "hand-written", "generated", None)
    assert (o.status, o.result, o.side) == ("conflict", "hand-written", "generated")


def test_force_overwrites() -> None:
    o = decide("f", Entry("old"), "mine", "new", None, force=True)
    assert (o.status, o.result) == ("updated", "new")


def test_merged_yaml_that_no_longer_parses_is_a_conflict() -> None:
    base = "services:\n  a:\n    image: x\n"
    ours = "services:\n  a:\n    image: x\n  b: [\n"
    theirs = "services:\n  a:\n    image: y\n"
    assert decide("c.yml", Entry(base), ours, theirs, None).status == "conflict"
    assert decide("c.txt", Entry(base), ours, theirs, None).status == "merged"


# --- through the command line ------------------------------------------------------------

@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(HERCULES, tmp_path / "scaffold.yaml")
    assert main(["generate", "-f", str(tmp_path / "scaffold.yaml")]) == 0
    return tmp_path


def _add_service(project: Path) -> None:
    manifest = project / "scaffold.yaml"
    manifest.write_text(manifest.read_text().replace(
        "variants:", "  billing: {preset: fastapi, port: 8093, depends_on: [postgres]}\nvariants:"))


def test_a_comment_and_an_interval_survive_adding_a_service(project: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    local = project / "docker-compose.local.yml"
    text = local.read_text()
    assert text.count("\n  redis:\n") == 1
    text = text.replace("\n  redis:\n", "\n  # redis keeps sessions; flushed nightly\n  redis:\n")
    head, _, tail = text.partition("\n  redis:\n")
    tail = tail.replace("interval: 10s", "interval: 3s", 1)  # redis's healthcheck only
    local.write_text(head + "\n  redis:\n" + tail)
    capsys.readouterr()

    _add_service(project)
    assert main(["generate", "-f", str(project / "scaffold.yaml")]) == 0
    out = capsys.readouterr().out
    assert "merged       docker-compose.local.yml" in out

    merged = local.read_text()
    assert "  # redis keeps sessions; flushed nightly\n  redis:\n" in merged
    config = yaml.safe_load(merged)
    assert config["services"]["redis"]["healthcheck"]["interval"] == "3s"
    assert config["services"]["postgres"]["healthcheck"]["interval"] == "10s"
    assert "billing" in config["services"]
    assert not (project / "docker-compose.local.yml.scaffold-new").exists()


def test_a_conflicting_edit_gets_a_scaffold_new_file_and_exit_1(project: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    local = project / "docker-compose.local.yml"
    edited = local.read_text().replace('"127.0.0.1:8091:8000"', '"127.0.0.1:9991:8000"')
    edited = edited.replace("'127.0.0.1:8091:8000'", "'127.0.0.1:9991:8000'")
    assert edited != local.read_text()
    local.write_text(edited)
    manifest = project / "scaffold.yaml"
    manifest.write_text(manifest.read_text().replace("port: 8091", "port: 8095"))
    capsys.readouterr()

    assert main(["generate", "-f", str(manifest)]) == 1
    captured = capsys.readouterr()
    assert "conflict     docker-compose.local.yml" in captured.out
    assert "1 conflict(s)" in captured.err
    assert local.read_text() == edited  # the user's file, untouched
    offered = (project / "docker-compose.local.yml.scaffold-new").read_text()
    assert "127.0.0.1:8095:8000" in offered

    # still a conflict while the offer is there; resolved once the user merged and removed it
    assert main(["generate", "-f", str(manifest)]) == 1
    local.write_text(offered.replace("8095", "9995"))
    (project / "docker-compose.local.yml.scaffold-new").unlink()
    capsys.readouterr()
    assert main(["generate", "-f", str(manifest)]) == 0
    assert "resolved     docker-compose.local.yml" in capsys.readouterr().out
    assert main(["generate", "-f", str(manifest), "--check"]) == 0


def test_orphans_are_reported_and_pruned_only_when_asked(project: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    manifest = project / "scaffold.yaml"
    with_staging = manifest.read_text().replace("  ci: {database: sqlite}", "  ci: {database: sqlite}\n  staging: {}")
    manifest.write_text(with_staging)
    assert main(["generate", "-f", str(manifest)]) == 0
    staging = project / "docker-compose.staging.yml"
    assert staging.is_file()
    manifest.write_text(manifest.read_text().replace("\n  staging: {}", ""))
    capsys.readouterr()
    assert main(["generate", "-f", str(manifest)]) == 0
    assert "orphan       docker-compose.staging.yml" in capsys.readouterr().out
    assert staging.is_file()
    assert main(["generate", "-f", str(manifest), "--prune"]) == 0
    assert "pruned       docker-compose.staging.yml" in capsys.readouterr().out
    assert not staging.exists()


def test_force_overwrites_hand_edits(project: Path) -> None:
    local = project / "docker-compose.local.yml"
    original = local.read_text()
    local.write_text(original.replace("retries: 5", "retries: 9"))
    assert main(["generate", "-f", str(project / "scaffold.yaml"), "--force"]) == 0
    assert local.read_text() == original


def test_lock_records_hashes_and_the_manifest(project: Path) -> None:
    import json

    lock = json.loads((project / ".scaffold" / "lock.json").read_text())
    assert lock["manifest"] == digest((project / "scaffold.yaml").read_text())
    local = (project / "docker-compose.local.yml").read_text()
    assert lock["files"]["docker-compose.local.yml"] == {"sha256": digest(local), "base": local}


def test_a_broken_lock_is_a_clear_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / ".scaffold" / "lock.json").write_text('{"files": {\n  "x": \n')
    assert main(["generate", "-f", str(project / "scaffold.yaml")]) == 2
    err = capsys.readouterr().err
    assert "lock.json:3:1: not valid JSON" in err


def _big_manifest(services: int) -> str:
    lines = ["name: big", "services:", "  postgres: {preset: postgres}"]
    lines += [f"  app{i}: {{preset: fastapi, depends_on: [postgres], env: {{N: \"{i}\"}}}}" for i in range(services)]
    return "\n".join(lines) + "\n"


def test_kill_9_during_generate_leaves_every_file_old_or_new(tmp_path: Path) -> None:
    manifest = tmp_path / "scaffold.yaml"
    manifest.write_text(_big_manifest(300))
    for root in (tmp_path, tmp_path / "reference"):  # the apps' code is there: this is about files
        for i in range(300):
            (root / "services" / f"app{i}").mkdir(parents=True)
    command = [sys.executable, "-m", "scaffold", "generate", "--no-registry", "-f", str(manifest)]
    subprocess.run(command, check=True, capture_output=True)
    names = ["docker-compose.local.yml", "docker-compose.ci.yml", ".env.example"]
    old = {n: (tmp_path / n).read_text() for n in names}
    manifest.write_text(_big_manifest(300).replace("N: ", "M: "))
    subprocess.run([*command, "-o", str(tmp_path / "reference")], check=True, capture_output=True)
    new = {n: (tmp_path / "reference" / n).read_text() for n in names}
    assert all(old[n] != new[n] for n in names[:2])

    killed_mid_run = 0
    for attempt in range(8):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.05 + attempt * 0.04)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            killed_mid_run += 1
        process.wait()
        for n in names:
            assert (tmp_path / n).read_text() in (old[n], new[n]), (attempt, n)
        lock_text = (tmp_path / ".scaffold" / "lock.json").read_text()
        assert lock_text.endswith("}\n")  # whole, never half-written
        # and the next run, from whatever state, ends in the new files with a consistent lock
        subprocess.run(command, check=True, capture_output=True)
        assert {n: (tmp_path / n).read_text() for n in names} == new
        for n in names:
            (tmp_path / n).write_text(old[n])
        subprocess.run([*command, "--force"], check=True, capture_output=True)
        manifest.write_text(_big_manifest(300))
        subprocess.run([*command, "--force"], check=True, capture_output=True)
        assert {n: (tmp_path / n).read_text() for n in names} == old
        manifest.write_text(_big_manifest(300).replace("N: ", "M: "))
    assert killed_mid_run >= 3
    assert not list(tmp_path.glob(".*.scaffold-tmp"))


def test_a_clone_on_another_machine_keeps_the_ports_the_lock_remembers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from scaffold.manifest.build import load
    from scaffold.ports.assign import preferred_port

    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(HERCULES, project / "scaffold.yaml")
    manifest = project / "scaffold.yaml"
    wanted = preferred_port("hercules", "worker")
    # on the first machine another project already holds the worker's preferred port
    first = tmp_path / "first-registry.json"
    monkeypatch.setenv("SCAFFOLD_PORT_REGISTRY", str(first))
    assert main(["ports", "allocate", "--project", "other", "--service", "web", "--port", str(wanted)]) == 0
    assert main(["generate", "-f", str(manifest)]) == 0
    local = (project / "docker-compose.local.yml").read_text()
    assert f"127.0.0.1:{wanted}:9000" not in local
    assert load(manifest).name == "hercules"

    # a clone checked on a machine with an empty registry: same ports, so no drift
    monkeypatch.setenv("SCAFFOLD_PORT_REGISTRY", str(tmp_path / "second-registry.json"))
    capsys.readouterr()
    assert main(["generate", "-f", str(manifest), "--check"]) == 0, capsys.readouterr().err
    assert main(["generate", "-f", str(manifest), "--no-registry", "--check"]) == 0


_TEXT = st.text(st.characters(codec="utf-8"), max_size=30)


@settings(max_examples=300, deadline=None)
@given(files=st.dictionaries(_TEXT.filter(bool), st.tuples(_TEXT, _TEXT), max_size=4),
       manifest=_TEXT, project=_TEXT,
       ports=st.dictionaries(_TEXT, st.integers(1, 65535), max_size=3))
def test_the_lock_written_piece_by_piece_is_the_json_it_always_was(
        files: dict[str, tuple[str, str]], manifest: str, project: str,
        ports: dict[str, int]) -> None:
    lock = Lock(manifest=manifest, project=project,
                files={name: Entry(base, pending) for name, (base, pending) in files.items()},
                ports=ports)
    specs = {name: {"sha256": digest(base), "base": base, **({"pending": p} if p else {})}
             for name, (base, p) in files.items()}
    head = {"version": 1, "manifest": manifest, **({"project": project} if project else {})}
    whole = json.dumps({**head, "files": specs, "ports": ports}, indent=2, sort_keys=True,
                       ensure_ascii=False) + "\n"
    assert "".join(chunks(lock)) == whole == dumps(lock)
    assert json.loads(whole)["files"] == specs


@pytest.mark.parametrize("enabled", [True, False])
def test_generate_pauses_the_cycle_collector_and_sets_it_back(
        enabled: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from scaffold.targets.render import render as real

    seen: list[bool] = []

    def render(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr("scaffold.output.generate.render", render)
    manifest = tmp_path / "scaffold.yaml"
    shutil.copy(ROOT / "examples" / "01-hercules" / "scaffold.yaml", manifest)
    (gc.enable if enabled else gc.disable)()
    try:
        assert main(["generate", "-f", str(manifest), "--no-registry", "--no-code"]) == 0
        assert (seen, gc.isenabled()) == ([False], enabled)
    finally:
        gc.enable()
