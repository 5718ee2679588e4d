"""What the service templates give an app that depends on a database, cache or upstream app.

Rendered through `scaffold new`, in-process and without any tool: which files each app
gets (a data layer only with a database, an integration suite only with a dependency),
that its image carries what the one-shot migrate job and the in-stack suite need, and
that a front end's suite and home page call the upstreams that serve /items. The same
apps run for real, against PostgreSQL and Redis, in test_service_templates.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scaffold.cli import main
from scaffold.manifest.build import load
from scaffold.newproject.answers import service_data

APPS = {"api": "fastapi", "admin": "django", "edge": "express", "web": "nextjs"}

# what the image needs for `migrate up` and for the integration suite, per preset
DATA_LAYER = {
    "fastapi": ["alembic.ini", "migrations/env.py", "migrations/versions/0001_create_items.py",
                "app/db.py", "app/models.py", "app/items.py", "tests/test_items.py"],
    "django": ["items/models.py", "items/views.py", "items/migrations/0001_initial.py",
               "tests/unit/test_items.py"],
    "express": ["migrate.js", "migrations/0001_create_items.up.sql",
                "migrations/0001_create_items.down.sql", "src/items.js", "src/items-router.js",
                "src/database.js", "test/items.test.js"],
    "nextjs": ["migrate.js", "migrations/0001_create_items.up.sql",
               "migrations/0001_create_items.down.sql", "lib/items.js", "lib/database.js",
               "app/items/route.js", "app/items/[id]/route.js", "test/items.test.js"],
}
IMAGE_COPIES = {
    "fastapi": ["COPY alembic.ini ./", "COPY migrations ./migrations",
                "COPY tests/integration ./tests/integration"],
    "django": ["COPY items ./items", "COPY tests/integration ./tests/integration"],
    "express": ["COPY migrate.js ./", "COPY migrations ./migrations",
                "COPY test/integration ./test/integration"],
    "nextjs": ["/app/migrate.js ./", "/app/migrations ./migrations",
               "/app/lib/database.js ./lib/database.js", "/app/test/integration ./test/integration"],
}
INTEGRATION = {"fastapi": "tests/integration", "django": "tests/integration",
               "express": "test/integration", "nextjs": "test/integration"}


@pytest.fixture(autouse=True)
def _private_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCAFFOLD_PORT_REGISTRY", str(tmp_path / "registry" / "ports.json"))


def new(tmp_path: Path, *services: str) -> Path:
    root = tmp_path / "shop"
    code = main(["new", "shop", "-o", str(root), "--no-registry",
                 *(f"--service={s}" for s in services)])
    assert code == 0
    return root


def files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Postgres, Redis and the four app presets: every app has the data layer."""
    tmp = tmp_path_factory.mktemp("full")
    root = tmp / "shop"
    assert main(["new", "shop", "-o", str(root), "--no-registry", "--service=postgres",
                 "--service=redis", *(f"--service={n}:{p}" for n, p in APPS.items())]) == 0
    return root


@pytest.mark.parametrize("name", list(APPS))
def test_an_app_with_a_database_has_the_data_layer_and_an_integration_suite(
        full: Path, name: str) -> None:
    preset, folder = APPS[name], full / "services" / name
    have = files(folder)
    missing = [f for f in DATA_LAYER[preset] if f not in have]
    assert not missing, f"{name} lacks {missing}"
    suite = {f for f in have if f.startswith(INTEGRATION[preset] + "/")}
    assert any("database" in f for f in suite), suite
    assert any("cache" in f for f in suite), suite
    assert any("upstreams" in f for f in suite) == (name == "web"), suite


