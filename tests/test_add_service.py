"""`scaffold add-service`: the manifest edited line-exactly, the code scaffolded, all or nothing."""

from __future__ import annotations

import difflib
import errno
import json
import stat
from pathlib import Path

import pytest

from scaffold.cli import main
from scaffold.manifest.build import load
from scaffold.newproject.manifest_edit import add_service as add_to_text
from scaffold.newproject.specs import ServiceSpec

COMMENTED = """\
# yaml-language-server: $schema=.scaffold/manifest.schema.json
# The shop: one API in front of Postgres and Redis.

name: shop   # compose project name

services:
    # --- infrastructure ---
    postgres: {preset: postgres, version: "16"}   # pinned on purpose
    redis:
        preset: redis
        # internal only: no port

    # --- apps ---
    api:
        preset: fastapi
        port: 18080     # the port our docs mention
        depends_on:
          - postgres    # orders
          - redis
        env:
            GREETING: 'hello, world'   # quoted on purpose
    # new apps go above this line

# CI swaps Postgres for SQLite
variants:
    ci: {database: sqlite}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "shop"
    root.mkdir()
    (root / "scaffold.yaml").write_text(COMMENTED)
    assert main(["generate", "-f", str(root / "scaffold.yaml")]) == 0
    return root


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*"))
            if p.is_file()}


def diff(before: str, after: str) -> list[str]:
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return list(lines)[2:]


def test_only_the_new_lines_appear_in_a_commented_manifest(project: Path) -> None:
    manifest = project / "scaffold.yaml"
    code = main(["add-service", "billing", "-f", str(manifest), "--preset", "django",
                 "--port", "18090", "--depends-on", "postgres,redis", "--route", "/billing/"])
    assert code == 0
    assert diff(COMMENTED, manifest.read_text()) == [
        "@@ -21,0 +22,14 @@",
        "+    billing:",
        "+        preset: django",
        "+        port: 18090",
        "+        depends_on: [postgres, redis, billing-migrate]",
        "+        routes: [/billing/]",
        "+        env:",
        "+            DJANGO_SECRET_KEY: {secret: true, variable: BILLING_SECRET_KEY}",
        "+    billing-migrate:",  # its migrations: a job from its image that runs first
        "+        from: billing",
        "+        role: job",
        '+        command: "python manage.py migrate --noinput"',
        "+        depends_on: [postgres]",
        "+        env:",
        "+            DJANGO_SECRET_KEY: {secret: true, variable: BILLING_SECRET_KEY}",
    ]
    billing = load(manifest).service("billing")
    assert billing.depends_on == ("postgres", "redis", "billing-migrate")
    assert (project / "services/billing/health/dependencies.py").is_file()
    compose = (project / "docker-compose.local.yml").read_text()
    assert "127.0.0.1:18090:8000" in compose
    assert main(["generate", "-f", str(manifest), "--check"]) == 0


def test_a_new_database_gets_a_random_password_in_env(tmp_path: Path) -> None:
    root = tmp_path / "shop"
    assert main(["new", "shop", "-o", str(root), "--service", "api:express"]) == 0
    (root / ".env").write_text((root / ".env").read_text() + "MINE=1")
    assert main(["add-service", "db", "-f", str(root / "scaffold.yaml"), "--preset", "postgres"]) == 0
    added = (root / ".env").read_text().split("MINE=1\n", 1)[1].splitlines()
    assert added[0] == "# added by `scaffold add-service db`"
    assert added[1].startswith("DB_PASSWORD=")
    assert len(added) == 2 and len(added[1]) == len("DB_PASSWORD=") + 64
    assert stat.S_IMODE((root / ".env").stat().st_mode) == 0o600


def test_an_infrastructure_service_gets_no_code(project: Path) -> None:
    manifest = project / "scaffold.yaml"
    assert main(["add-service", "cache2", "-f", str(manifest), "--preset", "redis"]) == 0
    assert diff(COMMENTED, manifest.read_text()) == [
        "@@ -21,0 +22,2 @@", "+    cache2:", "+        preset: redis"]
    assert not (project / "services" / "cache2").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["api", "--preset", "express"], "scaffold.yaml:14:5: service 'api' already exists"),
        (["web", "--preset", "nextjs", "--depends-on", "api,postgress"],
         "unknown dependency 'postgress' (did you mean 'postgres'?); "),
        (["web", "--preset", "nextjs", "--port", "18080"],
         "host port 18080 is already taken by service 'api'"),
        (["Web", "--preset", "nextjs"], "'Web' is not a valid service name"),
        (["web", "--preset", "nextjs", "--route", "no-slash"], "services.web.routes[0]"),
    ],
)
def test_refusals_change_nothing(project: Path, port_registry: Path, capsys: pytest.CaptureFixture[str],
                                 args: list[str], message: str) -> None:
    before = snapshot(project)
    registry_before = port_registry.read_text()
    code = main(["add-service", "-f", str(project / "scaffold.yaml"), *args])
    assert code == 2
    assert message in capsys.readouterr().err
    assert snapshot(project) == before
    assert port_registry.read_text() == registry_before


@pytest.mark.parametrize("where", ["generate", "manifest write"])
def test_a_failure_midway_puts_everything_back(project: Path, port_registry: Path, where: str,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    import scaffold.fs
    import scaffold.output.generate as generate

    if where == "generate":
        def broken(*_: object, **__: object) -> int:
            raise ZeroDivisionError("a bug")

        monkeypatch.setattr(generate, "generate", broken)
        expected_code, expected = 3, "ZeroDivisionError: a bug"
    else:
        real = scaffold.fs.commit

        def fail_on_manifest(tmp: Path, path: Path) -> None:
            if path.name == "scaffold.yaml":
                raise OSError(errno.ENOSPC, "No space left on device")
            real(tmp, path)

        monkeypatch.setattr(scaffold.fs, "commit", fail_on_manifest)
        expected_code = 2
        expected = f"error: cannot write {project / 'scaffold.yaml'}: No space left on device"
    before = snapshot(project)
    registry_before = port_registry.read_text()
    code = main(["add-service", "web", "-f", str(project / "scaffold.yaml"),
                 "--preset", "express", "--depends-on", "api"])
    assert code == expected_code
    assert expected in capsys.readouterr().err
    assert snapshot(project) == before
    assert port_registry.read_text() == registry_before


def test_an_existing_code_folder_is_refused(project: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    (project / "services/web").mkdir(parents=True)
    (project / "services/web/mine.js").write_text("keep")
    before = snapshot(project)
    assert main(["add-service", "web", "-f", str(project / "scaffold.yaml"),
                 "--preset", "express"]) == 2
    assert "services/web already exists" in capsys.readouterr().err
    assert snapshot(project) == before


def test_a_missing_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["add-service", "web", "-f", str(tmp_path / "scaffold.yaml"),
                 "--preset", "express"]) == 2
    assert "scaffold.yaml not found; run `scaffold new`" in capsys.readouterr().err


def test_in_a_new_project_scripts_workflow_and_env_follow(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str],
                                                          port_registry: Path) -> None:
    root = tmp_path / "shop"
    assert main(["new", "shop", "-o", str(root), "--yes"]) == 0
    env_before = (root / ".env").read_text()
    connectivity = root / "integration_tests/test_service_connectivity.sh"
    connectivity.write_text(connectivity.read_text() + "# my own check\n")
    capsys.readouterr()

    code = main(["add-service", "admin", "-f", str(root / "scaffold.yaml"), "--preset", "django",
                 "--depends-on", "postgres"])
    out, err = capsys.readouterr()
    assert code == 0
    health = (root / "integration_tests/test_health_endpoints.sh").read_text()
    assert 'check admin "${ADMIN_URL:-http://admin:8000}/health"' in health
    assert "# my own check" in connectivity.read_text()
    assert "admin" not in connectivity.read_text()
    assert "kept integration_tests/test_service_connectivity.sh: it differs from what" in err
    workflow = (root / ".github/workflows/integration.yml").read_text()
    assert "name: CI stack (api, admin)" in workflow
    env = (root / ".env").read_text()
    assert env.startswith(env_before)
    assert env[len(env_before):].startswith("# added by `scaffold add-service admin`\n"
                                            "ADMIN_SECRET_KEY=")
    assert "updated      scaffold.yaml" in out
    assert "created      services/admin/" in out
    allocations = json.loads(port_registry.read_text())["allocations"]
    assert sorted(a["service"] for a in allocations) == ["admin", "api"]
    assert main(["generate", "-f", str(root / "scaffold.yaml"), "--check"]) == 0


# --- the text edit itself --------------------------------------------------------------------


def test_flow_style_services_are_extended_in_flow_style() -> None:
    text = "# mine\nname: x\nservices: {a: {preset: redis}}  # tiny\n"
    assert add_to_text(text, ServiceSpec("b", "redis")) == (
        "# mine\nname: x\nservices: {a: {preset: redis}, b: {preset: redis}} # tiny\n")


def test_two_space_file_without_a_final_newline() -> None:
    text = "name: x\nservices:\n  a:\n    preset: redis"
    assert add_to_text(text, ServiceSpec("b", "fastapi", ("a",))) == (
        "name: x\nservices:\n  a:\n    preset: redis\n"
        "  b:\n    preset: fastapi\n    depends_on: [a]\n")


def test_services_not_last_and_a_block_scalar_in_the_last_entry() -> None:
    text = ("services:\n"
            "  a:\n"
            "    preset: image\n"
            "    command: |\n"
            "      run\n"
            "\n"
            "      --fast\n"
            "  # trailing note about a\n"
            "\n"
            "# about the name\n"
            "name: x\n")
    edited = add_to_text(text, ServiceSpec("b", "redis"))
    assert diff(text, edited) == ["@@ -7,0 +8,2 @@", "+  b:", "+    preset: redis"]


def test_a_duplicate_is_refused_with_its_position() -> None:
    from scaffold.errors import InputError

    with pytest.raises(InputError, match=r"^m.yaml:3:3: service 'a' already exists$"):
        add_to_text("name: x\nservices:\n  a: {preset: redis}\n", ServiceSpec("a", "redis"),
                    "m.yaml")
