"""Property tests: any schema-valid manifest renders to compose files the real Compose accepts,
and every literal env value reaches the container exactly as written ($, quotes, # and all)."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scaffold.manifest.build import load
from scaffold.ports.assign import assign
from scaffold.targets import emit
from scaffold.targets.render import render
from tests.helpers import find_tool, manifests


def _compose_config(binary: str, folder: Path, file: str) -> dict[str, Any]:
    result = subprocess.run([binary, "-f", file, "config", "--format", "json"], cwd=folder,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"{file}: {result.stderr}\n{(folder / file).read_text()}"
    config: dict[str, Any] = json.loads(result.stdout)
    return config


@pytest.mark.tool
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=manifests(real_stacks=True))
def test_generated_compose_is_accepted_and_keeps_literal_values(data: dict[str, Any]) -> None:
    binary = find_tool("docker-compose")
    if binary is None:
        pytest.skip("docker-compose is not installed")
    folder = Path(tempfile.mkdtemp())
    try:
        (folder / "scaffold.yaml").write_text(emit.dump(data), encoding="utf-8")
        manifest = load(folder / "scaffold.yaml")
        for f in render(manifest, assign(manifest)):
            (folder / f.path).write_text(f.content, encoding="utf-8")
        shutil.copy(folder / ".env.example", folder / ".env")
        for variant in manifest.variants:
            config = _compose_config(binary, folder, variant.filename)
            for name, spec in data["services"].items():
                if name not in config["services"]:
                    continue
                environment = config["services"][name].get("environment", {})
                for key, value in spec.get("env", {}).items():
                    if isinstance(value, str):
                        # `config` prints a file compose reads again, so it re-escapes `$` as `$$`
                        assert environment[key] == value.replace("$", "$$"), (variant.name, name, key)
                for key in ("command", "entrypoint"):
                    if key in spec:  # every word as written, `$` and all
                        words = [w.replace("$", "$$") for w in spec[key]]
                        assert config["services"][name][key] == words, (variant.name, name, key)
    finally:
        shutil.rmtree(folder)


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(st.characters(exclude_categories=["Cs"])),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=8),
                      children, max_size=3),
    max_leaves=12,
))
def test_emitted_yaml_reads_back_as_the_same_data(value: Any) -> None:
    document = {"root": value}
    assert yaml.safe_load(emit.dump(document)) == document


@given(st.text(st.characters(exclude_categories=["Cs"])))
def test_every_string_survives_yaml_1_2_readers_too(text: str) -> None:
    from ruamel.yaml import YAML

    loaded = YAML(typ="safe", pure=True).load(emit.dump({"k": text, "l": [text]}))
    assert loaded == {"k": text, "l": [text]}


def test_tool_is_present_for_property_tests(tool: Callable[[str], str]) -> None:
    assert Path(tool("docker-compose")).exists()
