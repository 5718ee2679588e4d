"""The port registry: one JSON file of host-port allocations shared by all of a user's projects.

The middle is pure (parse, render, allocate, record); the edges are where the
file lives, its lock, and the atomic replace. Reads take no lock: the file is
only ever replaced whole, so a reader sees the old registry or the new one.
"""

from __future__ import annotations

import gc
import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import field
from functools import cache
from itertools import islice
from operator import itemgetter, lt
from pathlib import Path
from types import MappingProxyType
from typing import Any

from scaffold.errors import EnvironmentProblem, InputError, Problem
from scaffold.ports.assign import DEFAULT_RANGE
from scaffold.records import record

SCHEMA = "port-registry.schema.json"
FORMAT_VERSION = 1


LOOPBACK = "127.0.0.1"  # where generated compose files publish every port
PROXY = "(proxy)"  # the registry's name for the compose-mode nginx; no service can be called that


_ANY_HOST = frozenset({"", "0.0.0.0", "::"})
_ALLOCATION_KEYS = ("project", "service", "port", "protocol", "host_ip", "manifest", "allocated_at")


_ALL_KEYS = frozenset(_ALLOCATION_KEYS)


_NOTHING: Mapping[str, Any] = MappingProxyType({})


_COLUMN_OF = tuple(itemgetter(k) for k in _ALLOCATION_KEYS)


@record
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


class _Columns:
    """The allocations as one list a key, sorted by project and service: what a registry read
    from disk keeps, so that a question about a few ports makes no object for every entry."""

    __slots__ = (
        "_by_port",
        "allocated_at",
        "extra",
        "host_ip",
        "manifest",
        "port",
        "project",
        "protocol",
        "service",
    )

    def __init__(self, project: list[str], service: list[str], port: list[int],
                 protocol: list[str], host_ip: list[str], manifest: list[str],
                 allocated_at: list[str], extra: list[Mapping[str, Any]] | None) -> None:
        self.project, self.service, self.port = project, service, port
        self.protocol, self.host_ip = protocol, host_ip
        self.manifest, self.allocated_at = manifest, allocated_at
        self.extra = extra  # None: no entry has keys scaffold does not use
        self._by_port: dict[int, list[int]] | None = None

    @classmethod
    def of(cls, allocations: tuple[Allocation, ...]) -> _Columns:
        a = allocations
        return cls([x.project for x in a], [x.service for x in a], [x.port for x in a],
                   [x.protocol for x in a], [x.host_ip for x in a], [x.manifest for x in a],
                   [x.allocated_at for x in a], [x.extra for x in a])

    def allocation(self, i: int) -> Allocation:
        return Allocation(self.project[i], self.service[i], self.port[i], self.protocol[i],
                          self.host_ip[i], self.manifest[i], self.allocated_at[i],
                          _NOTHING if self.extra is None else self.extra[i])

    def span(self, project: str) -> tuple[int, int]:
        """The rows of `project`: they are next to each other, the rows being sorted."""
        return bisect_left(self.project, project), bisect_right(self.project, project)

    def rows_on(self, port: int) -> list[int]:
        if self._by_port is None:
            by_port: dict[int, list[int]] = {}
            for i, p in enumerate(self.port):
                by_port.setdefault(p, []).append(i)
            self._by_port = by_port
        return self._by_port.get(port, [])


