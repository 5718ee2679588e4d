"""scaffold's own compose loader, for machines without `docker compose`: several files merged in
order, `include`, `extends`, `.env` and `env_file` interpolation, every service normalised to the
shape `docker compose config --format json` prints."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from scaffold.errors import InputError, Problem
from scaffold.importer.interpolate import Override, Reset, interpolate_all, read_dotenv
from scaffold.importer.normalize import service
from scaffold.manifest.source import read_text

_MERGED_LISTS = ("ports", "expose", "cap_add", "cap_drop", "dns", "extra_hosts", "env_file")


def load(files: Sequence[Path], env_file: Path | None, root: Path,
         environ: Mapping[str, str]) -> dict[str, Any]:
    dotenv = env_file if env_file is not None else root / ".env"
    env = {**(read_dotenv(dotenv) if dotenv.is_file() else {}), **environ}
    if env_file is not None and not env_file.is_file():
        raise InputError(f"{env_file}: no such env file", [Problem(str(env_file), 0, 0, "", "no such file")])
    merged: dict[str, Any] = {}
    for path in files:
        merged = merge(merged, _file(path, env, 0))
    services = merged.get("services") or {}
    names = {n: service(n, _plain(_extended(n, services, root, env, 0)), root, env)
             for n in sorted(services)}
    name = str(merged.get("name") or env.get("COMPOSE_PROJECT_NAME") or root.resolve().name)
    secrets = {key: {**value, "file": str((root / value["file"]).resolve())}
               if isinstance(value, dict) and value.get("file") else value
               for key, value in (merged.get("secrets") or {}).items()}
    return {"name": re.sub(r"[^a-z0-9_-]", "", name.lower()), "services": names, "secrets": secrets}


class _ComposeLoader(yaml.SafeLoader):
    """YAML as compose reads it: with its `!reset` and `!override` tags."""


def _node_value(loader: Any, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


_ComposeLoader.add_constructor("!reset", lambda _loader, _node: Reset())
_ComposeLoader.add_constructor("!override", lambda loader, node: Override(_node_value(loader, node)))


def _yaml(path: Path, env: Mapping[str, str]) -> dict[str, Any]:
    try:
        data = yaml.load(read_text(path, "the compose file"), Loader=_ComposeLoader)
    except yaml.YAMLError as exc:
        raise InputError(f"{path} is not valid YAML", [Problem(str(path), 1, 1, "", str(exc))]) from None
    if not isinstance(data, dict):
        raise InputError(f"{path} is not a compose file (a mapping at the top)",
                         [Problem(str(path), 1, 1, "", "expected a mapping")])
    out = interpolate_all(data, env, str(path))
    assert isinstance(out, dict)
    return out


def _file(path: Path, env: Mapping[str, str], depth: int) -> dict[str, Any]:
    """One file with what it includes merged under it; relative paths of an included file are
    made absolute against its own folder."""
    if depth > 10:
        raise InputError(f"{path}: include nests more than 10 levels deep")
    data = _yaml(path, env)
    out: dict[str, Any] = {}
    for entry in data.pop("include", None) or []:
        scope = {**env, **_include_env(entry, path.parent)}
        for item in _include_paths(entry):
            included = (path.parent / item).resolve()
            if not included.is_file():
                raise InputError(f"{path}: include {item}: no such file",
                                 [Problem(str(path), 0, 0, "include", f"{item}: no such file")])
            out = merge(out, _anchored(_file(included, scope, depth + 1), included.parent))
    return merge(out, data) if out else data  # merged with nothing, its !reset would be spent


def _include_env(entry: Any, folder: Path) -> dict[str, str]:
    """The variables an include's own env_file gives the files it includes."""
    given = entry.get("env_file") if isinstance(entry, dict) else None
    out: dict[str, str] = {}
    for name in [given] if isinstance(given, str) else given or []:
        path = folder / str(name)
        if path.is_file():
            out.update(read_dotenv(path))
    return out


def _include_paths(entry: Any) -> list[str]:
    if isinstance(entry, str):
        return [entry]
    paths = entry.get("path") if isinstance(entry, dict) else None
    return [paths] if isinstance(paths, str) else [str(p) for p in paths or []]


def _anchored(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """An included file's services with their relative build contexts, bind mounts and env
    files made absolute, since they are relative to that file, not to the project."""
    for svc in (data.get("services") or {}).values():
        if isinstance(svc, dict):
            svc["__folder__"] = str(folder)
    return data


def _extended(name: str, services: dict[str, Any], root: Path, env: Mapping[str, str],
              depth: int) -> dict[str, Any]:
    svc = dict(services.get(name) or {})
    extends = svc.pop("extends", None)
    if not extends or depth > 10:
        return svc
    base_name = extends if isinstance(extends, str) else extends.get("service", "")
    other = extends.get("file") if isinstance(extends, dict) else None
    if other:
        path = Path(svc.get("__folder__", root)) / other
        if not path.is_file():
            raise InputError(f"service {name}: extends {other}: no such file")
        pool = _yaml(path, env).get("services") or {}
        for spec in pool.values():
            if isinstance(spec, dict):
                spec.setdefault("__folder__", str(path.parent))
    else:
        pool = services
    if base_name not in pool:
        raise InputError(f"service {name}: extends {base_name!r}, which is not defined")
    base = _extended(base_name, pool, root, env, depth + 1)
    return merge_service(base, svc)


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Two compose files merged as compose merges them: services key by key, the rest replaced."""
    out = {**base, **{k: v for k, v in over.items() if k != "services"}}
    services = dict(base.get("services") or {})
    for name, spec in (over.get("services") or {}).items():
        services[name] = merge_service(services.get(name) or {}, spec or {})
    if services:
        out["services"] = services
    return out


def merge_service(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        old = out.get(key)
        if isinstance(value, Reset):
            out.pop(key, None)
        elif isinstance(value, Override):
            out[key] = value.value
        elif key in ("environment", "labels", "args") or (isinstance(old, dict) and isinstance(value, dict)):
            out[key] = _merge_mapping(old, value)
        elif key in _MERGED_LISTS and isinstance(old, list) and isinstance(value, list):
            out[key] = old + [v for v in value if v not in old]
        elif key == "volumes" and isinstance(old, list) and isinstance(value, list):
            out[key] = _merge_volumes(old, value)
        else:
            out[key] = value
    return out


def _as_mapping(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return dict(value)
    out: dict[str, Any] = {}
    for item in value or []:
        key, eq, rest = str(item).partition("=")
        out[key] = rest if eq else None
    return out


def _merge_mapping(old: Any, new: Any) -> dict[str, Any]:
    merged = _as_mapping(old)
    for key, value in _as_mapping(new).items():
        if isinstance(merged.get(key), dict) and isinstance(value, dict):
            merged[key] = merge_service(merged[key], value)
        else:
            merged[key] = value
    return merged


def _target(volume: Any) -> str:
    if isinstance(volume, dict):
        return str(volume.get("target", ""))
    parts = str(volume).split(":")
    return parts[1] if len(parts) > 1 else parts[0]


def _merge_volumes(old: list[Any], new: list[Any]) -> list[Any]:
    targets = {_target(v) for v in new}
    return [v for v in old if _target(v) not in targets] + new


def _plain(data: Any) -> Any:
    """A service without tags left over (a `!reset` or `!override` in the first file)."""
    if isinstance(data, Override):
        return _plain(data.value)
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items() if not isinstance(v, Reset)}
    if isinstance(data, list):
        return [_plain(v) for v in data if not isinstance(v, Reset)]
    return data
