"""The k8s target: every example's manifests pass kubernetes-validate, read back to the manifest.

The read-back test takes each Deployment or StatefulSet apart (ports, probes, the env
that ConfigMap, Secret and `$(VAR)` make up) and holds it against the manifest and the
compose file of the `local` variant, so the targets cannot drift apart.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from scaffold.cli import main
from scaffold.errors import InputError
from scaffold.manifest import model
from scaffold.manifest.build import load, loads
from scaffold.manifest.model import Kind, Manifest, Service
from scaffold.manifest.presets import APP_PRESETS
from scaffold.ports.assign import assign
from scaffold.targets import cluster, emit, k8s
from scaffold.targets.render import render
from tests.helpers import EXAMPLES, manifests

JEEX = next(p for p in EXAMPLES if p.name == "03-jeex-idea")  # the seed stack these tests read

JEEX = next(p for p in EXAMPLES if p.name == "03-jeex-idea")

Docs = list[dict[str, Any]]


def k8s_files(manifest: Manifest) -> dict[str, str]:
    return {f.path: f.content for f in render(manifest, assign(manifest), targets=["k8s"])
            if f.path.startswith("k8s/")}


def documents(files: dict[str, str]) -> Docs:
    return [d for path, text in files.items() if path.endswith(".yaml") and "kustomization" not in path
            for d in yaml.safe_load_all(text)]


def find(docs: Docs, kind: str, name: str) -> dict[str, Any]:
    matches = [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(matches) == 1, f"{kind}/{name}: {len(matches)} found"
    return matches[0]


def write(files: dict[str, str], into: Path) -> Path:
    for path, text in files.items():
        (into / path).parent.mkdir(parents=True, exist_ok=True)
        (into / path).write_text(text, encoding="utf-8")
    return into / "k8s"


# --- the real validators --------------------------------------------------------------------


def validate(tool: Callable[[str], str], paths: list[Path]) -> str:
    result = subprocess.run([tool("kubernetes-validate"), "--strict", *map(str, paths)],
                            capture_output=True, text=True, timeout=120)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "ERROR" not in out and "WARN" not in out, out
    return out


@pytest.mark.tool
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_passes_kubernetes_validate(example: Path, tmp_path: Path,
                                                  tool: Callable[[str], str]) -> None:
    folder = write(k8s_files(load(example / "scaffold.yaml")), tmp_path)
    resources = sorted(p for p in folder.rglob("*.yaml") if p.name != "kustomization.yaml")
    out = validate(tool, resources)
    kinds = re.findall(r"passed for resource (\w+)/", out)
    assert {"deployment", "service"} <= set(kinds)
    assert re.search(r"against version 1\.[0-9]{2}", out)  # the newest the validator knows


@pytest.mark.tool
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_kustomize_builds_every_example_and_the_result_validates(
        example: Path, tmp_path: Path, tool: Callable[[str], str]) -> None:
    folder = write(k8s_files(load(example / "scaffold.yaml")), tmp_path)
    shutil.copy(folder / "secrets.env.example", folder / "secrets.env")
    built = subprocess.run([tool("kubectl"), "kustomize", str(folder)], capture_output=True, text=True,
                           timeout=120)
    assert built.returncode == 0, built.stderr
    (tmp_path / "built.yaml").write_text(built.stdout, encoding="utf-8")
    validate(tool, [tmp_path / "built.yaml"])
    docs = list(yaml.safe_load_all(built.stdout))
    secret = next(d for d in docs if d["kind"] == "Secret")
    # the generated Secret has a hash suffix, and every reference follows it
    assert re.fullmatch(r"[a-z0-9-]+-secrets-[a-z0-9]{10}", secret["metadata"]["name"])
    refs = {e["valueFrom"]["secretKeyRef"]["name"]
            for d in docs if d["kind"] in ("Deployment", "StatefulSet")
            for c in d["spec"]["template"]["spec"]["containers"] for e in c.get("env", ())
            if "valueFrom" in e}
    assert refs == {secret["metadata"]["name"]}


@pytest.mark.tool
def test_kustomize_refuses_to_build_without_the_secrets_file(tmp_path: Path,
                                                              tool: Callable[[str], str]) -> None:
    folder = write(k8s_files(load(EXAMPLES[0] / "scaffold.yaml")), tmp_path)
    built = subprocess.run([tool("kubectl"), "kustomize", str(folder)], capture_output=True, text=True,
                           timeout=120)
    assert built.returncode != 0
    assert "secrets.env" in built.stderr


# --- reading the manifests back ---------------------------------------------------------------


def compose_env(example: Path, service: str) -> dict[str, str]:
    """The service's environment in the local compose file, secrets as <secret:VAR>, settings at default."""
    spec = yaml.safe_load((example / "expected" / "docker-compose.local.yml").read_text(encoding="utf-8"))
    env = spec["services"][service].get("environment", {})
    return {name: normal(value) for name, value in env.items()}


