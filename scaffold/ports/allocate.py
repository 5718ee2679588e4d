"""Choosing host ports against the registry (pure), and reserving them under its lock (edge)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from scaffold.errors import CheckFailed, InputError
from scaffold.manifest.model import Manifest
from scaffold.ports.assign import assign, first_open, preferred_port
from scaffold.ports.registry import _NOTHING, LOOPBACK, PROXY, Allocation, Registry, read, utc_now, who
from scaffold.ports.store import Edit, editing


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
    taken = registry.taken("tcp", LOOPBACK, besides=manifest.name)
    taken.update(a.port for a in own if a.service not in names)  # e.g. one allocated by hand
    taken.update(busy)
    return assign(manifest, taken, keep, (low, high))


def new_ports(registry: Registry, manifest: Manifest, ports: Mapping[str, int]) -> dict[str, int]:
    """The ports in `ports` that neither the manifest fixes nor the registry already holds."""
    held = {(a.service, a.port) for a in registry.of(manifest.name)}
    fixed = fixed_ports(manifest)
    return {s: p for s, p in ports.items() if s not in fixed and (s, p) not in held}


def conflicts(registry: Registry, project: str, ports: Mapping[str, int],
              protocol: str = "tcp", host_ip: str = LOOPBACK) -> list[tuple[str, int, Allocation]]:
    """(service, port, holder) for each of `ports` another project holds in the registry."""
    return [(service, port, holder)
            for service, port in sorted(ports.items(), key=lambda sp: (sp[1], sp[0]))
            for holder in registry.holders(port, protocol, host_ip) if holder.project != project]


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
        taken = registry.taken(protocol, host_ip, besides=project) | set(busy)
        taken |= {a.port for a in registry.of(project) if a.service != service}
        port = _first_free(project, service, (low, high), taken)
    return Allocation(project, service, port, protocol, host_ip, old.manifest if old else "", now,
                      old.extra if old else _NOTHING)


def _first_free(project: str, service: str, port_range: tuple[int, int], taken: set[int]) -> int:
    port = first_open(preferred_port(project, service, port_range), taken, port_range)
    if port is None:
        raise InputError(f"no free port left in {project}'s range {port_range[0]}-{port_range[1]}")
    return port


def prunable(registry: Registry, exists: Callable[[str], bool]) -> list[Allocation]:
    """Allocations whose manifest no longer exists (hand-made ones have none and stay)."""
    return [a for a in registry.allocations if a.manifest and not exists(a.manifest)]


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
        yield Reservation(allocate(forget_renamed(read(path), manifest), manifest,
                                   remembered=remembered), path)
        return
    if in_use is None:
        from scaffold.ports.host import port_in_use

        in_use = port_in_use
    with editing(path) as edit:
        current = forget_renamed(edit.registry, manifest)
        refuse_conflicts(current, manifest, path)
        ports = allocate_probing(current, manifest, in_use, remembered)
        yield Reservation(ports, path, new_ports(current, manifest, ports),
                          lambda: _commit(edit, current, manifest, ports))


def _commit(edit: Edit, registry: Registry, manifest: Manifest, ports: Mapping[str, int]) -> None:
    edit.save(record(registry, manifest, ports, utc_now()))


def forget_renamed(registry: Registry, manifest: Manifest) -> Registry:
    """The registry without what this manifest file recorded under another project name.

    One manifest file is one project: when its `name:` changes, the allocations it made
    under the old name are stale, and would otherwise hold their ports for good.
    """
    source = str(manifest.source.resolve())
    stale = {a for a in registry.allocations if a.manifest == source and a.project != manifest.name}
    if not stale:
        return registry
    return registry.with_allocations(a for a in registry.allocations if a not in stale)
