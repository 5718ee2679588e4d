"""`scaffold import`: every corpus project under tests/import/ imports, generates and compares
with nothing lost, through docker compose and through scaffold's own loader; every example's
generated compose file imports back to a manifest that generates the same services; bad input
exits 2 and writes nothing; secrets stay out of the manifest."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from scaffold.importer.compare import Side, compare
from scaffold.importer.fields import seconds
from scaffold.importer.interpolate import Missing, interpolate, read_dotenv
from scaffold.importer.load import compose_files, load
from scaffold.importer.recognise import split_image
from tests.helpers import EXAMPLES, ROOT, run_cli

CORPUS = sorted(p for p in (ROOT / "tests" / "import").iterdir() if (p / "expect.yaml").is_file())
# what a manifest cannot say, by project: (service, field) the comparison reports lost
KNOWN_LOSSES: dict[str, set[tuple[str, str]]] = {}
APP_PRESETS = {"fastapi", "django", "express", "nextjs"}
# where the importer says less than expect.yaml, and why: (service, key)
EXPECT_DIFFERENCES: dict[str, set[tuple[str, str]]] = {
    # the CI override resets every port, and nothing left says which one the app listens on
    "30-ci-reset-override": {("backend", "role")},
}


def _copy(source: Path, into: Path) -> Path:
    shutil.copytree(source, into, dirs_exist_ok=True)
    return into


def _import(capsys: pytest.CaptureFixture[str], folder: Path, monkeypatch: pytest.MonkeyPatch,
            *args: str) -> tuple[int, str, str]:
    """`scaffold import` run in `folder`, with the -f files its expect.yaml names, if any."""
    monkeypatch.chdir(folder)
    expect = folder / "expect.yaml"
    files = yaml.safe_load(expect.read_text(encoding="utf-8")).get("files") if expect.is_file() else None
    return run_cli(capsys, "import", *(a for f in files or [] for a in ("-f", f)), *args)


def _lost(out: str) -> set[tuple[str, str]]:
    """(service, field) of each `  service.field: lost: ...` line of the report."""
    found = set()
    for line in out.splitlines():
        head, _, rest = line.strip().partition(": ")
        if rest.startswith("lost:") and "." in head:
            service, _, field = head.partition(".")
            found.add((service, field))
    return found


def _summary(out: str) -> str:
    return next(line for line in out.splitlines() if line.startswith("compared with"))


# --- the corpus ------------------------------------------------------------------------------


@pytest.mark.tool
@pytest.mark.parametrize("project", CORPUS, ids=lambda p: p.name)
def test_corpus_checks_with_nothing_lost_through_docker_compose(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, tool: Callable[[str], str]) -> None:
    tool("docker-compose")
    folder = _copy(project, tmp_path / project.name)
    code, out, err = _import(capsys, folder, monkeypatch, "--check", "--loader", "compose")
    known = KNOWN_LOSSES.get(project.name, set())
    assert _lost(out) == known, out + err
    assert code == (1 if known else 0), out + err
    assert "read " in out and "with docker compose config" in out
    assert not (folder / "scaffold.yaml").exists()


@pytest.mark.parametrize("project", CORPUS, ids=lambda p: p.name)
def test_corpus_checks_with_nothing_lost_through_the_own_loader(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _copy(project, tmp_path / project.name)
    code, out, err = _import(capsys, folder, monkeypatch, "--check", "--loader", "scaffold")
    known = KNOWN_LOSSES.get(project.name, set())
    assert _lost(out) == known, out + err
    assert code == (1 if known else 0), out + err
    assert "with scaffold's own loader" in out


@pytest.mark.tool
@pytest.mark.parametrize("project", CORPUS, ids=lambda p: p.name)
def test_both_loaders_give_the_same_manifest(project: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch,
                                             tool: Callable[[str], str]) -> None:
    tool("docker-compose")
    texts = []
    for loader in ("compose", "scaffold"):
        code, out, err = _import(capsys, project, monkeypatch, "--dry-run", "--loader", loader)
        assert code == 0, err
        texts.append([line for line in out.splitlines() if "read by" not in line])
    assert texts[0] == texts[1]


@pytest.mark.parametrize("project", CORPUS, ids=lambda p: p.name)
def test_corpus_manifest_says_what_expect_yaml_says(project: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Backing presets, `from:` and roles exactly; an app preset may stay `build` (scaffold only
    picks fastapi, django, express or nextjs when nothing is in doubt, and never yet does)."""
    folder = _copy(project, tmp_path / project.name)
    code, _out, err = _import(capsys, folder, monkeypatch, "--loader", "scaffold")
    assert code == 0, err
    expect = yaml.safe_load((project / "expect.yaml").read_text(encoding="utf-8"))
    services = yaml.safe_load((folder / "scaffold.yaml").read_text(encoding="utf-8"))["services"]
    for name, wanted in expect["services"].items():
        got = services[name]
        for key in ("from", "role"):
            if (name, key) not in EXPECT_DIFFERENCES.get(project.name, set()):
                assert got.get(key) == wanted.get(key), (name, key, got)
            else:
                assert got.get(key) != wanted.get(key), "fixed: take it out of EXPECT_DIFFERENCES"
        preset = wanted.get("preset")
        if preset in APP_PRESETS:
            assert got.get("preset") == "build", (name, got)
        elif preset == "nginx":
            assert got.get("preset") == "image", (name, got)
        elif preset and "from" not in wanted:
            assert got.get("preset") == preset, (name, got)