class Registry:
    """The whole file: allocations sorted by project and service, and the metadata kept as read.

    A registry read from disk holds its entries as columns and makes Allocation objects
    only for what it is asked about (`of`, `holders`), or all of them for `allocations`.
    """

    __slots__ = ("_allocations", "_columns", "extra", "metadata", "port_ranges")

    def __init__(self, allocations: Iterable[Allocation] = (),
                 port_ranges: Mapping[str, tuple[int, int]] | None = None,
                 metadata: Mapping[str, Any] | None = None,
                 extra: Mapping[str, Any] | None = None) -> None:
        self.port_ranges: Mapping[str, tuple[int, int]] = {} if port_ranges is None else port_ranges
        self.metadata: Mapping[str, Any] = {} if metadata is None else metadata
        self.extra: Mapping[str, Any] = {} if extra is None else extra  # top-level keys kept, unused
        self._allocations: tuple[Allocation, ...] | None = tuple(sorted(allocations, key=_order))
        self._columns: _Columns | None = None

    @classmethod
    def _of_columns(cls, columns: _Columns, port_ranges: Mapping[str, tuple[int, int]],
                    metadata: Mapping[str, Any], extra: Mapping[str, Any]) -> Registry:
        """A registry of rows already checked and sorted (what `_model` makes of a file)."""
        registry = cls((), port_ranges, metadata, extra)
        registry._allocations, registry._columns = None, columns
        return registry

    @property
    def allocations(self) -> tuple[Allocation, ...]:
        if self._allocations is None:
            columns = self._rows()
            self._allocations = tuple(map(columns.allocation, range(len(columns.port))))
        return self._allocations

    def _rows(self) -> _Columns:
        if self._columns is None:
            self._columns = _Columns.of(self.allocations)
        return self._columns

    def __len__(self) -> int:
        return len(self._rows().port) if self._allocations is None else len(self._allocations)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Registry):
            return NotImplemented
        return ((self.allocations, self.port_ranges, self.metadata, self.extra)
                == (other.allocations, other.port_ranges, other.metadata, other.extra))

    __hash__ = None  # type: ignore[assignment]  # mutable mappings inside, as before

    def __repr__(self) -> str:
        return (f"Registry({len(self)} allocations, port_ranges={dict(self.port_ranges)!r}, "
                f"metadata={dict(self.metadata)!r}, extra={dict(self.extra)!r})")

    def range_for(self, project: str) -> tuple[int, int]:
        return self.port_ranges.get(project, DEFAULT_RANGE)

    def of(self, project: str) -> list[Allocation]:
        columns = self._rows()
        low, high = columns.span(project)
        if self._allocations is not None:
            return list(self._allocations[low:high])
        return [columns.allocation(i) for i in range(low, high)]

    def holders(self, port: int, protocol: str = "tcp",
                host_ip: str = LOOPBACK) -> list[Allocation]:
        columns = self._rows()
        return [self._allocations[i] if self._allocations is not None else columns.allocation(i)
                for i in columns.rows_on(port)
                if columns.protocol[i] == protocol and hosts_overlap(columns.host_ip[i], host_ip)]

    def taken(self, protocol: str = "tcp", host_ip: str = LOOPBACK, *,
              besides: str | None = None) -> set[int]:
        """The ports that a binding of `protocol` on `host_ip` would collide with, leaving out
        the allocations of project `besides`."""
        columns = self._rows()
        low, high = columns.span(besides) if besides is not None else (0, 0)
        ports = columns.port
        if set(columns.protocol) == {protocol} and (
                host_ip in _ANY_HOST or set(columns.host_ip) <= _ANY_HOST | {host_ip}):
            return set(ports[:low]) | set(ports[high:])  # every other entry collides: no loop
        return {ports[i] for i in (*range(low), *range(high, len(ports)))
                if columns.protocol[i] == protocol and hosts_overlap(columns.host_ip[i], host_ip)}

    def with_allocations(self, allocations: Iterable[Allocation]) -> Registry:
        return Registry(allocations, self.port_ranges, self.metadata, self.extra)


def _order(a: Allocation) -> tuple[str, str, int]:
    return (a.project, a.service, a.port)


def hosts_overlap(a: str, b: str) -> bool:
    """Two host IPs collide when they are the same or either is every interface."""
    return a == b or a in _ANY_HOST or b in _ANY_HOST


def utc_now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(text: str, file: str) -> Registry:
    """The registry in `text`; InputError naming the line of every problem otherwise."""
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of new dicts and strings, no cycle among them: nothing to collect
    try:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            problem = Problem(file, exc.lineno, exc.colno, "", f"not valid JSON: {exc.msg}")
            raise InputError(_broken(file), [problem]) from None
        except (RecursionError, ValueError):  # nested too deep, or a number too long to convert
            raise InputError(_broken(file), [_unreadable(text, file)]) from None
        # a lone surrogate comes from a \u escape, or from text that never was UTF-8
        registry = _model(data, check_text="\\u" in text or not text.isascii())
    finally:
        if collecting:
            gc.enable()
    if registry is None:
        raise InputError(_broken(file), _problems(text, data, file))
    return registry


_TOO_DEEP = 64  # a registry is four levels deep; the parsers give up somewhere near a thousand
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|[0-9]+')


def _unreadable(text: str, file: str) -> Problem:
    """Where valid JSON is still more than the reader takes: nesting, or a number's length."""
    depth, longest = 0, _int_digits_limit()
    for token in _TOKEN.finditer(text):
        first = token[0][0]
        depth += 1 if first in "[{" else -1 if first in "]}" else 0
        if depth > _TOO_DEEP:
            return _at(text, token.start(), file, f"nested more than {_TOO_DEEP} levels deep")
        if first.isdigit() and longest and len(token[0]) > longest:
            return _at(text, token.start(), file,
                       f"a number of {len(token[0])} digits: a port has at most 5")
    return Problem(file, 1, 1, "", "not a port registry this version of scaffold can read")


