"""Presets as data: the built-in templates/presets/NAME.yaml and a project's presets/NAME.yaml, validated.

Each file says what a service of that preset runs and how it is wired, checked and kept
(schemas/preset.schema.json). A broken file is a located problem, `presets/x.yaml:LINE:COL: ...`,
like a broken manifest; a project preset may not take a built-in's name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from scaffold.errors import InputError, Problem
from scaffold.manifest.model import BACKING_KINDS, Backing, Export, Kind
from scaffold.manifest.schema import schema_problems
from scaffold.manifest.source import Document, parse, read_text
from scaffold.patterns import Lazy
from scaffold.records import record
from scaffold.resources import schema_text, templates_dir

PROJECT_FOLDER = "presets"  # beside the manifest
GENERIC_TEMPLATE = "compose/backing.yml.j2"
BUILTIN = "built-in"
PLACEHOLDERS = ("user", "database", "host", "port", "PREFIX", "service")
_PLACEHOLDER = Lazy(r"\{(secret:)?([A-Za-z_][A-Za-z0-9_]*)\}")


@record
class Preset:
    """One preset, as its file says; `origin` is `built-in` or the project file's path."""

    name: str
    kind: Kind
    internal_port: int | None
    runtime: str  # apps: which one-liner can probe HTTP inside the image ("python", "node")
    image: str  # default image ("{version}" filled in), or an app's default base image
    version: str = ""  # default version for images with one
    refused_versions: tuple[str, ...] = ()
    template: str = GENERIC_TEMPLATE
    auth_optional: bool = False
    user: str = ""
    database: str = ""
    health: tuple[str, ...] = ()  # a compose healthcheck `test`, placeholders not filled in
    health_timing: tuple[tuple[str, Any], ...] = ()  # interval, timeout, start_period, retries
    backing: Backing | None = None
    description: str = ""
    origin: str = BUILTIN
    text: str = ""  # the file as written, for `scaffold presets show`
    scaffolded: bool = True  # an app preset whose code `new`, `add-service` and `generate` write

    def image_for(self, version: str) -> str:
        return self.image.format(version=version or self.version)


def fill(template: str, values: Mapping[str, str], secret: Callable[[str], str],
         text: Callable[[str], str] = lambda s: s) -> str:
    """`template` with each `{name}` from `values`, each `{secret:NAME}` by `secret(NAME)`, and
    the text between them through `text` (compose escapes its `$`)."""
    out, position = "", 0
    for match in _PLACEHOLDER.finditer(template):
        out += text(template[position:match.start()])
        position = match.end()
        out += secret(match[2]) if match[1] else values[match[2]]
    return out + text(template[position:])


@cache
def _schema() -> dict[str, Any]:
    import json  # here: only a project's own presets are checked against the schema

    schema: dict[str, Any] = json.loads(schema_text("preset.schema.json"))
    return schema


def _health(data: dict[str, Any]) -> tuple[tuple[str, ...], tuple[tuple[str, Any], ...]]:
    spec = data.get("healthcheck") or {}
    if "shell" in spec:
        test: tuple[str, ...] = ("CMD-SHELL", spec["shell"].replace("$", "$$"))
    elif "command" in spec:
        test = ("CMD", *(word.replace("$", "$$") for word in spec["command"]))
    else:
        test = ()
    timing = tuple((k, spec[k]) for k in ("interval", "timeout", "start_period", "retries") if k in spec)
    return test, timing


def _backing(data: dict[str, Any]) -> Backing | None:
    if Kind(data["kind"]) not in BACKING_KINDS:
        return None
    cluster = data.get("cluster") or {}
    return Backing(
        protocol=data.get("protocol", "tcp"),
        secrets=tuple((s["name"], s.get("description", "")) for s in data.get("secrets", ())),
        environment=tuple(sorted((data.get("environment") or {}).items())),
        command=tuple(data.get("command", ())),
        exports=tuple(Export(e["name"], e.get("several", "{PREFIX}_" + e["name"]), e["value"],
                             e.get("without_auth", "")) for e in data.get("exports", ())),
        sqlite_stand_in=data.get("sqlite_stand_in", False),
        data=data.get("data", ""),
        ci=data.get("ci", "tmpfs"),
        readiness=data.get("readiness", "tcp"),
        link=data.get("link", "tcp"),
        cluster_kind=cluster.get("kind", "statefulset" if data.get("data") else "deployment"),
        storage=cluster.get("storage", "1Gi"),
        port_name=cluster.get("port_name", "tcp"),
        swarm_secrets=cluster.get("secrets", "file"),
        start=tuple(cluster.get("start", ())),
    )


