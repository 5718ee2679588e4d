"""The port registry: one JSON file of host-port allocations shared by all of a user's projects.

The middle is pure (parse, render, allocate, record); the edges are where the
file lives, its lock, and the atomic replace. Reads take no lock: the file is
only ever replaced whole, so a reader sees the old registry or the new one.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache
from operator import itemgetter
from pathlib import Path
from types import MappingProxyType
from typing import Any

from scaffold.errors import EnvironmentProblem, InputError, Problem
from scaffold.ports.assign import DEFAULT_RANGE

SCHEMA = "port-registry.schema.json"
FORMAT_VERSION = 1


LOOPBACK = "127.0.0.1"  # where generated compose files publish every port
PROXY = "(proxy)"  # the registry's name for the compose-mode nginx; no service can be called that


_ANY_HOST = frozenset({"", "0.0.0.0", "::"})
_ALLOCATION_KEYS = ("project", "service", "port", "protocol", "host_ip", "manifest", "allocated_at")


_ALL_KEYS = frozenset(_ALLOCATION_KEYS)


_NOTHING: Mapping[str, Any] = MappingProxyType({})


_every_key = itemgetter(*_ALLOCATION_KEYS)


@dataclass(frozen=True)
class Allocation:
    """One host port held by one service of one project."""

    project: str
    service: str
    port: int
    protocol: str = "tcp"
    host_ip: str = LOOPBACK
    manifest: str = ""  # absolute path of the manifest it came from; "" when allocated by hand
    allocated_at: str = ""  # ISO 8601, UTC
    # keys scaffold does not use, kept as they were
    extra: Mapping[str, Any] = field(default_factory=lambda: _NOTHING, compare=False)

    def overlaps(self, port: int, protocol: str = "tcp", host_ip: str = LOOPBACK) -> bool:
        """Whether this allocation and a binding of `port` on `host_ip` would collide."""
        return (self.port == port and self.protocol == protocol
                and hosts_overlap(self.host_ip, host_ip))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: getattr(self, k) for k in _ALLOCATION_KEYS}
        out.update(sorted(self.extra.items()))
        return out

    @property
    def label(self) -> str:
        return f"{self.project}/{self.service}"


@dataclass(frozen=True)
class Registry:
    """The whole file: allocations sorted by project and service, and the metadata kept as read."""

    allocations: tuple[Allocation, ...] = ()
    port_ranges: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    metadata: Mapping[str, Any] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)  # top-level keys we keep but don't use

    def range_for(self, project: str) -> tuple[int, int]:
        return self.port_ranges.get(project, DEFAULT_RANGE)

    def of(self, project: str) -> list[Allocation]:
        return [a for a in self.allocations if a.project == project]

    def holders(self, port: int, protocol: str = "tcp",
                host_ip: str = LOOPBACK) -> list[Allocation]:
        return [a for a in self.allocations if a.overlaps(port, protocol, host_ip)]

    def with_allocations(self, allocations: Iterable[Allocation]) -> Registry:
        return replace(self, allocations=tuple(sorted(allocations, key=_order)))


def _order(a: Allocation) -> tuple[str, str, int]:
    return (a.project, a.service, a.port)


def hosts_overlap(a: str, b: str) -> bool:
    """Two host IPs collide when they are the same or either is every interface."""
    return a == b or a in _ANY_HOST or b in _ANY_HOST


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(text: str, file: str) -> Registry:
    """The registry in `text`; InputError naming the line of every problem otherwise."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = Problem(file, exc.lineno, exc.colno, "", f"not valid JSON: {exc.msg}")
        raise InputError(_broken(file), [problem]) from None
    registry = _model(data)
    if registry is None:
        raise InputError(_broken(file), _problems(text, data, file))
    return registry


def _broken(file: str) -> str:
    return (f"the port registry {file} is broken; it was left as it is: fix it by hand, "
            f"or move it away to start a new one")


_NAME = re.compile(r"[^\x00-\x1f\x7f-\x9f]{1,200}")  # as the schema's `name`: printable, not empty
_RANGE = re.compile(r"([0-9]{1,5})-([0-9]{1,5})")  # as the schema's string range: ASCII digits, no spaces


def _port(value: Any) -> bool:
    return type(value) is int and 1 <= value <= 65535


@cache
def _ip(text: str) -> bool:
    if text == "":
        return True
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    return not getattr(address, "scope_id", None)  # the schema's ipv6 takes no zone (fe80::1%eth0)


def _range(value: Any) -> tuple[int, int] | None:
    """`{"start": 8090, "end": 8099}`, `"8090-8099"` or `[8090, 8099]`; None when malformed."""
    if isinstance(value, dict) and set(value) >= {"start", "end"}:
        low, high = value["start"], value["end"]
    elif isinstance(value, str) and (match := _RANGE.fullmatch(value)):
        low, high = int(match[1]), int(match[2])
    elif isinstance(value, list) and len(value) == 2:
        low, high = value
    else:
        return None
    return (low, high) if _port(low) and _port(high) and low <= high else None


