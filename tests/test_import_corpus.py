"""The import corpus (tests/import/): real-looking compose projects, each with the verdict a good importer must reach.

Each project's expect.yaml is checked against the project itself: `docker compose config` accepts it and has
exactly the services expect.yaml names, jobs are exactly what others wait for, `from:` services share a build,
presets fit the images and the apps' dependency files, secrets and routes are really there, and every feature a
project claims to cover can be seen in it. tests/import/README.md documents the format and its coverage table.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import ROOT

CORPUS = ROOT / "tests" / "import"
PROJECTS = sorted(p for p in CORPUS.iterdir() if (p / "expect.yaml").is_file())
PRESETS = {p.stem for p in (ROOT / "templates" / "presets").glob("*.yaml")}
APP_PRESETS = {"fastapi", "django", "express", "nextjs", "build"}
# a backing preset is recognised by the last part of the image's repository
PRESET_IMAGES = {"postgres": "postgres", "mysql": "mysql", "mariadb": "mariadb", "mongodb": "mongo", "redis": "redis",
                 "rabbitmq": "rabbitmq", "kafka": "kafka", "minio": "minio", "mailpit": "mailpit",
                 "memcached": "memcached", "nginx": "nginx", "mssql": "server"}
EXPECT_KEYS = {"files", "services", "secrets", "secret_files", "routes", "covers", "notes"}
SERVICE_KEYS = {"preset", "from", "role"}
ROLES = {"worker", "job"}
# what issue 16's corpus must cover; each is claimed by a project's `covers` and checked in FEATURE_CHECKS
REQUIRED = {
    "seed-stack", "override-file", "extra-compose-files", "env-file", "dotenv", "env-defaults", "extends", "include",
    "multi-stage", "build-args", "postgres", "mysql", "mariadb", "mongo", "rabbitmq", "kafka", "minio", "mailpit",
    "memcached", "redis", "celery", "migration-job", "bind-mounts", "named-volumes", "develop-watch", "udp-ports",
    "labels", "traefik-labels", "several-networks", "healthchecks", "nginx-conf", "secrets-files", "expose",
    "fastapi", "django", "express", "nextjs", "go", "java", "rust", "php",
}

Config = dict[str, Any]


def load_expect(project: Path) -> dict[str, Any]:
    data = yaml.safe_load((project / "expect.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{project.name}/expect.yaml is not a mapping"
    return data


def compose_env() -> dict[str, str]:
    """The caller's environment without COMPOSE_* (COMPOSE_FILE or COMPOSE_PROFILES would change what is read)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("COMPOSE_")}


def file_args(project: Path) -> list[str]:
    return [arg for f in load_expect(project).get("files", []) for arg in ("-f", f)]


@functools.cache
def compose_config(binary: str, project: Path) -> Config:
    """`docker compose config --format json` with every profile on, as an importer would read the project."""
    done = subprocess.run([binary, *file_args(project), "--profile", "*", "config", "--format", "json"],
                          cwd=project, capture_output=True, text=True, timeout=60, env=compose_env())
    assert done.returncode == 0, f"{project.name}: {done.stderr}"
    config: Config = json.loads(done.stdout)
    return config


def compose_files(project: Path) -> list[Path]:
    """Every compose file in the project, the included and extended ones too."""
    return sorted(project.rglob("*compose*.y*ml"))


def compose_text(project: Path) -> str:
    return "\n".join(f.read_text(encoding="utf-8") for f in compose_files(project))


