"""The swarm target: docker-stack.yml carries the compose files' services with no secret in sight.

What the stack file says is held against the compose file of the `local` variant:
the same settings, the same health checks, the same URLs (filled in by Swarm from
the secrets), only what a swarm needs added. tests/test_swarm_real.py deploys one.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from scaffold.cli import main
from scaffold.manifest.build import load, loads
from scaffold.manifest.model import Kind, Manifest
from scaffold.ports.assign import assign
from scaffold.targets import cluster, emit, swarm
from scaffold.targets.render import render
from tests.helpers import EXAMPLES, manifests

JEEX = next(p for p in EXAMPLES if p.name == "03-jeex-idea")  # the seed stack these tests read

JEEX = next(p for p in EXAMPLES if p.name == "03-jeex-idea")

SECRET_REF = re.compile(r"\$\{\w+:\?")


def stack_files(manifest: Manifest) -> dict[str, str]:
    return {f.path: f.content for f in render(manifest, assign(manifest), targets=["swarm"])}


def stack_of(manifest: Manifest) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(stack_files(manifest)[swarm.FILENAME])
    return data


def compose_of(example: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (example / "expected" / "docker-compose.local.yml").read_text(encoding="utf-8"))
    return data


def expand(template: str, secrets: dict[str, str]) -> str:
    """What Swarm's Go templates make of one of scaffold's: comments trimmed, secrets filled in."""
    text = re.sub(r"\s*\{\{- /\*.*?\*/ -\}\}\s*", "", template, flags=re.S)
    return re.sub(r'\{\{ secret "([^"]+)" \}\}', lambda m: secrets[m.group(1)], text)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_the_stack_keeps_every_secret_out_of_its_environment(example: Path) -> None:
    manifest = load(example / "scaffold.yaml")
    files = stack_files(manifest)
    text = files[swarm.FILENAME]
    assert not SECRET_REF.search(text)
    stack = yaml.safe_load(text)
    declared = stack["secrets"]
    for name, spec in stack["services"].items():
        mounted = {s if isinstance(s, str) else s["target"]: s if isinstance(s, str) else s["source"]
                   for s in spec.get("secrets", ())}
        for key in mounted.values():
            assert key in declared, f"{name}: {key}"
        for variable, value in spec.get("environment", {}).items():
            if variable.endswith("_FILE"):
                assert value.startswith("/run/secrets/")
                assert value.removeprefix("/run/secrets/") in mounted, f"{name}: {variable}"
    env_example = files[".env.example"]
    for key, spec in declared.items():
        if spec.get("template_driver"):
            assert spec["file"].removeprefix("./") in files  # a template scaffold wrote
        else:  # one file per .env secret, which the deployer writes
            variable = spec["file"].removeprefix("./secrets/")
            assert key == variable.lower() and f"\n{variable}=change-me" in env_example


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_settings_urls_and_health_checks_match_the_compose_file(example: Path) -> None:
    manifest = load(example / "scaffold.yaml")
    files = stack_files(manifest)
    stack = yaml.safe_load(files[swarm.FILENAME])
    compose = compose_of(example)["services"]
    values = {key: f"<{key}>" for key in stack["secrets"]}
    for name, spec in stack["services"].items():
        theirs = compose[name]
        assert "build" not in spec and "depends_on" not in spec
        mounted = {s if isinstance(s, str) else s["target"]: s if isinstance(s, str) else s["source"]
                   for s in spec.get("secrets", ())}
        env = dict(spec.get("environment", {}))
        for variable in [v for v in env if v.endswith("_FILE")]:
            target = env.pop(variable).removeprefix("/run/secrets/")
            source = mounted[target]
            template = stack["secrets"][source].get("file", "").removeprefix("./")
            env[variable.removesuffix("_FILE")] = expand(files[template], values) if template in files \
                else f"<{source}>"
        service = manifest.service(name)
        shell = service.backing is not None and service.backing.swarm_secrets == "shell"
        for variable, value in theirs.get("environment", {}).items():
            if shell and value.startswith("${") and value.endswith("}"):
                continue  # the image reads no file: the start command's and health check's shell set it
            want = re.sub(r"\$\{(\w+):\?[^}]*\}", lambda m: f"<{m.group(1).lower()}>", value)
            assert env.get(variable) == want, f"{name}: {variable}"
        test = spec["healthcheck"]["test"] if "healthcheck" in spec else None
        if name == "redis":
            assert test == ["CMD-SHELL", 'REDISCLI_AUTH="$$(cat /run/secrets/redis_password)" '
                            + theirs["healthcheck"]["test"][1]]
        elif shell and service.preset_secrets:
            assert test is not None and test[0] == "CMD-SHELL" and "$$(cat /run/secrets/" in test[1]
        else:
            assert spec.get("healthcheck") == theirs.get("healthcheck")
        assert spec["deploy"]["replicas"] == service.replicas
        if service.role == "job":  # runs once, never restarted, never rolled
            assert spec["deploy"]["restart_policy"] == {"condition": "none"}
            assert "update_config" not in spec["deploy"]
            continue
        stateful = cluster.stateful(service)
        assert spec["deploy"]["update_config"]["order"] == ("stop-first" if stateful else "start-first")
        assert spec["deploy"]["update_config"]["failure_action"] == "rollback"
        assert ("placement" in spec["deploy"]) == stateful
        if service.kind == Kind.APP:
            assert spec["image"] == f"{manifest.name}-{name}:${{IMAGE_TAG:-latest}}"
        else:
            assert spec["image"] == theirs["image"]
    assert stack["networks"] == {"default": {"driver": "overlay", "attachable": True}}


def test_only_what_is_reached_from_outside_is_published() -> None:
    def published(example: str) -> dict[str, list[int]]:
        stack = stack_of(load(Path("examples") / example / "scaffold.yaml"))
        return {name: [p["published"] for p in spec["ports"]]
                for name, spec in stack["services"].items() if "ports" in spec}

    assert published("03-jeex-idea") == {"proxy": [8080]}  # nginx in the stack: only nginx
    assert published("01-hercules") == {"api-gateway": [8090]}  # nginx on the host: the routed
    assert published("02-ecommerce") == {"api-gateway": [9000], "backend": [8000]}  # no routes: the apps


def test_redis_reads_its_password_from_the_secret_in_a_shell() -> None:
    stack = stack_of(load(JEEX / "scaffold.yaml"))
    redis = stack["services"]["redis"]
    assert redis["command"] == ["sh", "-c", 'exec redis-server --requirepass "$$(cat /run/secrets/redis_password)"'
                                " --appendonly yes"]
    assert "environment" not in redis and redis["secrets"] == ["redis_password"]
    assert redis["volumes"] == ["redis-data:/data"] and stack["volumes"] == {"postgres-data": {}, "redis-data": {}}


def test_a_templated_secret_is_the_url_exactly() -> None:
    files = stack_files(load(JEEX / "scaffold.yaml"))
    template = files["swarm/backend/database-url.tmpl"]
    assert expand(template, {"postgres_password": "pw"}) == "postgresql://jeex_app:pw@postgres:5432/jeex_idea"
    assert template.startswith("{{- /* Generated by scaffold from scaffold.yaml")


def test_a_new_text_gets_a_new_secret_and_config_name() -> None:
    base = "name: shop\nservices:\n  db: {preset: postgres, database: %s}\n" \
           "  api: {preset: fastapi, port: 8000, depends_on: [db], routes: [%s]}\nproxy: {mode: compose}\n"
    one, two = stack_of(loads(base % ("a", "/"))), stack_of(loads(base % ("b", "/x/")))
    assert set(one["secrets"]) != set(two["secrets"])
    assert set(one["configs"]) != set(two["configs"])
    def templated(stack: dict[str, Any]) -> dict[str, str]:
        return next(s for s in stack["services"]["api"]["secrets"] if isinstance(s, dict))

    assert templated(one)["target"] == templated(two)["target"] == "database-url"  # the file keeps its name
    assert templated(one)["source"] != templated(two)["source"]


def test_image_prefix_resources_and_replicas() -> None:
    manifest = loads("name: shop\nimage_prefix: registry.local:5000/acme\nservices:\n"
                     "  api: {preset: fastapi, port: 8000, replicas: 3, resources: {cpus: 0.25, memory: 2G}}\n"
                     "  cache: {preset: redis, resources: {memory: 64M}}\n")
    stack = stack_of(manifest)
    api = stack["services"]["api"]
    assert api["image"] == "registry.local:5000/acme/shop-api:${IMAGE_TAG:-latest}"
    assert api["deploy"]["replicas"] == 3
    assert api["deploy"]["resources"] == {"limits": {"cpus": "0.25", "memory": "2G"}}
    assert stack["services"]["cache"]["deploy"]["resources"] == {"limits": {"cpus": "0.5", "memory": "64M"}}
    assert stack["services"]["cache"]["deploy"]["placement"] == {"constraints": ["node.labels.shop.data == true"]}


def test_tls_files_become_a_config_and_a_secret() -> None:
    manifest = loads("name: shop\nservices:\n  api: {preset: fastapi, port: 8000, routes: [/]}\n"
                     "proxy: {mode: compose, tls: {certificate: certs/c.pem, key: certs/k.pem}}\n")
    stack = stack_of(manifest)
    proxy = stack["services"]["proxy"]
    assert proxy["configs"][1] == {"source": "nginx-certificate", "target": "/etc/nginx/tls/certificate.pem"}
    assert proxy["secrets"] == [{"source": "nginx-key", "target": "/etc/nginx/tls/key.pem"}]
    assert stack["configs"]["nginx-certificate"] == {"file": "./certs/c.pem"}
    assert stack["secrets"]["nginx-key"] == {"file": "./certs/k.pem"}
    assert proxy["ports"] == [{"target": 443, "published": 443, "protocol": "tcp", "mode": "ingress"}]


@pytest.mark.tool
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_docker_compose_accepts_every_stack_file(example: Path, tmp_path: Path,
                                                  tool: Callable[[str], str]) -> None:
    for path, text in stack_files(load(example / "scaffold.yaml")).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    result = subprocess.run([tool("docker-compose"), "-f", swarm.FILENAME, "config", "-q"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_generate_writes_the_stack_and_checks_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "scaffold.yaml"
    manifest.write_text((JEEX / "scaffold.yaml").read_text() + "targets: [compose, swarm]\n")
    assert main(["generate", "-f", str(manifest), "--no-registry"]) == 0
    assert (tmp_path / "swarm" / "backend" / "redis-url.tmpl").is_file()
    assert main(["generate", "-f", str(manifest), "--no-registry", "--check"]) == 0
    stack = tmp_path / swarm.FILENAME
    stack.write_text(stack.read_text().replace("replicas: 1\n", "replicas: 4\n", 1))
    manifest.write_text(manifest.read_text().replace("LOG_LEVEL: {default: info", "LOG_LEVEL: {default: debug"))
    capsys.readouterr()
    assert main(["generate", "-f", str(manifest), "--no-registry"]) == 0
    assert "merged       docker-stack.yml" in capsys.readouterr().out
    text = stack.read_text()
    assert "replicas: 4" in text and "${LOG_LEVEL:-debug}" in text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=manifests())
def test_any_manifest_gives_a_stack_without_secrets_that_keeps_literal_values(data: dict[str, Any]) -> None:
    manifest = loads(emit.dump(data))
    files = stack_files(manifest)
    assert not SECRET_REF.search(files[swarm.FILENAME])
    stack = yaml.safe_load(files[swarm.FILENAME])
    for name, spec in data["services"].items():
        environment = stack["services"][name].get("environment", {})
        for key, value in spec.get("env", {}).items():
            if isinstance(value, str):
                assert environment[key] == value.replace("$", "$$"), (name, key)  # as compose escapes it
            elif value.get("secret"):
                assert environment[f"{key}_FILE"] == f"/run/secrets/{key.lower()}"
