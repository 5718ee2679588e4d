"""Checks beyond the schema: dependencies, ports, images, values, routes, proxy, variables, variants."""

from __future__ import annotations

import re
import shlex
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from pathlib import PurePosixPath
from typing import Any

from scaffold.errors import Problem
from scaffold.manifest import graph
from scaffold.manifest.hints import did_you_mean
from scaffold.manifest.images import image_problem
from scaffold.manifest.model import BACKING_KINDS, Export, Kind
from scaffold.manifest.presets import generated_secrets, lookup
from scaffold.manifest.source import Document, Path_, as_written
from scaffold.patterns import Lazy
from scaffold.records import record

# characters that cannot travel safely through YAML, compose interpolation, .env files or nginx
_CONTROL = Lazy(r"[\x00-\x08\x0b-\x1f\x7f]")
_COMPOSE_UNSAFE_DEFAULT = Lazy(r"[$}\n\r]")


def _services(doc: Document) -> dict[str, dict[str, Any]]:
    services = doc.data.get("services")
    if not isinstance(services, dict):
        return {}
    return {k: v for k, v in services.items() if isinstance(v, dict)}


Check = Callable[[Document, dict[str, dict[str, Any]]], list[Problem]]


def semantic_problems(doc: Document, schema_valid: bool = True) -> list[Problem]:
    """Every problem the schema cannot see.

    The checks read a document the schema accepted. When it did not, they still run, so
    that one pass reports as much as it can, but a check that trips over a value of the
    wrong shape (a list where a name belongs) is dropped: the schema has already said
    what is wrong there. On a valid document such an error is a bug and goes up.
    """
    services = _services(doc)
    out: list[Problem] = []
    for check in _CHECKS:
        try:
            out += check(doc, services)
        except (TypeError, KeyError, AttributeError, ValueError):
            if schema_valid:
                raise
    return out


def _backing(spec: dict[str, Any]) -> bool:
    preset = lookup(spec.get("preset"))
    return preset is not None and preset.backing is not None


def _stand_in(spec: dict[str, Any]) -> bool:
    """Whether SQLite stands in for the service in a variant with database: sqlite."""
    preset = lookup(spec.get("preset"))
    return preset is not None and preset.backing is not None and preset.backing.sqlite_stand_in


def _preset_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    """A version the preset refuses, and `auth: false` where the preset needs its secrets."""
    out = []
    for name, spec in services.items():
        preset = lookup(spec.get("preset"))
        if preset is None:
            continue
        version = as_written(spec.get("version")) or str(spec.get("version", ""))
        if version in preset.refused_versions:
            out.append(doc.problem(("services", name, "version"),
                                   f"{preset.name} {version} is refused: use {preset.version} "
                                   f"(refused: {', '.join(preset.refused_versions)})"))
        if spec.get("auth") is False and not preset.auth_optional:
            out.append(doc.problem(("services", name, "auth"),
                                   f"a {preset.name} service always has its credentials; only "
                                   "presets with optional auth (redis) take auth: false"))
    return out


def _replica_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    """A database or cache keeps its data in one volume, which two replicas would both write."""
    return [doc.problem(("services", name, "replicas"),
                        f"a {spec['preset']} service runs as one replica: its data lives in one volume")
            for name, spec in services.items()
            if _backing(spec) and isinstance(spec.get("replicas"), int)
            and not isinstance(spec.get("replicas"), bool) and spec["replicas"] > 1]


def _variant_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    out = []
    variants = doc.data.get("variants")
    only_databases = bool(services) and all(_stand_in(s) for s in services.values())
    for vname, vspec in (variants.items() if isinstance(variants, dict) else ()):
        if only_databases and isinstance(vspec, dict) and vspec.get("database") == "sqlite":
            out.append(doc.problem(("variants", vname, "database"),
                                   "with SQLite in place of Postgres this variant would run no service at all"))
        overrides = vspec.get("services") if isinstance(vspec, dict) else None
        for sname in overrides if isinstance(overrides, dict) else ():
            if sname not in services:
                hint = did_you_mean(sname, services)
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
        for i, item in enumerate(deps):
            dep = item.get("service") if isinstance(item, dict) else item
            if not isinstance(dep, str):
                continue
            where: Path_ = ("services", name, "depends_on", i, *(("service",) if isinstance(item, dict) else ()))
            if dep in edges[name]:
                out.append(doc.problem(where, f"'{dep}' is listed twice"))
            elif dep == name:
                out.append(doc.problem(where, f"'{name}' cannot depend on itself"))
            elif dep not in services:
                hint = did_you_mean(dep, services)
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