def normal(value: str) -> str:
    value = re.sub(r"\$\{(\w+):\?[^}]*\}", r"<secret:\1>", value)
    value = re.sub(r"\$\{(\w+):-([^}]*)\}", r"\2", value)
    return value.replace("$$", "$")


def container_env(container: dict[str, Any], docs: Docs) -> dict[str, str]:
    """What the process sees: the ConfigMap, then `env`, secrets as <secret:KEY>, $(VAR) expanded."""
    out: dict[str, str] = {}
    for source in container.get("envFrom", ()):
        out.update(find(docs, "ConfigMap", source["configMapRef"]["name"])["data"])
    for entry in container.get("env", ()):
        if "valueFrom" in entry:
            ref = entry["valueFrom"]["secretKeyRef"]
            out[entry["name"]] = f"<secret:{ref['key']}>"
        else:
            out[entry["name"]] = re.sub(r"(?<!\$)\$\((\w+)\)", lambda m: out[m.group(1)], entry["value"])
    return out


def workload(service: Service, docs: Docs) -> dict[str, Any]:
    kind = "StatefulSet" if cluster.stateful(service) else "Deployment"
    if service.role == "job":
        kind = "Job"
    return find(docs, kind, service.name)


def port_number(container: dict[str, Any], port: int | str) -> int:
    if isinstance(port, int):
        return port
    return int(next(p["containerPort"] for p in container["ports"] if p["name"] == port))


