"""Loading a manifest: YAML -> JSON Schema -> checks beyond the schema -> the frozen model.

Every problem is collected before anything is reported, so a user fixes a
manifest in one pass instead of one error per run.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from scaffold.errors import InputError, Problem
from scaffold.manifest import graph
from scaffold.manifest.images import with_images
from scaffold.manifest.model import (
    DEFAULT_RESOURCES,
    EnvVar,
    HealthCheck,
    Kind,
    Manifest,
    Network,
    Proxy,
    Resources,
    Route,
    Service,
    Tls,
    Variant,
)
from scaffold.manifest.presets import HEALTH_PATH, PRESETS, http_probe, nginx_probe, postgres_probe, redis_probe
from scaffold.manifest.source import Document, Path_, dotted, parse, read
from scaffold.resources import schema_text

DEFAULT_FILE = "scaffold.yaml"
SECRET_PLACEHOLDER = "change-me"

# characters that cannot travel safely through YAML, compose interpolation, .env files or nginx
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_COMPOSE_UNSAFE_DEFAULT = re.compile(r"[$}\n\r]")


@cache
def manifest_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_text("manifest.schema.json"))
    return schema


def load(path: Path) -> Manifest:
    """Read, validate and model the manifest at `path`; raise InputError listing every problem."""
    return build(read(path), path)


def loads(text: str, file: str = DEFAULT_FILE) -> Manifest:
    return build(parse(text, file), Path(file))


def build(doc: Document, path: Path) -> Manifest:
    problems = list(doc.problems)
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "the manifest must be a mapping with 'name' and 'services'"))
        raise InputError(_summary(problems), problems)
    problems += schema_problems(doc)
    problems += semantic_problems(doc)
    if problems:
        raise InputError(_summary(problems), problems)
    return _model(doc.data, doc, path)


def _summary(problems: list[Problem]) -> str:
    n = len(problems)
    return f"{n} problem{'s' if n != 1 else ''} in {problems[0].file}; nothing was written"


# --- JSON Schema -------------------------------------------------------------------------


def schema_problems(doc: Document) -> list[Problem]:
    from jsonschema import Draft202012Validator  # imported here: `--version` must not pay for it

    validator = Draft202012Validator(manifest_schema())
    out: list[Problem] = []
    for error in validator.iter_errors(doc.data):
        out.extend(_explain(error, doc))
    return sorted(set(out))


def _explain(error: Any, doc: Document) -> Iterator[Problem]:
    """Turn one jsonschema error into messages a person can act on."""
    path: Path_ = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator in ("oneOf", "anyOf") and error.context:
        branch = _closest_branch(error)
        if branch:
            for sub in branch:
                yield from _explain(sub, doc)
            return
    if error.validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extras = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
        for key in extras:
            hint = _did_you_mean(key, allowed)
            yield doc.problem((*path, key), f"unknown key '{key}'{hint}", key=True)
        return
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        yield doc.problem(path, f"missing required key '{missing}'", key=True)
        return
    if error.validator == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        hint = _did_you_mean(str(error.instance), [str(v) for v in error.validator_value])
        yield doc.problem(path, f"'{error.instance}' is not one of: {options}{hint}")
        return
    if error.validator == "propertyNames" or (error.validator == "pattern" and _is_key(error)):
        key = error.instance
        yield doc.problem((*path, key), f"'{key}': {schema.get('errorMessage', error.message)}",
                          key=True)
        return
    message = schema.get("errorMessage") or _plain(error)
    yield doc.problem(path, message)


def _closest_branch(error: Any) -> list[Any]:
    """The errors of the oneOf branch the user most likely meant: right type, fewest errors."""
    branches: dict[Any, list[Any]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    plausible = [
        errs for errs in branches.values()
        if not any(e.validator in ("type", "const") and len(e.path) == 0 for e in errs)
    ]
    if not plausible:
        return []
    best = min(plausible, key=len)
    return best if len(plausible) == 1 or len(best) < min(len(p) for p in plausible if p is not best) else []


def _is_key(error: Any) -> bool:
    return bool(error.relative_schema_path) and "propertyNames" in error.relative_schema_path


def _plain(error: Any) -> str:
    if error.validator == "type":
        expected = error.validator_value
        names = " or ".join(expected) if isinstance(expected, list) else expected
        return f"expected {names}, got {_type_name(error.instance)}"
    if error.validator in ("minimum", "maximum"):
        return f"{error.instance} is out of range ({error.validator} {error.validator_value})"
    if error.validator == "const":
        return f"must be {json.dumps(error.validator_value)}"
    if error.validator == "uniqueItems":
        return "items must be unique"
    if error.validator == "minProperties":
        return "must not be empty"
    return str(error.message)


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string",
            list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


# --- checks beyond the schema ----------------------------------------------------------


def _services(doc: Document) -> dict[str, dict[str, Any]]:
    services = doc.data.get("services")
    if not isinstance(services, dict):
        return {}
    return {k: v for k, v in services.items() if isinstance(v, dict)}


def semantic_problems(doc: Document) -> list[Problem]:
    services = _services(doc)
    out: list[Problem] = []
    out += _dependency_problems(doc, services)
    out += _port_problems(doc, services)
    out += _image_problems(doc, services)
    out += _value_problems(doc, services)
    out += _route_problems(doc, services)
    out += _proxy_problems(doc, services)
    out += _variable_problems(doc, services)
    out += _variant_problems(doc, services)
    out += _replica_problems(doc, services)
    return out


def _replica_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    """A database or cache keeps its data in one volume, which two replicas would both write."""
    return [doc.problem(("services", name, "replicas"),
                        f"a {spec['preset']} service runs as one replica: its data lives in one volume")
            for name, spec in services.items()
            if spec.get("preset") in ("postgres", "redis") and isinstance(spec.get("replicas"), int)
            and not isinstance(spec.get("replicas"), bool) and spec["replicas"] > 1]


def _variant_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    out = []
    variants = doc.data.get("variants")
    only_databases = bool(services) and all(s.get("preset") == "postgres" for s in services.values())
    for vname, vspec in (variants.items() if isinstance(variants, dict) else ()):
        if only_databases and isinstance(vspec, dict) and vspec.get("database") == "sqlite":
            out.append(doc.problem(("variants", vname, "database"),
                                   "with SQLite in place of Postgres this variant would run no service at all"))
        overrides = vspec.get("services") if isinstance(vspec, dict) else None
        for sname in overrides if isinstance(overrides, dict) else ():
            if sname not in services:
                hint = _did_you_mean(sname, services)
                out.append(doc.problem(("variants", vname, "services", sname),
                                       f"no service '{sname}' in this manifest{hint}", key=True))
    return out


def _dependency_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    out: list[Problem] = []
    edges: dict[str, list[str]] = {}
    for name, spec in services.items():
        deps = spec.get("depends_on")
        if not isinstance(deps, list):
            continue
        edges[name] = []
        for i, dep in enumerate(deps):
            if not isinstance(dep, str):
                continue
            where = ("services", name, "depends_on", i)
            if dep == name:
                out.append(doc.problem(where, f"'{name}' cannot depend on itself"))
            elif dep not in services:
                hint = _did_you_mean(dep, services)
                out.append(doc.problem(where, f"depends on unknown service '{dep}'{hint}"))
            else:
                edges[name].append(dep)
    cycle = graph.find_cycle(edges)
    if cycle:
        shown = " -> ".join(cycle)
        out.append(doc.problem(("services", cycle[0], "depends_on"), f"dependency cycle: {shown}",
                               key=True))
    return out


def _port_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    out: list[Problem] = []
    owners: dict[int, str] = {}
    proxy = doc.data.get("proxy")
    claims: list[tuple[Path_, str, Any]] = [
        (("services", name, "port"), name, spec.get("port")) for name, spec in services.items()
    ]
    if isinstance(proxy, dict):
        claims.append((("proxy", "port"), "the proxy", proxy.get("port")))
    for where, owner, port in claims:
        if not isinstance(port, int) or isinstance(port, bool):
            continue
        if port in owners:
            out.append(doc.problem(where, f"host port {port} is already taken by {owners[port]}"))
        else:
            owners[port] = owner if owner == "the proxy" else f"service '{owner}'"
    return out


_TAG = re.compile(r"^(?P<repo>[^@\s]+?)(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@sha256:[0-9a-f]{64})?$")
_REPO = re.compile(r"^[a-z0-9]+(?:[._-][a-z0-9]+|__)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+|__)*)*$")


def image_problem(image: str) -> str:
    """Why an image reference is not pinned or not well formed ("" when it is fine)."""
    match = _TAG.match(image)
    if not match:
        return f"'{image}' is not a valid image reference"
    repo = match["repo"]
    registry, _, rest = repo.partition("/")
    if rest and ("." in registry or ":" in registry or registry == "localhost"):
        repo = rest
    if not _REPO.match(repo):
        return f"'{image}' is not a valid image reference (names are lowercase)"
    if "@sha256:" in image:
        return ""
    if not match["tag"]:
        return f"image '{image}' has no tag; pin one (e.g. {image}:1.0) so builds are repeatable"
    if match["tag"] == "latest":
        return f"image '{image}' uses 'latest'; pin a version so builds are repeatable"
    return ""


def _image_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    out = []
    for name, spec in services.items():
        image = spec.get("image")
        if isinstance(image, str) and image:
            why = image_problem(image)
            if why:
                out.append(doc.problem(("services", name, "image"), why))
    images = doc.data.get("images")
    for key, image in (images.items() if isinstance(images, dict) else ()):
        why = image_problem(image) if isinstance(image, str) else ""
        if why:
            out.append(doc.problem(("images", key), why))
    proxy = doc.data.get("proxy")
    if isinstance(proxy, dict) and isinstance(proxy.get("image"), str):
        why = image_problem(proxy["image"])
        if why:
            out.append(doc.problem(("proxy", "image"), why))
    return out


def _walk_strings(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk_strings(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk_strings(v, (*path, i))


def _value_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    out = []
    for path, text in _walk_strings(doc.data, ()):
        if _CONTROL.search(text):
            out.append(doc.problem(path, "contains a control character, which no generated file can carry"))
    for name, spec in services.items():
        envs: list[tuple[Path_, Any]] = [(("services", name, "env"), spec.get("env"))]
        variants = doc.data.get("variants")
        for vname, vspec in (variants.items() if isinstance(variants, dict) else ()):
            if isinstance(vspec, dict):
                envs.append((("variants", vname, "env"), vspec.get("env")))
                overrides = vspec.get("services")
                if isinstance(overrides, dict) and isinstance(overrides.get(name), dict):
                    envs.append((("variants", vname, "services", name, "env"),
                                 overrides[name].get("env")))
        for base, env in envs:
            if not isinstance(env, dict):
                continue
            for key, value in env.items():
                default = value.get("default") if isinstance(value, dict) else None
                if isinstance(default, str) and _COMPOSE_UNSAFE_DEFAULT.search(default):
                    out.append(doc.problem((*base, key, "default"),
                                           "a default cannot hold '$', '}' or a line break "
                                           "(compose interpolation and .env files cannot carry them)"))
                if isinstance(value, str) and ("\n" in value or "\r" in value):
                    out.append(doc.problem((*base, key),
                                           "a line break cannot be carried into .env or a container's "
                                           "environment safely"))
    return out


def _route_items(spec: dict[str, Any]) -> Iterator[tuple[int, str, bool, Any]]:
    """(index, path, written as an object, its `overrides`) for each route of a service."""
    routes = spec.get("routes")
    if not isinstance(routes, list):
        return
    for i, item in enumerate(routes):
        if isinstance(item, str):
            yield i, item, False, None
        elif isinstance(item, dict) and isinstance(item.get("path"), str):
            yield i, item["path"], True, item.get("overrides")


# the schema's pattern for a route: nothing in it is nginx syntax
_ROUTE = re.compile(r"^/[A-Za-z0-9._~/@+-]*$")


@dataclass(frozen=True)
class _Claim:
    path: str
    service: str
    where: Path_
    overrides: Any

    @property
    def key(self) -> str:
        return self.path.rstrip("/") or "/"


def _claims(doc: Document, services: dict[str, dict[str, Any]],
            out: list[Problem]) -> list[_Claim]:
    """Every route worth checking further; problems with a route by itself go to `out`."""
    claims = []
    for name, spec in services.items():
        preset = PRESETS.get(spec.get("preset", ""))
        for i, path, is_obj, overrides in _route_items(spec):
            where: Path_ = ("services", name, "routes", i, *(("path",) if is_obj else ()))
            if preset and preset.kind in (Kind.DATABASE, Kind.CACHE):
                out.append(doc.problem(where, f"a {preset.name} service does not speak HTTP; "
                                              "it cannot take routes"))
            elif preset and preset.kind == Kind.PROXY:
                out.append(doc.problem(where, "an nginx service is the reverse proxy itself "
                                              "(it serves the generated config); "
                                              "it cannot take routes"))
            elif _ROUTE.match(path):  # otherwise the schema has said what is wrong
                if "//" in path or re.search(r"/\.\.?(?:/|$)", path):
                    out.append(doc.problem(where, f"route {path} must be a clean path "
                                                  "(no '//', '.' or '..' segments)"))
                if spec["routes"][i] not in spec["routes"][:i]:  # the schema reports twins
                    claims.append(_Claim(path, name, where, overrides))
    return claims


def _route_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    out: list[Problem] = []
    claims = _claims(doc, services, out)
    owner: dict[str, _Claim] = {}
    for claim in claims:
        first = owner.setdefault(claim.key, claim)
        if first.service != claim.service:
            out.append(doc.problem(claim.where, f"route {claim.path} is already served by "
                                                f"'{first.service}'"))
        elif first.path == claim.path and first is not claim:
            out.append(doc.problem(claim.where, f"route {claim.path} is listed twice"))
    out += _shadow_problems(doc, claims, services)
    return out


def _shadow_problems(doc: Document, claims: list[_Claim],
                     services: Mapping[str, Any]) -> list[Problem]:
    """A route inside another service's route takes part of its traffic; it must say so.

    nginx picks the longest matching prefix, so with `/api/` on api and
    `/api/users/` on users, users silently takes `/api/users/...` away from api.
    That is often the point, but it also happens by accident (`/api` on one
    service quietly owns `/api-docs/` too, nginx prefixes being plain string
    prefixes), so the inner route must name the service it takes from:
    `{path: /api/users/, overrides: api}`. `/` is exempt: a catch-all gets only
    what no other route takes, by definition.
    """
    out = []
    # the routes enclosing a claim are found by looking up its prefixes, not by searching
    # every claim: a stack of 1000 services would otherwise check in quadratic time
    by_path: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        by_path.setdefault(c.path, []).append(i)
    for claim in claims:
        found = sorted(i for n in range(1, len(claim.path) + 1)
                       for i in by_path.get(claim.path[:n], ()))
        enclosing = [claims[i] for i in found
                     if claims[i].key != claim.key and claims[i].path != "/"]
        nearest = max(enclosing, key=lambda c: len(c.path), default=None)
        wanted = claim.overrides
        if not isinstance(wanted, str):
            if nearest and nearest.service != claim.service:
                out.append(doc.problem(claim.where, (
                    f"route {claim.path} lies inside route {nearest.path} of "
                    f"'{nearest.service}' and takes those requests from it; if that is meant, "
                    f"write {{path: {claim.path}, overrides: {nearest.service}}}")))
            continue
        where = (*claim.where[:-1], "overrides")
        if wanted not in services:
            hint = _did_you_mean(wanted, services)
            out.append(doc.problem(where, f"overrides unknown service '{wanted}'{hint}"))
        elif not any(c.service == wanted for c in enclosing):
            out.append(doc.problem(where, f"route {claim.path} overrides '{wanted}', "
                                          f"but no route of '{wanted}' contains it"))
        elif nearest and nearest.service not in (wanted, claim.service):
            out.append(doc.problem(where, (
                f"route {claim.path} lies inside route {nearest.path} of '{nearest.service}', "
                f"so it overrides '{nearest.service}', not '{wanted}'")))
    return out


_FILE = re.compile(r"^[A-Za-z0-9._/-]+$")  # the schema's pattern for proxy.tls files
_WILDCARD_NAME = re.compile(r"^(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?:\.\*)?$")


def _proxy_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    """Where the proxy runs must fit the services: one nginx in compose, none beside the host's."""
    proxy = doc.data.get("proxy")
    proxy = proxy if isinstance(proxy, dict) else {}
    routed = [name for name, spec in services.items() if any(True for _ in _route_items(spec))]
    nginxes = [name for name, spec in services.items() if spec.get("preset") == "nginx"]
    out = []
    server_name = proxy.get("server_name")
    for host in server_name.split(" ") if isinstance(server_name, str) else ():
        if "*" in host and not _WILDCARD_NAME.match(host):
            out.append(doc.problem(("proxy", "server_name"), (
                f"'{host}': a wildcard is a whole first or last label "
                "(*.example.com or example.*)")))
    if proxy.get("mode") == "host":
        out += _host_mode_problems(doc, services, proxy, routed, nginxes)
    elif routed and len(nginxes) > 1:
        out.append(doc.problem(("services", nginxes[1], "preset"), (
            f"only one nginx service can be the proxy, and '{nginxes[0]}' already is")))
    elif routed and nginxes and "port" in proxy:
        out.append(doc.problem(("proxy", "port"), f"the proxy here is service '{nginxes[0]}'; "
                                                  f"set services.{nginxes[0]}.port instead"))
    elif routed and not nginxes and "proxy" in services:
        out.append(doc.problem(("services", "proxy"), (
            "proxy.mode compose adds an nginx service named 'proxy'; rename this service, "
            "or make it preset: nginx so it becomes the proxy")))
    health = proxy.get("health")
    if isinstance(health, str) and health not in routed:
        hint = _did_you_mean(health, routed)
        out.append(doc.problem(("proxy", "health"),
                               f"'{health}' is not a service with routes{hint}"))
    return out