@pytest.mark.parametrize("project", CORPUS, ids=lambda p: p.name)
def test_no_secret_reaches_the_manifest(project: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _copy(project, tmp_path / project.name)
    (folder / ".gitignore").unlink(missing_ok=True)
    env_before = (folder / ".env").read_text(encoding="utf-8") if (folder / ".env").exists() else ""
    code, out, err = _import(capsys, folder, monkeypatch, "--loader", "scaffold")
    assert code == 0, err
    manifest = (folder / "scaffold.yaml").read_text(encoding="utf-8")
    assert manifest.startswith("# yaml-language-server: $schema=")
    env = folder / ".env"
    assert not env.exists() or env.stat().st_mode & 0o777 == 0o600 or env_before
    expect = yaml.safe_load((project / "expect.yaml").read_text(encoding="utf-8"))
    names = set(expect.get("secrets") or [])
    files = [folder / f for f in expect.get("files") or []] or compose_files((), folder)
    original = load(files, None, folder, "scaffold", {}).project["services"]
    values = {str(v) for svc in original.values() for k, v in svc["environment"].items()
              if k in names and v}
    dotenv = read_dotenv(project / ".env") if (project / ".env").is_file() else {}
    values |= {v for k, v in dotenv.items() if k in names and v}
    assert len(values) >= min(len(names), 1) or expect.get("secret_files")
    for value in values:
        if len(value) >= 12:  # shorter ones (a user name like the project's) may rightly appear
            assert value not in manifest
    assert ".env" in (folder / ".gitignore").read_text().splitlines()
    assert "wrote        scaffold.yaml" in out


@pytest.mark.tool
@pytest.mark.parametrize("project", CORPUS, ids=lambda p: p.name)
def test_generated_files_pass_docker_compose_and_dclint(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, tool: Callable[[str], str]) -> None:
    folder = _copy(project, tmp_path / project.name)
    assert _import(capsys, folder, monkeypatch, "--loader", "scaffold")[0] == 0
    out = folder / "generated"  # beside the user's own compose files, which may share a name
    out.mkdir()
    if (folder / ".env").exists():
        shutil.copy(folder / ".env", out / ".env")
    code, _out, err = run_cli(capsys, "generate", "--no-registry", "--no-code", "-o", str(out))
    assert code == 0, err
    files = ["docker-compose.ci.yml", "docker-compose.local.yml"]
    for name in files:
        done = subprocess.run([tool("docker-compose"), "-f", name, "config", "-q"], cwd=out,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, f"{name}: {done.stderr}"
    result = subprocess.run([tool("dclint"), "-f", "json", *files], cwd=out,
                            capture_output=True, text=True, timeout=60)
    messages = [(r["filePath"], m["message"]) for r in json.loads(result.stdout) for m in r["messages"]]
    assert messages == []


# --- round trip: each example's generated compose file back to a manifest ---------------------


def _round_trip_project(example: Path, into: Path) -> Path:
    """The example's files (build contexts, mounted configs), its generated local compose file as
    the user's docker-compose.yml, and a .env giving each secret it asks for a value."""
    shutil.copytree(example, into, ignore=shutil.ignore_patterns("expected", "scaffold.yaml"))
    text = (example / "expected" / "docker-compose.local.yml").read_text(encoding="utf-8")
    (into / "docker-compose.yml").write_text(text, encoding="utf-8")
    names = sorted(set(re.findall(r"\$\{([A-Z0-9_]+):\?", text)))
    (into / ".env").write_text("".join(f"{n}=round-trip-{n.lower()}\n" for n in names))
    return into


def _services(tool: Callable[[str], str], folder: Path, file: str) -> dict[str, Any]:
    done = subprocess.run([tool("docker-compose"), "-f", file, "config", "--format", "json"],
                          cwd=folder, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    services: dict[str, Any] = json.loads(done.stdout)["services"]
    return services


@pytest.mark.tool
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_round_trip_of_every_example_generates_the_same_services(
        example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, tool: Callable[[str], str]) -> None:
    folder = _round_trip_project(example, tmp_path / example.name)
    code, out, err = _import(capsys, folder, monkeypatch, "--loader", "compose")
    assert code == 0, out + err
    assert "0 improved on purpose, 0 lost" in _summary(out), out
    assert run_cli(capsys, "generate", "--no-registry", "--no-code", "--variant", "local")[0] == 0
    original = _services(tool, folder, "docker-compose.yml")
    generated = _services(tool, folder, "docker-compose.local.yml")
    assert generated == original


# --- bad input -----------------------------------------------------------------------------


def test_broken_yaml_is_located_and_nothing_is_written(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "docker-compose.yml").write_text("services:\n  web:\n    image: [nginx\n")
    code, _out, err = _import(capsys, tmp_path, monkeypatch)
    assert code == 2
    assert "docker-compose.yml:4:1: YAML syntax:" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docker-compose.yml"]


def test_missing_file_exits_2_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    code, _out, err = _import(capsys, tmp_path, monkeypatch, "-f", "nope.yml")
    assert code == 2
    assert "nope.yml: no such file" in err
    assert list(tmp_path.iterdir()) == []


def test_no_compose_file_at_all_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    code, _out, err = _import(capsys, tmp_path, monkeypatch)
    assert code == 2
    assert "no compose file in" in err


def test_existing_manifest_is_kept_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "docker-compose.yml").write_text("services:\n  cache: {image: 'redis:7'}\n")
    (tmp_path / "scaffold.yaml").write_text("mine\n")
    code, _out, err = _import(capsys, tmp_path, monkeypatch, "--loader", "scaffold")
    assert code == 2
    assert "scaffold.yaml exists; --force replaces it" in err
    assert (tmp_path / "scaffold.yaml").read_text() == "mine\n"
    assert not (tmp_path / ".env").exists()
    code, _out, err = _import(capsys, tmp_path, monkeypatch, "--loader", "scaffold", "--force")
    assert code == 0, err
    assert "preset: redis" in (tmp_path / "scaffold.yaml").read_text()


def test_a_missing_required_variable_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  web:\n    image: nginx:1\n    environment: {A: '${NOPE?set NOPE first}'}\n")
    monkeypatch.delenv("NOPE", raising=False)
    code, _out, err = _import(capsys, tmp_path, monkeypatch, "--loader", "scaffold")
    assert code == 2
    assert "required variable NOPE is missing a value: set NOPE first" in err
    assert not (tmp_path / "scaffold.yaml").exists()


def test_literal_password_moves_to_env(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n"
        "  db: {image: 'postgres:16', environment: {POSTGRES_PASSWORD: hunter2hunter2}}\n"
        "  app:\n"
        "    image: 'ghcr.io/acme/app:1'\n"
        "    ports: ['8080:8080']\n"
        "    environment:\n"
        "      DATABASE_URL: postgresql://postgres:hunter2hunter2@db:5432/postgres\n"
        "      API_TOKEN: tok-123456\n"
        "    depends_on: [db]\n")
    code, out, err = _import(capsys, tmp_path, monkeypatch, "--loader", "scaffold")
    assert code == 0, err
    manifest = (tmp_path / "scaffold.yaml").read_text()
    assert "hunter2" not in manifest and "tok-123456" not in manifest
    assert "API_TOKEN: {secret: true}" in manifest or "API_TOKEN:\n        secret: true" in manifest
    assert "${DB_PASSWORD}" in manifest
    env = (tmp_path / ".env").read_text()
    assert "DB_PASSWORD=hunter2hunter2" in env and "API_TOKEN=tok-123456" in env
    assert (tmp_path / ".env").stat().st_mode & 0o777 == 0o600
    assert "0 lost" in _summary(out)


# --- pieces --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "env", "want"), [
    ("${A}", {"A": "1"}, "1"), ("${A:-x}", {"A": ""}, "x"), ("${A-x}", {"A": ""}, ""),
    ("${A:-x}", {}, "x"), ("$$A", {"A": "1"}, "$A"), ("$A-b", {"A": "1"}, "1-b"),
    ("${A:+yes}", {"A": "1"}, "yes"), ("${A:-${B}}", {"B": "2"}, "2"),
])
def test_interpolation(text: str, env: dict[str, str], want: str) -> None:
    assert interpolate(text, env) == want


