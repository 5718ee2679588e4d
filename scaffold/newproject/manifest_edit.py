"""Editing a user's scaffold.yaml in place: add one service, change no other line.

ruamel.yaml's round-trip loader finds where the `services` mapping ends and how
the file is indented; the new entry is spliced in as text there, so comments,
quoting, key order and every other line stay byte for byte. The result is
parsed again and must equal the old data plus the new entry. A `services`
written in flow style (`services: {...}`) is edited through a full round-trip
dump instead.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from scaffold.errors import InputError
from scaffold.newproject.specs import ServiceSpec, entry_lines


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    return yaml


def load_services(text: str, file: str) -> tuple[CommentedMap, CommentedMap]:
    """The document and its `services` mapping, as ruamel's round-trip objects."""
    try:
        doc = _yaml().load(text)
    except YAMLError as exc:
        raise InputError(f"{file}: not valid YAML: {exc}") from None
    if not isinstance(doc, CommentedMap) or not isinstance(doc.get("services"), CommentedMap):
        raise InputError(f"{file}: no 'services' mapping to add to")
    return doc, doc["services"]


def add_service(text: str, spec: ServiceSpec, file: str = "scaffold.yaml") -> str:
    """`text` with `spec` appended to its services, every other line unchanged."""
    doc, services = load_services(text, file)
    if spec.name in services:
        line, column = services.lc.key(spec.name)
        raise InputError(f"{file}:{line + 1}:{column + 1}: service '{spec.name}' already exists")
    expected = _plain(doc)
    expected["services"][spec.name] = _plain(spec.entry())
    if services.fa.flow_style():
        edited = _dump_with(doc, services, spec)
    else:
        edited = _splice(text, services, spec)
        if _reload(edited) != expected:  # an unusual layout: let ruamel lay it out instead
            edited = _dump_with(doc, services, spec)
    if _reload(edited) != expected:
        raise InputError(f"{file}: cannot add '{spec.name}' without disturbing the file's layout; "
                         "add it by hand and run `scaffold generate`")
    return edited


def _splice(text: str, services: CommentedMap, spec: ServiceSpec) -> str:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    keys = list(services)
    column = services.lc.key(keys[0])[1]
    step = _mapping_step(services, column, lines)
    end = _entry_end(lines, services.lc.key(keys[-1])[0], column)
    block = [line + "\n" for line in entry_lines([spec], indent=column, step=step)]
    return "".join(lines[:end] + block + lines[end:])


def _mapping_step(services: CommentedMap, column: int, lines: Sequence[str]) -> int:
    """How far this file indents a mapping inside a mapping (2 when nothing shows it)."""
    for key in services:
        value = services[key]
        if isinstance(value, CommentedMap) and not value.fa.flow_style() and value:
            inner: int = value.lc.key(next(iter(value)))[1]
            if inner > column:
                return inner - column
    first_line: int = services.lc.key(next(iter(services)))[0]
    top = _indent(lines[first_line])
    return top if top > 0 else 2


def _entry_end(lines: Sequence[str], start: int, column: int) -> int:
    """The index just past the last line of the entry starting at line `start`.

    Deeper lines (and comments) belong to it; a line at the entry's own depth
    or shallower ends it, and comments or blank lines just before that line
    belong to what follows.
    """
    end = start + 1
    last = end
    for i in range(start + 1, len(lines)):
        stripped = lines[i].strip()
        if not stripped:
            continue
        if _indent(lines[i]) <= column:
            if stripped.startswith("#"):
                continue
            break
        last = i + 1
    end = last
    return end


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _dump_with(doc: CommentedMap, services: CommentedMap, spec: ServiceSpec) -> str:
    services[spec.name] = spec.entry()
    try:
        out = io.StringIO()
        _yaml().dump(doc, out)
        return out.getvalue()
    finally:
        del services[spec.name]


def _reload(text: str) -> Any:
    try:
        return _plain(_yaml().load(text))
    except YAMLError:
        return None


def _plain(value: Any) -> Any:
    """Round-trip objects as plain dicts and lists, so two documents compare by content."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