def assert_probes(service: Service, container: dict[str, Any], check: model.HealthCheck) -> None:
    live, ready = container["livenessProbe"], container["readinessProbe"]
    if check.http_path:
        assert live["httpGet"]["path"] == check.http_path
        assert port_number(container, live["httpGet"]["port"]) == service.internal_port
        promised = service.preset in APP_PRESETS and check.http_path == "/health"
        assert ready["httpGet"]["path"] == ("/health/ready" if promised else check.http_path)
    else:
        command = live["exec"]["command"]
        words = list(check.test[1:]) if check.test[0] == "CMD" else ["sh", "-c", check.test[1]]
        assert command == [w.replace("$$", "$") for w in words]
    assert live["periodSeconds"] == int(check.interval.rstrip("s"))
    assert live["failureThreshold"] == check.retries


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_ports_probes_and_env_read_back_match_the_manifest(example: Path) -> None:
    manifest = load(example / "scaffold.yaml")
    docs = documents(k8s_files(manifest))
    for service in manifest.services:
        if service.kind == Kind.PROXY:  # the Ingress takes nginx's place
            assert not [d for d in docs if d["metadata"]["name"] == service.name]
            continue
        spec = workload(service, docs)["spec"]
        assert spec.get("replicas", 1) == service.replicas
        pod = spec["template"]["spec"]
        (container,) = pod["containers"]
        if service.internal_port is None:  # a worker or a job: nothing to reach, no Service
            assert "ports" not in container
            assert not [d for d in docs if d["kind"] == "Service" and d["metadata"]["name"] == service.name]
        else:
            assert container["ports"][0]["containerPort"] == service.internal_port
            svc = find(docs, "Service", service.name)["spec"]
            assert svc["ports"][0]["port"] == service.internal_port
            assert port_number(container, svc["ports"][0]["targetPort"]) == service.internal_port
        check = service.healthcheck
        if check is None:
            assert "livenessProbe" not in container or "tcpSocket" in container["livenessProbe"]
        else:
            assert_probes(service, container, check)

        env = container_env(container, docs)
        expected = compose_env(example, service.name)
        for name, value in expected.items():
            assert env.get(name) == value, f"{service.name}: {name}"
        for extra in set(env) - set(expected):  # what only Kubernetes needs
            assert extra == "PGDATA" or env[extra] == f"<secret:{extra}>", f"{service.name}: {extra}"
        for var in service.env:
            wanted = {"literal": var.value, "setting": var.value, "secret": f"<secret:{var.variable}>"}
            assert env[var.name] == wanted[var.source]

        waits = [c["name"] for c in pod.get("initContainers", ())]
        deps = [d for d in sorted(service.depends_on) if manifest.service(d).kind != Kind.PROXY
                and (manifest.service(d).internal_port is not None or manifest.service(d).role == "job")]
        assert waits == [f"wait-for-{d}" for d in deps]

    routes = {(r.path, s.name) for s in manifest.routed for r in s.routes}
    paths = {(p["path"], p["backend"]["service"]["name"])
             for d in docs if d["kind"] == "Ingress"
             for rule in d["spec"]["rules"] for p in rule["http"]["paths"]}
    assert routes <= paths and {p for p in paths - routes if p[0] != "/health"} == set()


def test_redis_gets_its_password_in_its_arguments_from_the_secret() -> None:
    manifest = load(JEEX / "scaffold.yaml")
    docs = documents(k8s_files(manifest))
    (container,) = find(docs, "StatefulSet", "redis")["spec"]["template"]["spec"]["containers"]
    assert container["args"] == ["redis-server", "--requirepass", "$(REDIS_PASSWORD)", "--appendonly", "yes"]
    env = container_env(container, docs)
    assert env["REDIS_PASSWORD"] == env["REDISCLI_AUTH"] == "<secret:REDIS_PASSWORD>"
    claim = find(docs, "StatefulSet", "redis")["spec"]["volumeClaimTemplates"][0]
    assert claim["spec"]["accessModes"] == ["ReadWriteOnce"]
    assert container["volumeMounts"] == [{"name": "data", "mountPath": "/data"}]


# --- units on small manifests ------------------------------------------------------------------


def shop(extra: str = "", api: str = "{preset: fastapi, port: 8000, routes: [/api/]}") -> Manifest:
    return loads(f"name: shop_app\nservices:\n  api: {api}\n{extra}")


def docs_of(manifest: Manifest) -> Docs:
    return documents(k8s.render_k8s(manifest))


def test_names_become_dns_labels_and_images_take_the_prefix() -> None:
    manifest = shop("image_prefix: ghcr.io/acme\n")
    files = k8s.render_k8s(manifest)
    deployment = find(documents(files), "Deployment", "api")
    assert deployment["spec"]["template"]["spec"]["containers"][0]["image"] == "ghcr.io/acme/shop_app-api"
    assert deployment["metadata"]["labels"]["app.kubernetes.io/part-of"] == "shop-app"
    kustomization = yaml.safe_load(files["k8s/kustomization.yaml"])
    assert kustomization["images"] == [{"name": "ghcr.io/acme/shop_app-api", "newTag": "latest"}]
    assert "secretGenerator" not in kustomization  # no secrets, no generator and no example file
    assert "k8s/secrets.env.example" not in files
    assert find(documents(files), "Ingress", "shop-app")


