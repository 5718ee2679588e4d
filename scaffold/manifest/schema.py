"""The manifest's JSON Schema, and its errors explained as located problems with hints."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from scaffold.errors import Problem
from scaffold.manifest.hints import did_you_mean
from scaffold.manifest.source import Document, Path_
from scaffold.resources import schema_text


@cache
def manifest_schema() -> dict[str, Any]:
    import json  # here: a valid manifest is checked by the compiled validator, without the JSON

    schema: dict[str, Any] = json.loads(schema_text("manifest.schema.json"))
    return schema


def strict_validator(schema: dict[str, Any], **options: Any) -> Any:
    """A Draft 2020-12 validator with two rules made strict, for every schema scaffold reads.

    - `integer` is an int, never a float: 8080.0 is not a port, and a float that slipped
      through would be written into compose files and the shared registry as `8080.0`.
    - `pattern` must match the whole string. JSON Schema patterns follow ECMA-262, where `$`
      is the end of the input; Python's `re.search` also lets `$` match before a final
      newline, which let `"api\n"` pass as a service name. Every pattern of ours is anchored
      (`^...$`, a test holds that), so a full match is exactly what the schema says.
    """
    import re

    from jsonschema import Draft202012Validator, validators  # here: `--version` must not pay for it
    from jsonschema.exceptions import ValidationError

    def is_integer(_checker: Any, instance: object) -> bool:
        return isinstance(instance, int) and not isinstance(instance, bool)

    def pattern(_validator: Any, regex: str, instance: object, _schema: Any) -> Iterator[Any]:
        if isinstance(instance, str) and re.fullmatch(regex, instance) is None:
            yield ValidationError(f"{instance!r} does not match {regex!r}")

    checker = Draft202012Validator.TYPE_CHECKER.redefine("integer", is_integer)
    strict = validators.extend(  # type: ignore[no-untyped-call]  # jsonschema leaves it unannotated
        Draft202012Validator, {"pattern": pattern}, type_checker=checker)
    return strict(schema, **options)


def schema_problems(doc: Document, schema: dict[str, Any] | None = None) -> list[Problem]:
    """What `doc` breaks of `schema` (the manifest's by default), each a located problem."""
    errors: Iterable[Any]
    if schema is None or schema is manifest_schema():
        # made by manifest/schemacompile.py: the strict validator's verdict and errors without jsonschema
        from scaffold.manifest._schema_manifest import is_valid

        if is_valid(doc.data):
            return []
        from scaffold.manifest._schema_manifest_errors import errors as compiled

        errors = compiled(doc.data, manifest_schema())
    else:  # a project's presets widen it: not compiled
        errors = strict_validator(schema).iter_errors(doc.data)
    out: list[Problem] = []
    for error in errors:
        out.extend(_explain(error, doc))
    return sorted(set(out))


def _explain(error: Any, doc: Document) -> Iterator[Problem]:
    """Turn one error (jsonschema's, or a compiled module's SchemaError) into messages a person can act on."""
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
            hint = did_you_mean(key, allowed)
            if len(path) == 2 and path[0] == "services":
                hint = _compose_hint(key) or hint
            yield doc.problem((*path, key), f"unknown key '{key}'{hint}", key=True)
        return
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        yield doc.problem(path, f"missing required key '{missing}'", key=True)
        return
    if error.validator == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        hint = did_you_mean(str(error.instance), [str(v) for v in error.validator_value])
        yield doc.problem(path, f"'{error.instance}' is not one of: {options}{hint}")
        return
    if error.validator == "propertyNames" or (error.validator == "pattern" and _is_key(error)):
        key = error.instance
        yield doc.problem((*path, key), f"'{key}': {schema.get('errorMessage', error.message)}",
                          key=True)
        return
    message = schema.get("errorMessage") or _plain(error)
    yield doc.problem(path, message)


# compose's words for what the manifest says in its own
_MANIFEST_WORDS = {
    "environment": "env", "build": "path (the context) and dockerfile", "image": "image",
    "expose": "internal_port", "env_file": "env with {secret: true}", "deploy": "replicas or resources",
    "tmpfs": "volumes (named volumes become tmpfs in ephemeral variants)",
}
# compose service keys the manifest has no word for: they go under `compose:`
_COMPOSE_KEYS = frozenset((
    "annotations", "cap_add", "cap_drop", "cgroup_parent", "configs", "container_name", "cpu_shares",
    "devices", "dns", "dns_search", "domainname", "extends", "external_links", "extra_hosts",
    "group_add", "hostname", "init", "ipc", "isolation", "labels", "links", "logging", "mem_limit",
    "network_mode", "networks", "oom_score_adj", "pid", "platform", "privileged", "profiles",
    "pull_policy", "read_only", "runtime", "security_opt", "shm_size", "stdin_open",
    "stop_grace_period", "sysctls", "tty", "ulimits", "user", "userns_mode", "volumes_from",
    "working_dir",
))


def _compose_hint(key: str) -> str:
    """A compose word names the manifest's word for it, or the escape hatch."""
    if key in _MANIFEST_WORDS:
        return f" (the manifest says {_MANIFEST_WORDS[key]})"
    if key in _COMPOSE_KEYS:
        return f" (a compose key: write it under compose: {{{key}: ...}})"
    return ""


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
        value = error.instance
        if "integer" in names and isinstance(value, float) and value.is_integer():
            return f"expected a whole number, got {value!r}: write it without a decimal point"
        return f"expected {names}, got {_type_name(value)}"
    if error.validator in ("minimum", "maximum"):
        return f"{error.instance} is out of range ({error.validator} {error.validator_value})"
    if error.validator == "const":
        import json

        return f"must be {json.dumps(error.validator_value)}"
    if error.validator == "uniqueItems":
        return "items must be unique"
    if error.validator == "minProperties":
        return "must not be empty"
    return str(error.message)


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    for kind, name in ((bool, "a boolean"), (int, "a whole number"), (float, "a number with a fraction"),
                       (str, "a string"), (list, "a list"), (dict, "a mapping")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


