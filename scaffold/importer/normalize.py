"""One compose service in the long form `docker compose config --format json` prints: build,
command, environment (with its env_files read), ports, volumes, depends_on, networks, labels."""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scaffold.errors import InputError, Problem
from scaffold.importer.interpolate import read_dotenv

_PORT = re.compile(r"^(?:(?P<ip>\[[^\]]+\]|[0-9]+\.[0-9.]+):)?(?:(?P<published>[0-9-]*):)?(?P<target>[0-9-]+)"
                   r"(?:/(?P<protocol>tcp|udp|sctp))?$")


def service(name: str, spec: dict[str, Any], root: Path, env: Mapping[str, str]) -> dict[str, Any]:
    spec = dict(spec)
    folder = Path(spec.pop("__folder__", root))
    out: dict[str, Any] = {k: v for k, v in spec.items() if k not in ("env_file", "extends")}
    out["command"] = _words(spec.get("command"))
    out["entrypoint"] = _words(spec.get("entrypoint"))
    out["environment"] = _environment(name, spec, folder, env)
    out["networks"] = _networks(spec.get("networks"))
    for key, fix in (("build", _build), ("volumes", _volumes)):
        if spec.get(key) is not None:
            out[key] = fix(spec[key], folder)
    if isinstance(spec.get("extra_hosts"), list):  # compose prints host=address
        out["extra_hosts"] = [str(h).replace(":", "=", 1) if "=" not in str(h) else str(h)
                              for h in spec["extra_hosts"]]
    if spec.get("secrets") is not None:
        out["secrets"] = [{"source": str(s)} if not isinstance(s, dict) else s for s in spec["secrets"]]
    for key, plain in (("ports", _ports), ("depends_on", _depends_on), ("labels", _strings),
                       ("healthcheck", _healthcheck), ("develop", None)):
        if spec.get(key) is None:
            continue
        out[key] = plain(spec[key]) if plain else _develop(spec[key], folder)
    for link in spec.get("links") or []:  # a link is a dependency to compose
        out.setdefault("depends_on", {}).setdefault(
            str(link).split(":")[0], {"condition": "service_started", "required": True})
    return out


def _words(value: Any) -> list[str] | None:
    if value is None:
        return None
    return shlex.split(value) if isinstance(value, str) else [str(v) for v in value]


def _path(path: str, folder: Path) -> str:
    if path.startswith("~"):
        return os.path.expanduser(path)
    return path if os.path.isabs(path) or "://" in path else os.path.normpath(folder / path)


def _strings(value: Any) -> dict[str, str]:
    items = value.items() if isinstance(value, dict) else (
        str(v).partition("=")[::2] for v in value or [])
    return {str(k): _text(v) for k, v in items}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _environment(name: str, spec: dict[str, Any], folder: Path, env: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    files = spec.get("env_file")
    for entry in [files] if isinstance(files, (str, dict)) else files or []:
        path = Path(_path(str(entry["path"] if isinstance(entry, dict) else entry), folder))
        required = not isinstance(entry, dict) or entry.get("required", True)
        if path.is_file():
            out.update(read_dotenv(path))
        elif required:
            raise InputError(f"service {name}: env_file {path}: no such file",
                             [Problem(str(path), 0, 0, "", f"env_file of service {name}: no such file")])
    given = spec.get("environment")
    items = given.items() if isinstance(given, dict) else (
        (k, v if eq else None) for k, eq, v in (str(i).partition("=") for i in given or []))
    for key, value in items:
        out[str(key)] = env.get(str(key)) if value is None else _text(value)
    return out


def _networks(value: Any) -> dict[str, Any]:
    if not value:
        return {"default": None}
    return dict(value) if isinstance(value, dict) else {str(n): None for n in value}


def _build(value: Any, folder: Path) -> dict[str, Any]:
    build = {"context": value} if isinstance(value, str) else dict(value)
    build["context"] = _path(str(build.get("context", ".")), folder)
    build.setdefault("dockerfile", "Dockerfile")
    if build.get("args") is not None:
        build["args"] = _strings(build["args"])
    return build


def _ports(value: list[Any]) -> list[dict[str, Any]]:
    out = []
    for item in value:
        if isinstance(item, dict):
            out.append({"mode": "ingress", "protocol": "tcp", **item,
                        **({"published": str(item["published"])} if "published" in item else {})})
            continue
        out += _short_port(str(item))
    return out


def _short_port(text: str) -> list[dict[str, Any]]:
    match = _PORT.match(text)
    if not match:
        raise InputError(f"port {text!r}: not a compose port")
    targets = _range(match["target"])
    published = _range(match["published"]) if match["published"] else []
    out = []
    for i, target in enumerate(targets):
        item: dict[str, Any] = {"mode": "ingress", "target": target, "protocol": match["protocol"] or "tcp"}
        if published:
            item["published"] = str(published[i] if len(published) == len(targets) else match["published"])
        if match["ip"]:
            item["host_ip"] = match["ip"].strip("[]")
        out.append(item)
    return out


def _range(text: str) -> list[int]:
    low, _, high = text.partition("-")
    return list(range(int(low), int(high or low) + 1))


def _volumes(value: list[Any], folder: Path) -> list[dict[str, Any]]:
    out = []
    for item in value:
        if isinstance(item, dict):
            volume = dict(item)
            if volume.get("type") == "bind" and volume.get("source"):
                volume["source"] = _path(str(volume["source"]), folder)
            out.append(volume)
            continue
        parts = str(item).split(":")
        if len(parts) == 1:
            out.append({"type": "volume", "target": parts[0]})
            continue
        source, target, mode = parts[0], parts[1], parts[2] if len(parts) > 2 else ""
        bind = source.startswith((".", "/", "~"))
        volume = {"type": "bind" if bind else "volume",
                  "source": _path(source, folder) if bind else source, "target": target}
        if "ro" in mode.split(","):
            volume["read_only"] = True
        out.append(volume)
    return out


def _depends_on(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        return {str(n): {"condition": "service_started", "required": True} for n in value}
    return {str(n): {"condition": "service_started", "required": True, **(v or {})}
            for n, v in value.items()}


def _healthcheck(value: dict[str, Any]) -> dict[str, Any]:
    out = dict(value)
    if isinstance(out.get("test"), str):
        out["test"] = ["CMD-SHELL", out["test"]]
    return out


def _develop(value: dict[str, Any], folder: Path) -> dict[str, Any]:
    rules = [{**rule, "path": _path(str(rule.get("path", ".")), folder)}
             for rule in value.get("watch") or []]
    return {**value, "watch": rules}