def _preset(data: dict[str, Any], origin: str, text: str) -> Preset:
    test, timing = _health(data)
    credentials = data.get("credentials") or {}
    return Preset(
        name=data["name"], kind=Kind(data["kind"]), internal_port=data.get("port"),
        runtime=data.get("runtime", ""), image=data["image"], version=data.get("version", ""),
        refused_versions=tuple(data.get("refused_versions", ())),
        template=data.get("template", GENERIC_TEMPLATE), auth_optional=data.get("auth") == "optional",
        user=credentials.get("user", ""), database=credentials.get("database", ""),
        health=test, health_timing=timing, backing=_backing(data),
        description=data.get("description", ""), origin=origin, text=text,
        scaffolded=data.get("scaffolded", True),
    )


def _placeholder_problems(doc: Document, data: dict[str, Any]) -> list[Problem]:
    """Each `{name}` a value uses must be one scaffold fills in, each `{secret:NAME}` a declared secret."""
    secrets = {s.get("name") for s in data.get("secrets", ()) if isinstance(s, dict)}
    places: list[tuple[tuple[str | int, ...], Any]] = [
        (("environment", k), v) for k, v in (data.get("environment") or {}).items()]
    places += [(("exports", i, key), e.get(key)) for i, e in enumerate(data.get("exports", ()))
               for key in ("value", "without_auth") if isinstance(e, dict)]
    places += [(("command", i), v) for i, v in enumerate(data.get("command", ()))]
    out = []
    for path, value in places:
        for match in _PLACEHOLDER.finditer(value if isinstance(value, str) else ""):
            if match[1] and match[2] not in secrets:
                out.append(doc.problem(path, f"{{secret:{match[2]}}} names no secret of this preset "
                                             f"(secrets: {', '.join(sorted(map(str, secrets))) or 'none'})"))
            elif not match[1] and match[2] not in PLACEHOLDERS:
                out.append(doc.problem(path, f"unknown placeholder {{{match[2]}}}; "
                                             f"known: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}"))
    return out


def _project_problems(doc: Document, data: dict[str, Any], stem: str) -> list[Problem]:
    out = []
    if data.get("name") != stem:
        out.append(doc.problem(("name",), f"the preset in {stem}.yaml must be named '{stem}'"))
    if stem in builtin():
        out.append(doc.problem(("name",), f"'{stem}' is a built-in preset; a project preset may not "
                                          "shadow it: give yours another name"))
    if Kind(data["kind"]) not in BACKING_KINDS:
        out.append(doc.problem(("kind",), "a project preset is a backing service: database, cache, "
                                          "broker, storage or mail"))
    if "template" in data:
        out.append(doc.problem(("template",), "only built-in presets name a template; yours renders "
                                              "from its data", key=True))
    return out


def load(text: str, where: str, origin: str, project: bool, validate: bool = True) -> Preset:
    """One preset file's text, validated: raise InputError listing every problem.

    The built-ins skip the schema (tests hold them to it): `scaffold --version` loads them
    and should not pay for jsonschema.
    """
    doc = parse(text, where)
    stem = Path(where).stem
    problems = list(doc.problems)
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "a preset file is a mapping with name, kind and image"))
    elif validate:
        problems += schema_problems(doc, _schema())
        if not problems:
            problems += _placeholder_problems(doc, doc.data)
            problems += _project_problems(doc, doc.data, stem) if project else []
    if problems:
        n = len(problems)
        raise InputError(f"{n} problem{'s' if n != 1 else ''} in {problems[0].file}; nothing was written",
                         problems)
    return _preset(doc.data, origin, text)


@cache
def builtin() -> dict[str, Preset]:
    """The presets scaffold ships, by name: templates/presets/*.yaml, read ahead of time into
    _builtin_presets.py (manifest/presetcompile.py; a test holds it to the files)."""
    from scaffold.manifest._builtin_presets import FILES

    return {name: _preset(data, BUILTIN, text) for name, (data, text) in FILES.items()}


def builtin_from_files() -> dict[str, Preset]:
    """The presets scaffold ships, parsed from their files: what `builtin` must equal."""
    folder = templates_dir() / "presets"
    out = {}
    for path in sorted(folder.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        out[path.stem] = load(text, f"presets/{path.name}", BUILTIN, project=False, validate=False)
    return out


def project(manifest_dir: Path) -> dict[str, Preset]:
    """A project's own presets (presets/*.yaml beside the manifest), by name; none without the folder."""
    folder = manifest_dir / PROJECT_FOLDER
    if not folder.is_dir():
        return {}
    out = {}
    for path in sorted(folder.glob("*.yaml")):
        where = f"{PROJECT_FOLDER}/{path.name}"
        out[path.stem] = load(read_text(path, "a preset file"), where, where, project=True)
    return out
