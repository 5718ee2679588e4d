"""What generate writes, under hostile locks, symlinks, a failing registry, a renamed project,
concurrent runs and edited .scaffold-new offers: nothing outside the project, nothing lost."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from scaffold import fs
from scaffold.cli import main
from scaffold.errors import EnvironmentProblem
from tests.helpers import ROOT

HERCULES = ROOT / "examples" / "01-hercules" / "scaffold.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    shutil.copy(HERCULES, folder / "scaffold.yaml")
    assert main(["generate", "-f", str(folder / "scaffold.yaml")]) == 0
    return folder


def _lock(project: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((project / ".scaffold" / "lock.json").read_text())
    return data


def _write_lock(project: Path, data: dict[str, object]) -> None:
    (project / ".scaffold" / "lock.json").write_text(json.dumps(data, indent=2))


@pytest.mark.parametrize("key", ["../victim.txt", "{victim}", "sub/../../victim.txt", "./x", ""])
def test_a_crafted_lock_can_not_delete_a_file_outside_the_project(
        project: Path, key: str, capsys: pytest.CaptureFixture[str]) -> None:
    victim = project.parent / "victim.txt"
    victim.write_text("precious\n")
    key = key.format(victim=victim)
    lock = _lock(project)
    assert isinstance(lock["files"], dict)
    lock["files"][key] = {"sha256": "", "base": "precious\n"}
    _write_lock(project, lock)
    capsys.readouterr()
    assert main(["generate", "-f", str(project / "scaffold.yaml"), "--prune"]) == 2
    err = capsys.readouterr().err
    assert "lock.json:" in err and "not a path inside the project" in err
    assert victim.read_text() == "precious\n"


@pytest.mark.parametrize(("port", "shown"), [("0", "0"), ("99999", "99999"), ("8080.0", "8080.0"),
                                             ("true", "True"), ("Infinity", "Infinity")])
def test_ports_a_lock_remembers_are_checked(project: Path, port: str, shown: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    text = (project / ".scaffold" / "lock.json").read_text()
    start = text.index('"ports": {') + len('"ports": {')
    text = text[:start] + f'\n    "auth-service": {port},' + text[start:].replace(
        '"auth-service": 8091,', "", 1)
    (project / ".scaffold" / "lock.json").write_text(text)
    before = sorted(p.name for p in project.iterdir())
    capsys.readouterr()
    assert main(["generate", "-f", str(project / "scaffold.yaml")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "lock.json" in err
    assert (shown in err) if port != "Infinity" else ("Infinity is not a JSON number" in err)
    assert sorted(p.name for p in project.iterdir()) == before


def test_a_lock_with_a_null_base_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lock = _lock(project)
    assert isinstance(lock["files"], dict)
    lock["files"]["docker-compose.local.yml"]["base"] = None
    _write_lock(project, lock)
    assert main(["generate", "-f", str(project / "scaffold.yaml")]) == 2
    assert "expected an object with the file's 'base' text" in capsys.readouterr().err


def test_a_symlinked_folder_leading_out_of_the_project_is_not_written_through(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    shutil.copy(HERCULES, folder / "scaffold.yaml")
    outside = tmp_path / "etc-nginx"
    outside.mkdir()
    (folder / "nginx").symlink_to(outside)
    assert main(["generate", "-f", str(folder / "scaffold.yaml")]) == 2
    assert "leads out of" in capsys.readouterr().err
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in folder.iterdir()) == ["nginx", "scaffold.yaml"]


def test_a_registry_that_cannot_be_written_leaves_every_file_unwritten(
        tmp_path: Path, port_registry: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    shutil.copy(HERCULES, folder / "scaffold.yaml")
    real = fs.write_atomic

    def full_disk(path: Path, text: str, described: str = "") -> None:
        if path.name == port_registry.name:
            raise EnvironmentProblem(f"cannot write {described}: No space left on device")
        real(path, text, described)

    monkeypatch.setattr(fs, "write_atomic", full_disk)
    assert main(["generate", "-f", str(folder / "scaffold.yaml")]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == ["scaffold.yaml"]


def test_a_renamed_project_gives_its_old_ports_back(project: Path, port_registry: Path) -> None:
    def projects() -> set[str]:
        return {a["project"] for a in json.loads(port_registry.read_text())["allocations"]}

    assert projects() == {"hercules"}
    manifest = project / "scaffold.yaml"
    manifest.write_text(manifest.read_text().replace("name: hercules", "name: heracles", 1))
    assert main(["generate", "-f", str(manifest)]) == 0
    assert projects() == {"heracles"}
    assert _lock(project)["project"] == "heracles"


def test_a_second_generate_in_the_same_folder_waits_for_the_first(project: Path) -> None:
    code = ("import sys; from scaffold.cli import main; "
            "sys.exit(main(['generate', '-f', sys.argv[1], '--no-registry']))")
    with fs.locked(project, "the test's hold on the folder"):
        child = subprocess.Popen([sys.executable, "-c", code, str(project / "scaffold.yaml")],
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(1.5)
        assert child.poll() is None, "generate wrote into a folder another run holds"
    assert child.wait(timeout=60) == 0


def _conflict(project: Path) -> tuple[Path, Path]:
    local = project / "docker-compose.local.yml"
    local.write_text(local.read_text().replace("127.0.0.1:8091:8000", "127.0.0.1:9991:8000"))
    manifest = project / "scaffold.yaml"
    manifest.write_text(manifest.read_text().replace("port: 8091", "port: 8095"))
    assert main(["generate", "-f", str(manifest)]) == 1
    side = project / "docker-compose.local.yml.scaffold-new"
    assert side.is_file()
    return manifest, side


def test_edits_made_in_a_scaffold_new_file_survive_the_next_run(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest, side = _conflict(project)
    side.write_text(side.read_text() + "# half merged by hand\n")
    edited = side.read_text()
    manifest.write_text(manifest.read_text().replace("port: 8095", "port: 8096"))
    capsys.readouterr()
    assert main(["generate", "-f", str(manifest)]) == 1
    assert side.read_text() == edited
    assert "your edits in docker-compose.local.yml.scaffold-new kept" in capsys.readouterr().out


def test_force_leaves_no_stale_scaffold_new_file(project: Path) -> None:
    manifest, side = _conflict(project)
    assert main(["generate", "-f", str(manifest), "--force"]) == 0
    assert not side.exists()
    assert "127.0.0.1:8095:8000" in (project / "docker-compose.local.yml").read_text()


HAND_WRITTEN = """\
name: shop
services:
  db: {preset: postgres}
  api: {preset: fastapi, depends_on: [db]}
  admin: {preset: django, depends_on: [db]}
  edge: {preset: express, depends_on: [api]}
  web: {preset: nextjs, depends_on: [api], path: frontend}
