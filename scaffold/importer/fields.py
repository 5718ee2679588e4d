"""One imported service's manifest keys, field by field: what it is (preset, build, image, from),
its ports, environment, volumes, how it runs, what it waits for, and the `compose:` escape hatch.

Each function returns the keys it sets and writes to the service's notes what it changed,
escaped or could not say.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from pathlib import Path
from typing import Any

from scaffold.importer import health
from scaffold.importer.recognise import data_path, preset_environment
from scaffold.importer.secrets import env_entry, prefix
from scaffold.importer.stack import Notes, Stack, credentials
from scaffold.manifest.catalog import Preset, fill

# what the manifest says with its own keys, or scaffold writes itself
_HANDLED = {"image", "build", "command", "entrypoint", "environment", "ports", "volumes",
            "depends_on", "healthcheck", "restart", "stop_signal", "develop", "networks",
            "env_file", "secrets"}
_UNSAYABLE = {"deploy", "tmpfs", "configs"}
_HOST = re.compile(r"^/[A-Za-z0-9._@+-][A-Za-z0-9._@+/-]*$")  # what the manifest takes as {host, target}
_VOLUME = re.compile(r"^(?:[a-z0-9][a-z0-9_.-]*|\.{1,2}(?:/[A-Za-z0-9._@+-]+)*/?):/[A-Za-z0-9._@+/-]*"
                     r"(?::(?:ro|rw))?$")
_FILE = re.compile(r"^\.?/?[A-Za-z0-9._@+-][A-Za-z0-9._@+/-]*$")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_RESTART = ("no", "always", "on-failure", "unless-stopped")


def relative(path: str, root: Path) -> str:
    """An absolute path of the project as the manifest writes it: `./app`, `.`, `../shared`."""
    if not os.path.isabs(path):
        return path
    rel = os.path.relpath(path, root)
    return "." if rel == "." else rel if rel.startswith("..") else f"./{rel}"


def kind(name: str, svc: dict[str, Any], stack: Stack, notes: Notes) -> dict[str, Any]:
    if name in stack.shares:
        notes.recognised = f"shares {stack.shares[name]}'s build (from:)"
        return {"from": stack.shares[name]}
    if isinstance(svc.get("build"), dict):
        return _build(svc, stack.root, notes)
    if name in stack.presets:
        preset, version = stack.presets[name]
        notes.recognised = f"{preset.name} {version}, by its image"
        spec: dict[str, Any] = {"preset": preset.name, "version": version}
        spec.update(credentials(svc, preset)[0])
        if preset.auth_optional and "--requirepass" not in (svc.get("command") or []):
            spec["auth"] = False
        return spec
    notes.recognised = f"the image {svc.get('image', '')}"
    return {"preset": "image", "image": svc.get("image", "")}


def _build(svc: dict[str, Any], root: Path, notes: Notes) -> dict[str, Any]:
    build = svc["build"]
    spec: dict[str, Any] = {"preset": "build", "path": relative(str(build.get("context", ".")), root)}
    notes.recognised = f"built from {spec['path']}"
    dockerfile = str(build.get("dockerfile") or "Dockerfile")
    if dockerfile != "Dockerfile":
        if os.path.isabs(dockerfile):
            dockerfile = os.path.relpath(dockerfile, str(build.get("context", root)))
        spec["dockerfile"] = dockerfile
    if build.get("target"):
        spec["target"] = build["target"]
    args = {k: v for k, v in sorted((build.get("args") or {}).items()) if isinstance(v, str)}
    if args:
        spec["args"] = args
    rest = sorted(set(build) - {"context", "dockerfile", "target", "args"})
    notes.lost += [f"build.{key}" for key in rest]
    if svc.get("image"):
        notes.changed.append(f"image name {svc['image']} left to compose (it builds the image)")
    return spec


def ports(name: str, svc: dict[str, Any], spec: dict[str, Any], stack: Stack,
          notes: Notes) -> dict[str, Any]:
    items = svc.get("ports") or []
    if spec.get("role"):
        return {}
    if not items:
        if name in stack.presets:
            return {"publish": False}
        return {"internal_port": listens_on(name, svc, stack), "publish": False}
    main, out = _main(name, svc, stack)
    extra = []
    for item in items:
        published = str(item.get("published") or "")
        if published and not published.isdigit():
            notes.lost.append(f"port range {published}:{item['target']}")
        elif item is main:
            out.update(_main_port(name, item, stack, notes))
        elif published:
            extra.append(_port(item, int(published)))
        else:
            notes.lost.append(f"port {item['target']} without a host port")
        if item.get("host_ip", "") not in ("127.0.0.1", "0.0.0.0") or (
                item is main and item.get("host_ip") == "0.0.0.0"):
            notes.changed.append(f"port {published or item['target']} bound to 127.0.0.1")
    if extra:
        out["ports"] = extra
    return out


def _main(name: str, svc: dict[str, Any], stack: Stack) -> tuple[Any, dict[str, Any]]:
    """The published port that is the service's own (its first TCP one), or none when it
    listens on a port it does not publish: where its healthcheck asks, or others reach it."""
    items = svc.get("ports") or []
    probed = health_port(svc) or stack.wired.get(name)
    if probed is not None and all(p["target"] != probed for p in items):
        return None, ({} if name in stack.presets else {"internal_port": probed})
    return next((p for p in items if p.get("protocol", "tcp") == "tcp"), None), {}


def health_port(svc: dict[str, Any]) -> int | None:
    """The port the service's healthcheck asks over HTTP on 127.0.0.1, if it does."""
    found = re.search(r"http://(?:127\.0\.0\.1|localhost):([0-9]+)",
                      " ".join(str(w) for w in (svc.get("healthcheck") or {}).get("test") or []))
    return int(found[1]) if found else None


