"""Presets as data: the built-ins hold to their schema, broken preset files are located problems,
project presets are used and may not shadow a built-in."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.cli import main
from scaffold.conventions import secret_ref, wiring
from scaffold.errors import InputError
from scaffold.manifest import catalog
from scaffold.manifest.build import load, loads
from scaffold.manifest.model import Kind
from scaffold.manifest.presets import ORDER, PRESETS
from scaffold.resources import templates_dir
from scaffold.targets.compose import render_compose

BUILTINS = sorted((templates_dir() / "presets").glob("*.yaml"))


def test_every_builtin_is_a_file_in_the_cli_order() -> None:
    assert sorted(p.stem for p in BUILTINS) == sorted(ORDER)
    assert list(PRESETS) == list(ORDER)


@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.stem)
def test_every_builtin_holds_to_the_schema(path: Path) -> None:
    preset = catalog.load(path.read_text(), f"presets/{path.name}", "built-in", project=False)
    assert preset == PRESETS[path.stem]


def test_fill_puts_in_values_and_secrets_and_escapes_the_text() -> None:
    text = catalog.fill("a$b://{user}:{secret:PASSWORD}@{host}", {"user": "app", "host": "db"},
                        lambda name: f"<{name}>", lambda t: t.replace("$", "$$"))
    assert text == "a$$b://app:<PASSWORD>@db"


OWN = Path(__file__).parent / "fixtures" / "own-preset"


def own_project(tmp_path: Path, preset: str | None = None, name: str = "elasticsearch") -> Path:
    """The fixture project copied to tmp_path, its preset file replaced by `preset` when given."""
    (tmp_path / "presets").mkdir()
    (tmp_path / "scaffold.yaml").write_text((OWN / "scaffold.yaml").read_text())
    text = preset if preset is not None else (OWN / "presets" / "elasticsearch.yaml").read_text()
    (tmp_path / "presets" / f"{name}.yaml").write_text(text)
    return tmp_path / "scaffold.yaml"


def test_a_project_preset_is_used_like_a_built_in() -> None:
    manifest = load(OWN / "scaffold.yaml")
    search = manifest.service("search")
    assert (search.kind, search.image, search.internal_port) == (
        Kind.DATABASE, "docker.elastic.co/elasticsearch/elasticsearch:8.15.2", 9200)
    assert wiring(manifest.service("api"), manifest, manifest.variant("local")) == {
        "ELASTICSEARCH_URL": "http://search:9200"}


def test_presets_lists_every_preset_with_where_it_comes_from(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["presets", "-f", str(OWN / "scaffold.yaml")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["PRESET", "KIND", "VERSION", "FROM", "HANDS", "OUT"]
    assert lines[7].split() == ["mysql", "database", "8.4", "built-in", "DATABASE_URL"]
    assert lines[-1].split() == ["elasticsearch", "database", "8.15.2", "presets/elasticsearch.yaml",
                                 "ELASTICSEARCH_URL"]


def test_presets_show_prints_the_definition(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["presets", "-f", str(OWN / "scaffold.yaml"), "show", "elasticsearch"]) == 0
    out = capsys.readouterr().out
    assert out == ("# elasticsearch: presets/elasticsearch.yaml\n"
                   + (OWN / "presets" / "elasticsearch.yaml").read_text())
    assert main(["presets", "show", "rabbitmq"]) == 0
    assert capsys.readouterr().out.startswith("# rabbitmq: built in (templates/presets/rabbitmq.yaml)\n")
    assert main(["presets", "show", "rabbit"]) == 2
    assert "unknown preset 'rabbit' (did you mean 'rabbitmq'?)" in capsys.readouterr().err


@pytest.mark.parametrize(("text", "name", "message"), [
    ("name: es\nkind: database\nimage: x:{version}\nport: 70000\n", "es",
     "presets/es.yaml:4:7: port: a port is a whole number from 1 to 65535"),
    ("name: es\nkind: database\nimage: x:1\nsecrets: [{name: PASSWORD}]\n"
     "exports:\n  - name: X_URL\n    value: 'x://{secret:PASS}@{hots}'\n", "es",
     "presets/es.yaml:7:12: exports[0].value: {secret:PASS} names no secret of this preset (secrets: PASSWORD)"),
    ("name: es\nkind: database\nimage: x:1\nexports: [{name: X_URL, value: '{hots}'}]\n", "es",
     "presets/es.yaml:4:32: exports[0].value: unknown placeholder {hots}"),
    ("name: mysql\nkind: database\nimage: mysql:8\n", "mysql",
     "presets/mysql.yaml:1:7: name: 'mysql' is a built-in preset; a project preset may not shadow it"),
    ("name: yz\nkind: database\nimage: x:1\n", "es",
     "presets/es.yaml:1:7: name: the preset in es.yaml must be named 'es'"),
    ("name: es\nkind: app\nimage: x:1\n", "es",
     "presets/es.yaml:2:7: kind: a project preset is a backing service"),
    ("name: es\nkind: database\nimage: [x\n", "es", "presets/es.yaml:4:1: YAML syntax"),
])
def test_a_broken_project_preset_is_a_located_problem(tmp_path: Path, text: str, name: str, message: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    manifest = own_project(tmp_path, text, name)
    for argv in (["validate", "-f", str(manifest)], ["generate", "-f", str(manifest)],
                 ["presets", "-f", str(manifest)]):
        assert main(argv) == 2
        assert message in capsys.readouterr().err
    assert not (tmp_path / "docker-compose.local.yml").exists()


@pytest.mark.parametrize(("service", "message"), [
    ("{preset: mysql, version: '5.7'}", "services.db.version: mysql 5.7 is refused: use 8.4"),
    ("{preset: mysql, auth: false}", "services.db.auth: a mysql service always has its credentials"),
    ("{preset: mysqll}", "'mysqll' is not one of: fastapi"),
])
def test_refused_versions_and_auth_are_checked(service: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        loads(f"name: x\nservices:\n  db: {service}\n")
    assert message in str([str(p) for p in caught.value.problems])


def test_redis_without_auth_has_no_password_anywhere() -> None:
    manifest = loads("name: x\nservices:\n  cache: {preset: redis, auth: false}\n"
                     "  api: {preset: fastapi, depends_on: [cache]}\n")
    assert manifest.service("cache").secrets == ()
    assert wiring(manifest.service("api"), manifest, manifest.variant("local")) == {
        "REDIS_URL": "redis://cache:6379/0"}
    compose = render_compose(manifest, manifest.variant("local"), {})
    assert "requirepass" not in compose and "REDISCLI_AUTH" not in compose and "PASSWORD" not in compose


def test_two_sql_databases_each_hand_out_their_own_name() -> None:
    manifest = loads("name: x\nservices:\n  a: {preset: mysql}\n  b: {preset: mariadb, user: shop}\n"
                     "  api: {preset: fastapi, depends_on: [a, b]}\n")
    assert wiring(manifest.service("api"), manifest, manifest.variant("local")) == {
        "A_DATABASE_URL": "mysql://app:" + secret_ref("A_PASSWORD") + "@a:3306/app",
        "B_DATABASE_URL": "mysql://shop:" + secret_ref("B_PASSWORD") + "@b:3306/app",
    }


def test_new_and_add_service_take_every_built_in_backing_service(tmp_path: Path) -> None:
    from scaffold.manifest.presets import INFRA_PRESETS

    first, *rest = INFRA_PRESETS
    project = tmp_path / "shop"
    argv = ["new", "shop", "-o", str(project), "--no-registry", "--service", "api:fastapi",
            *(arg for p in (first, *rest[:-1]) for arg in ("--service", f"{p}-svc:{p}"))]
    assert main(argv) == 0
    assert main(["add-service", "-f", str(project / "scaffold.yaml"), f"{rest[-1]}-svc",
                 "--preset", rest[-1], "--no-registry"]) == 0
    manifest = load(project / "scaffold.yaml")
    assert sorted(s.preset for s in manifest.services if s.is_backing) == sorted(INFRA_PRESETS)
    dependencies = (project / "services" / "api" / "app" / "dependencies.py").read_text()
    for kind in ("mysql", "mongodb", "amqp", "kafka", "minio", "smtp", "mssql"):  # not the one added
        assert f'"{kind}"' in dependencies
