"""Handshakes with the backing services scaffold's catalog offers, on the standard library alone.

Each check opens a TCP connection and exchanges the first messages of the service's own
protocol, enough to know it is the service and that it answers; none logs in. A refused
or foreign answer raises ConnectionError. Blocking: run them in a thread.

    mysql      MySQL/MariaDB: the server's handshake packet (protocol 10), not an error packet
    mongodb    an OP_MSG `hello` to admin, answered with ok: 1
    amqp       the AMQP 0-9-1 header, answered with Connection.Start
    kafka      ApiVersions (v0), answered with error code 0
    minio      GET /minio/health/live answered 200
    smtp       the 220 greeting
    memcached  `version`, answered with VERSION
    mssql      a TDS PRELOGIN, answered with a tabular result
    tcp        the connection alone
"""

import socket
import struct
import urllib.request
from collections.abc import Callable
from urllib.parse import urlsplit

DEFAULT_PORTS = {"mysql": 3306, "mongodb": 27017, "amqp": 5672, "kafka": 9092, "minio": 9000,
                 "smtp": 1025, "memcached": 11211, "mssql": 1433, "tcp": 80}


def address(value: str, default_port: int) -> tuple[str, int]:
    """`mysql://u:p@db:3306/app` or `cache:11211,other:11211` -> (host, port) of the first."""
    if "://" in value:
        parts = urlsplit(value)
        return parts.hostname or "localhost", parts.port or default_port
    first = value.split(",")[0].strip()
    host, _, port = first.rpartition(":")
    return (host, int(port)) if host and port.isdigit() else (first, default_port)


def _read(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError(f"the connection closed after {len(data)} of {size} bytes")
        data += chunk
    return data


def _mysql(sock: socket.socket) -> None:
    length = int.from_bytes(_read(sock, 4)[:3], "little")
    payload = _read(sock, length)
    if payload[:1] == b"\xff":
        raise ConnectionError("MySQL answered with an error packet")
    if payload[:1] != b"\x0a":
        raise ConnectionError("not a MySQL handshake (protocol 10)")


def _bson_hello() -> bytes:
    body = (b"\x10hello\x00" + struct.pack("<i", 1)
            + b"\x02$db\x00" + struct.pack("<i", 6) + b"admin\x00")
    return struct.pack("<i", len(body) + 5) + body + b"\x00"


def _mongodb(sock: socket.socket) -> None:
    message = struct.pack("<I", 0) + b"\x00" + _bson_hello()
    sock.sendall(struct.pack("<iiii", 16 + len(message), 1, 0, 2013) + message)
    length, _, responding_to, opcode = struct.unpack("<iiii", _read(sock, 16))
    body = _read(sock, length - 16)
    if opcode != 2013 or responding_to != 1:
        raise ConnectionError("not a MongoDB OP_MSG reply")
    at = body.find(b"\x01ok\x00")
    if at < 0 or struct.unpack("<d", body[at + 4:at + 12])[0] != 1.0:
        raise ConnectionError("MongoDB's hello did not answer ok: 1")


def _amqp(sock: socket.socket) -> None:
    sock.sendall(b"AMQP\x00\x00\x09\x01")
    frame_type, _channel, size = struct.unpack(">BHI", _read(sock, 7))
    payload = _read(sock, min(size, 4))
    if frame_type != 1 or payload != b"\x00\x0a\x00\x0a":
        raise ConnectionError("no AMQP Connection.Start")


def _kafka(sock: socket.socket) -> None:
    client = b"scaffold-ready"
    request = struct.pack(">hhih", 18, 0, 7, len(client)) + client
    sock.sendall(struct.pack(">i", len(request)) + request)
    size = struct.unpack(">i", _read(sock, 4))[0]
    correlation, error = struct.unpack(">ih", _read(sock, size)[:6])
    if correlation != 7 or error != 0:
        raise ConnectionError(f"Kafka ApiVersions answered error code {error}")


def _smtp(sock: socket.socket) -> None:
    if not _read(sock, 4).startswith(b"220"):
        raise ConnectionError("no SMTP 220 greeting")


def _memcached(sock: socket.socket) -> None:
    sock.sendall(b"version\r\n")
    if _read(sock, 8) != b"VERSION ":
        raise ConnectionError("memcached did not answer VERSION")


def _mssql(sock: socket.socket) -> None:
    # PRELOGIN: VERSION (6 bytes) and ENCRYPTION (not supported), then the terminator
    options = bytes([0, 0, 11, 0, 6, 1, 0, 17, 0, 1, 0xFF]) + bytes(6) + b"\x02"
    sock.sendall(struct.pack(">BBHHBB", 0x12, 1, 8 + len(options), 0, 1, 0) + options)
    if _read(sock, 8)[:1] != b"\x04":
        raise ConnectionError("SQL Server did not answer the PRELOGIN")


_HANDSHAKES: dict[str, Callable[[socket.socket], None]] = {
    "mysql": _mysql, "mongodb": _mongodb, "amqp": _amqp, "kafka": _kafka, "smtp": _smtp,
    "memcached": _memcached, "mssql": _mssql, "tcp": lambda sock: None,
}


def _minio(url: str, timeout: float) -> None:
    live = url.rstrip("/") + "/minio/health/live"
    with urllib.request.urlopen(live, timeout=timeout) as response:
        if response.status != 200:
            raise ConnectionError(f"/minio/health/live answered HTTP {response.status}")


def check(kind: str, value: str, timeout: float) -> str:
    """Shake hands with the service `value` (a URL, or host:port) names; return `kind`."""
    if kind == "minio":
        _minio(value, timeout)
        return kind
    host, port = address(value, DEFAULT_PORTS[kind])
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.settimeout(timeout)
        _HANDSHAKES[kind](sock)
    return kind