def listens_on(name: str, svc: dict[str, Any], stack: Stack) -> int | None:
    """The port a service that publishes none listens on: its first `expose`, the port a
    Traefik label sends to, or the one its healthcheck asks; None when nothing says."""
    for item in svc.get("expose") or []:
        if str(item).split("/")[0].isdigit():
            return int(str(item).split("/")[0])
    for key, value in sorted((svc.get("labels") or {}).items()):
        if key.endswith(".loadbalancer.server.port") and str(value).isdigit():
            return int(value)
    return health_port(svc) or stack.wired.get(name)


def _main_port(name: str, item: dict[str, Any], stack: Stack, notes: Notes) -> dict[str, Any]:
    """The service's one HTTP-like port: internal_port, and port when the host side is fixed."""
    out: dict[str, Any] = {}
    preset_port = stack.presets[name][0].internal_port if name in stack.presets else None
    if item["target"] != preset_port:
        out["internal_port"] = item["target"]
    if item.get("published"):
        out["port"] = int(item["published"])
    else:
        stack.allocated.add((name, item["target"]))
        notes.changed.append(f"host port of {item['target']} picked by scaffold")
    return out


def _port(item: dict[str, Any], published: int) -> dict[str, Any]:
    out: dict[str, Any] = {"port": published, "internal": item["target"]}
    if item.get("protocol", "tcp") != "tcp":
        out["protocol"] = item["protocol"]
    if item.get("host_ip") == "0.0.0.0":  # written out on purpose: kept
        out["bind"] = "0.0.0.0"
    return out


def environment(name: str, svc: dict[str, Any], stack: Stack, notes: Notes) -> dict[str, Any]:
    given = svc.get("environment") or {}
    skip: set[str] = set()
    if name in stack.presets:
        preset = stack.presets[name][0]
        skip.update(credentials(svc, preset)[1])
        skip.update(k for k, t in preset_environment(preset) if t.startswith("{secret:"))
    env = {}
    for key, value in sorted(given.items()):
        if key in skip or value is None:
            continue
        if not _VARIABLE.match(key):
            notes.lost.append(f"environment {key}")
            continue
        env[key] = env_entry(key, str(value), stack.named.get(name, {}), stack.vault)
    return {"env": env} if env else {}


def volumes(name: str, svc: dict[str, Any], stack: Stack, notes: Notes) -> dict[str, Any]:
    data = data_path(*stack.presets[name]) if name in stack.presets else ""
    out = []
    for v in svc.get("volumes") or []:
        if v.get("type") == "volume" and v.get("target") == data and data:
            if v.get("source") != f"{name}-data":
                notes.changed.append(f"volume {v.get('source')} is now {name}-data (the preset's)")
            continue
        entry = _host(v, stack.root) or _volume(v, stack.root)
        if isinstance(entry, dict) or (entry and _VOLUME.match(entry)):
            out.append(entry)
        else:
            notes.lost.append(f"volume {v.get('source', '')}:{v.get('target', '')}")
    return {"volumes": out} if out else {}