@pytest.mark.parametrize("name", list(APPS))
def test_the_image_carries_the_migrations_and_the_suite(full: Path, name: str) -> None:
    preset, folder = APPS[name], full / "services" / name
    dockerfile = (folder / "Dockerfile").read_text()
    for line in IMAGE_COPIES[preset]:
        assert line in dockerfile, f"{name}'s Dockerfile lacks {line!r}"
    ignored = (folder / ".dockerignore").read_text().splitlines()
    assert f"!{INTEGRATION[preset]}/" in ignored, ignored  # the rest of the tests stay out
    if preset in ("fastapi", "django"):
        requirements = (folder / "requirements.txt").read_text()
        assert "pytest" in requirements  # the suite runs from the image
    else:
        scripts = json.loads((folder / "package.json").read_text())["scripts"]
        assert scripts["test:integration"] == "node --test test/integration/*.test.js"
        assert scripts["migrate"] == "node migrate.js up"
        assert scripts["test"] == "node --test test/*.test.js"  # unit tests only


def test_apps_share_one_database_without_meeting(full: Path) -> None:
    """Each app's tables and migration records carry its name."""
    texts = {
        "api": (full / "services/api/migrations/env.py").read_text()
        + (full / "services/api/app/models.py").read_text(),
        "admin": (full / "services/admin/items/apps.py").read_text()
        + (full / "services/admin/items/models.py").read_text(),
        "edge": (full / "services/edge/src/database.js").read_text(),
        "web": (full / "services/web/lib/database.js").read_text(),
    }
    for name, text in texts.items():
        assert f'"{name}_items"' in text, name
    assert '"api_alembic_version"' in texts["api"]
    assert '"edge_schema_migrations"' in texts["edge"]
    assert '"web_schema_migrations"' in texts["web"]
    for name in ("edge", "web"):
        sql = (full / f"services/{name}/migrations/0001_create_items.up.sql").read_text()
        assert f"CREATE TABLE {name}_items" in sql


def test_the_front_end_calls_the_upstreams_that_serve_items(full: Path) -> None:
    suite = (full / "services/web/test/integration/upstreams.test.js").read_text()
    for name in ("api", "admin", "edge"):
        assert re.search(rf'name: "{name}", variable: "{name.upper()}_URL", path: "/health", '
                         r'call: "/items"', suite), suite
    page = (full / "services/web/app/page.js").read_text()
    assert 'process.env["API_URL"]' in page  # the first upstream with /items


def test_the_copier_data_names_upstream_apps_and_whether_they_serve_items(full: Path) -> None:
    manifest = load(full / "scaffold.yaml")
    data = service_data(manifest.service("web"), manifest)
    assert data["upstream_apps"] == {"api": True, "admin": True, "edge": True}
    assert service_data(manifest.service("api"), manifest)["upstream_apps"] == {}


def test_apps_without_a_database_stay_as_they_were(tmp_path: Path) -> None:
    root = new(tmp_path, "redis", *(f"{n}:{p}" for n, p in APPS.items()))
    for name, preset in APPS.items():
        have = files(root / "services" / name)
        assert not [f for f in DATA_LAYER[preset] if f in have], name
        assert not any("migrat" in f or "database" in f for f in have), (name, sorted(have))
        suite = {f for f in have if f.startswith(INTEGRATION[preset] + "/")}
        assert any("cache" in f for f in suite), (name, suite)  # Redis still gets its checks
    page = (root / "services/web/app/page.js").read_text()
    assert "items" not in page.lower()  # no upstream serves /items: the plain page
    upstreams = (root / "services/web/test/integration/upstreams.test.js").read_text()
    assert 'call: "/health/ready"' in upstreams and 'call: "/items"' not in upstreams


def test_an_app_with_no_dependency_has_no_integration_suite(tmp_path: Path) -> None:
    root = new(tmp_path, *(f"{n}:{p}" for n, p in APPS.items() if p != "nextjs"))
    for name in ("api", "admin", "edge"):
        preset, folder = APPS[name], root / "services" / name
        assert not (folder / INTEGRATION[preset]).exists(), name
        dockerfile = (folder / "Dockerfile").read_text()
        assert "integration" not in dockerfile and "migrations" not in dockerfile, name
