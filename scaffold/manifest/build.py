"""Loading a manifest: YAML (`source`) -> JSON Schema (`schema`) -> `checks` -> the frozen `model`.

Every problem is collected before anything is reported, so a user fixes a
manifest in one pass instead of one error per run.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from scaffold.errors import InputError, Problem
from scaffold.manifest import catalog
from scaffold.manifest.catalog import Preset, fill
from scaffold.manifest.checks import semantic_problems
from scaffold.manifest.images import with_images
from scaffold.manifest.model import (
    DEFAULT_RESOURCES,
    Build,
    EnvVar,
    HealthCheck,
    Kind,
    Manifest,
    Network,
    PortMapping,
    Proxy,
    Resources,
    Route,
    Service,
    Tls,
    Variant,
    Volume,
    Watch,
)
from scaffold.manifest.presets import (
    HEALTH_PATH,
    PRESETS,
    generated_secrets,
    http_probe,
    known,
    lookup,
    project_presets,
    required_secrets,
)
from scaffold.manifest.schema import manifest_schema, schema_problems
from scaffold.manifest.source import Document, as_written, parse, read

DEFAULT_FILE = "scaffold.yaml"


def load(path: Path) -> Manifest:
    """Read, validate and model the manifest at `path` (with the project's presets/ beside it);
    raise InputError listing every problem."""
    doc = read(path)
    with project_presets(catalog.project(path.parent)):
        return build(doc, path)


def loads(text: str, file: str = DEFAULT_FILE) -> Manifest:
    return build(parse(text, file), Path(file))


def _schema() -> dict[str, Any] | None:
    """The manifest's schema with the project's presets in its `preset` enum; None (the built-in
    schema, checked by its compiled validator without reading the JSON) when there are none."""
    names = known()
    if len(names) == len(PRESETS):
        return None
    schema = manifest_schema()
    preset = {**schema["$defs"]["service"]["properties"]["preset"], "enum": list(names)}
    service = {**schema["$defs"]["service"]}
    service["properties"] = {**service["properties"], "preset": preset}
    return {**schema, "$defs": {**schema["$defs"], "service": service}}


def build(doc: Document, path: Path) -> Manifest:
    problems = list(doc.problems)
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "the manifest must be a mapping with 'name' and 'services'"))
        raise InputError(_summary(problems), problems)
    schema = schema_problems(doc, _schema())
    problems += schema + semantic_problems(doc, schema_valid=not schema)
    if problems:
        raise InputError(_summary(problems), problems)
    return _model(doc.data, doc, path)


def _summary(problems: list[Problem]) -> str:
    n = len(problems)
    return f"{n} problem{'s' if n != 1 else ''} in {problems[0].file}; nothing was written"


def _str(value: Any) -> str:
    """An environment value as text: numbers exactly as the manifest wrote them (`01234`, `1.10`)."""
    written = as_written(value)
    if written is not None:
        return written
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return repr(value)
    return str(value)


def _env(spec: Mapping[str, Any] | None) -> tuple[EnvVar, ...]:
    out = []
    for key, value in sorted((spec or {}).items()):
        if isinstance(value, dict) and "secrets" in value:
            out.append(EnvVar(name=key, source="literal", value=value["value"],
                              description=value.get("description", ""),
                              secrets=tuple(value["secrets"])))
        elif isinstance(value, dict):
            secret = bool(value.get("secret"))
            out.append(EnvVar(
                name=key,
                source="secret" if secret else "setting",
                value="" if secret else _str(value["default"]),
                variable=value.get("variable", key),
                description=value.get("description", ""),
            ))
        else:
            out.append(EnvVar(name=key, source="literal", value=_str(value)))
    return tuple(out)


def _required_env(name: str, spec: dict[str, Any]) -> tuple[EnvVar, ...]:
    """The secrets the preset's code needs that the manifest did not list itself."""
    own = spec.get("env") or {}
    return tuple(EnvVar(name=key, source="secret", variable=variable,
                        description=f"{key} for '{name}': its code does not start without it.")
                 for key, variable in required_secrets(name, spec["preset"]) if key not in own)


def _healthcheck(spec: dict[str, Any], preset: Preset, port: int | None,
                 values: dict[str, str]) -> HealthCheck | None:
    custom = spec.get("healthcheck")
    if custom is False or spec.get("role") == "job":
        return None
    if spec.get("role") == "worker" and not (isinstance(custom, dict) and "command" in custom):
        return None  # a worker answers nothing scaffold could ask
    custom = custom if isinstance(custom, dict) else {}
    timing = {k: custom[k] for k in ("interval", "timeout", "start_period", "retries") if k in custom}
    if "command" in custom:
        return HealthCheck(test=("CMD-SHELL", custom["command"].replace("$", "$$")), **timing)
    if preset.health:
        test = tuple(fill(word, values, lambda _name: "") for word in preset.health)
        return HealthCheck(test=test, **{**dict(preset.health_timing), **timing})
    if port is None:
        return None
    path = custom.get("http", HEALTH_PATH)
    tool = custom.get("tool", preset.runtime or "wget")
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


def _words(value: Any) -> tuple[str, ...]:
    """A command or entrypoint: a string is split as compose splits it."""
    if isinstance(value, str):
        return tuple(shlex.split(value))
    return tuple(value or ())


def _command_value(value: Any) -> Any:
    """A command's words as written: `{value, secrets}` holds them in `value`."""
    return value["value"] if isinstance(value, dict) else value


def _command_secrets(value: Any) -> tuple[str, ...]:
    return tuple(value["secrets"]) if isinstance(value, dict) else ()


def _volume(entry: str | dict[str, Any]) -> Volume:
    if isinstance(entry, dict):  # a path of the host, said on purpose
        return Volume(source=entry["host"], target=entry["target"],
                      read_only=bool(entry.get("read_only", False)))
    source, target, *mode = entry.split(":")
    return Volume(source=source, target=target, read_only=mode == ["ro"])


def _ports(items: list[dict[str, Any]] | None) -> tuple[PortMapping, ...]:
    return tuple(PortMapping(port=p["port"], internal=p["internal"], protocol=p.get("protocol", "tcp"),
                             bind=p.get("bind", "127.0.0.1")) for p in items or ())


def _watch(spec: dict[str, Any] | None) -> tuple[Watch, ...]:
    return tuple(Watch(path=w["path"], action=w["action"], target=w.get("target", ""),
                       ignore=tuple(w.get("ignore", ()))) for w in (spec or {}).get("watch", ()))


def resolved(name: str, services: Mapping[str, Any]) -> dict[str, Any]:
    """A service's spec with what `from:` shares filled in from the service it names."""
    spec = dict(services[name])
    source = services.get(spec.get("from", ""))
    if not isinstance(source, dict):
        return spec
    shared = ["preset", "path", "dockerfile", "target", "args", "image", "version"]
    if spec.get("role", "service") == "service":
        shared.append("internal_port")
    for key in shared:
        if key in source and key not in spec:
            spec[key] = source[key]
    if spec.get("preset") in ("fastapi", "django", "express", "nextjs", "build") and "path" not in spec:
        spec["path"] = f"services/{spec['from']}"
    return spec


def _dependencies(spec: dict[str, Any]) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """(dependency names, renames) from depends_on's names and {service, env} items."""
    items = spec.get("depends_on", ())
    names = tuple(d if isinstance(d, str) else d["service"] for d in items)
    return names, tuple((d["service"], d["env"]) for d in items if isinstance(d, dict))


def _clean(path: str) -> str:
    """`./backend/` -> `backend`: the templates write `./` before it themselves."""
    while path.startswith("./"):
        path = path[2:]
    return path.rstrip("/") or "."


def _build(spec: dict[str, Any]) -> Build:
    args = tuple((k, _str(v)) for k, v in sorted((spec.get("args") or {}).items()))
    return Build(dockerfile=spec.get("dockerfile", ""), target=spec.get("target", ""), args=args)


def _service(name: str, spec: dict[str, Any], doc: Document) -> Service:
    preset = lookup(spec["preset"])
    assert preset is not None  # the schema holds `preset` to the known names
    version = _str(spec.get("version", preset.version))
    role = spec.get("role", "service")
    internal_port = spec.get("internal_port", preset.internal_port) if role == "service" else None
    credentials = _credentials(name, spec, preset)
    depends_on, renames = _dependencies(spec)
    line, column = doc.where(("services", name), key=True)
    values = {"user": credentials["user"], "database": credentials["database"], "host": name,
              "port": str(internal_port), "PREFIX": name.upper().replace("-", "_"), "service": name}
    return Service(
        name=name,
        preset=preset.name,
        kind=preset.kind,
        port=spec.get("port") if role == "service" else None,
        internal_port=internal_port,
        depends_on=depends_on,
        env=_env(spec.get("env")) + _required_env(name, spec),
        routes=_routes(spec, doc, name),
        image=spec.get("image") or preset.image_for(version),
        version=version if preset.version else "",
        path=_clean(spec.get("path", f"services/{name}")),
        healthcheck=_healthcheck(spec, preset, internal_port, values),
        replicas=spec.get("replicas", 1),
        command=_words(_command_value(spec.get("command"))),
        command_secrets=_command_secrets(spec.get("command")),
        **credentials,
        template=preset.template,
        backing=preset.backing,
        resources=_resources(spec.get("resources"), preset.kind),
        **_runtime(spec),
        role=role,
        renames=renames,
        line=line,
        column=column,
    )


def _credentials(name: str, spec: dict[str, Any], preset: Preset) -> dict[str, Any]:
    """A backing service's user, database, whether it asks a password, and the .env variable."""
    auth = spec.get("auth", True) is not False
    return {
        "user": spec.get("user", preset.user) if preset.user else "",
        "database": spec.get("database", preset.database) if preset.database else "",
        "auth": auth,
        "password_variable": next(iter(generated_secrets(name, spec["preset"], auth)), ""),
    }


def _runtime(spec: dict[str, Any]) -> dict[str, Any]:
    """How the container is built and run, beyond what every preset has."""
    return {
        "build": _build(spec),
        "entrypoint": _words(spec.get("entrypoint")),
        "volumes": tuple(_volume(v) for v in spec.get("volumes", ())),
        "restart": spec.get("restart", ""),
        "stop_signal": spec.get("stop_signal", ""),
        "publish": spec.get("publish", True),
        "ports": _ports(spec.get("ports")),
        "secrets": tuple(spec.get("secrets", ())),
        "watch": _watch(spec.get("develop")),
        "compose": tuple(sorted((spec.get("compose") or {}).items())),
        "from_service": spec.get("from", ""),
    }


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
        starts_from = name if name in _BUILTIN_VARIANTS else spec.get("base")
        base_name: Literal["local", "ci"] = "ci" if starts_from == "ci" else "local"
        base = dict(_BUILTIN_VARIANTS[base_name])
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
            service_changes=tuple((svc, _changes(over))
                                  for svc, over in sorted((spec.get("services") or {}).items())),
            base=base_name,
            restart="unless-stopped" if base_name == "local" else "",
        ))
    return tuple(out)


