"""The target registry: its names are the schema's and the CLI's, and it stays cheap to import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest

from scaffold.cli import cli
from scaffold.manifest.presets import APP_PRESETS, SCAFFOLDABLE_PRESETS
from scaffold.resources import schema_text
from scaffold.targets.render import SHARED, TARGET_NAMES, TARGETS, Deferred
from tests.helpers import ROOT


def _choices(command: str, option: str) -> list[str]:
    ctx = click.Context(cli)
    found = cli.get_command(ctx, command)
    assert found is not None
    [param] = [p for p in found.params if p.name == option]
    assert isinstance(param.type, click.Choice)
    return list(param.type.choices)


def test_the_schema_allows_exactly_the_registered_targets() -> None:
    schema = json.loads(schema_text("manifest.schema.json"))
    assert tuple(schema["properties"]["targets"]["items"]["enum"]) == TARGET_NAMES


def test_target_names_are_unique_and_the_cli_offers_them() -> None:
    names = [t.name for t in (*TARGETS, *SHARED)]
    assert len(names) == len(set(names))
    for target in TARGETS:  # a target imported when used is the module its name says
        if isinstance(target, Deferred):
            assert target.load().name == target.name
    assert _choices("generate", "targets") == [*TARGET_NAMES, "all"]


def test_the_cli_offers_the_presets_scaffold_can_write() -> None:
    assert _choices("new", "preset") == list(APP_PRESETS)
    assert _choices("add-service", "preset") == list(SCAFFOLDABLE_PRESETS)
    assert APP_PRESETS == ("fastapi", "django", "express", "nextjs")
    assert (*APP_PRESETS, "postgres", "redis", "mysql", "mariadb", "mongodb", "mssql", "rabbitmq", "kafka",
            "minio", "mailpit", "memcached") == SCAFFOLDABLE_PRESETS


def test_validate_imports_no_jinja() -> None:
    manifest = ROOT / "examples" / "01-hercules" / "scaffold.yaml"
    code = (
        "import sys\n"
        "from scaffold.cli import main\n"
        f"assert main(['validate', '-f', {str(manifest)!r}]) == 0\n"
        "loaded = [m for m in ('jinja2', 'jsonschema', 'docker', 'copier',\n"
        "                      'importlib.resources', 'http.client') if m in sys.modules]\n"
        "assert not loaded, f'{loaded} imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_command_line_offers_targets_and_presets_without_importing_them() -> None:
    code = ("import sys, scaffold.cli; print(sorted(m for m in ('scaffold.targets.render', 'scaffold.manifest.model', "
            "'scaffold.manifest.presets', 'jinja2', 'jsonschema', 'docker', 'copier') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_cluster_fragment_is_rendered_once_per_service_and_manifest(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from scaffold.manifest.build import loads
    from scaffold.targets import cluster, fragments

    text = "name: x\nservices:\n  db: {preset: postgres}\n  api: {preset: fastapi, depends_on: [db]}\n"
    rendered: list[str] = []
    real = fragments.preset_fragment

    def counting(service: Any, variant: Any, manifest: Any) -> dict[str, Any]:
        rendered.append(service.name)
        return real(service, variant, manifest)

    monkeypatch.setattr("scaffold.targets.cluster.preset_fragment", counting)
    first, second = loads(text), loads(text)
    api = first.service("api")
    assert cluster.fragment(api, first) is cluster.fragment(api, first)
    cluster.environment(api, first)
    cluster.command(api, first)
    assert rendered == ["api"]
    assert cluster.fragment(second.service("api"), second) == cluster.fragment(api, first)
    assert rendered == ["api", "api", "api"]  # another manifest: asked anew, the old one forgotten


def test_compiled_templates_are_cached_between_runs_and_never_change_the_output(
        tmp_path: Path) -> None:
    manifest = ROOT / "examples" / "01-hercules" / "scaffold.yaml"

    def generate(cache: Path) -> str:
        env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
        argv = [sys.executable, "-m", "scaffold", "generate", "-f", str(manifest), "--no-registry",
                "--target", "all", "-o", "-"]
        return subprocess.run(argv, capture_output=True, text=True, env=env, check=True).stdout

    cache = tmp_path / "cache"
    first = generate(cache)
    compiled = sorted(cache.glob("scaffold/templates/*/*.cache"))
    assert len(compiled) >= 5  # the presets' fragments and the nginx config
    assert generate(cache) == first
    for path in compiled:  # a damaged cache is compiled anew, not trusted
        path.write_bytes(b"not bytecode")
    assert generate(cache) == first
    blocked = tmp_path / "a-file"
    blocked.write_text("")  # the cache folder cannot be made: no cache, same output
    assert generate(blocked) == first


def test_generate_of_compose_without_code_imports_no_scaffolding_and_no_cluster_target(tmp_path: Path) -> None:
    manifest = ROOT / "examples" / "01-hercules" / "scaffold.yaml"
    for flags in (["--no-code", "-o", str(tmp_path / "out")], ["-o", "-"]):
        code = ("import sys\nfrom scaffold.cli import main\n"
                f"assert main(['generate', '-f', {str(manifest)!r}, '--no-registry', *{flags!r}]) == 0\n"
                "print(sorted(m for m in sys.modules if m.startswith('scaffold.newproject')"
                " or m in ('copier', 'docker', 'jsonschema', 'scaffold.targets.swarm',"
                " 'scaffold.targets.k8s', 'scaffold.targets.cluster')))\n")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout
        assert out.splitlines()[-1] == "[]", flags
