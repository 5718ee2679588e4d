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
from tests.helpers import find_tool

LABEL = st.from_regex(r"\A[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?\Z")
ENV_NAME = st.from_regex(r"\A[A-Z][A-Z0-9_]{0,10}\Z")
# anything a user may type on one line: quotes, $, #, colons, YAML words, unicode
LITERAL = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), max_size=24
) | st.sampled_from(["yes", "off", "null", "0755", "1e3", "$HOME", "${X}", "a: b", "#x", "-", "'", '"'])
APP_PRESETS = ["fastapi", "django", "express", "nextjs"]


@st.composite
def real_stack_keys(draw: st.DrawFn, name: str, preset: str, extra_ports: Any) -> dict[str, Any]:
    """The keys any built or pulled service may add: commands whose words are any literal,
    mounts, restart, stop signal, published ports, the escape hatch, a secret inside a value."""
    out: dict[str, Any] = {}
    if draw(st.booleans()):
        out["command"] = draw(st.lists(LITERAL, min_size=1, max_size=3))
    if draw(st.booleans()):
        out["entrypoint"] = draw(st.lists(LITERAL, min_size=1, max_size=2))
    if draw(st.booleans()):
        out["volumes"] = [f"{name}-data:/data", f"./conf/{name}.toml:/etc/{name}.toml:ro"]
    if draw(st.booleans()):
        out["restart"] = draw(st.sampled_from(["no", "always", "on-failure", "unless-stopped"]))
    if draw(st.booleans()):
        out["stop_signal"] = draw(st.sampled_from(["SIGINT", "SIGQUIT", "SIGTERM"]))
    if preset != "build" and draw(st.booleans()):
        out["ports"] = [{"port": next(extra_ports), "internal": draw(st.integers(1, 65535)),
                         "protocol": draw(st.sampled_from(["tcp", "udp"]))}]
    if draw(st.booleans()):
        out["compose"] = {"labels": {"team": draw(LITERAL)}}
    if draw(st.booleans()):
        out["env"] = {"DSN": {"value": draw(LITERAL) + "${DSN_PASSWORD}", "secrets": ["DSN_PASSWORD"]}}
    return out


@st.composite
def manifests(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(LABEL, min_size=1, max_size=6, unique=True))
    pool = draw(st.lists(st.integers(1024, 65535), min_size=2 * len(names), max_size=2 * len(names),
                         unique=True))
    ports, extra_ports = iter(pool[:len(names)]), iter(pool[len(names):])
    services: dict[str, Any] = {}
    for i, name in enumerate(names):
        preset = draw(st.sampled_from([*APP_PRESETS, "postgres", "redis", "image", "build"]))
        spec: dict[str, Any] = {"preset": preset}
        port = next(ports)
        if preset == "image":
            spec.update(image=f"registry.example/{name}:1.{i}", internal_port=draw(st.integers(1, 65535)))
        if preset not in ("postgres", "redis") and draw(st.booleans()):
            spec["port"] = port
        earlier = names[:i]
        if earlier:
            spec["depends_on"] = draw(st.lists(st.sampled_from(earlier), unique=True, max_size=3))
        if preset not in ("postgres", "redis"):
            spec["env"] = draw(st.dictionaries(ENV_NAME, LITERAL, max_size=4))
            if draw(st.booleans()):
                spec["env"]["API_TOKEN"] = {"secret": True}
            extra = draw(real_stack_keys(name, preset, extra_ports))
            spec["env"].update(extra.pop("env", {}))
            spec.update(extra)
        if preset == "build" and draw(st.booleans()):  # a worker or a job listens on nothing
            spec["role"] = draw(st.sampled_from(["worker", "job"]))
            spec.pop("port", None)
        services[name] = spec
    manifest: dict[str, Any] = {"name": draw(LABEL), "services": services}
    if draw(st.booleans()) and any(s["preset"] != "postgres" for s in services.values()):
        manifest["variants"] = {"ci": {"database": "sqlite"}, "staging": {"base": "local"}}
    return manifest


def _compose_config(binary: str, folder: Path, file: str) -> dict[str, Any]:
    result = subprocess.run([binary, "-f", file, "config", "--format", "json"], cwd=folder,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"{file}: {result.stderr}\n{(folder / file).read_text()}"
    config: dict[str, Any] = json.loads(result.stdout)
    return config


@pytest.mark.tool
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=manifests())
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