def test_interpolation_refuses_a_missing_required_variable() -> None:
    with pytest.raises(Missing, match="A is missing a value: say A"):
        interpolate("${A:?say A}", {"A": ""})


@pytest.mark.parametrize(("image", "parts"), [
    ("postgres:15", ("", "postgres", "15")), ("docker.io/library/redis:7", ("", "redis", "7")),
    ("ghcr.io/acme/app:1.4", ("ghcr.io", "acme/app", "1.4")), ("localhost:5000/x", ("localhost:5000", "x", "")),
    ("mongo@sha256:abc", ("", "mongo", "")),
])
def test_split_image(image: str, parts: tuple[str, str, str]) -> None:
    got = split_image(image)
    assert (got.registry, got.repository, got.tag) == parts


@pytest.mark.parametrize(("text", "want"), [("10s", "10s"), ("1m0s", "60s"), ("1m30s", "90s"),
                                            ("500ms", "500ms"), ("soon", ""), ("1.5s", "1500ms")])
def test_compose_durations(text: str, want: str) -> None:
    assert seconds(text) == want


def _side(services: dict[str, Any]) -> Side:
    return Side({"services": services}, Path("/p"))


def test_compare_names_what_was_lost_and_what_improved() -> None:
    original = {"web": {"image": "nginx:1", "environment": {"A": "1", "B": "2"}, "user": "1000",
                        "ports": [{"target": 80, "published": "8080", "protocol": "tcp"}]}}
    generated = {"web": {"image": "nginx:1", "environment": {"A": "1", "B": "3", "C": "4"},
                         "restart": "unless-stopped",
                         "ports": [{"target": 80, "published": "8080", "protocol": "tcp",
                                    "host_ip": "127.0.0.1"}]}}
    rows = {(r.field, r.status) for r in compare(_side(original), _side(generated), frozenset())}
    assert ("environment", "lost") in rows and ("user", "lost") in rows
    assert ("ports", "improved") in rows and ("restart", "improved") in rows
    assert ("image", "same") in rows
    rows = {(r.field, r.status) for r in compare(_side(original), _side(original), frozenset())}
    assert {status for _field, status in rows} == {"same"}