def _changes(over: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """A variant's per-service changes as Service fields (`env` travels on its own)."""
    out: list[tuple[str, Any]] = []
    if "command" in over:
        out += [("command", _words(over["command"])), ("command_secrets", ())]
    if "ports" in over:  # a variant that names ports publishes them, `publish: false` or not
        out += [("ports", _ports(over["ports"])), ("publish", True)]
    if "volumes" in over:
        out.append(("volumes", tuple(_volume(v) for v in over["volumes"])))
    if "replicas" in over:
        out.append(("replicas", over["replicas"]))
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


def _warnings(data: dict[str, Any], doc: Document) -> tuple[str, ...]:
    """What is allowed but worth saying: a port published on every interface, a host path mounted."""
    ports = tuple(
        str(doc.problem(("services", name, "ports", i, "bind"),
                        f"port {item['port']} is published on 0.0.0.0: reachable from every "
                        "network this host is on, the LAN included"))
        for name, spec in data["services"].items()
        for i, item in enumerate(spec.get("ports", ())) if item.get("bind") == "0.0.0.0")
    hosts = tuple(
        str(doc.problem(("services", name, "volumes", i, "host"),
                        f"{item['host']} of the host is mounted: the container sees (and, unless "
                        "read_only, changes) the host's own file, outside the project"))
        for name, spec in data["services"].items()
        for i, item in enumerate(spec.get("volumes", ())) if isinstance(item, dict))
    return ports + hosts


def _model(data: dict[str, Any], doc: Document, path: Path) -> Manifest:
    network = _network(data["network"]) if "network" in data else None
    services = tuple(_service(name, resolved(name, data["services"]), doc) for name in data["services"])
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
        warnings=_warnings(data, doc),
    )
    # `images:` stands in for preset defaults only: a service's own `image:` wins
    own = [name for name, spec in data["services"].items() if "image" in spec]
    if "image" in (data.get("proxy") or {}):
        own.append("proxy")
    return with_images(manifest, data.get("images") or {}, own)