def _host_mode_problems(doc: Document, services: dict[str, dict[str, Any]],
                        proxy: dict[str, Any], routed: list[str],
                        nginxes: list[str]) -> list[Problem]:
    out = [doc.problem(("services", name, "preset"),
                       "proxy.mode is host: nginx runs on the host, and an nginx service would "
                       "serve a config aimed at host ports; remove it or use mode: compose")
           for name in nginxes]
    for name in routed:
        replicas = services[name].get("replicas", 1)
        if isinstance(replicas, int) and replicas > 1:
            out.append(doc.problem(("services", name, "replicas"), (
                "with proxy.mode host nginx reaches each service on one fixed host port, "
                "which replicas publish only as ephemeral ports; use mode: compose")))
    tls = proxy.get("tls")
    for key in ("certificate", "key"):
        value = tls.get(key) if isinstance(tls, dict) else None
        if isinstance(value, str) and _FILE.match(value) and not value.startswith("/"):
            out.append(doc.problem(("proxy", "tls", key), (
                "with proxy.mode host the host's nginx reads this file; give an absolute path")))
    return out


def _variable_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    """One .env variable must mean one thing: a secret in one place is not a setting in another."""
    out = []
    seen: dict[str, tuple[str, str]] = {}
    for name, spec in services.items():
        env = spec.get("env")
        if not isinstance(env, dict):
            continue
        for key, value in env.items():
            if not isinstance(value, dict):
                continue
            source = "secret" if value.get("secret") else "setting"
            variable = value.get("variable", key)
            if not isinstance(variable, str):
                continue
            if variable in seen and seen[variable][0] != source:
                other_source, other = seen[variable]
                out.append(doc.problem(("services", name, "env", key),
                                       f"variable {variable} is a {source} here but a {other_source} in '{other}'",
                                       key=True))
            seen.setdefault(variable, (source, name))
    return out