def _int_digits_limit() -> int:
    import sys

    return sys.get_int_max_str_digits()


def _at(text: str, offset: int, file: str, message: str) -> Problem:
    line = text.count("\n", 0, offset) + 1
    return Problem(file, line, offset - (text.rfind("\n", 0, offset) + 1) + 1, "", message)


def _broken(file: str) -> str:
    return (f"the port registry {file} is broken; it was left as it is: fix it by hand, "
            f"or move it away to start a new one")


_NAME = re.compile(r"[^\x00-\x1f\x7f-\x9f]{1,200}")  # as the schema's `name`: printable, not empty
_RANGE = re.compile(r"([0-9]{1,5})-([0-9]{1,5})")  # as the schema's string range: ASCII digits, no spaces


def _port(value: Any) -> bool:
    return type(value) is int and 1 <= value <= 65535


_SURE_IPS = frozenset({"", "0.0.0.0", "127.0.0.1", "::", "::1"})


@cache
def _ip(text: str) -> bool:
    if text in _SURE_IPS:
        return True
    import ipaddress  # an address other than the usual ones: rare enough to import for

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


def _model(data: Any, check_text: bool = True) -> Registry | None:
    """The registry, if `data` is well formed; None sends the caller to the slow, precise path.

    This runs on every read of a registry that may hold thousands of allocations,
    so it checks by hand what the JSON Schema says, without jsonschema (and faster than the
    validator compiled from the schema, which tests/test_schema_compiled.py holds it to):
    a key at a time across every entry, each distinct name or address once. Without
    `check_text` (ASCII text without a `\\u`), no string can hold a lone surrogate: none is
    looked for.
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
    extra = {k: v for k, v in data.items() if k not in ("version", "allocations", "metadata")}
    if check_text and not (_is_text(metadata) and _is_text(extra)):
        return None
    columns = _columns(raw, check_text)
    if columns is None:
        return None
    return Registry._of_columns(columns, ranges, metadata, extra)


def _columns(raw: list[Any], check_text: bool) -> _Columns | None:
    """The entries as sorted columns, if every one is a well-formed allocation and no
    project's service is allocated twice; None otherwise."""
    if not set(map(type, raw)) <= {dict}:
        return None
    extra: list[Mapping[str, Any]] | None = None
    try:  # what scaffold writes: every key, no others
        if set(map(len, raw)) - {len(_ALL_KEYS)}:
            raise KeyError
        values = [list(map(get, raw)) for get in _COLUMN_OF]
    except KeyError:  # made or edited by hand: defaults for what is missing, other keys kept
        rows = list(map(_loose, raw))
        values = [list(map(get, rows)) for get in _COLUMN_OF]
        extra = [row["extra"] for row in rows]
    if raw and not (_well_formed(values, check_text) and (not check_text or _is_text(extra))):
        return None
    return _in_order(values, extra)


def _well_formed(values: list[list[Any]], check_text: bool) -> bool:
    """What the schema says of each key, checked down a column at a time."""
    project, service, port, protocol, host_ip, manifest, allocated_at = values
    if set(map(type, port)) != {int} or min(port) < 1 or max(port) > 65535:
        return False
    try:  # each distinct value once: a registry has few projects, services and addresses
        distinct = [set(column) for column in (project, service, protocol, host_ip, manifest,
                                                 allocated_at)]
    except TypeError:  # a list or an object where a string goes
        return False
    if not all(type(value) is str for values in distinct for value in values):
        return False
    projects, services, protocols, host_ips = distinct[:4]
    return (protocols <= {"tcp", "udp"} and all(map(_NAME.fullmatch, projects))
            and all(map(_NAME.fullmatch, services)) and all(map(_ip, host_ips))
            and (not check_text or _is_text(distinct)))


def _in_order(values: list[list[Any]], extra: list[Mapping[str, Any]] | None) -> _Columns | None:
    """The columns sorted by project and service, as scaffold writes them; None when a
    project's service is there twice."""
    project, service = values[0], values[1]
    pairs = islice(zip(project, service, strict=True), 1, None)  # each entry's next: no list made
    if not all(map(lt, zip(project, service, strict=True), pairs)):  # not sorted, or not unique
        keys = list(zip(project, service, strict=True))
        if len(set(keys)) < len(keys):
            return None
        order = sorted(range(len(keys)), key=keys.__getitem__)
        values = [[column[i] for i in order] for column in values]
        extra = None if extra is None else [extra[i] for i in order]
    project, service, port, protocol, host_ip, manifest, allocated_at = values
    return _Columns(project, service, port, protocol, host_ip, manifest, allocated_at, extra)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")  # half of a character: only a JSON escape makes one