"""


def test_generate_scaffolds_the_code_of_every_app_whose_folder_is_missing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "scaffold.yaml").write_text(HAND_WRITTEN)
    (tmp_path / "services" / "edge").mkdir(parents=True)
    (tmp_path / "services" / "edge" / "mine.txt").write_text("my own code\n")
    assert main(["generate", "-f", str(tmp_path / "scaffold.yaml")]) == 0
    out = capsys.readouterr().out
    for app, folder in (("api", "services/api"), ("admin", "services/admin"), ("web", "frontend")):
        assert (tmp_path / folder / "Dockerfile").is_file(), app
        assert f"scaffolded   {folder}/" in out
    assert sorted(p.name for p in (tmp_path / "services" / "edge").iterdir()) == ["mine.txt"]
    assert not list(tmp_path.glob(".scaffold-code-*"))
    # what the preset's code needs comes with the preset, not only from `scaffold new`
    local = (tmp_path / "docker-compose.local.yml").read_text()
    assert 'DJANGO_SECRET_KEY: "${ADMIN_SECRET_KEY:?' in local
    assert "ADMIN_SECRET_KEY=" in (tmp_path / ".env.example").read_text()
    capsys.readouterr()
    assert main(["generate", "-f", str(tmp_path / "scaffold.yaml")]) == 0  # nothing scaffolded twice
    assert "scaffolded" not in capsys.readouterr().out


def test_a_failed_generate_leaves_no_code_behind(
        tmp_path: Path, port_registry: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "scaffold.yaml").write_text(HAND_WRITTEN)
    real = fs.write_atomic

    def full_disk(path: Path, text: str, described: str = "") -> None:
        if path.name == port_registry.name:
            raise EnvironmentProblem(f"cannot write {described}: No space left on device")
        real(path, text, described)

    monkeypatch.setattr(fs, "write_atomic", full_disk)
    assert main(["generate", "-f", str(tmp_path / "scaffold.yaml")]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scaffold.yaml"]


def test_compiled_python_in_installed_templates_never_reaches_a_project(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    cache = templates / "services" / "fastapi" / "template" / "app" / "__pycache__"
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "main.cpython-311.pyc").write_bytes(b"\x00compiled")
    monkeypatch.setattr("scaffold.newproject.copier_run.templates_dir", lambda: templates)
    assert main(["new", "shop", "-o", str(tmp_path / "shop"), "--yes", "--no-registry"]) == 0
    assert (tmp_path / "shop" / "services" / "api" / "app").is_dir()
    assert not [p for p in (tmp_path / "shop").rglob("*") if "__pycache__" in p.parts
                or p.suffix == ".pyc"]


def _targets(tmp_path: Path, text: str, target: str) -> dict[str, str]:
    (tmp_path / "scaffold.yaml").write_text(text)
    for app in ("a", "a-b", "kustomization", "ingress"):
        (tmp_path / "services" / app).mkdir(parents=True, exist_ok=True)
    assert main(["generate", "-f", str(tmp_path / "scaffold.yaml"), "--target", target,
                 "--no-registry"]) == 0
    return {str(p.relative_to(tmp_path)): p.read_text() for p in tmp_path.rglob("*")
            if p.is_file() and target in p.parts[len(tmp_path.parts)]}


def test_swarm_templates_of_services_whose_names_meet_stay_apart(tmp_path: Path) -> None:
    files = _targets(tmp_path, """\
