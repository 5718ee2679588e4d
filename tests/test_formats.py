"""--format json and github: every command's JSON against schemas/output.schema.json, the exact
workflow commands for a manifest with three problems, and GitHub's escaping."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from scaffold.cli import main
from scaffold.commands.formats import split_hint, workflow_command
from tests.helpers import ROOT

SCHEMA = json.loads((ROOT / "schemas" / "output.schema.json").read_text())
ECOMMERCE = ROOT / "examples" / "02-ecommerce" / "scaffold.yaml"

THREE_PROBLEMS = """\
name: shop
services:
  db: {preset: postgres}
  api:
    preset: fastapi
    pots: 8000
    depends_on: [db, cache]
  web: {preset: nextjs, port: 99999}
"""


def conforms(document: dict[str, Any], shape: str) -> None:
    """`document` is valid against the one $defs shape named (not merely one of them)."""
    schema = {**SCHEMA, "anyOf": [{"$ref": f"#/$defs/{shape}"}]}
    errors = sorted(Draft202012Validator(schema).iter_errors(document), key=str)
    assert not errors, [e.message for e in errors]


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any], str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, json.loads(out), err


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(ECOMMERCE, tmp_path / "scaffold.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "scaffold.yaml").write_text(THREE_PROBLEMS)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.usefixtures("shop")
def test_validate_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, err = run_json(capsys, "validate", "--format", "json")
    assert (code, err) == (0, "")
    conforms(doc, "validate")
    assert doc["services"] == ["postgres", "redis", "backend", "backend-migrate", "api-gateway"]
    assert doc["variants"] == ["local", "ci"]


@pytest.mark.usefixtures("broken")
def test_validate_json_lists_each_problem_with_its_hint_apart(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, err = run_json(capsys, "validate", "--format", "json")
    assert (code, err) == (2, "")
    conforms(doc, "error")
    assert doc["problems"][0] == {
        "file": "scaffold.yaml", "line": 6, "column": 5, "path": "services.api.pots",
        "message": "unknown key 'pots'", "hint": "did you mean 'ports'?"}
    assert [p["hint"] for p in doc["problems"]] == ["did you mean 'ports'?", None, None]
    assert doc["error"] == "3 problems in scaffold.yaml; nothing was written"


@pytest.mark.usefixtures("broken")
def test_github_lines_for_three_problems(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", "--format", "github"])
    out, err = capsys.readouterr()
    assert (code, err) == (2, "")
    assert out.splitlines() == [
        "::error file=scaffold.yaml,line=6,col=5,title=scaffold::services.api.pots: "
        "unknown key 'pots' (did you mean 'ports'?)",
        "::error file=scaffold.yaml,line=7,col=22,title=scaffold::services.api.depends_on[1]: "
        "depends on unknown service 'cache'",
        "::error file=scaffold.yaml,line=8,col=31,title=scaffold::services.web.port: "
        "a port is a whole number from 1 to 65535",
        "::error title=scaffold::3 problems in scaffold.yaml; nothing was written",
    ]


def test_github_and_json_on_a_manifest_that_is_not_there(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "nothere.yaml")
    code, doc, _ = run_json(capsys, "plan", "-f", missing, "--format", "json")
    assert code == 2
    conforms(doc, "error")
    assert (doc["command"], doc["problems"]) == ("plan", [])
    assert main(["validate", "-f", missing, "--format", "github"]) == 2
    assert capsys.readouterr().out.startswith("::error title=scaffold::")


def test_generate_json_reports_each_file_and_the_ports_it_allocated(
        shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (shop / "scaffold.yaml").read_text()
    (shop / "scaffold.yaml").write_text(text.replace("    port: 9000\n", ""))
    code, doc, _ = run_json(capsys, "generate", "--format", "json")
    assert code == 0
    conforms(doc, "generate")
    assert [(f["path"], f["status"]) for f in doc["files"]] == [
        ("docker-compose.local.yml", "created"), ("docker-compose.ci.yml", "created"),
        (".env.example", "created")]
    assert [a["service"] for a in doc["ports_allocated"]] == ["api-gateway"]
    code, doc, _ = run_json(capsys, "generate", "--format", "json")
    assert (code, doc["ports_allocated"]) == (0, [])
    assert {f["status"] for f in doc["files"]} == {"unchanged"}


def test_generate_check_json_and_github_name_the_stale_file(
        shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate"]) == 0
    text = (shop / "scaffold.yaml").read_text()
    (shop / "scaffold.yaml").write_text(text.replace('DJANGO_DEBUG: "1"', 'DJANGO_DEBUG: "2"'))
    capsys.readouterr()
    code, doc, _ = run_json(capsys, "generate", "--check", "--format", "json")
    assert (code, doc["mode"], doc["ok"]) == (1, "check", False)
    conforms(doc, "generate")
    stale = [f for f in doc["files"] if f["status"] != "unchanged"]
    assert [f["path"] for f in stale] == ["docker-compose.local.yml"]
    assert stale[0]["diff"].startswith("--- a/docker-compose.local.yml")
    assert main(["generate", "--check", "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == ("::error file=docker-compose.local.yml,title=scaffold::"
                       "docker-compose.local.yml is stale (updated): "
                       "it differs from what scaffold.yaml gives; run `scaffold generate` and "
                       "commit the result")


@pytest.mark.usefixtures("shop")
def test_generate_refuses_o_dash_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, _ = run_json(capsys, "generate", "-o", "-", "--format", "json")
    assert code == 2
    conforms(doc, "error")
    code, doc, _ = run_json(capsys, "generate", "--registry", "r.json", "--no-registry",
                            "--format", "json")
    assert (code, doc["error"]) == (2, "--registry and --no-registry exclude each other")


@pytest.mark.usefixtures("shop")
def test_plan_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, _ = run_json(capsys, "plan", "--format", "json")
    assert code == 0
    conforms(doc, "plan")
    assert [[s["name"] for s in layer] for layer in doc["layers"]] == [
        ["postgres", "redis"], ["backend-migrate"], ["backend"], ["api-gateway"]]
    assert doc["layers"][2][0] == {"name": "backend", "preset": "django", "port": 8000,
                                   "depends_on": ["postgres", "redis", "backend-migrate"]}


@pytest.mark.parametrize("flag", [["--json"], ["--format", "json"]])
def test_ports_check_json_and_its_alias(shop: Path, flag: list[str],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    text = (shop / "scaffold.yaml").read_text()
    (shop / "scaffold.yaml").write_text(text.replace("port: 9000", "port: 8000"))
    code, doc, _ = run_json(capsys, "ports", "check", "--no-docker", "--no-host", *flag)
    assert code == 1
    conforms(doc, "ports-check")
    assert [(f["port"], f["service"], f["check"]) for f in doc["findings"]] == [
        (8000, "api-gateway", "manifest")]


def test_ports_check_github_annotates_the_conflict(shop: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    text = (shop / "scaffold.yaml").read_text()
    (shop / "scaffold.yaml").write_text(text.replace("port: 9000", "port: 8000"))
    assert main(["ports", "check", "--no-docker", "--no-host", "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == ("::error file=scaffold.yaml,title=scaffold::port 8000 (api-gateway): "
                       "manifest: service 'backend' of this manifest (line 28)")
    assert main(["ports", "check", "--json", "--format", "github"]) == 2


def test_doctor_json_conforms(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, _ = run_json(capsys, "doctor", "--format", "json")
    conforms(doc, "doctor")
    assert code == doc["exit_code"]


def test_hints_split_only_at_the_end() -> None:
    assert split_hint("unknown key 'pots' (did you mean 'port'?)") == (
        "unknown key 'pots'", "did you mean 'port'?")
    assert split_hint("unknown preset 'x'") == ("unknown preset 'x'", None)


def test_github_escapes_data_and_properties() -> None:
    line = workflow_command("error", "50% done\r\nnext: a,b\x1b[31m", file="a,b:c.yaml", line=3,
                            column=4)
    assert line == ("::error file=a%2Cb%3Ac.yaml,line=3,col=4,title=scaffold::"
                    "50%25 done%0D%0Anext: a,b\\x1b[31m")
    assert workflow_command("warning", "no file", line=3) == "::warning title=scaffold::no file"
