"""Checking each dependency: Postgres `SELECT 1`, SQLite, Redis `PING`, an upstream's `/health`,
and a protocol handshake with the catalog's other backing services (`wire`).

Each check opens its own short-lived connection with short timeouts; all of
them run at once in threads, so /health/ready takes as long as the slowest.
"""

import os
import sqlite3
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

import psycopg
import redis

from health import wire

Kind = Literal["database", "redis", "http", "mysql", "mongodb", "amqp", "kafka", "minio",
               "smtp", "memcached", "mssql", "tcp"]


@dataclass(frozen=True)
class Dependency:
    name: str  # the dependency's service name in scaffold.yaml
    kind: Kind  # "database": Postgres, or SQLite when the URL says sqlite
    variable: str  # the environment variable holding its URL
    path: str = "/health"  # for "http": what answers 200 while it is alive


def check_timeout() -> float:
    """Seconds each check may take (HEALTH_CHECK_TIMEOUT, default 2)."""
    return float(os.environ.get("HEALTH_CHECK_TIMEOUT", "2"))


def sqlite_path(url: str) -> str:
    """`sqlite:////tmp/app.sqlite3` -> `/tmp/app.sqlite3`; `sqlite:///app.db` -> `app.db`."""
    return unquote(url.removeprefix("sqlite://").removeprefix("/")) or ":memory:"


def check_database(url: str, timeout: float) -> str:
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        with sqlite3.connect(sqlite_path(url), timeout=timeout) as connection:
            connection.execute("SELECT 1").fetchone()
        return "sqlite"
    if scheme not in ("postgres", "postgresql"):
        raise ValueError(f"unsupported database URL scheme '{scheme}'")
    statement_timeout = f"-c statement_timeout={round(timeout * 1000)}"
    with psycopg.connect(
        url, connect_timeout=max(1, round(timeout)), options=statement_timeout
    ) as connection:
        connection.execute("SELECT 1")
    return "postgres"


def check_redis(url: str, timeout: float) -> str:
    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        if not client.ping():
            raise ConnectionError("PING got no PONG")
    finally:
        client.close()
    return "redis"


def check_http(url: str, path: str, timeout: float) -> str:
    try:
        with urllib.request.urlopen(url.rstrip("/") + path, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    if status != 200:
        raise ConnectionError(f"{path} answered HTTP {status}")
    return "http"


def _probe(dependency: Dependency, url: str, timeout: float) -> str:
    if dependency.kind == "database":
        return check_database(url, timeout)
    if dependency.kind == "redis":
        return check_redis(url, timeout)
    if dependency.kind in wire.DEFAULT_PORTS:  # the catalog's other backing services: a handshake
        return wire.check(dependency.kind, url, timeout)
    return check_http(url, dependency.path, timeout)


def _error(exc: BaseException) -> str:
    """A short reason, never the URL: URLs carry passwords."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:300] if text else type(exc).__name__


def run_check(dependency: Dependency, timeout: float) -> dict[str, Any]:
    url = os.environ.get(dependency.variable, "")
    if not url:
        return {"status": "failed", "kind": dependency.kind,
                "error": f"{dependency.variable} is not set"}
    started = time.perf_counter()
    try:
        result: dict[str, Any] = {"status": "ok", "kind": _probe(dependency, url, timeout)}
    except Exception as exc:  # any failure is the dependency's, and the answer says which
        result = {"status": "failed", "kind": dependency.kind, "error": _error(exc)}
    result["duration_ms"] = round((time.perf_counter() - started) * 1000)
    return result


def readiness(dependencies: Sequence[Dependency]) -> tuple[bool, dict[str, Any]]:
    """Every check at once; one that outlives its timeout counts as failed."""
    timeout = check_timeout()
    checks: dict[str, Any] = {}
    pool = ThreadPoolExecutor(max_workers=max(1, len(dependencies)), thread_name_prefix="ready")
    try:
        futures = [(d, pool.submit(run_check, d, timeout)) for d in dependencies]
        deadline = time.monotonic() + timeout + 0.5
        for dependency, future in futures:
            try:
                checks[dependency.name] = future.result(max(0.0, deadline - time.monotonic()))
            except FutureTimeout:
                checks[dependency.name] = {"status": "failed", "kind": dependency.kind,
                                           "error": f"timed out after {timeout:g}s"}
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return all(c["status"] == "ok" for c in checks.values()), checks