def _volume(v: dict[str, Any], root: Path) -> str:
    suffix = ":ro" if v.get("read_only") else ""
    if v.get("type") == "volume" and v.get("source"):
        return f"{v['source']}:{v['target']}{suffix}"
    source = relative(str(v.get("source", "")), root)
    if v.get("type") == "bind" and not source.startswith(".."):  # outside the project: below
        return f"{source}:{v['target']}{suffix}"
    return ""


def _host(v: dict[str, Any], root: Path) -> dict[str, Any]:
    """A bind mount of a host path outside the project (the docker socket): said on purpose."""
    source, target = str(v.get("source", "")), str(v.get("target", ""))
    if v.get("type") != "bind" or not relative(source, root).startswith("..") or not (
            _HOST.match(source) and _HOST.match(target)):
        return {}
    return {"host": source, "target": target, **({"read_only": True} if v.get("read_only") else {})}


def runtime(name: str, svc: dict[str, Any], spec: dict[str, Any], stack: Stack,
            notes: Notes) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("command", "entrypoint"):
        if not svc.get(key):
            continue
        if key == "command" and name in stack.presets and _preset_command(
                stack.presets[name][0], svc[key], stack):
            notes.changed.append("the preset's command (its password read from .env)")
            continue
        out[key] = _words(key, svc[key], stack, notes)
    restart = svc.get("restart")
    if restart in _RESTART:
        out["restart"] = restart
    elif spec.get("role") != "job":
        notes.changed.append("restart: unless-stopped added")
    if svc.get("stop_signal"):
        out["stop_signal"] = svc["stop_signal"]
    out.update(_healthcheck(name, svc, spec, stack, notes))
    if svc.get("develop"):
        out.update(_develop(svc["develop"], stack.root, notes))
    return out


def _words(key: str, words: list[str], stack: Stack, notes: Notes) -> list[str] | dict[str, Any]:
    """A command's words; a secret in one is replaced by `${VARIABLE}`, never written into the
    manifest: a command says it as `{value, secrets}` (compose reads it from .env); an
    entrypoint cannot, which is said as lost."""
    out = []
    secrets: list[str] = []
    for word in words:
        text, used = stack.vault.inside(word)
        if used and key != "command":
            notes.lost.append(f"{key}: the secret in it now reads ${{{used[0]}}}")
        secrets += [v for v in used if v not in secrets]
        out.append(text)
    if secrets and key == "command":
        notes.changed.append(f"the secret in the command moved to .env ({', '.join(secrets)})")
        return {"value": out, "secrets": secrets}
    return out


def _preset_command(preset: Preset, command: list[str], stack: Stack) -> bool:
    """The command is what the preset runs anyway (redis: the password and appendonly)."""
    if preset.name != "redis":
        return False
    secrets = set(stack.vault.values.values())
    words = [w for w in command if w not in secrets]
    return [w for w in words if w != "--requirepass"] in (["redis-server"],
                                                        ["redis-server", "--appendonly", "yes"])


def _healthcheck(name: str, svc: dict[str, Any], spec: dict[str, Any], stack: Stack,
                 notes: Notes) -> dict[str, Any]:
    check = svc.get("healthcheck")
    if spec.get("role") == "job" or (not check and spec.get("role") == "worker"):
        return {}
    if not check:
        if name in stack.presets:
            notes.changed.append("healthcheck added (the preset's)")
            return {}
        return {"healthcheck": False}
    preset = stack.presets[name][0] if name in stack.presets else None
    port = spec.get("internal_port") or (preset.internal_port if preset else None)
    values = {"user": str(spec.get("user") or (preset.user if preset else "")),
              "database": str(spec.get("database") or (preset.database if preset else "")),
              "port": str(port or "")}
    found = health.healthcheck(check, preset, values, seconds)
    if isinstance(found, dict) and "command" in found:
        found["command"] = stack.vault.inside(found["command"])[0]
    if isinstance(found, dict) and "http" in found and (spec.get("role") or health_port(svc) != port):
        found = {"command": shlex.join(check["test"][1:]), **{k: v for k, v in found.items()
                                                              if k not in ("http", "tool")}}
    return {"healthcheck": found}


