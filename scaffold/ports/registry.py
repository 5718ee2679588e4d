"""The port registry: one JSON file of host-port allocations shared by all of a user's projects.

The middle is pure (parse, render, allocate, record); the edges are where the
file lives, its lock, and the atomic replace. Reads take no lock: the file is
only ever replaced whole, so a reader sees the old registry or the new one.
"""

from __future__ import annotations

import errno
import fcntl
import ipaddress
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache
from operator import itemgetter
from pathlib import Path
from types import MappingProxyType
from typing import Any

from scaffold.errors import CheckFailed, EnvironmentProblem, InputError, Problem
from scaffold.manifest.model import Manifest
from scaffold.ports.assign import DEFAULT_RANGE, assign, preferred_port

ENV = "SCAFFOLD_PORT_REGISTRY"
FILENAME = "port-registry.json"
SCHEMA = "port-registry.schema.json"
FORMAT_VERSION = 1
LOOPBACK = "127.0.0.1"  # where generated compose files publish every port
PROXY = "(proxy)"  # the registry's name for the compose-mode nginx; no service can be called that
LOCK_TIMEOUT = 30.0

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


# --- reading ------------------------------------------------------------------------------


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


def _port(value: Any) -> bool:
    return type(value) is int and 1 <= value <= 65535


@cache
def _ip(text: str) -> bool:
    if text == "":
        return True
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _range(value: Any) -> tuple[int, int] | None:
    """`{"start": 8090, "end": 8099}`, `"8090-8099"` or `[8090, 8099]`; None when malformed."""
    if isinstance(value, dict) and set(value) >= {"start", "end"}:
        low, high = value["start"], value["end"]
    elif isinstance(value, str) and value.count("-") == 1:
        first, _, second = value.partition("-")
        if not (first.strip().isdigit() and second.strip().isdigit()):
            return None
        low, high = int(first), int(second)
    elif isinstance(value, list) and len(value) == 2:
        low, high = value
    else:
        return None
    return (low, high) if _port(low) and _port(high) and low <= high else None


def _model(data: Any) -> Registry | None:
    """The registry, if `data` is well formed; None sends the caller to the slow, precise path.

    This runs on every read of a registry that may hold thousands of allocations,
    so it checks by hand what the JSON Schema says, without jsonschema.
    """
    if not isinstance(data, dict) or data.get("version", FORMAT_VERSION) != FORMAT_VERSION:
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
        if parsed is None:
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
    if not (type(project) is str and project and type(service) is str and service
            and type(port) is int and 1 <= port <= 65535 and protocol in ("tcp", "udp")
            and type(host_ip) is str and _ip(host_ip) and type(manifest) is str
            and type(allocated_at) is str):
        return None
    return Allocation(project, service, port, protocol, host_ip, manifest, allocated_at, extra)


