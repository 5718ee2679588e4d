"""The live host: whether a port can be bound, who listens on it (from /proc), the ephemeral range."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from scaffold.ports.registry import LOOPBACK

EPHEMERAL_FILE = "/proc/sys/net/ipv4/ip_local_port_range"
EPHEMERAL_FALLBACK = (32768, 60999)  # Linux's default


def ephemeral_range(path: str = EPHEMERAL_FILE) -> tuple[int, int]:
    try:
        low, high = (int(x) for x in Path(path).read_text(encoding="ascii").split())
    except (OSError, ValueError):
        return EPHEMERAL_FALLBACK
    return (low, high)


def bind_test(host_ip: str, port: int, protocol: str = "tcp") -> str:
    """"free", "in use", "not allowed" (a privileged port, not root) or "no such address"."""
    import socket  # only when the host is asked about: `ports check --no-host` needs none

    family = socket.AF_INET6 if ":" in host_ip else socket.AF_INET
    kind = socket.SOCK_STREAM if protocol == "tcp" else socket.SOCK_DGRAM
    with socket.socket(family, kind) as sock:
        # what a server sets: a port whose last connection lingers in TIME_WAIT is free to it
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host_ip, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return "in use"
            if exc.errno == errno.EACCES:
                return "not allowed"
            return "no such address"
    return "free"


def port_in_use(port: int, host_ip: str = LOOPBACK, protocol: str = "tcp") -> bool:
    """Whether binding `port` on `host_ip` fails now, as it would for Docker."""
    return bind_test(host_ip, port, protocol) == "in use"


def listeners(port: int, protocol: str = "tcp") -> list[str]:
    """The processes with a socket bound to `port` ("pid 812 (docker-proxy)"), those we can see."""
    inodes = _socket_inodes(port, protocol)
    if not inodes:
        return []
    found: set[str] = set()
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and inodes & _sockets_of(proc):
            try:
                comm = (proc / "comm").read_text(encoding="utf-8", errors="replace").strip()
            except OSError:
                continue
            found.add(f"pid {proc.name} ({comm})")
    return sorted(found, key=lambda s: int(s.split()[1]))


def _sockets_of(proc: Path) -> set[str]:
    out = set()
    try:
        fds = list((proc / "fd").iterdir())
    except OSError:  # gone, or another user's
        return set()
    for fd in fds:
        try:
            out.add(os.readlink(fd))
        except OSError:  # closed meanwhile (the listing's own descriptor, for one)
            continue
    return out


def socket_rows(protocol: str, tables: Iterable[str] = ()) -> Iterator[list[str]]:
    """The rows of the kernel's socket tables for `protocol` (tcp or udp, IPv4 and IPv6), split
    into fields; none where /proc has no such table."""
    for table in tables or (f"/proc/net/{protocol}", f"/proc/net/{protocol}6"):
        try:
            rows = Path(table).read_text(encoding="ascii").splitlines()[1:]
        except OSError:
            continue
        yield from (row.split() for row in rows)


def listening_ports(tables: Iterable[str] = ()) -> set[int]:
    """The TCP ports something listens on (0A is LISTEN in the kernel's tables)."""
    return {int(fields[1].rsplit(":", 1)[1], 16) for fields in socket_rows("tcp", tables)
            if len(fields) > 3 and fields[3] == "0A"}


def _socket_inodes(port: int, protocol: str) -> set[str]:
    out: set[str] = set()
    for fields in socket_rows(protocol):
        if len(fields) < 10:
            continue
        listening = protocol != "tcp" or fields[3] == "0A"
        if listening and int(fields[1].rsplit(":", 1)[1], 16) == port and fields[9] != "0":
            out.add(f"socket:[{fields[9]}]")
    return out