def _image_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    out = []
    for name, spec in services.items():
        image = spec.get("image")
        if isinstance(image, str) and image:
            why = image_problem(image)
            if why:
                out.append(doc.problem(("services", name, "image"), why))
    out += _version_problems(doc, services)
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


_TAG_TEXT = Lazy(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")


def _version_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    """A preset's `version` becomes an image tag: the same rules as a tag in `image:`."""
    out = []
    for name, spec in services.items():
        version = spec.get("version")
        if version is None or isinstance(version, bool) or not isinstance(version, str | int | float):
            continue
        text = as_written(version) or str(version)
        where = ("services", name, "version")
        if text == "latest":
            out.append(doc.problem(where, "version 'latest' moves under you; name a version, "
                                          "e.g. \"17\" (the same rule as an image tag)"))
        elif not _TAG_TEXT.fullmatch(text):
            out.append(doc.problem(where, f"version {text!r} cannot be an image tag: letters, "
                                          f"digits, '_', '.' and '-', at most 128"))
    return out


def _command_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    """A string `command:` is split into words as compose splits it; it must split."""
    out = []
    for name, spec in services.items():
        command = spec.get("command")
        if isinstance(command, dict):  # {value, secrets}
            command = command.get("value")
        if isinstance(command, str):
            try:
                shlex.split(command)
            except ValueError as exc:
                out.append(doc.problem(("services", name, "command"),
                                       f"cannot split the command into words: {exc} "
                                       "(or write it as a list)"))
    return out


def _registry_problems(doc: Document, _services: dict[str, dict[str, Any]]) -> list[Problem]:
    """`registry:` names a file: not a folder (`/`, `dir/`), not `.` or `..`."""
    registry = doc.data.get("registry")
    if isinstance(registry, str) and (registry.endswith("/") or PurePosixPath(registry).name in ("", ".", "..")):
        return [doc.problem(("registry",), f"{registry!r} names a folder; the port registry is a "
                                           f"file, e.g. ../ports/port-registry.json")]
    return []


def _path_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    """An app's build context stays inside the project: relative, without `..` out of it,
    and literal (compose would expand `${HOME}` in it)."""
    out = []
    for name, spec in services.items():
        path = spec.get("path")
        if not isinstance(path, str):
            continue
        where = ("services", name, "path")
        parts = PurePosixPath(path).parts
        if path.startswith(("/", "~")) or "\\" in path or ":" in path.split("/")[0]:
            out.append(doc.problem(where, f"path {path!r} must be relative to the manifest's folder"))
        elif "$" in path:
            out.append(doc.problem(where, f"path {path!r} holds '$': compose would expand it; "
                                          "name a folder of the project as it is"))
        elif _escapes(parts):
            out.append(doc.problem(where, f"path {path!r} leads out of the project's folder"))
    return out


def _mount_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    """Bind mounts and watched paths stay inside the project, as build contexts do."""
    out = []
    for name, spec in services.items():
        places: list[tuple[Path_, Any]] = [
            (("services", name, "volumes", i), str(v).split(":")[0])
            for i, v in enumerate(_list(spec.get("volumes")))]
        develop = spec.get("develop")
        watch = develop.get("watch") if isinstance(develop, dict) else None
        places += [(("services", name, "develop", "watch", i, "path"), w.get("path"))
                   for i, w in enumerate(_list(watch)) if isinstance(w, dict)]
        for where, path in places:
            if isinstance(path, str) and path.startswith(".") and _escapes(PurePosixPath(path).parts):
                out.append(doc.problem(where, f"{path!r} leads out of the project's folder; "
                                              "mount files of the project only"))
    return out


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _from_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    """`from:` names another service that is built or pulled, and says its own preset no more."""
    out = []
    for name, spec in services.items():
        source = spec.get("from")
        if not isinstance(source, str):
            continue
        where = ("services", name, "from")
        other = services.get(source)
        if source == name:
            out.append(doc.problem(where, f"'{name}' cannot share its own build"))
        elif other is None:
            out.append(doc.problem(where, f"from unknown service '{source}'{did_you_mean(source, services)}"))
        elif "from" in other:
            out.append(doc.problem(where, f"'{source}' shares the build of '{other['from']}'; "
                                          f"write from: {other['from']}"))
        elif other.get("preset") not in (*_BUILT, "image"):
            out.append(doc.problem(where, f"'{source}' is a {other.get('preset')} service; from "
                                          "shares the build or image of an app or image service"))
        elif "preset" in spec and spec["preset"] != other.get("preset"):
            out.append(doc.problem(("services", name, "preset"),
                                   f"from: {source} takes its preset ({other.get('preset')}); leave preset out"))
    return out


_BUILT = ("fastapi", "django", "express", "nextjs", "build")


def _role_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    """A worker or a job listens on nothing: no port, no route, no HTTP probe; a job runs once."""
    out = []
    for name, spec in services.items():
        role = spec.get("role")
        if role not in ("worker", "job"):
            continue
        for key in ("port", "internal_port", "routes", "publish"):
            if key in spec:
                out.append(doc.problem(("services", name, key), f"a {role} listens on nothing; "
                                       f"'{key}' belongs to a service that does", key=True))
        health = spec.get("healthcheck")
        if isinstance(health, dict) and ("http" in health or "tool" in health):
            out.append(doc.problem(("services", name, "healthcheck"),
                                   f"a {role} answers no HTTP; give a healthcheck command, or none"))
        if role == "job" and spec.get("replicas", 1) != 1:
            out.append(doc.problem(("services", name, "replicas"), "a job runs once: one replica"))
    return out


# compose keys scaffold writes itself, and the manifest's word for each
_SCAFFOLD_KEYS = {
    "image": "image", "build": "path, dockerfile, target or args", "environment": "env",
    "env_file": "env with {secret: true}", "ports": "port or ports", "depends_on": "depends_on",
    "healthcheck": "healthcheck", "command": "command", "entrypoint": "entrypoint",
    "volumes": "volumes", "tmpfs": "volumes (named volumes are tmpfs in ephemeral variants)",
    "restart": "restart", "stop_signal": "stop_signal", "secrets": "secrets", "develop": "develop",
    "deploy": "replicas or resources", "networks": "the manifest's network",
}


def _compose_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    """The escape hatch adds keys; it never overrides one scaffold writes from the manifest."""
    out = []
    for name, spec in services.items():
        extra = spec.get("compose")
        for key in extra if isinstance(extra, dict) else ():
            if key in _SCAFFOLD_KEYS:
                word = _SCAFFOLD_KEYS[key]
                instead = f"; say it with {word}" if word else ""
                out.append(doc.problem(("services", name, "compose", key),
                                       f"scaffold writes '{key}' itself{instead}", key=True))
    return out


def _exports(preset_name: str) -> tuple[Export, ...]:
    preset = lookup(preset_name)
    return preset.backing.exports if preset is not None and preset.backing is not None else ()


def _wired(name: str, services: dict[str, dict[str, Any]]) -> tuple[str, str]:
    """(what a dependency hands out: backing, http or nothing, its preset) as
    conventions.url_variables reads the model; `from:` lends the preset."""
    spec = services[name]
    preset_name = spec.get("preset") or services.get(spec.get("from", ""), {}).get("preset", "")
    preset = lookup(preset_name)
    if preset is None:
        return "nothing", ""
    if preset.backing is not None:
        return "backing", preset_name
    listens = spec.get("internal_port", preset.internal_port) is not None or "from" in spec
    return ("http" if spec.get("role", "service") == "service" and listens else "nothing"), preset_name


def _variables(name: str, spec: dict[str, Any],
               services: dict[str, dict[str, Any]]) -> list[tuple[int, str, str]]:
    """(index in depends_on, dependency, the variable it hands `name`) for each wired dependency."""
    deps = [(i, d if isinstance(d, str) else d.get("service"), d.get("env") if isinstance(d, dict) else None)
            for i, d in enumerate(_list(spec.get("depends_on")))]
    deps = [(i, d, env) for i, d, env in deps if isinstance(d, str) and d in services and d != name]
    kinds = {d: _wired(d, services) for _, d, _ in deps}
    exports = {d: _exports(p) for d, (what, p) in kinds.items() if what == "backing"}
    count = Counter(e.name for listed in exports.values() for e in listed)
    out = []
    for i, d, env in deps:
        what = kinds[d][0]
        prefix = d.upper().replace("-", "_")
        first = exports.get(d, ())[:1]
        if first:  # as conventions.exported_names: the name, or its `several` form when two share it
            variable = first[0].name if count[first[0].name] == 1 else first[0].several.replace("{PREFIX}", prefix)
        else:
            variable = f"{prefix}_URL" if what == "http" else ""
        if variable or env:
            out.append((i, d, env if isinstance(env, str) else variable))
    return out


def _wiring_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    """Two dependencies never hand one variable; a rename names a dependency that hands one."""
    out = []
    for name, spec in services.items():
        seen: dict[str, str] = {}
        for i, dep, variable in _variables(name, spec, services):
            where = ("services", name, "depends_on", i)
            if _wired(dep, services)[0] == "nothing":
                out.append(doc.problem((*where, "env"), f"'{dep}' hands out no URL "
                                       "(a worker, a job, or a service without internal_port)"))
            elif variable in seen:
                out.append(doc.problem(where, f"'{dep}' and '{seen[variable]}' would both set "
                                       f"{variable}; rename one: {{service: {dep}, env: OTHER_URL}}"))
            seen.setdefault(variable, dep)
    return out


def _secret_in_value_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    """`{value, secrets}`: each secret named appears in the value as ${NAME}."""
    out = []
    for _name, path, _key, value in _env_places(doc, services):
        if not isinstance(value, dict) or not isinstance(value.get("value"), str):
            continue
        for i, secret in enumerate(_list(value.get("secrets"))):
            if isinstance(secret, str) and f"${{{secret}}}" not in value["value"]:
                out.append(doc.problem((*path, "secrets", i),
                                       f"{secret} does not appear as ${{{secret}}} in the value"))
    return out + _secret_in_command_problems(doc, services)


def _secret_in_command_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    """`command: {value, secrets}`: each secret named appears in one of its words as ${NAME};
    not on swarm."""
    out = []
    targets = doc.data.get("targets")
    swarm = isinstance(targets, list) and "swarm" in targets
    for name, spec in services.items():
        command = spec.get("command")
        if not isinstance(command, dict):
            continue
        value = command.get("value")
        words = [value] if isinstance(value, str) else [w for w in _list(value) if isinstance(w, str)]
        for i, secret in enumerate(_list(command.get("secrets"))):
            if isinstance(secret, str) and not any(f"${{{secret}}}" in w for w in words):
                out.append(doc.problem(("services", name, "command", "secrets", i),
                                       f"{secret} does not appear as ${{{secret}}} in the command"))
        if swarm:  # it reads secrets from files through `sh -c`, which the image's entrypoint would get
            out.append(doc.problem(("services", name, "command"),
                                   "a command holding a secret renders for compose and k8s only: "
                                   "swarm would run it through `sh -c` past the image's entrypoint; "
                                   "drop swarm from targets or read the secret from env"))
    return out


def _name_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    """`_` is a compose name's letter, not a DNS label's: `a_b` and `a-b` would share their
    variables (A_B_URL, A_B_PASSWORD), and Kubernetes names cannot hold it."""
    out = []
    seen: dict[str, str] = {}
    k8s = isinstance(doc.data.get("targets"), list) and "k8s" in doc.data["targets"]
    for name in services:
        twin = seen.setdefault(name.replace("_", "-"), name)
        if twin != name:
            out.append(doc.problem(("services", name), f"'{name}' and '{twin}' would share their "
                                   "variables (only '_' and '-' tell them apart)", key=True))
        elif k8s and "_" in name:
            out.append(doc.problem(("services", name), f"'{name}': Kubernetes names are DNS labels, "
                                   "without '_'; rename it, or leave k8s out of targets", key=True))
    return out


def _escapes(parts: tuple[str, ...]) -> bool:
    depth = 0
    for part in parts:
        depth += -1 if part == ".." else 0 if part == "." else 1
        if depth < 0:
            return True
    return False


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
    out = [doc.problem(path, "contains a control character, which no generated file can carry")
           for path, text in _walk_strings(doc.data, ()) if _CONTROL.search(text)]
    for _, path, _, value in _env_places(doc, services):
        default = value.get("default") if isinstance(value, dict) else None
        if isinstance(default, str) and _COMPOSE_UNSAFE_DEFAULT.search(default):
            out.append(doc.problem((*path, "default"),
                                   "a default cannot hold '$', '}' or a line break "
                                   "(compose interpolation and .env files cannot carry them)"))
        if isinstance(value, str) and ("\n" in value or "\r" in value):
            out.append(doc.problem(path, "a line break cannot be carried into .env or a container's "
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
_ROUTE = Lazy(r"^/[A-Za-z0-9._~/@+-]*$")


@record
class _Claim:
    """Who claims a route path, and where the manifest says so."""

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
        preset = lookup(spec.get("preset", ""))
        for i, path, is_obj, overrides in _route_items(spec):
            where: Path_ = ("services", name, "routes", i, *(("path",) if is_obj else ()))
            if preset and preset.kind in BACKING_KINDS:
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
    by_path: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        by_path.setdefault(c.path, []).append(i)
    for claim in claims:
        enclosing = _enclosing(claim, claims, by_path)
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
            hint = did_you_mean(wanted, services)
            out.append(doc.problem(where, f"overrides unknown service '{wanted}'{hint}"))
        elif not any(c.service == wanted for c in enclosing):
            out.append(doc.problem(where, f"route {claim.path} overrides '{wanted}', "
                                          f"but no route of '{wanted}' contains it"))
        elif nearest and nearest.service not in (wanted, claim.service):
            out.append(doc.problem(where, (
                f"route {claim.path} lies inside route {nearest.path} of '{nearest.service}', "
                f"so it overrides '{nearest.service}', not '{wanted}'")))
    return out


def _enclosing(claim: _Claim, claims: list[_Claim], by_path: Mapping[str, list[int]]) -> list[_Claim]:
    """The other services' routes (but `/`) that contain this claim's path.

    They are found by looking up the claim's prefixes, not by searching every claim:
    a stack of 1000 services would otherwise be checked in quadratic time.
    """
    found = sorted(i for n in range(1, len(claim.path) + 1) for i in by_path.get(claim.path[:n], ()))
    return [claims[i] for i in found if claims[i].key != claim.key and claims[i].path != "/"]


_FILE = Lazy(r"^[A-Za-z0-9._/-]+$")  # the schema's pattern for proxy.tls files
_WILDCARD_NAME = Lazy(r"^(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?:\.\*)?$")


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
        hint = did_you_mean(health, routed)
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
        if services[name].get("publish") is False:
            out.append(doc.problem(("services", name, "publish"), (
                "with proxy.mode host nginx reaches each service on its host port, and "
                "publish: false leaves this one none; use mode: compose")))
        replicas = services[name].get("replicas", 1)
        if isinstance(replicas, int) and replicas > 1:
            out.append(doc.problem(("services", name, "replicas"), (
                "with proxy.mode host nginx reaches each service on one fixed host port, "
                "which replicas publish only as ephemeral ports; use mode: compose")))
    tls = proxy.get("tls")
    out += _host_listener_problems(doc, services, proxy)
    for key in ("certificate", "key"):
        value = tls.get(key) if isinstance(tls, dict) else None
        if isinstance(value, str) and _FILE.match(value) and not value.startswith("/"):
            out.append(doc.problem(("proxy", "tls", key), (
                "with proxy.mode host the host's nginx reads this file; give an absolute path")))
    return out


def _host_listener_problems(doc: Document, services: dict[str, dict[str, Any]],
                            proxy: dict[str, Any]) -> list[Problem]:
    """The host's nginx listens on the proxy's port (80, or 443 with TLS, when none is given) and
    on 80 to redirect to HTTPS: a service fixed on one of them would be proxied to nginx itself."""
    port = proxy.get("port")
    if isinstance(port, int) and not isinstance(port, bool):
        listens = {port: "proxy.port"}
    else:
        listens = {443 if proxy.get("tls") else 80: "the host's nginx (proxy.port not given)"}
    if proxy.get("tls") and 80 not in listens:
        listens[80] = "the host's nginx, redirecting HTTP to HTTPS"
    out = []
    for name, spec in services.items():
        fixed = spec.get("port")
        if isinstance(fixed, int) and fixed in listens and listens[fixed] != "proxy.port":
            out.append(doc.problem(("services", name, "port"), (
                f"host port {fixed} is where {listens[fixed]} listens in proxy.mode host; "
                f"nginx would proxy to itself: choose another port")))
    return out


def _env_places(doc: Document, services: dict[str, dict[str, Any]]
                ) -> Iterator[tuple[str, Path_, str, Any]]:
    """Every env entry of the manifest as (service or "", its path, key, value): the services'
    own, then each variant's for all services and for one."""
    for name, spec in services.items():
        yield from ((name, ("services", name, "env", k), k, v) for k, v in _mapping(spec.get("env")))
    for vname, variant in _mapping(doc.data.get("variants")):
        if not isinstance(variant, dict):
            continue
        base = ("variants", vname)
        yield from (("", (*base, "env", k), k, v) for k, v in _mapping(variant.get("env")))
        for sname, change in _mapping(variant.get("services")):
            env = change.get("env") if isinstance(change, dict) else None
            yield from ((sname, (*base, "services", sname, "env", k), k, v) for k, v in _mapping(env))


def _mapping(value: Any) -> list[tuple[str, Any]]:
    return list(value.items()) if isinstance(value, dict) else []


def _variable_problems(doc: Document, services: dict[str, dict[str, Any]]) -> list[Problem]:
    """One .env variable means one thing: a secret in one place is not a setting in another.

    The passwords a database or cache preset reads from .env are secrets too, and a variant
    may not turn a service's secret into a literal or a setting.
    """
    out = []
    seen: dict[str, tuple[str, str]] = {
        variable: ("secret", name) for name, spec in services.items()
        for variable in generated_secrets(name, spec.get("preset"), spec.get("auth", True))}
    secret_keys = {(name, key) for name, path, key, value in _env_places(doc, services)
                   if path[0] == "services" and isinstance(value, dict) and value.get("secret")}
    for name, path, key, value in _env_places(doc, services):
        owner = name or "every service"
        if not isinstance(value, dict):
            if path[0] == "variants" and (any(k == key for _, k in secret_keys) if not name
                                          else (name, key) in secret_keys):
                out.append(doc.problem(path, f"{key} is a secret of the service; a variant may "
                                             "not set it as a literal value", key=True))
            continue
        source = "secret" if value.get("secret") else "setting"
        variable = value.get("variable", key)
        if not isinstance(variable, str):
            continue
        if variable in seen and seen[variable][0] != source:
            other_source, other = seen[variable]
            out.append(doc.problem(path, f"variable {variable} is a {source} here but a "
                                         f"{other_source} in '{other}'", key=True))
        seen.setdefault(variable, (source, owner))
    return out


_CHECKS: tuple[Check, ...] = (
    _preset_problems, _dependency_problems, _port_problems, _image_problems, _value_problems, _route_problems,
    _proxy_problems, _variable_problems, _variant_problems, _replica_problems, _path_problems,
    _command_problems, _registry_problems, _from_problems, _role_problems, _mount_problems,
    _compose_problems, _wiring_problems, _secret_in_value_problems, _name_problems,
)