def dotenv_keys(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return {line.split("=", 1)[0].strip() for line in lines if "=" in line and not line.lstrip().startswith("#")}


def env_file_keys(project: Path) -> set[str]:
    """Keys of .env and of every *.env / .env.* file in the project."""
    paths = [p for p in project.rglob("*") if p.is_file() and (p.name.endswith(".env") or p.name.startswith(".env"))]
    return set().union(*(dotenv_keys(p) for p in paths))


def services(config: Config) -> dict[str, Config]:
    found: dict[str, Config] = config["services"]
    return found


def waited_for_to_complete(config: Config) -> set[str]:
    return {dep for svc in services(config).values() for dep, how in (svc.get("depends_on") or {}).items()
            if how.get("condition") == "service_completed_successfully"}


def build_key(service: Config) -> tuple[str, str, str, str]:
    """What makes two builds the same image: context, Dockerfile, target and args."""
    build = service.get("build") or {}
    return (build.get("context", ""), build.get("dockerfile", "Dockerfile"), build.get("target", ""),
            json.dumps(build.get("args", {}), sort_keys=True))


def image_repository(image: str) -> str:
    """ghcr.io/acme/worker:1.4 -> worker; postgres:15 -> postgres."""
    return image.split("@")[0].rsplit("/", 1)[-1].split(":")[0]


def dependency_text(service: Config) -> str:
    """The dependency files in a service's build context, lower-cased."""
    context = Path(build_key(service)[0])
    names = ("requirements.txt", "pyproject.toml", "package.json", "composer.json")
    return "\n".join((context / n).read_text(encoding="utf-8").lower() for n in names if (context / n).is_file())


def app_preset_problem(preset: str, deps: str) -> str | None:
    """Why this build's dependency files don't say `preset` beyond doubt (or why `build` undersells them)."""
    says = {"fastapi": '"fastapi' in deps or "\nfastapi" in deps or deps.startswith("fastapi"),
            "django": "django" in deps and "fastapi" not in deps,
            "nextjs": '"next":' in deps,
            "express": '"express":' in deps and '"next":' not in deps}
    if preset == "build":
        claimed = [name for name, yes in says.items() if yes]
        return f"its dependency files say {claimed}" if claimed else None
    return None if says[preset] else f"its dependency files don't say {preset}"


def project_ids(p: Path) -> str:
    return p.name


def test_the_corpus_has_at_least_28_numbered_projects() -> None:
    names = [p.name for p in PROJECTS]
    assert len(names) >= 28
    assert [n[:3] for n in names] == [f"{i:02d}-" for i in range(1, len(names) + 1)]
    assert all(re.fullmatch(r"\d\d-[a-z0-9]+(-[a-z0-9]+)*", n) for n in names)
    strays = [p.name for p in CORPUS.iterdir() if p.is_dir() and not (p / "expect.yaml").is_file()]
    assert strays == []


@pytest.mark.parametrize("project", PROJECTS, ids=project_ids)
def test_expect_yaml_is_well_formed(project: Path) -> None:
    expect = load_expect(project)
    assert set(expect) <= EXPECT_KEYS, set(expect) - EXPECT_KEYS
    assert isinstance(expect.get("notes"), str) and expect["notes"].strip()
    for f in expect.get("files", []):
        assert (project / f).is_file(), f
    named = expect["services"]
    assert isinstance(named, dict) and named
    for name, svc in named.items():
        assert set(svc) <= SERVICE_KEYS and ("preset" in svc) != ("from" in svc), (name, svc)
        assert svc.get("preset", "build") in PRESETS, (name, svc)
        assert svc.get("role", "worker") in ROLES, (name, svc)
        if "from" in svc:
            assert "preset" in named[svc["from"]], f"{name}: from {svc['from']}, itself a from service"
    for key in ("secrets", "secret_files", "covers"):
        assert isinstance(expect.get(key, []), list)
    assert expect["covers"], "a project covers at least one feature"


@pytest.mark.tool
@pytest.mark.parametrize("project", PROJECTS, ids=project_ids)
def test_docker_compose_config_accepts_it(project: Path, tool: Callable[[str], str]) -> None:
    done = subprocess.run([tool("docker-compose"), *file_args(project), "config", "-q"], cwd=project,
                          capture_output=True, text=True, timeout=60, env=compose_env())
    assert done.returncode == 0, done.stderr


@pytest.mark.tool
@pytest.mark.parametrize("project", PROJECTS, ids=project_ids)
def test_expect_names_exactly_the_services_of_the_config(project: Path, tool: Callable[[str], str]) -> None:
    config = compose_config(tool("docker-compose"), project)
    assert sorted(load_expect(project)["services"]) == sorted(services(config))


@pytest.mark.tool
@pytest.mark.parametrize("project", PROJECTS, ids=project_ids)
def test_jobs_are_exactly_what_others_wait_for(project: Path, tool: Callable[[str], str]) -> None:
    config = compose_config(tool("docker-compose"), project)
    jobs = {name for name, svc in load_expect(project)["services"].items() if svc.get("role") == "job"}
    assert jobs == waited_for_to_complete(config)


@pytest.mark.tool
@pytest.mark.parametrize("project", PROJECTS, ids=project_ids)
def test_from_services_share_the_build(project: Path, tool: Callable[[str], str]) -> None:
    config = services(compose_config(tool("docker-compose"), project))
    expect = load_expect(project)["services"]
    for name, svc in expect.items():
        if "from" in svc:
            assert "build" in config[name], name
            assert build_key(config[name]) == build_key(config[svc["from"]]), name
            assert config[name].get("command") != config[svc["from"]].get("command"), f"{name}: same command"


@pytest.mark.tool
@pytest.mark.parametrize("project", PROJECTS, ids=project_ids)
def test_services_sharing_a_build_are_one_app_and_its_from_services(project: Path,
                                                                    tool: Callable[[str], str]) -> None:
    config = services(compose_config(tool("docker-compose"), project))
    expect = load_expect(project)["services"]
    groups: dict[tuple[str, str, str, str], list[str]] = {}
    for name, svc in sorted(config.items()):
        if "build" in svc:
            groups.setdefault(build_key(svc), []).append(name)
    for names in groups.values():
        owners = {expect[n].get("from", n) for n in names}
        assert len(owners) == 1 and owners <= set(names), f"one build, several apps: {names}"


@pytest.mark.tool
@pytest.mark.parametrize("project", PROJECTS, ids=project_ids)
def test_presets_fit_the_images_and_the_apps(project: Path, tool: Callable[[str], str]) -> None:
    config = services(compose_config(tool("docker-compose"), project))
    for name, svc in load_expect(project)["services"].items():
        preset = svc.get("preset")
        if preset in APP_PRESETS:
            assert "build" in config[name], f"{name}: {preset} without a build"
            problem = app_preset_problem(preset, dependency_text(config[name]))
            assert problem is None, f"{name} is {preset}, but {problem}"
        elif preset == "image":
            assert "build" not in config[name] and config[name].get("image"), name
            on_preset_image = image_repository(config[name]["image"]) in PRESET_IMAGES.values()
            assert not on_preset_image or svc.get("role") == "job", f"{name}: a preset's image, and no job"
        elif preset is not None:
            assert image_repository(config[name].get("image", "")) == PRESET_IMAGES[preset], (name, preset)


@pytest.mark.tool
@pytest.mark.parametrize("project", PROJECTS, ids=project_ids)
def test_secrets_are_really_there(project: Path, tool: Callable[[str], str]) -> None:
    expect = load_expect(project)
    config = compose_config(tool("docker-compose"), project)
    env_keys = {k for svc in services(config).values() for k in (svc.get("environment") or {})}
    text = compose_text(project)
    for name in expect.get("secrets", []):
        assert name in env_file_keys(project) | env_keys or "${" + name in text, name
    assert sorted(expect.get("secret_files", [])) == sorted(config.get("secrets", {}))


def secret_looking(name: str) -> bool:
    """PASSWORD, SECRET, TOKEN or KEY in the name; a *_FILE variable holds a path, not the secret."""
    return re.search(r"PASSWORD|SECRET|TOKEN|KEY", name) is not None and not name.endswith("_FILE")


@pytest.mark.parametrize("project", PROJECTS, ids=project_ids)
def test_every_secret_looking_value_is_listed(project: Path) -> None:
    """A secret-looking key of an env file, or one written with a literal value in a compose file, is a secret."""
    written = re.findall(r"^\s+-?\s*(\w+)[:=] *([^$\s{].*)$", compose_text(project), re.M)
    # a yes/true switch (MARIADB_RANDOM_ROOT_PASSWORD: "yes") names a secret but is none
    literal = {k for k, value in written if value.strip("'\"").lower() not in {"yes", "no", "true", "false"}}
    wanted = {k for k in env_file_keys(project) | literal if secret_looking(k) and not k.startswith("COMPOSE_")}
    assert wanted - set(load_expect(project).get("secrets", [])) == set()


@pytest.mark.parametrize("project", [p for p in PROJECTS if load_expect(p).get("routes")], ids=project_ids)
def test_routes_are_in_the_hand_written_nginx_config(project: Path) -> None:
    expect = load_expect(project)
    confs = "\n".join(p.read_text(encoding="utf-8") for p in project.rglob("*.conf"))
    for path, target in expect["routes"].items():
        assert target in expect["services"], target
        assert re.search(rf"location\s+(=\s*)?{re.escape(path)}\s", confs), path
        assert re.search(rf"(proxy_pass\s+http://|fastcgi_pass\s+|server\s+){re.escape(target)}[:;/\s]", confs), target


class Project:
    """A project as the feature checks see it: its folder, expect.yaml, compose text and merged config."""

    def __init__(self, folder: Path, config: Config) -> None:
        self.folder = folder
        self.expect = load_expect(folder)
        self.config = config
        self.text = compose_text(folder)
        self.services = services(config)

    def any_service(self, test: Callable[[Config], bool]) -> bool:
        return any(test(svc) for svc in self.services.values())

    def presets(self) -> set[str]:
        return {svc.get("preset", "") for svc in self.expect["services"].values()}

    def mounts(self, kind: str) -> list[Config]:
        return [v for svc in self.services.values() for v in svc.get("volumes", []) if v["type"] == kind]

    def in_build_contexts(self, *patterns: str) -> bool:
        contexts = {Path(build_key(svc)[0]) for svc in self.services.values() if "build" in svc}
        return any(next(c.rglob(p), None) is not None for c in contexts for p in patterns)


def labels(svc: Config) -> dict[str, str]:
    found: dict[str, str] = svc.get("labels") or {}
    return found


def nginx_conf_mounted(p: Project) -> bool:
    return any(image_repository(svc.get("image", "")) == "nginx" and
               any(v["type"] == "bind" and v["source"].endswith(".conf") for v in svc.get("volumes", []))
               for svc in p.services.values())


def uses_preset(preset: str) -> Callable[[Project], bool]:
    return lambda p: preset in p.presets()


def extra_files(p: Project) -> bool:
    compose_file = [line for line in (p.folder / ".env").read_text(encoding="utf-8").splitlines()
                    if line.startswith("COMPOSE_FILE=")] if (p.folder / ".env").is_file() else []
    return len(p.expect.get("files", [])) >= 2 or bool(compose_file)


FEATURE_CHECKS: dict[str, Callable[[Project], bool]] = {
    "seed-stack": lambda p: "examples/0" in p.expect["notes"],
    "override-file": lambda p: any((p.folder / n).is_file() for n in (
        "compose.override.yaml", "compose.override.yml", "docker-compose.override.yml",
        "docker-compose.override.yaml")),
    "extra-compose-files": extra_files,
    "compose-file-variable": lambda p: "COMPOSE_FILE" in dotenv_keys(p.folder / ".env"),
    "env-file": lambda p: "env_file" in p.text,
    "dotenv": lambda p: bool(dotenv_keys(p.folder / ".env")),
    "env-defaults": lambda p: re.search(r"\$\{\w+:?-", p.text) is not None,
    "env-list": lambda p: re.search(r"environment:\n\s+- \w+", p.text) is not None,
    "extends": lambda p: "extends:" in p.text,
    "include": lambda p: re.search(r"^include:", p.text, re.M) is not None,
    "yaml-anchors": lambda p: re.search(r"<<: \*", p.text) is not None,
    "reset-override-tags": lambda p: "!reset" in p.text and "!override" in p.text,
    "legacy-syntax": lambda p: re.search(r"^version:", p.text, re.M) is not None and "links:" in p.text,
    "dclint-disabled": lambda p: "# dclint disable" in p.text,
    "profiles": lambda p: p.any_service(lambda s: bool(s.get("profiles"))),
    "multi-stage": lambda p: p.any_service(lambda s: bool((s.get("build") or {}).get("target"))),
    "build-args": lambda p: p.any_service(lambda s: bool((s.get("build") or {}).get("args"))),
    "celery": lambda p: p.any_service(lambda s: "celery" in (s.get("command") or [])),
    "migration-job": lambda p: bool(waited_for_to_complete(p.config)),
    "bind-mounts": lambda p: bool(p.mounts("bind")),
    "named-volumes": lambda p: bool(p.mounts("volume")),
    "long-form-volumes": lambda p: "type: bind" in p.text and "type: volume" in p.text,
    "long-form-ports": lambda p: re.search(r"ports:\n\s+- target:", p.text) is not None,
    "develop-watch": lambda p: p.any_service(lambda s: bool((s.get("develop") or {}).get("watch"))),
    "udp-ports": lambda p: p.any_service(lambda s: any(x["protocol"] == "udp" for x in s.get("ports", []))),
    "expose": lambda p: p.any_service(lambda s: bool(s.get("expose"))),
    "labels": lambda p: p.any_service(lambda s: bool(labels(s))),
    "traefik-labels": lambda p: p.any_service(lambda s: any(k.startswith("traefik.") for k in labels(s))),
    "several-networks": lambda p: len(p.config.get("networks", {})) >= 2,
    "external-network": lambda p: any(n.get("external") for n in p.config.get("networks", {}).values()),
    "healthchecks": lambda p: p.any_service(lambda s: bool(s.get("healthcheck"))),
    "nginx-conf": nginx_conf_mounted,
    "secrets-files": lambda p: any("file" in s for s in p.config.get("secrets", {}).values()),
    "literal-secrets": lambda p: re.search(r"PASSWORD[:=] ?[\w-]*example-not-secret", p.text) is not None,
    "cap-add": lambda p: p.any_service(lambda s: bool(s.get("cap_add"))),
    "deploy-resources": lambda p: p.any_service(lambda s: bool((s.get("deploy") or {}).get("resources"))),
    "logging": lambda p: p.any_service(lambda s: bool(s.get("logging"))),
    "go": lambda p: p.in_build_contexts("go.mod"),
    "java": lambda p: p.in_build_contexts("pom.xml", "build.gradle*"),
    "rust": lambda p: p.in_build_contexts("Cargo.toml"),
    "php": lambda p: p.in_build_contexts("composer.json", "*.php"),
    **{name: uses_preset(preset) for name, preset in (
        ("postgres", "postgres"), ("mysql", "mysql"), ("mariadb", "mariadb"), ("mongo", "mongodb"),
        ("rabbitmq", "rabbitmq"), ("kafka", "kafka"), ("minio", "minio"), ("mailpit", "mailpit"),
        ("memcached", "memcached"), ("redis", "redis"), ("fastapi", "fastapi"), ("django", "django"),
        ("express", "express"), ("nextjs", "nextjs"))},
}


def test_every_required_feature_has_a_check() -> None:
    assert set(FEATURE_CHECKS) >= REQUIRED, REQUIRED - set(FEATURE_CHECKS)


def test_every_required_feature_is_covered() -> None:
    covered = {f for p in PROJECTS for f in load_expect(p)["covers"]}
    assert REQUIRED - covered == set()


@pytest.mark.tool
@pytest.mark.parametrize("project", PROJECTS, ids=project_ids)
def test_what_a_project_claims_to_cover_is_in_it(project: Path, tool: Callable[[str], str]) -> None:
    p = Project(project, compose_config(tool("docker-compose"), project))
    claims = p.expect["covers"]
    assert set(claims) <= set(FEATURE_CHECKS), set(claims) - set(FEATURE_CHECKS)
    assert [c for c in claims if not FEATURE_CHECKS[c](p)] == []


def readme_table() -> dict[str, list[str]]:
    """The README's coverage table: project -> its features, in the order written."""
    rows = re.findall(r"^\| \[(\d\d-[\w-]+)\]\(\1/\) \| ([^|]+) \|", (CORPUS / "README.md").read_text(encoding="utf-8"),
                      re.M)
    return {name: [f.strip() for f in features.split(",")] for name, features in rows}


def test_the_readme_table_matches_the_folders() -> None:
    table = readme_table()
    assert list(table) == [p.name for p in PROJECTS]
    for p in PROJECTS:
        assert table[p.name] == load_expect(p)["covers"], p.name


@functools.cache
def dclint_errors(binary: str) -> dict[str, list[tuple[str, str, str]]]:
    """dclint over every compose file of the corpus in one run: each project's errors (file, rule, message)."""
    files = [str(f.relative_to(CORPUS)) for p in PROJECTS for f in compose_files(p)]
    with tempfile.TemporaryDirectory() as tmp:
        # a report this long, piped, comes out cut short (node exits before stdout drains): a file it is
        report_file = Path(tmp) / "dclint.json"
        done = subprocess.run([binary, "-f", "json", "-o", str(report_file), *files], cwd=CORPUS,
                              capture_output=True, text=True, timeout=300)
        reports = json.loads(report_file.read_text(encoding="utf-8"))
    assert len(reports) == len(files), done.stderr
    errors: dict[str, list[tuple[str, str, str]]] = {p.name: [] for p in PROJECTS}
    for report in reports:
        relative = (CORPUS / report["filePath"]).resolve().relative_to(CORPUS.resolve())
        errors[relative.parts[0]] += [(str(relative), m["rule"], m["message"]) for m in report["messages"]
                                      if m["type"] == "error"]
    return errors


@pytest.mark.tool
@pytest.mark.parametrize("project", PROJECTS, ids=project_ids)
def test_dclint_finds_no_errors(project: Path, tool: Callable[[str], str]) -> None:
    assert compose_files(project)
    assert dclint_errors(tool("dclint"))[project.name] == []


def test_the_readme_explains_every_feature_key() -> None:
    text = (CORPUS / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Features\n", 1)[1].split("\n## ", 1)[0]
    keys = [k for line in section.splitlines() if line.startswith("- ")
            for k in re.findall(r"`([a-z-]+)`", line.split("`:", 1)[0] + "`")]
    assert sorted(keys) == sorted(FEATURE_CHECKS)