def _model(data: Any) -> Registry | None:
    """The registry, if `data` is well formed; None sends the caller to the slow, precise path.

    This runs on every read of a registry that may hold thousands of allocations,
    so it checks by hand what the JSON Schema says, without jsonschema (and faster than the
    validator compiled from the schema, which tests/test_schema_compiled.py holds it to).
    """
    if not isinstance(data, dict):
        return None
    version = data.get("version", FORMAT_VERSION)
    if isinstance(version, bool) or version != FORMAT_VERSION:  # the schema's const: 1 (or 1.0), never true
        return None
    raw = data.get("allocations")
    metadata = data.get("metadata", {})
    if not isinstance(raw, list) or not isinstance(metadata, dict):
        return None
    ranges_raw = metadata.get("port_ranges", {})
    if not isinstance(ranges_raw, dict):
        return None
    ranges: dict[str, tuple[int, int]] = {}
    for project, value in ranges_raw.items():
        parsed = _range(value)
        if parsed is None or not _NAME.fullmatch(project):
            return None
        ranges[project] = parsed
    allocations = []
    seen: set[tuple[str, str]] = set()
    for item in raw:
        allocation = _allocation(item)
        if allocation is None or (allocation.project, allocation.service) in seen:
            return None
        seen.add((allocation.project, allocation.service))
        allocations.append(allocation)
    extra = {k: v for k, v in data.items() if k not in ("version", "allocations", "metadata")}
    return Registry(tuple(sorted(allocations, key=_order)), ranges, metadata, extra)


def _allocation(item: Any) -> Allocation | None:
    if type(item) is not dict:
        return None
    if item.keys() == _ALL_KEYS:  # what scaffold writes: every key, no others
        project, service, port, protocol, host_ip, manifest, allocated_at = _every_key(item)
        extra = _NOTHING
    else:
        project, service, port = item.get("project"), item.get("service"), item.get("port")
        protocol = item.get("protocol", "tcp")
        host_ip = item.get("host_ip", "0.0.0.0")  # a hand-made entry without one: all interfaces
        manifest, allocated_at = item.get("manifest", ""), item.get("allocated_at", "")
        extra = {k: v for k, v in item.items() if k not in _ALL_KEYS} or _NOTHING
    if not (type(project) is str and _NAME.fullmatch(project) and type(service) is str
            and _NAME.fullmatch(service) and type(port) is int and 1 <= port <= 65535 and protocol in ("tcp", "udp")
            and type(host_ip) is str and _ip(host_ip) and type(manifest) is str
            and type(allocated_at) is str):
        return None
    return Allocation(project, service, port, protocol, host_ip, manifest, allocated_at, extra)


def _problems(text: str, data: Any, file: str) -> list[Problem]:
    """Every problem in a registry the fast path refused, each with its line (slow; errors only)."""
    from jsonschema import Draft202012Validator  # only a broken registry pays for it

    from scaffold.manifest.schema import strict_validator
    from scaffold.manifest.source import Document
    from scaffold.manifest.source import parse as parse_positions
    from scaffold.resources import schema_text

    try:  # valid JSON is YAML once raw tabs (only ever whitespace in valid JSON) are spaces
        doc = parse_positions(text.replace("\t", " "), file)
        doc.data = data
    except InputError:
        doc = Document(file, data)
    validator = strict_validator(json.loads(schema_text(SCHEMA)),
                                 format_checker=Draft202012Validator.FORMAT_CHECKER)
    out = {doc.problem(tuple(e.absolute_path), _message(e)) for e in validator.iter_errors(data)}
    said = {p.path for p in out}
    out.update(p for p in _semantic_problems(doc) if p.path not in said)
    if not out:  # the fast path and the schema disagree: still say where to look
        out.add(Problem(file, 1, 1, "", "not a port registry this version of scaffold can read"))
    return sorted(out)


def _semantic_problems(doc: Any) -> Iterator[Problem]:
    """What the schema cannot say: a range running backwards, a service allocated twice."""
    data = doc.data if isinstance(doc.data, dict) else {}
    metadata = data.get("metadata")
    ranges = metadata.get("port_ranges") if isinstance(metadata, dict) else None
    for project, value in (ranges if isinstance(ranges, dict) else {}).items():
        if _range(value) is None:
            yield doc.problem(("metadata", "port_ranges", project),
                              "a range is START-END, each from 1 to 65535, START <= END")
    allocations = data.get("allocations")
    first: dict[tuple[Any, Any], int] = {}
    for i, item in enumerate(allocations if isinstance(allocations, list) else []):
        if not isinstance(item, dict):
            continue
        key = (item.get("project"), item.get("service"))
        if key in first:
            line = doc.where(("allocations", first[key]))[0]
            yield doc.problem(("allocations", i),
                              f"{key[0]}/{key[1]} is allocated twice (first at line {line})")
        else:
            first[key] = i


def _message(error: Any) -> str:
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "required":
        return f"missing required key {error.message.split(' ')[0]}"
    return str(schema.get("errorMessage") or error.message)


def read(path: Path) -> Registry:
    """The registry at `path`; an empty one when the file does not exist yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Registry()
    except UnicodeDecodeError as exc:
        raise InputError(_broken(str(path)),
                         [Problem(str(path), 1, 1, "", f"not UTF-8 text: {exc.reason}")]) from None
    except OSError as exc:
        raise EnvironmentProblem(f"cannot read the port registry {path}: {exc.strerror}") from None
    return parse(text, str(path))


def render(registry: Registry) -> str:
    """The file's text: one allocation a line, keys in a fixed order, so diffs stay readable."""
    metadata = {"port_ranges": {}, **registry.metadata}
    lines = ["{", f'  "version": {FORMAT_VERSION},']
    if registry.allocations:
        rows = ",\n".join("    " + json.dumps(a.to_json(), ensure_ascii=False)
                          for a in registry.allocations)
        lines.append(f'  "allocations": [\n{rows}\n  ],')
    else:
        lines.append('  "allocations": [],')
    rest = {"metadata": metadata, **dict(sorted(registry.extra.items()))}
    body = json.dumps(rest, indent=2, sort_keys=True, ensure_ascii=False)
    lines.append(body[2:-2])  # its members, without the braces, after the allocations
    lines.append("}")
    return "\n".join(lines) + "\n"


def who(service: str) -> str:
    """How a message names a service the registry holds: the compose-mode nginx is "the proxy"."""
    return "the proxy" if service == PROXY else f"service '{service}'"