def _problems(text: str, data: Any, file: str) -> list[Problem]:
    """Every problem in a registry the fast path refused, each with its line (slow; errors only)."""
    from jsonschema import Draft202012Validator  # only a broken registry pays for it

    from scaffold.manifest.source import Document
    from scaffold.manifest.source import parse as parse_positions
    from scaffold.resources import schema_text

    try:  # valid JSON is YAML once raw tabs (only ever whitespace in valid JSON) are spaces
        doc = parse_positions(text.replace("\t", " "), file)
        doc.data = data
    except InputError:
        doc = Document(file, data)
    validator = Draft202012Validator(json.loads(schema_text(SCHEMA)),
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


# --- writing ------------------------------------------------------------------------------


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


def _replace(path: Path, text: str) -> None:
    """Replace the file whole: temp file, fsync, rename, fsync the folder. Never half-written."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def _remove_stale_temp_files(path: Path) -> None:
    """Temp files left by a writer that was killed; safe to remove while we hold the lock."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        stale.unlink(missing_ok=True)


@contextmanager
def _locked(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the registry's lock: an flock on `<registry>.lock`, never on the data file itself."""
    lock = path.with_name(path.name + ".lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise EnvironmentProblem(f"cannot lock the port registry {path}: {exc.strerror}") from None
    try:
        deadline = time.monotonic() + timeout
        pause = 0.002
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise EnvironmentProblem(f"cannot lock the port registry {path}: "
                                             f"{exc.strerror}") from None
                if time.monotonic() > deadline:
                    raise EnvironmentProblem(
                        f"the port registry {path} stayed locked for {timeout:.0f}s; "
                        f"is another scaffold stuck? (lock: {lock})") from None
                time.sleep(pause)  # waiting for another process to finish its update
                pause = min(pause * 2, 0.05)
        yield
    finally:
        os.close(fd)  # closing releases the flock, as a crash would


class Edit:
    """The registry as read under its lock; `save` replaces the file with a new version."""

    def __init__(self, path: Path, registry: Registry) -> None:
        self.path = path
        self.registry = registry
        self._text = render(registry)

    def save(self, registry: Registry) -> bool:
        """Write `registry` if it differs from what is on disk; True when it did."""
        text = render(registry)
        if text == self._text and (self.path.exists() or not registry.allocations):
            return False
        _remove_stale_temp_files(self.path)
        try:
            _replace(self.path, text)
        except OSError as exc:
            raise EnvironmentProblem(f"cannot write the port registry {self.path}: "
                                     f"{exc.strerror}") from None
        self.registry, self._text = registry, text
        return True


@contextmanager
def editing(path: Path) -> Iterator[Edit]:
    """Read-modify-write under the lock: no other scaffold reads for an update meanwhile."""
    with _locked(path):
        yield Edit(path, read(path))


# --- where it is --------------------------------------------------------------------------


def default_path(environ: Mapping[str, str] = os.environ) -> Path:
    """The per-user registry in the platform's state folder."""
    home = Path(environ.get("HOME") or Path.home())
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "scaffold" / FILENAME
    state = environ.get("XDG_STATE_HOME") or str(home / ".local" / "state")
    return Path(state) / "scaffold" / FILENAME


def locate(option: Path | None = None, manifest: Manifest | None = None,
           environ: Mapping[str, str] = os.environ) -> Path:
    """--registry, else $SCAFFOLD_PORT_REGISTRY, else the manifest's `registry:`, else per user."""
    if option is not None:
        return option.expanduser()
    if environ.get(ENV):
        return Path(environ[ENV]).expanduser()
    if manifest is not None and manifest.registry:
        return manifest.source.parent / Path(manifest.registry).expanduser()
    return default_path(environ)


# --- allocating (pure) --------------------------------------------------------------------


def fixed_ports(manifest: Manifest) -> dict[str, int]:
    """Host ports the manifest sets itself: services', and the compose-mode proxy's."""
    out = {s.name: s.port for s in manifest.services if s.port is not None}
    proxy = manifest.proxy
    if proxy is not None and proxy.mode == "compose" and proxy.port is not None:
        out[PROXY] = proxy.port
    return out


def allocate(registry: Registry, manifest: Manifest, busy: Collection[int] = (),
             remembered: Mapping[str, int] | None = None) -> dict[str, int]:
    """A host port for each service that needs one (what `generate` renders).

    A service keeps the port the registry holds for it while that port is in the
    project's range and nobody else's, else the port the project's lock file
    remembers (`remembered`: the same on every machine the project is cloned to);
    the rest come from the range, skipping other projects' allocations and the
    `busy` ports found in use on the host.
    """
    low, high = registry.range_for(manifest.name)
    names = {s.name for s in manifest.services}
    own = registry.of(manifest.name)
    keep = dict(remembered or {})
    keep.update({a.service: a.port for a in own if a.protocol == "tcp" and low <= a.port <= high})
    taken = {a.port for a in registry.allocations if a.project != manifest.name
             and a.protocol == "tcp" and hosts_overlap(a.host_ip, LOOPBACK)}
    taken |= {a.port for a in own if a.service not in names}  # e.g. one allocated by hand
    return assign(manifest, taken | set(busy), keep, (low, high))


def new_ports(registry: Registry, manifest: Manifest, ports: Mapping[str, int]) -> dict[str, int]:
    """The ports in `ports` that neither the manifest fixes nor the registry already holds."""
    held = {(a.service, a.port) for a in registry.of(manifest.name)}
    fixed = fixed_ports(manifest)
    return {s: p for s, p in ports.items() if s not in fixed and (s, p) not in held}


def conflicts(registry: Registry, project: str, ports: Mapping[str, int],
              protocol: str = "tcp", host_ip: str = LOOPBACK) -> list[tuple[str, int, Allocation]]:
    """(service, port, holder) for each of `ports` another project holds in the registry."""
    by_port: dict[int, list[Allocation]] = {}
    wanted = set(ports.values())
    for a in registry.allocations:
        if a.port in wanted and a.project != project:
            by_port.setdefault(a.port, []).append(a)
    return [(service, port, holder)
            for service, port in sorted(ports.items(), key=lambda sp: (sp[1], sp[0]))
            for holder in by_port.get(port, ()) if holder.overlaps(port, protocol, host_ip)]


def record(registry: Registry, manifest: Manifest, ports: Mapping[str, int], now: str) -> Registry:
    """The registry once the manifest's stack holds exactly `ports` (and its fixed ones).

    The project's allocations from a manifest are replaced; ones made by hand
    (no manifest) stay unless the stack now uses their service name. An unchanged
    allocation keeps its time, so regenerating leaves the file byte for byte alone.
    """
    source = str(manifest.source.resolve())
    wanted = {**ports, **fixed_ports(manifest)}
    before = {a.service: a for a in registry.of(manifest.name)}
    kept = [a for a in registry.allocations
            if a.project != manifest.name or (not a.manifest and a.service not in wanted)]
    for service, port in wanted.items():
        old = before.get(service)
        same = old is not None and (old.port, old.host_ip, old.manifest) == (port, LOOPBACK, source)
        if old is not None and same:
            kept.append(old)
        else:
            kept.append(Allocation(manifest.name, service, port, "tcp", LOOPBACK, source, now,
                                   old.extra if old else _NOTHING))
    return registry.with_allocations(kept)


def allocate_one(registry: Registry, project: str, service: str, port: int | None,
                 protocol: str, host_ip: str, now: str, busy: Collection[int] = ()) -> Allocation:
    """One allocation made by hand (`scaffold ports allocate --project P --service S`)."""
    old = next((a for a in registry.of(project) if a.service == service), None)
    if port is None and old is not None and old.protocol == protocol and old.host_ip == host_ip:
        return old
    if port is None:
        low, high = registry.range_for(project)
        taken = {a.port for a in registry.allocations
                 if a.project != project and a.protocol == protocol
                 and hosts_overlap(a.host_ip, host_ip)} | set(busy)
        taken |= {a.port for a in registry.of(project) if a.service != service}
        port = _first_free(project, service, (low, high), taken)
    return Allocation(project, service, port, protocol, host_ip, old.manifest if old else "", now,
                      old.extra if old else _NOTHING)


def _first_free(project: str, service: str, port_range: tuple[int, int], taken: set[int]) -> int:
    low, high = port_range
    start = preferred_port(project, service, port_range)
    size = high - low + 1
    for step in range(size):
        candidate = low + (start - low + step) % size
        if candidate not in taken:
            return candidate
    raise InputError(f"no free port left in {project}'s range {low}-{high}")


def prunable(registry: Registry, exists: Callable[[str], bool]) -> list[Allocation]:
    """Allocations whose manifest no longer exists (hand-made ones have none and stay)."""
    return [a for a in registry.allocations if a.manifest and not exists(a.manifest)]


# --- allocating (edge) --------------------------------------------------------------------


def allocate_probing(registry: Registry, manifest: Manifest, in_use: Callable[[int], bool],
                     remembered: Mapping[str, int] | None = None) -> dict[str, int]:
    """`allocate`, skipping new ports the live host uses (only new ones are asked about)."""
    busy: set[int] = set()
    free: set[int] = set()
    while True:
        ports = allocate(registry, manifest, busy, remembered)
        fresh = [p for p in new_ports(registry, manifest, ports).values() if p not in free]
        found = {p for p in fresh if in_use(p)}
        free.update(p for p in fresh if p not in found)
        if not found:
            return ports
        busy |= found


def refuse_conflicts(registry: Registry, manifest: Manifest, path: Path) -> None:
    """A port the manifest fixes that another project holds: the stacks cannot both run."""
    found = conflicts(registry, manifest.name, fixed_ports(manifest))
    if not found:
        return
    lines = [f"host port {port} of {who(service)} is allocated to {holder.label}"
             + (f" ({holder.manifest})" if holder.manifest else "")
             for service, port, holder in found]
    first = found[0][2]
    raise CheckFailed(f"port conflict in the port registry {path}:\n  " + "\n  ".join(lines)
                      + f"\nchoose another port in {manifest.source}, or free it with "
                        f"`scaffold ports release {first.project} {first.service}` "
                        f"(`scaffold ports prune` drops allocations whose manifest is gone); "
                        f"nothing was written")


def who(service: str) -> str:
    """How a message names a service the registry holds: the compose-mode nginx is "the proxy"."""
    return "the proxy" if service == PROXY else f"service '{service}'"


@dataclass
class Reservation:
    """The host ports `generate` renders, and how to record them once the files are written."""

    ports: dict[str, int]
    path: Path | None = None
    fresh: dict[str, int] = field(default_factory=dict)  # ports not held before this run
    _commit: Callable[[], None] | None = None
    committed: bool = False

    def commit(self) -> None:
        if self._commit is not None and not self.committed:
            self._commit()
        self.committed = True


@contextmanager
def reserve(manifest: Manifest, path: Path | None, record_ports: bool,
            in_use: Callable[[int], bool] | None = None,
            remembered: Mapping[str, int] | None = None) -> Iterator[Reservation]:
    """Host ports for the manifest, from the registry at `path` (None: no registry, plain `assign`).

    With `record_ports` the registry stays locked for the whole block, so no other
    process can hand out these ports meanwhile, and `commit()` records them; a block
    left by an exception records nothing. Without it the registry is only read,
    and the live host is not asked, so `--check` and `--diff` are repeatable.
    """
    if path is None:
        yield Reservation(assign(manifest, keep=remembered))
        return
    if not record_ports:
        yield Reservation(allocate(read(path), manifest, remembered=remembered), path)
        return
    if in_use is None:
        from scaffold.ports.host import port_in_use

        in_use = port_in_use
    with editing(path) as edit:
        refuse_conflicts(edit.registry, manifest, path)
        ports = allocate_probing(edit.registry, manifest, in_use, remembered)
        yield Reservation(ports, path, new_ports(edit.registry, manifest, ports),
                          lambda: _commit(edit, manifest, ports))


def _commit(edit: Edit, manifest: Manifest, ports: Mapping[str, int]) -> None:
    edit.save(record(edit.registry, manifest, ports, utc_now()))

