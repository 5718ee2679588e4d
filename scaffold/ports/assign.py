"""Choosing host ports: which services need one, and a stable choice for those the manifest leaves open."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from scaffold.errors import InputError
from scaffold.manifest.model import Kind, Manifest, Service

# below Linux's ephemeral range (32768-60999), above the well-known and most dev-tool ports
DEFAULT_RANGE = (10000, 32767)


def needs_host_port(service: Service) -> bool:
    """Apps, images and proxies are published; databases and caches only when the manifest says so,
    and nothing with `publish: false`, or whose `ports:` list says what it publishes."""
    if not service.publish:
        return False
    if service.port is not None:
        return True
    return (service.kind in (Kind.APP, Kind.IMAGE, Kind.PROXY) and service.internal_port is not None
            and not service.ports)


def preferred_port(project: str, service: str, port_range: tuple[int, int] = DEFAULT_RANGE) -> int:
    """Where the search for a free port starts: a hash of the names, so choices are stable and spread."""
    low, high = port_range
    # surrogatepass: a name that is no text (refused when written) still gets a start, same bytes else
    digest = _sha256(f"{project}/{service}".encode("utf-8", "surrogatepass"))
    return low + int.from_bytes(digest[:4], "big") % (high - low + 1)


def _sha256(data: bytes) -> bytes:
    """SHA-256 from CPython's own module when there is one (private: `_sha256`, `_sha2` from
    3.12): `hashlib` loads OpenSSL's bindings first, ten times the import for one short digest."""
    from importlib import import_module

    for name in ("_sha256", "_sha2"):
        try:
            return bytes(import_module(name).sha256(data).digest())
        except (ImportError, AttributeError):
            continue
    import hashlib

    return hashlib.sha256(data).digest()


def assign(
    manifest: Manifest,
    taken: Collection[int] = (),
    keep: Mapping[str, int] | None = None,
    port_range: tuple[int, int] = DEFAULT_RANGE,
) -> dict[str, int]:
    """A host port for every service that needs one.

    Fixed ports come from the manifest; `keep` holds earlier choices to reuse
    (from the port registry); the rest are probed upward from a hashed start,
    skipping `taken` ports and each other. Pure and deterministic.
    """
    keep = keep or {}
    out: dict[str, int] = {}
    used = set(taken)
    for s in manifest.services:
        if s.port is not None:
            out[s.name] = s.port
            used.add(s.port)
    for s in manifest.services:
        if s.name in out or not needs_host_port(s):
            continue
        kept = keep.get(s.name)
        if kept is not None and kept not in used:
            out[s.name] = kept
            used.add(kept)
    open_ports = _OpenPorts(used, port_range)  # one for all: no run of used ports walked twice
    for s in manifest.services:
        if s.name not in out and needs_host_port(s):
            port = open_ports.first(preferred_port(manifest.name, s.name, port_range))
            if port is None:
                low, high = port_range
                raise InputError(f"no free host port left in {low}-{high} for service '{s.name}'")
            out[s.name] = port
            used.add(port)
    return out


def first_open(start: int, used: Collection[int], port_range: tuple[int, int]) -> int | None:
    """The first port from `start` upward, wrapping round the range, that is not `used`."""
    return _OpenPorts(used, port_range).first(start)


class _OpenPorts:
    """`first_open` for many starts in one range: each walk over a run of used ports leaves a
    shortcut from every port it passed to the open one it found, so the next walk from inside
    that run jumps instead of stepping again (services x allocations steps otherwise)."""

    def __init__(self, used: Collection[int], port_range: tuple[int, int]) -> None:
        self.used = used  # may grow between calls; a port never leaves it
        self.low, self.high = port_range
        self.jumps: dict[int, int] = {}  # used port -> a port after it, every one between used

    def first(self, start: int) -> int | None:
        low, high, size, used, jumps = self.low, self.high, self.high - self.low + 1, self.used, self.jumps
        port = low + (start - low) % size
        passed: list[int] = []
        covered = 0  # how far round the range the walk has gone, over used ports only
        while port in used:
            passed.append(port)
            after = jumps.get(port)
            if after is None:
                after = low if port == high else port + 1
            covered += (after - port) % size or size
            if covered >= size:
                return None
            port = after
        for p in passed:
            jumps[p] = port
        return port