def test_a_missing_service_is_lost() -> None:
    rows = compare(_side({"web": {"image": "x:1"}}), _side({}), frozenset())
    assert [(r.service, r.field, r.status) for r in rows] == [("web", "service", "lost")]


ROUTED = [p for p in CORPUS if "routes" in yaml.safe_load((p / "expect.yaml").read_text(encoding="utf-8"))]


@pytest.mark.parametrize("project", ROUTED, ids=lambda p: p.name)
def test_the_routes_of_a_kept_nginx_config_are_named(project: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = _import(capsys, project, monkeypatch, "--check", "--loader", "scaffold")
    assert code in (0, 1), err
    line = next(x for x in out.splitlines() if x.startswith("nginx config kept as your file"))
    routes = yaml.safe_load((project / "expect.yaml").read_text(encoding="utf-8"))["routes"]
    for path, service in routes.items():
        assert f"{path} -> {service}" in line


def test_env_file_feeds_the_interpolation(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  web:\n    image: 'nginx:${TAG:-1}'\n    ports: ['8080:80']\n")
    (tmp_path / "prod.env").write_text("TAG=1.27\n")
    monkeypatch.delenv("TAG", raising=False)
    code, out, err = _import(capsys, tmp_path, monkeypatch, "--loader", "scaffold",
                             "--env-file", "prod.env", "--dry-run")
    assert code == 0, err
    assert "image: nginx:1.27" in out
    assert not (tmp_path / "scaffold.yaml").exists()
