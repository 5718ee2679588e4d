"""Hostile input that is not a broken manifest as such: special files, huge files, numbers that
must arrive as written, and the schema rules that make patterns and integers strict."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from scaffold.cli import main
from scaffold.manifest.source import MAX_BYTES
from tests.helpers import ROOT

NUMBERS = """\
name: demo
services:
  api:
    preset: fastapi
    port: 8080
    env:
      ZIP: 01234
      VERSION: 1.10
      MASK: 0xFF
      MODE: !!str 0777
      BIG: 1e3
      PLAIN: 42
"""


def test_numbers_in_env_values_arrive_as_written(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "scaffold.yaml"
    manifest.write_text(NUMBERS, encoding="utf-8")
    assert main(["generate", "-f", str(manifest), "--variant", "local", "-o", "-",
                 "--no-registry"]) == 0
    compose = yaml.safe_load(capsys.readouterr().out)
    env = compose["services"]["api"]["environment"]
    assert {k: env[k] for k in ("ZIP", "VERSION", "MASK", "MODE", "BIG", "PLAIN")} == {
        "ZIP": "01234", "VERSION": "1.10", "MASK": "0xFF", "MODE": "0777", "BIG": "1e3",
        "PLAIN": "42"}


def _refused(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code = main(["validate", "-f", str(path)])
    _, err = capsys.readouterr()
    assert code == 2, err
    assert "Traceback" not in err
    return err


def test_a_device_is_refused_without_reading_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert "/dev/zero: not a regular file" in _refused(Path("/dev/zero"), capsys)


def test_a_fifo_is_refused_without_waiting_for_a_writer(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "scaffold.yaml"
    os.mkfifo(fifo)
    result: list[str] = []
    reader = threading.Thread(target=lambda: result.append(_refused(fifo, capsys)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "validate blocked on a FIFO"
    assert "not a regular file" in result[0]


def test_a_huge_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "scaffold.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    assert "larger than 32 MiB" in _refused(big, capsys)


def test_every_schema_pattern_is_anchored() -> None:
    """Patterns are matched whole (`re.fullmatch`); that equals JSON Schema's ECMA-262 meaning
    only for patterns anchored at both ends, which every one of ours must be."""
    patterns: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                patterns.append(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for schema in (ROOT / "schemas").glob("*.json"):
        walk(json.loads(schema.read_text(encoding="utf-8")))
    assert patterns
    assert [p for p in patterns if not (p.startswith("^") and p.endswith("$"))] == []
    for p in patterns:
        re.compile(p)


def test_a_version_keeps_its_trailing_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "scaffold.yaml"
    manifest.write_text("name: demo\nservices:\n  db: {preset: postgres, version: 15.10}\n",
                        encoding="utf-8")
    assert main(["generate", "-f", str(manifest), "--variant", "local", "-o", "-",
                 "--no-registry"]) == 0
    assert yaml.safe_load(capsys.readouterr().out)["services"]["db"]["image"] == "postgres:15.10"


def _chain(n: int, loop: bool) -> str:
    lines = ["name: chain", "services:"]
    for i in range(n):
        nxt = (i + 1) % n if loop else i + 1
        dep = f", depends_on: [s{nxt}]" if loop or nxt < n else ""
        lines.append(f"  s{i}: {{preset: image, image: example/x:1, internal_port: 80{dep}}}")
    return "\n".join(lines) + "\n"


def test_a_chain_of_ten_thousand_services_is_planned(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "scaffold.yaml"
    manifest.write_text(_chain(10_001, loop=False), encoding="utf-8")
    assert main(["plan", "-f", str(manifest)]) == 0
    assert "Layer 10001:" in capsys.readouterr().out
    manifest.write_text(_chain(10_001, loop=True), encoding="utf-8")
    assert main(["validate", "-f", str(manifest)]) == 2
    assert "dependency cycle: s0 -> s1 -> s2" in capsys.readouterr().err


def test_a_string_command_is_split_into_words_as_compose_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "scaffold.yaml"
    manifest.write_text("name: demo\nservices:\n  api:\n    preset: fastapi\n"
                        "    command: python -c \"print(42)\" --flag 'two words'\n", encoding="utf-8")
    assert main(["generate", "-f", str(manifest), "--variant", "local", "-o", "-",
                 "--no-registry"]) == 0
    compose = yaml.safe_load(capsys.readouterr().out)
    assert compose["services"]["api"]["command"] == ["python", "-c", "print(42)", "--flag",
                                                     "two words"]


@pytest.mark.parametrize(("project", "service"), [("", ""), ("ok", ""), ("a\x1b]0;pwned\x07", "web"),
                                                  ("demo\n", "web")])
def test_the_registry_never_takes_a_name_its_schema_refuses(
        project: str, service: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    registry = tmp_path / "port-registry.json"
    monkeypatch.setenv("SCAFFOLD_PORT_REGISTRY", str(registry))
    assert main(["ports", "allocate", "--project", "keep", "--service", "web"]) == 0
    before = registry.read_bytes()
    capsys.readouterr()
    assert main(["ports", "allocate", "--project", project, "--service", service]) == 2
    err = capsys.readouterr().err
    assert "nothing was written to the port registry" in err
    assert "\x1b" not in err and "Traceback" not in err
    assert registry.read_bytes() == before
    assert main(["ports", "list"]) == 0  # still readable by every command


def test_a_symlinked_registry_is_written_through_its_link(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared" / "port-registry.json"
    shared.parent.mkdir()
    link = tmp_path / "mine" / "port-registry.json"
    link.parent.mkdir()
    link.symlink_to(shared)
    monkeypatch.setenv("SCAFFOLD_PORT_REGISTRY", str(link))
    assert main(["ports", "allocate", "--project", "one", "--service", "web"]) == 0
    assert main(["ports", "allocate", "--project", "two", "--service", "web"]) == 0
    assert link.is_symlink()
    assert {a["project"] for a in json.loads(shared.read_text())["allocations"]} == {"one", "two"}


def _scaffold(*args: str, stdout: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scaffold", *args], cwd=ROOT, text=True,
                          stdout=stdout if stdout is not None else subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=120)


def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path: Path) -> None:
    manifest = tmp_path / "scaffold.yaml"
    manifest.write_text(_chain(3000, loop=False), encoding="utf-8")
    cmd = [sys.executable, "-m", "scaffold", "generate", "-f", str(manifest), "-o", "-",
           "--no-registry"]
    producer = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert producer.stdout is not None and producer.stderr is not None
    producer.stdout.readline()
    producer.stdout.close()  # as `| head -1` does
    err = producer.stderr.read().decode()
    assert producer.wait(timeout=120) == 141
    assert err == ""


def test_standard_output_on_a_full_disk_is_exit_2() -> None:
    with open("/dev/full", "w") as full:
        done = _scaffold("plan", "-f", str(ROOT / "examples" / "01-hercules" / "scaffold.yaml"),
                         stdout=full.fileno())
    assert done.returncode == 2
    assert done.stderr == "error: cannot write to standard output: No space left on device\n"


def test_a_folder_given_as_the_manifest_is_named_as_such(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "-f", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path}: is a folder, not the manifest\n"


@pytest.mark.parametrize("flag", ["", "/", "."])
def test_a_registry_path_that_is_no_file_is_refused(tmp_path: Path, flag: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "scaffold.yaml"
    manifest.write_text(NUMBERS, encoding="utf-8")
    assert main(["generate", "-f", str(manifest), "--registry", flag]) == 2
    assert "is not a file the port registry can live in" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scaffold.yaml"]


def test_a_manifest_registry_naming_a_folder_is_located(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "scaffold.yaml"
    manifest.write_text("name: demo\nregistry: /\nservices:\n  api: {preset: fastapi}\n")
    assert main(["validate", "-f", str(manifest)]) == 2
    assert "scaffold.yaml:2:11: registry: '/' names a folder" in capsys.readouterr().err


def test_new_in_the_empty_folder_you_stand_in_fills_it_and_keeps_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    here = tmp_path / "shop"
    here.mkdir()
    inode = here.stat().st_ino
    monkeypatch.chdir(here)
    assert main(["new", "shop", "-o", ".", "--yes", "--no-registry"]) == 0
    assert Path.cwd() == here and here.stat().st_ino == inode  # the same folder, still there
    assert (here / "scaffold.yaml").is_file()
    assert "created .: 4 services" in capsys.readouterr().out


def test_new_refuses_a_dangling_symlink(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "shop"
    link.symlink_to(tmp_path / "nowhere")
    assert main(["new", "shop", "-o", str(link), "--yes", "--no-registry"]) == 2
    assert "is a symbolic link" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists()


def test_a_folder_whose_name_is_not_utf8_is_bad_input(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/bad\xff"))
    folder.mkdir()
    (folder / "scaffold.yaml").write_text(NUMBERS, encoding="utf-8")
    assert main(["generate", "-f", str(folder / "scaffold.yaml")]) == 2
    assert "is not UTF-8" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == ["scaffold.yaml"]


def test_a_command_reaches_the_container_as_written(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """`$` in a command is the container's (its shell's), never compose's: no host value, no
    .env secret baked in, and `${X:?boom}` does not break `docker compose config`."""
    manifest = tmp_path / "scaffold.yaml"
    manifest.write_text('name: demo\nservices:\n  api:\n    preset: fastapi\n'
                        '    command: ["sh", "-c", "echo $HOME ${X:?boom}"]\n', encoding="utf-8")
    assert main(["generate", "-f", str(manifest), "--variant", "local", "-o", "-",
                 "--no-registry"]) == 0
    compose = yaml.safe_load(capsys.readouterr().out)
    assert compose["services"]["api"]["command"] == ["sh", "-c", "echo $$HOME $${X:?boom}"]