# --- the model ---------------------------------------------------------------------------


def _str(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return repr(value)
    return str(value)


def _env(spec: Mapping[str, Any] | None) -> tuple[EnvVar, ...]:
    out = []
    for key, value in sorted((spec or {}).items()):
        if isinstance(value, dict):
            source = "secret" if value.get("secret") else "setting"
            out.append(EnvVar(
                name=key,
                source=source,
                value="" if source == "secret" else _str(value["default"]),
                variable=value.get("variable", key),
                description=value.get("description", ""),
            ))
        else:
            out.append(EnvVar(name=key, source="literal", value=_str(value)))
    return tuple(out)


def _healthcheck(name: str, spec: dict[str, Any], kind: Kind, runtime: str, port: int | None,
                 user: str, database: str) -> HealthCheck | None:
    custom = spec.get("healthcheck")
    if custom is False:
        return None
    custom = custom if isinstance(custom, dict) else {}
    timing = {k: custom[k] for k in ("interval", "timeout", "start_period", "retries") if k in custom}
    if "command" in custom:
        return HealthCheck(test=("CMD-SHELL", custom["command"].replace("$", "$$")), **timing)
    if kind == Kind.DATABASE:
        return HealthCheck(test=postgres_probe(user, database), **timing)
    if kind == Kind.CACHE:
        return HealthCheck(test=redis_probe(), **timing)
    if kind == Kind.PROXY:
        return HealthCheck(test=nginx_probe(), **timing)
    if port is None:
        return None
    path = custom.get("http", HEALTH_PATH)
    tool = custom.get("tool", runtime or "wget")
    return HealthCheck(test=http_probe(tool, port, path), http_path=path, **timing)


def _routes(spec: dict[str, Any], doc: Document, name: str) -> tuple[Route, ...]:
    out = []
    for i, item in enumerate(spec.get("routes", [])):
        line, column = doc.where(("services", name, "routes", i))
        if isinstance(item, str):
            out.append(Route(path=item, line=line, column=column))
        else:
            out.append(Route(path=item["path"], websocket=item.get("websocket", False),
                             strip_prefix=item.get("strip_prefix", False),
                             overrides=item.get("overrides", ""), line=line, column=column))
    return tuple(out)


def _service(name: str, spec: dict[str, Any], doc: Document) -> Service:
    preset = PRESETS[spec["preset"]]
    version = _str(spec.get("version", preset.version))
    internal_port = spec.get("internal_port", preset.internal_port)
    user = spec.get("user", "app") if preset.kind == Kind.DATABASE else ""
    database = spec.get("database", "app") if preset.kind == Kind.DATABASE else ""
    password_variable = ""
    if preset.kind in (Kind.DATABASE, Kind.CACHE):
        password_variable = name.upper().replace("-", "_") + "_PASSWORD"
    command = spec.get("command", ())
    line, column = doc.where(("services", name), key=True)
    return Service(
        name=name,
        preset=preset.name,
        kind=preset.kind,
        port=spec.get("port"),
        internal_port=internal_port,
        depends_on=tuple(spec.get("depends_on", ())),
        env=_env(spec.get("env")),
        routes=_routes(spec, doc, name),
        image=spec.get("image") or preset.image_for(version),
        version=version if preset.version else "",
        path=spec.get("path", f"services/{name}"),
        healthcheck=_healthcheck(name, spec, preset.kind, preset.runtime, internal_port, user, database),
        replicas=spec.get("replicas", 1),
        command=(command,) if isinstance(command, str) else tuple(command),
        database=database,
        user=user,
        password_variable=password_variable,
        resources=_resources(spec.get("resources"), preset.kind),
        line=line,
        column=column,
    )


def _resources(spec: dict[str, Any] | None, kind: Kind) -> Resources | None:
    if not spec:
        return None
    default = DEFAULT_RESOURCES[kind]
    return Resources(cpus=float(spec.get("cpus", default.cpus)), memory=spec.get("memory", default.memory))


_BUILTIN_VARIANTS: dict[str, dict[str, Any]] = {
    "local": {"database": "postgres", "ephemeral": False, "ports": "fixed", "workers": 2},
    # CI talks to the stack from inside its network (seed 002): nothing published, nothing to clash
    "ci": {"database": "postgres", "ephemeral": True, "ports": "none", "workers": 1},
}


def _network(value: Any) -> Network:
    if isinstance(value, str):
        return Network(value)
    return Network(value["name"], value.get("external", False))


def _variants(data: dict[str, Any], project_network: Network | None) -> tuple[Variant, ...]:
    declared: dict[str, Any] = data.get("variants") or {}
    names = ["local", "ci", *sorted(n for n in declared if n not in _BUILTIN_VARIANTS)]
    out = []
    for name in names:
        spec = declared.get(name) or {}
        base = dict(_BUILTIN_VARIANTS.get(name) or _BUILTIN_VARIANTS[spec.get("base", "local")])
        base.update({k: v for k, v in spec.items() if k in ("database", "ephemeral", "ports", "workers")})
        if "network" in spec:
            network = _network(spec["network"])
        elif name == "local" and project_network:
            network = project_network
        else:
            network = Network(f"{data['name']}-{name}-network")
        out.append(Variant(
            name=name,
            database=base["database"],
            ephemeral=base["ephemeral"],
            publish=base["ports"],
            workers=base["workers"],
            network=network,
            env=_env(spec.get("env")),
            service_env=tuple((svc, _env(over.get("env")))
                              for svc, over in sorted((spec.get("services") or {}).items())),
        ))
    return tuple(out)


def _proxy(spec: dict[str, Any] | None) -> Proxy | None:
    if spec is None:
        return None
    tls = spec.get("tls")
    fields = {k: spec[k] for k in ("mode", "server_name", "port", "connect_timeout", "read_timeout",
                                    "send_timeout", "client_max_body_size", "image", "health")
              if k in spec}
    return Proxy(tls=Tls(tls["certificate"], tls["key"]) if tls else None, **fields)


def _added_proxy(proxy: Proxy | None, services: tuple[Service, ...],
                 doc: Document) -> tuple[Service, ...]:
    """compose mode: the nginx service named `proxy` in front of the routes, unless one exists."""
    if proxy is None or proxy.mode != "compose" or not any(s.routes for s in services):
        return ()
    if any(s.kind == Kind.PROXY for s in services):
        return ()  # the manifest's own nginx service is the proxy
    spec: dict[str, Any] = {"preset": "nginx", "image": proxy.image,
                            "internal_port": 443 if proxy.tls else 80}
    if proxy.port is not None:
        spec["port"] = proxy.port
    return (_service("proxy", spec, doc),)


def _model(data: dict[str, Any], doc: Document, path: Path) -> Manifest:
    network = _network(data["network"]) if "network" in data else None
    services = tuple(_service(name, spec, doc) for name, spec in data["services"].items())
    proxy = _proxy(data.get("proxy"))
    if proxy is None and any(s.routes for s in services):
        proxy = Proxy()
    services += _added_proxy(proxy, services, doc)
    manifest = Manifest(
        name=data["name"],
        services=services,
        variants=_variants(data, network),
        network=network,
        proxy=proxy,
        registry=data.get("registry", ""),
        targets=tuple(data.get("targets", ("compose",))),  # the schema holds them to the registry's names
        image_prefix=data.get("image_prefix", ""),
        source=path,
    )
    # `images:` stands in for preset defaults only: a service's own `image:` wins
    own = [name for name, spec in data["services"].items() if "image" in spec]
    if "image" in (data.get("proxy") or {}):
        own.append("proxy")
    return with_images(manifest, data.get("images") or {}, own)


__all__ = ["DEFAULT_FILE", "build", "dotted", "image_problem", "load", "loads", "manifest_schema"]