def test_resources_become_limits_and_requests() -> None:
    manifest = shop(api="{preset: fastapi, port: 8000, resources: {cpus: 0.25, memory: 2G}}")
    (container,) = find(docs_of(manifest), "Deployment", "api")["spec"]["template"]["spec"]["containers"]
    assert container["resources"] == {"limits": {"cpu": "250m", "memory": "2Gi"},
                                      "requests": {"cpu": "62m", "memory": "2Gi"}}
    assert k8s.quantity_cpu(2) == "2" and k8s.quantity_memory("512K") == "512Ki"


def test_a_route_that_strips_its_prefix_gets_an_ingress_that_rewrites() -> None:
    manifest = shop(api="{preset: fastapi, port: 8000, routes: [{path: /api.v1/, strip_prefix: true}, /x/]}")
    docs = docs_of(manifest)
    strip = find(docs, "Ingress", "shop-app-strip")
    assert strip["metadata"]["annotations"]["nginx.ingress.kubernetes.io/rewrite-target"] == "/$2"
    (path,) = strip["spec"]["rules"][0]["http"]["paths"]
    assert (path["path"], path["pathType"]) == (r"/api\.v1(/|$)(.*)", "ImplementationSpecific")
    plain = find(docs, "Ingress", "shop-app")
    paths = [(p["path"], p["pathType"]) for p in plain["spec"]["rules"][0]["http"]["paths"]]
    assert paths == [("/health", "Exact"), ("/x/", "Prefix")]  # /health, as nginx passes it on


def test_hosts_and_tls_come_from_the_proxy() -> None:
    manifest = shop("proxy:\n  server_name: Shop.example.com example.* *.shop.test\n"
                    "  tls: {certificate: /etc/tls/c.pem, key: /etc/tls/k.pem}\n  mode: host\n")
    ingress = find(docs_of(manifest), "Ingress", "shop-app")
    assert [r["host"] for r in ingress["spec"]["rules"]] == ["shop.example.com", "*.shop.test"]
    assert ingress["spec"]["tls"] == [{"hosts": ["shop.example.com", "*.shop.test"], "secretName": "shop-app-tls"}]
    timeouts = ingress["metadata"]["annotations"]
    assert timeouts["nginx.ingress.kubernetes.io/proxy-read-timeout"] == "60"


def test_a_literal_dollar_paren_stays_literal() -> None:
    manifest = shop("  db: {preset: postgres}\n",
                    api="{preset: fastapi, port: 8000, depends_on: [db], env: {NOTE: 'costs $(price)'}}")
    docs = docs_of(manifest)
    assert find(docs, "ConfigMap", "api-env")["data"]["NOTE"] == "costs $(price)"  # ConfigMaps expand nothing
    (container,) = find(docs, "Deployment", "api")["spec"]["template"]["spec"]["containers"]
    url = next(e for e in container["env"] if e["name"] == "DATABASE_URL")
    assert url["value"] == "postgresql://app:$(DB_PASSWORD)@db:5432/app"
    assert k8s._expanded(cluster.Value("X", cluster.parts("a$$(b)"))) == "a$$(b)"
    # Postgres before 18 keeps its data one level below the volume, clear of lost+found
    postgres = find(docs, "ConfigMap", "db-env")["data"]
    assert postgres["PGDATA"] == "/var/lib/postgresql/data/pgdata"


def test_a_database_cannot_have_replicas() -> None:
    with pytest.raises(InputError) as caught:
        loads("name: x\nservices:\n  db: {preset: postgres, replicas: 2}\n")
    assert "a postgres service runs as one replica" in str(caught.value.problems[0])