def _is_text(value: Any) -> bool:
    """Whether every string in `value` (keys too, at any depth) is text UTF-8 can hold: a
    lone surrogate (`"\\ud800"`) is valid JSON, but neither printable nor writable."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not item.isascii() and _SURROGATE.search(item):
                return False
        elif isinstance(item, Mapping):
            stack += item
            stack += item.values()
        elif isinstance(item, (list, set, tuple)):
            stack += item
    return True


def _loose(item: dict[str, Any]) -> dict[str, Any]:
    return {"project": item.get("project"), "service": item.get("service"),
            "port": item.get("port"), "protocol": item.get("protocol", "tcp"),
            "host_ip": item.get("host_ip", "0.0.0.0"),  # a hand-made entry without one: all interfaces
            "manifest": item.get("manifest", ""), "allocated_at": item.get("allocated_at", ""),
            "extra": {k: v for k, v in item.items() if k not in _ALL_KEYS} or _NOTHING}


def _problems(text: str, data: Any, file: str) -> list[Problem]:
    """Every problem in a registry the fast path refused, each with its line (slow; errors only)."""
    from scaffold.manifest._schema_port_registry_errors import errors  # made by manifest/schemacompile.py
    from scaffold.manifest.source import Document
    from scaffold.manifest.source import parse as parse_positions
    from scaffold.resources import schema_text

    # valid JSON is YAML once raw tabs (only ever whitespace in valid JSON) are spaces, and
    # halves of characters escaped, which YAML refuses, are another escape of the same length
    positions = _SURROGATE_ESCAPE.sub(r"\\u0041", text.replace("\t", " "))
    if not positions.isascii():  # and a half written as it is, which YAML cannot even read
        positions = _SURROGATE.sub("\ufffd", positions)
    try:
        doc = parse_positions(positions, file)
        doc.data = data
    except InputError:
        doc = Document(file, data)
    out = {doc.problem(tuple(e.absolute_path), _message(e))  # the strict validator's, formats asserted
           for e in errors(data, json.loads(schema_text(SCHEMA)))}
    said = {p.path for p in out}
    out.update(p for p in _semantic_problems(doc) if p.path not in said)
    if not out:  # the fast path and the schema disagree: still say where to look
        out.add(Problem(file, 1, 1, "", "not a port registry this version of scaffold can read"))
    return sorted(out)


def _semantic_problems(doc: Any) -> Iterator[Problem]:
    """What the schema cannot say: a range running backwards, a service allocated twice, half
    a character."""
    yield from _not_text(doc)
    data = doc.data if isinstance(doc.data, dict) else {}
    metadata = data.get("metadata")
    ranges = metadata.get("port_ranges") if isinstance(metadata, dict) else None
    for project, value in (ranges if isinstance(ranges, dict) else {}).items():
        if _range(value) is None:
            yield doc.problem(("metadata", "port_ranges", project),
                              "a range is START-END, each from 1 to 65535, START <= END")
    allocations = data.get("allocations")
    first: dict[tuple[str, str], int] = {}
    for i, item in enumerate(allocations if isinstance(allocations, list) else []):
        project, service = (item.get("project"), item.get("service")) if isinstance(item, dict) \
            else (None, None)
        if not (isinstance(project, str) and isinstance(service, str)):
            continue  # not an entry, or a name that is not a string: the schema has said so
        key = (project, service)
        if key in first:
            line = doc.where(("allocations", first[key]))[0]
            yield doc.problem(("allocations", i),
                              f"{key[0]}/{key[1]} is allocated twice (first at line {line})")
        else:
            first[key] = i


_NOT_UTF8 = ("is not UTF-8 text: it holds a lone surrogate (half of a character, or a byte of a "
             "name that was not UTF-8)")


def _not_text(doc: Any) -> Iterator[Problem]:
    """Each string (or key) holding a lone surrogate, at its place."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), doc.data)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if not _is_text(key):
                    yield doc.problem((*path, key), f"the key {_shown(key)} {_NOT_UTF8}")
                stack.append(((*path, key), value))
        elif isinstance(item, list):
            stack += (((*path, i), value) for i, value in enumerate(item))
        elif isinstance(item, str) and not _is_text(item):
            yield doc.problem(path, f"{_shown(item)} {_NOT_UTF8}")


def _shown(text: str) -> str:
    """A string as JSON writes it, lone surrogates escaped, shortened."""
    return json.dumps(text if len(text) <= 40 else text[:37] + "...")


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