name: demo
targets: [compose, swarm]
services:
  b-c: {preset: redis}
  c: {preset: redis}
  a: {preset: fastapi, depends_on: [b-c]}
  a-b: {preset: fastapi, depends_on: [c]}
""", "swarm")
    assert "@b-c:6379" in files["swarm/a/redis-url.tmpl"]
    assert "@c:6379" in files["swarm/a-b/redis-url.tmpl"]
    stack = yaml.safe_load((tmp_path / "docker-stack.yml").read_text())
    sources = {s: [x["source"] for x in stack["services"][s]["secrets"] if isinstance(x, dict)]
               for s in ("a", "a-b")}
    assert sources["a"] != sources["a-b"]
    assert all(stack["secrets"][k]["file"] == f"./swarm/{s}/redis-url.tmpl"
               for s in ("a", "a-b") for k in sources[s])


def test_a_service_named_like_a_k8s_project_file_does_not_replace_it(tmp_path: Path) -> None:
    files = _targets(tmp_path, """\
name: demo
targets: [compose, k8s]
services:
  kustomization: {preset: fastapi, routes: [/k/]}
  ingress: {preset: fastapi, routes: [/i/]}
""", "k8s")
    assert yaml.safe_load(files["k8s/kustomization.yaml"])["kind"] == "Kustomization"
    assert yaml.safe_load(files["k8s/ingress.yaml"])["kind"] == "Ingress"
    assert "name: kustomization" in files["k8s/services/kustomization.yaml"]
    assert "name: ingress" in files["k8s/services/ingress.yaml"]


def test_a_description_with_line_breaks_stays_a_comment(tmp_path: Path) -> None:
    (tmp_path / "scaffold.yaml").write_text("""\
name: demo
services:
  api:
    preset: fastapi
    env:
      TOKEN: {secret: true, description: "line one\\nDB_PASSWORD=hunter2\\nthree"}
""")
    (tmp_path / "services" / "api").mkdir(parents=True)
    assert main(["generate", "-f", str(tmp_path / "scaffold.yaml"), "--no-registry"]) == 0
    lines = (tmp_path / ".env.example").read_text().splitlines()
    assert "# DB_PASSWORD=hunter2" in lines
    assert [line for line in lines if line.startswith("DB_PASSWORD")] == []


def test_no_code_leaves_missing_apps_to_their_own_repository(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "scaffold.yaml").write_text(HAND_WRITTEN)
    assert main(["generate", "-f", str(tmp_path / "scaffold.yaml"), "--no-code"]) == 0
    assert "scaffolded" not in capsys.readouterr().out
    assert not (tmp_path / "services").exists() and not (tmp_path / "frontend").exists()
    assert (tmp_path / "docker-compose.local.yml").is_file()


def _files(count: int, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"f{i}" for i in range(count)]
    for path in paths:
        path.write_text("x")
    return paths


def test_many_files_are_made_durable_by_one_filesystem_sync(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    synced: list[int] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    fs.sync_all(_files(fs.BULK, tmp_path / "many"))
    assert synced == []  # one syncfs did it
    fs.sync_all(_files(fs.BULK - 1, tmp_path / "few"))
    assert len(synced) == fs.BULK - 1
    monkeypatch.setattr(fs, "_syncfs", lambda _folders: False)  # a C library without syncfs
    fs.sync_all(_files(fs.BULK, tmp_path / "no-syncfs"))
    assert len(synced) == 2 * fs.BULK - 1


def test_a_failed_filesystem_sync_writes_no_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import errno

    from bench import stacks

    manifest = tmp_path / "scaffold.yaml"
    manifest.write_text(stacks.manifest_text(40), encoding="utf-8")

    def full(_folders: object) -> bool:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(fs, "_syncfs", full)
    out = tmp_path / "out"
    assert main(["generate", "-f", str(manifest), "--no-registry", "--no-code", "--target", "all",
                 "-o", str(out)]) == 2
    assert "Input/output error" in capsys.readouterr().err
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]
