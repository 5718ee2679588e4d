"""`scaffold new`: the project folder, its secrets and scripts, run in-process."""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from scaffold import __version__
from scaffold.cli import main
from scaffold.manifest.build import load
from scaffold.newproject import answers

Tool = Callable[[str], str]


def new(tmp_path: Path, *args: str) -> tuple[int, Path]:
    target = tmp_path / "shop"
    return main(["new", "shop", "-o", str(target), *args]), target


def files(root: Path) -> list[str]:
    """The files under `root`, but generate's own record of what it wrote (.scaffold/lock.json)."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and p.name != "lock.json")


def test_new_with_defaults_makes_a_working_project(tmp_path: Path) -> None:
    code, root = new(tmp_path, "--yes")
    assert code == 0
    assert files(root) == [
        ".env", ".env.example", ".github/workflows/integration.yml", ".gitignore",
        ".scaffold/manifest.schema.json", "README.md", "dc.sh", "docker-compose.ci.yml",
        "docker-compose.local.yml", "integration_tests/test_health_endpoints.sh",
        "integration_tests/test_service_connectivity.sh", "scaffold.yaml",
        "services/api/.dockerignore", "services/api/Dockerfile", "services/api/README.md",
        "services/api/alembic.ini",
        "services/api/app/__init__.py", "services/api/app/db.py",
        "services/api/app/dependencies.py",
        "services/api/app/file_secrets.py", "services/api/app/health.py",
        "services/api/app/items.py", "services/api/app/main.py", "services/api/app/models.py",
        "services/api/app/wire.py",
        "services/api/migrations/env.py", "services/api/migrations/script.py.mako",
        "services/api/migrations/versions/0001_create_items.py",
        "services/api/pyproject.toml", "services/api/requirements-dev.txt",
        "services/api/requirements.txt", "services/api/tests/__init__.py",
        "services/api/tests/integration/__init__.py",
        "services/api/tests/integration/conftest.py",
        "services/api/tests/integration/test_cache.py",
        "services/api/tests/integration/test_database.py",
        "services/api/tests/integration/test_migrations.py",
        "services/api/tests/test_file_secrets.py", "services/api/tests/test_health.py",
        "services/api/tests/test_items.py",
    ]
    manifest = load(root / "scaffold.yaml")
    assert [(s.name, s.preset, s.depends_on) for s in manifest.services] == [
        ("postgres", "postgres", ()), ("redis", "redis", ()),
        ("api", "fastapi", ("postgres", "redis", "api-migrate")),
        ("api-migrate", "fastapi", ("postgres",)),
    ]
    assert (root / "scaffold.yaml").read_text().startswith(
        "# yaml-language-server: $schema=.scaffold/manifest.schema.json\n")
    schema = json.loads((root / ".scaffold/manifest.schema.json").read_text())
    assert schema["title"].startswith("scaffold manifest")
    assert ".env\n" in (root / ".gitignore").read_text()


def test_generate_afterwards_changes_nothing(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _, root = new(tmp_path, "--yes")
    capsys.readouterr()
    assert main(["generate", "-f", str(root / "scaffold.yaml"), "--check"]) == 0


def test_env_holds_strong_random_secrets_readable_only_by_the_owner(tmp_path: Path) -> None:
    _, root = new(tmp_path, "--yes")
    env = root / ".env"
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    values = dict(line.split("=", 1) for line in env.read_text().splitlines()
                  if line and not line.startswith("#"))
    assert sorted(values) == ["POSTGRES_PASSWORD", "REDIS_PASSWORD"]
    for value in values.values():
        assert re.fullmatch(r"[0-9a-f]{64}", value)
    assert values["POSTGRES_PASSWORD"] != values["REDIS_PASSWORD"]
    (tmp_path / "again").mkdir()
    _, again = new(tmp_path / "again", "--yes")
    assert (again / ".env").read_text() != env.read_text()


def test_services_from_flags_and_their_wiring(tmp_path: Path) -> None:
    code, root = new(tmp_path, "--service", "db:postgres", "--service", "api:fastapi",
                     "--service", "admin:django", "--service", "web:nextjs")
    assert code == 0
    manifest = load(root / "scaffold.yaml")
    assert {s.name: s.depends_on for s in manifest.services} == {
        "db": (), "api": ("db", "api-migrate"), "api-migrate": ("db",),
        "admin": ("db", "admin-migrate"), "admin-migrate": ("db",),
        "web": ("db", "api", "admin", "web-migrate"), "web-migrate": ("db",),
    }
    # each app's migrations: a job from its own image, run before the app starts
    assert [(s.name, s.from_service, s.role, s.command) for s in manifest.services
            if s.role == "job"] == [
        ("api-migrate", "api", "job", ("alembic", "upgrade", "head")),
        ("admin-migrate", "admin", "job", ("python", "manage.py", "migrate", "--noinput")),
        ("web-migrate", "web", "job", ("node", "migrate.js", "up"))]
    # Django cannot start without a secret key: it is in the manifest, and random in .env
    assert "ADMIN_SECRET_KEY" in (root / ".env").read_text()
    assert "ADMIN_SECRET_KEY=change-me" in (root / ".env.example").read_text()
    for name in ("api", "admin", "web"):
        assert (root / "services" / name / "Dockerfile").is_file()
    deps = (root / "services/web/lib/dependencies.js").read_text()
    assert '{ name: "api", kind: "http", variable: "API_URL", path: "/health" }' in deps


def test_scripts_are_executable_and_name_the_real_services(tmp_path: Path) -> None:
    _, root = new(tmp_path, "--service", "postgres", "--service", "redis",
                  "--service", "api:fastapi", "--service", "web:nextjs")
    for name in ("dc.sh", "integration_tests/test_health_endpoints.sh",
                 "integration_tests/test_service_connectivity.sh"):
        assert os.access(root / name, os.X_OK), name
    health = (root / "integration_tests/test_health_endpoints.sh").read_text()
    assert 'check api "${API_URL:-http://api:8000}/health"\n' in health
    assert 'check web "${WEB_URL:-http://web:3000}/health"\n' in health
    ready = (root / "integration_tests/test_service_connectivity.sh").read_text()
    assert 'ready api "${API_URL:-http://api:8000}/health/ready" "postgres, redis"\n' in ready
    assert 'ready web "${WEB_URL:-http://web:3000}/health/ready" "postgres, redis, api"\n' in ready
    workflow = (root / ".github/workflows/integration.yml").read_text()
    assert "--network shop-ci-network" in workflow
    assert "./dc.sh ci up --build --detach --wait" in workflow


def test_scripts_pass_bash_n_and_shellcheck(tmp_path: Path, tool: Tool) -> None:
    _, root = new(tmp_path, "--service", "postgres", "--service", "api:express",
                  "--service", "web:nextjs")
    scripts = ["dc.sh", "integration_tests/test_health_endpoints.sh",
               "integration_tests/test_service_connectivity.sh"]
    for script in scripts:
        result = subprocess.run(["bash", "-n", script], cwd=root, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    result = subprocess.run([tool("shellcheck"), *scripts], cwd=root, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout


def test_workflow_passes_the_github_workflows_schema(tmp_path: Path, tool: Tool) -> None:
    _, root = new(tmp_path, "--yes")
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
         ".github/workflows/integration.yml"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_checks_the_manifest_with_github_annotations(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _, root = new(tmp_path, "--yes")
    jobs = yaml.safe_load((root / ".github/workflows/integration.yml").read_text())["jobs"]
    steps = jobs["manifest"]["steps"]
    assert jobs["integration"]["needs"] == "manifest"
    assert steps[2]["env"] == {"SCAFFOLD_REQUIREMENT": f"scaffold=={__version__}"}
    commands = [s["run"] for s in steps[3:]]
    assert commands == ["scaffold validate --format github",
                        "scaffold generate --check --format github"]
    monkeypatch.chdir(root)
    capsys.readouterr()
    for command in commands:  # a new project passes its own checks
        program, *argv = shlex.split(command)
        assert (program, main(argv)) == ("scaffold", 0), capsys.readouterr()
    assert "::error" not in capsys.readouterr().out


def test_dc_sh_picks_the_variant_and_passes_the_rest_on(tmp_path: Path) -> None:
    _, root = new(tmp_path, "--yes")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "docker"
    fake.write_text('#!/bin/sh\nprintf "%s|" "$@"\n')
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}

    def dc(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["./dc.sh", *args], cwd=root, env=env, capture_output=True,
                              text=True)

    assert dc("ci", "up", "--wait").stdout == f"compose|-f|{root}/docker-compose.ci.yml|up|--wait|"
    assert dc("ps", "-a").stdout == f"compose|-f|{root}/docker-compose.local.yml|ps|-a|"
    usage = dc()
    assert usage.returncode == 2
    assert "variants here: ci local" in usage.stderr
    missing = subprocess.run(["./dc.sh", "ps"], cwd=root, capture_output=True, text=True,
                             env={**env, "SCAFFOLD_VARIANT": "staging"})
    assert missing.returncode == 2
    assert "docker-compose.staging.yml is missing" in missing.stderr


def test_ports_are_recorded_in_the_registry(tmp_path: Path, port_registry: Path) -> None:
    _, root = new(tmp_path, "--yes")
    allocations = json.loads(port_registry.read_text())["allocations"]
    assert [(a["project"], a["service"]) for a in allocations] == [("shop", "api")]
    local = (root / "docker-compose.local.yml").read_text()
    assert f"127.0.0.1:{allocations[0]['port']}:8000" in local


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--service", "api:fastapi", "--service", "api:django"], "service 'api' is named twice"),
        (["--service", "postgres"], "a project needs at least one app service"),
        (["--service", "api:flask"], "unknown preset 'flask'"),
        (["--service", "Api:fastapi"], "'Api' is not a valid service name"),
    ],
)
def test_bad_services_are_refused_and_leave_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, root = new(tmp_path, *args)
    assert code == 2
    assert message in capsys.readouterr().err
    assert not root.exists()
    assert files(tmp_path) == []


def test_a_bad_project_name_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "Shop!", "-o", str(tmp_path / "x"), "--yes"]) == 2
    assert "'Shop!' is not a valid project name" in capsys.readouterr().err


def test_an_existing_folder_is_never_written_into(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "shop"
    target.mkdir()
    (target / "mine.txt").write_text("keep")
    code, _ = new(tmp_path, "--yes")
    assert code == 2
    assert "already exists and is not an empty folder" in capsys.readouterr().err
    assert files(target) == ["mine.txt"]


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "shop").mkdir()
    code, root = new(tmp_path, "--yes")
    assert code == 0
    assert (root / "scaffold.yaml").is_file()


def test_a_failure_midway_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str],
                                                port_registry: Path) -> None:
    import scaffold.newproject.copier_run as templates

    def broken(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(templates, "render_service", broken)
    (tmp_path / "work").mkdir()
    code, _ = new(tmp_path / "work", "--yes")
    assert code == 3
    assert "An unexpected error has occurred: OSError: disk full" in capsys.readouterr().err
    assert list((tmp_path / "work").iterdir()) == []
    assert not port_registry.exists() or "shop" not in port_registry.read_text()


def run_typing(args: list[str], answers: str, terminal: bool) -> tuple[int, str]:
    """Run the CLI in-process with `answers` on standard input, as a terminal or not."""
    with CliRunner().isolation(input=answers) as streams, pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys.stdin, "isatty", lambda: terminal)
        code = main(args)
    return code, streams[0].getvalue().decode()


def test_prompts_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    answers = "django\nBad Name\nbackend\ny\nn\nweb:flask\nweb:nextjs\n"
    code, out = run_typing(["new", "shop"], answers, True)
    assert code == 0, out
    assert "App preset (fastapi, django, express, nextjs) [fastapi]: django\n" in out
    assert "Add Redis (service 'redis')? [Y/n]: n\n" in out
    assert "Error: 'Bad Name' is not a valid service name" in out
    assert "Error: unknown preset 'flask'" in out
    manifest = load(tmp_path / "shop" / "scaffold.yaml")
    assert {s.name: s.depends_on for s in manifest.services} == {
        "postgres": (), "backend": ("postgres", "backend-migrate"),
        "backend-migrate": ("postgres",), "web": ("postgres", "backend", "web-migrate"),
        "web-migrate": ("postgres",),
    }


def test_yes_or_no_terminal_asks_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = run_typing(["new", "shop", "--preset", "express"], "", False)
    assert code == 0, out
    assert "?" not in out
    assert load(tmp_path / "shop" / "scaffold.yaml").service("api").preset == "express"
    code, out = run_typing(["new", "other", "--yes"], "", True)
    assert code == 0, out
    assert "?" not in out


def test_copier_is_not_imported_at_start_up_or_by_generate(tmp_path: Path) -> None:
    _, root = new(tmp_path, "--yes")
    code = (
        "import sys\n"
        "from scaffold.cli import main\n"
        f"assert main(['generate', '-f', {str(root / 'scaffold.yaml')!r}, '--no-registry']) == 0\n"
        "assert 'copier' not in sys.modules, 'copier was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_dependency_checks_follow_compose_wiring() -> None:
    """The variables /health/ready reads are the ones compose sets, for every kind of dependency."""
    from scaffold.conventions import wiring
    from scaffold.manifest.build import loads

    manifest = loads(
        "name: x\nservices:\n"
        "  db: {preset: postgres}\n  db2: {preset: postgres}\n  cache: {preset: redis}\n"
        "  api: {preset: fastapi}\n"
        "  legacy: {preset: image, image: 'acme/legacy:1', internal_port: 9000,"
        " healthcheck: {http: /ping}}\n"
        "  web: {preset: nextjs, depends_on: [db, db2, cache, api, legacy]}\n")
    web = manifest.service("web")
    checks = answers.dependency_checks(web, manifest)
    assert [(c.name, c.kind, c.variable, c.path) for c in checks] == [
        ("db", "database", "DB_DATABASE_URL", ""), ("db2", "database", "DB2_DATABASE_URL", ""),
        ("cache", "redis", "REDIS_URL", ""), ("api", "http", "API_URL", "/health"),
        ("legacy", "http", "LEGACY_URL", "/ping"),
    ]
    for variant in manifest.variants:
        assert {c.variable for c in checks} <= set(wiring(web, manifest, variant))


def test_an_app_and_its_migration_job_share_sqlites_file_where_it_stands_in(
        tmp_path: Path) -> None:
    from scaffold.manifest.build import loads
    from scaffold.targets.compose import compose_project

    code, root = new(tmp_path, "--service", "postgres", "--service", "api:django",
                     "--service", "other:fastapi", "--yes")
    assert code == 0
    text = (root / "scaffold.yaml").read_text() + "variants:\n  ci: {database: sqlite}\n"
    manifest = loads(text)
    ci = compose_project(manifest, manifest.variant("ci"), {})
    for name in ("api", "api-migrate"):
        service = ci["services"][name]
        assert service["volumes"] == ["api-sqlite:/var/lib/sqlite"]
        assert service["environment"]["DATABASE_URL"] == "sqlite:////var/lib/sqlite/api.sqlite3"
    assert ci["volumes"] == {"api-sqlite": {}, "other-sqlite": {}}
    local = compose_project(manifest, manifest.variant("local"), {})
    assert "volumes" not in local["services"]["api-migrate"]  # Postgres: nothing to share
    # without a job the app keeps its file to itself, where it always did
    alone = loads("name: solo\nservices:\n  postgres: {preset: postgres}\n"
                  "  other: {preset: fastapi, depends_on: [postgres]}\n"
                  "variants:\n  ci: {database: sqlite}\n")
    env = compose_project(alone, alone.variant("ci"), {})["services"]["other"]["environment"]
    assert env["DATABASE_URL"] == "sqlite:////tmp/other.sqlite3"
