"""Plain helpers the tests share: paths, tools, docker and images, the CLI, free ports, manifests, registries."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from scaffold.cli import main
from scaffold.ports import host as hostports

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "scaffold.yaml").is_file())
IMAGE_PREFIX = os.environ.get("SCAFFOLD_IMAGE_PREFIX", "scaffold-local")
# the offline base images scripts/build-images.sh builds, by the key `verify --image KEY=IMAGE` takes
OFFLINE_IMAGES = {key: f"{IMAGE_PREFIX}/{tag}" for key, tag in (
    ("python", "python:3.11"), ("node", "node:18"), ("postgres", "postgres:15"), ("redis", "redis:7"),
    ("nginx", "nginx:1.22"), ("mariadb", "mariadb:10.11"), ("rabbitmq", "rabbitmq:3"),
    ("memcached", "memcached:1.6"))}


def find_tool(name: str) -> str | None:
    """A validator's executable: the virtualenv, the npm tools folder, sbin, then PATH."""
    candidates = [
        Path(sys.executable).parent / name,
        ROOT / ".venv" / "bin" / name,
        ROOT / ".tools" / "node_modules" / ".bin" / name,
        Path("/usr/sbin") / name,
    ]
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return str(c)
    return shutil.which(name)


def docker(*args: str, check: bool = True, timeout: int = 120,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the docker CLI; with `check`, a failure is an AssertionError carrying docker's message."""
    binary = find_tool("docker")
    assert binary is not None
    done = subprocess.run([binary, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})
    if check and done.returncode != 0:
        raise AssertionError(f"docker {' '.join(args)} failed: {done.stderr.strip()}")
    return done


def build_offline_images(keys: list[str]) -> None:
    """Build these offline images (keys of OFFLINE_IMAGES) with scripts/build-images.sh."""
    built = subprocess.run(["bash", str(ROOT / "scripts" / "build-images.sh"), *keys],
                           capture_output=True, text=True, timeout=1800)
    assert built.returncode == 0, built.stderr[-2000:]


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """scaffold in-process: its exit code, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def free_port(host: str = "127.0.0.1") -> int:
    """A port the system has just found free on host (from the ephemeral range)."""
    with socket.socket() as s:
        s.bind((host, 0))
        port: int = s.getsockname()[1]
    return port


def free_ports(n: int, start: int) -> list[int]:
    """n ports free on every interface, from start on: below the ephemeral range, so `ports check` warns of none.

    Each test process starts at its own offset so parallel runs rarely race for one port.
    """
    first = start + os.getpid() % 1000
    found: list[int] = []
    for port in range(first, first + 1000):
        if len(found) == n:
            break
        if hostports.bind_test("0.0.0.0", port) == "free":
            found.append(port)
    assert len(found) == n, f"fewer than {n} free ports from {first}"
    return found


def write_manifest(folder: Path, text: str) -> Path:
    """folder/scaffold.yaml holding text; the folder is made."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "scaffold.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def entry(project: str, service: str, port: int, **more: object) -> dict[str, object]:
    """One allocation as the registry file holds it."""
    return {"project": project, "service": service, "port": port, "protocol": "tcp",
            "host_ip": "127.0.0.1", "manifest": "", "allocated_at": "2025-01-01T00:00:00Z", **more}


def write_registry(path: Path, allocations: list[dict[str, object]],
                   port_ranges: dict[str, object] | None = None) -> bytes:
    """A registry file holding these allocations; its bytes, to compare with later."""
    text = json.dumps({"allocations": allocations, "metadata": {"port_ranges": port_ranges or {}}},
                      indent=2)
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


# --- a hypothesis strategy for any schema-valid manifest --------------------------------------

LABEL = st.from_regex(r"\A[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?\Z")
ENV_NAME = st.from_regex(r"\A[A-Z][A-Z0-9_]{0,10}\Z")
# anything a user may type on one line: quotes, $, #, colons, YAML words, unicode
LITERAL = st.text(
    st.characters(exclude_categories=("Cs", "Cc")), max_size=24
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
def manifests(draw: st.DrawFn, real_stacks: bool = False) -> dict[str, Any]:
    """A schema-valid manifest; with `real_stacks`, also the build preset, roles and the keys
    real stacks use (commands, mounts, ports, the escape hatch, secrets inside values)."""
    names = draw(st.lists(LABEL, min_size=1, max_size=6, unique=True))
    pool = draw(st.lists(st.integers(1024, 65535), min_size=2 * len(names), max_size=2 * len(names),
                         unique=True))
    ports, extra_ports = iter(pool[:len(names)]), iter(pool[len(names):])
    services: dict[str, Any] = {}
    for i, name in enumerate(names):
        preset = draw(st.sampled_from([*APP_PRESETS, "postgres", "redis", "image",
                                       *(["build"] if real_stacks else [])]))
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
            extra = draw(real_stack_keys(name, preset, extra_ports)) if real_stacks else {}
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