def seconds(text: str) -> str:
    """A compose duration (`1m30s`, `1m0s`, `500ms`) as the manifest writes one: `90s`, `500ms`."""
    parts = re.findall(r"([0-9.]+)(ms|us|h|m|s)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return ""
    scale = {"h": 3_600_000.0, "m": 60_000.0, "s": 1000.0, "ms": 1.0, "us": 0.001}
    millis = sum(float(n) * scale[u] for n, u in parts)
    if millis != int(millis) or millis <= 0:
        return ""
    return f"{int(millis) // 1000}s" if millis % 1000 == 0 else f"{int(millis)}ms"


def _develop(develop: dict[str, Any], root: Path, notes: Notes) -> dict[str, Any]:
    rules = []
    for rule in develop.get("watch") or []:
        out: dict[str, Any] = {"path": relative(str(rule.get("path", ".")), root),
                               "action": rule.get("action")}
        if rule.get("target"):
            out["target"] = rule["target"]
        if rule.get("ignore"):
            out["ignore"] = list(rule["ignore"])
        if _FILE.match(out["path"]) and out["action"] in ("sync", "rebuild", "sync+restart"):
            rules.append(out)
        else:
            notes.lost.append(f"develop.watch {out['path']}")
    return {"develop": {"watch": rules}} if rules else {}


def dependencies(svc: dict[str, Any], stack: Stack) -> dict[str, Any]:
    """The services waited for; one whose URL the service reads under another name than
    scaffold's is `{service, env}`, so the wiring sets that variable, not a second one."""
    environment = svc.get("environment") or {}
    out: list[Any] = []
    for dep in sorted(d for d in (svc.get("depends_on") or {}) if d in stack.services):
        variable, url = _url(dep, stack)
        other = sorted(k for k, v in environment.items() if url and v == url and k != variable)
        if variable and variable not in environment and other:
            out.append({"service": dep, "env": other[0]})
        else:
            out.append(dep)
    return {"depends_on": out} if out else {}


def _url(dep: str, stack: Stack) -> tuple[str, str]:
    """The variable scaffold hands a dependent for `dep`, and the value it would hold."""
    svc = stack.services[dep]
    if dep in stack.presets:
        preset, _version = stack.presets[dep]
        exports = preset.backing.exports if preset.backing else ()
        if not exports:
            return "", ""
        creds = credentials(svc, preset)[0]
        values = {"user": creds.get("user", preset.user), "database": creds.get("database", preset.database),
                  "host": dep, "port": str(preset.internal_port), "PREFIX": prefix(dep), "service": dep}
        secret = stack.vault.values.get
        template = exports[0].value
        if preset.auth_optional and "--requirepass" not in (svc.get("command") or []):
            template = exports[0].without_auth or template
        try:
            return exports[0].name, fill(template, values,
                                         lambda n: secret(f"{prefix(dep)}_{n}") or "")
        except KeyError:
            return "", ""
    main, own = _main(dep, svc, stack)
    port = own.get("internal_port") or (main["target"] if main else None) or listens_on(dep, svc, stack)
    if port is None or dep in stack.jobs:
        return "", ""
    return f"{prefix(dep)}_URL", f"http://{dep}:{port}"


def escape_hatch(svc: dict[str, Any], stack: Stack, notes: Notes) -> dict[str, Any]:
    networks = sorted(svc.get("networks") or {})
    if networks and networks != ["default"]:
        notes.changed.append(f"networks {', '.join(networks)} joined into the stack's one network")
    extra = {}
    for key, value in sorted(svc.items()):
        if key in _HANDLED or value is None:
            continue
        if key in _UNSAYABLE or not re.fullmatch(r"[a-z_]+", key):
            notes.lost.append(key)
            continue
        if stack.vault.inside(json.dumps(value))[1]:  # a secret stays out of the manifest
            notes.lost.append(f"{key} (it holds a secret)")
            continue
        extra[key] = value
    if extra:
        notes.escaped += sorted(extra)
        return {"compose": _sorted(extra)}
    return {}


def _sorted(value: Any) -> Any:
    """Mappings in key order, at every depth: the same project always gives the same text."""
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def secrets(svc: dict[str, Any], stack: Stack, notes: Notes) -> dict[str, Any]:
    """Compose secrets read from the project's secrets/NAME at /run/secrets/NAME: the manifest's
    `secrets:`; any other kind is not carried over."""
    out = []
    for item in svc.get("secrets") or []:
        item = item if isinstance(item, dict) else {"source": item}
        name = str(item.get("source", ""))
        target = str(item.get("target") or f"/run/secrets/{name}")
        source = str((stack.top_secrets.get(name) or {}).get("file", ""))
        if target == f"/run/secrets/{name}" and relative(source, stack.root) == f"./secrets/{name}":
            out.append(name)
        else:
            notes.lost.append(f"secret {name}")
    return {"secrets": out} if out else {}