@pytest.mark.parametrize(("text", "message"), [
    ("image_prefix: GHCR.io/Acme\n", "an image prefix is a registry and namespace"),
    ("targets: [compose, helm]\n", "targets"),
    ("targets: []\n", "targets"),
])
def test_bad_cluster_settings_are_refused(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        shop(text)
    assert message in "\n".join(str(p) for p in caught.value.problems)


def test_bad_resources_are_refused() -> None:
    with pytest.raises(InputError) as caught:
        shop(api="{preset: fastapi, port: 8000, resources: {cpus: 0, memory: 2GB}}")
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "cpus is a number of cores above 0" in text
    assert "memory is a size like 256M" in text


# --- the CLI: targets, --check and the regeneration rules --------------------------------------


def project(tmp_path: Path, targets: str = "") -> Path:
    manifest = tmp_path / "scaffold.yaml"
    text = (JEEX / "scaffold.yaml").read_text(encoding="utf-8")
    manifest.write_text(text + targets, encoding="utf-8")
    return manifest


def test_the_manifests_targets_decide_what_generate_writes(tmp_path: Path) -> None:
    manifest = project(tmp_path, "targets: [k8s]\n")
    assert main(["generate", "-f", str(manifest), "--no-registry"]) == 0
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                     if p.is_file() and ".scaffold" not in p.parts)
    assert "k8s/kustomization.yaml" in written and "k8s/services/backend.yaml" in written
    assert not [p for p in written if p.startswith("docker-")]
    assert {".env.example", "nginx/jeex-idea.conf"} <= set(written)  # shared by every target
    assert main(["generate", "-f", str(manifest), "--no-registry", "--check"]) == 0


def test_check_finds_a_stale_k8s_file_and_generate_keeps_a_hand_edit(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = project(tmp_path, "targets: [compose, k8s]\n")
    assert main(["generate", "-f", str(manifest), "--no-registry"]) == 0
    backend = tmp_path / "k8s" / "services" / "backend.yaml"
    backend.write_text(backend.read_text().replace("replicas: 1", "replicas: 3"), encoding="utf-8")
    capsys.readouterr()
    assert main(["generate", "-f", str(manifest), "--no-registry", "--check"]) == 0  # a kept edit is no drift
    manifest.write_text(manifest.read_text().replace("ENVIRONMENT: development", "ENVIRONMENT: staging"))
    assert main(["generate", "-f", str(manifest), "--no-registry", "--check"]) == 1
    assert "stale: k8s/services/backend.yaml" in capsys.readouterr().err
    assert main(["generate", "-f", str(manifest), "--no-registry"]) == 0
    assert "merged       k8s/services/backend.yaml" in capsys.readouterr().out
    text = backend.read_text()
    assert "replicas: 3" in text and "ENVIRONMENT: staging" in text


def test_target_all_on_the_command_line_and_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = project(tmp_path)
    assert main(["generate", "-f", str(manifest), "--no-registry", "--target", "k8s", "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert "# ==> k8s/ingress.yaml <==" in out and "docker-compose" not in out
    assert main(["generate", "-f", str(manifest), "--no-registry", "--target", "helm"]) == 2
    assert main(["generate", "-f", str(manifest), "--no-registry", "--target", "all"]) == 0
    assert (tmp_path / "docker-stack.yml").is_file() and (tmp_path / "k8s" / "services" / "redis.yaml").is_file()
    assert (tmp_path / "docker-compose.local.yml").is_file()


# --- any manifest ------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=manifests())
def test_any_manifest_gives_valid_resources_that_keep_literal_values(data: dict[str, Any]) -> None:
    kubernetes_validate = pytest.importorskip("kubernetes_validate")
    manifest = loads(emit.dump(data))
    docs = docs_of(manifest)
    for doc in docs:
        kubernetes_validate.validate(doc, str(kubernetes_validate.latest_version()), strict=True)
    for name, spec in data["services"].items():
        service = manifest.service(name)
        (container,) = workload(service, docs)["spec"]["template"]["spec"]["containers"]
        env = container_env(container, docs)
        for key, value in spec.get("env", {}).items():
            if isinstance(value, str):
                assert env[key] == value, (name, key)
