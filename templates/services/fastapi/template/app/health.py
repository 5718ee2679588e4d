"""Liveness and readiness endpoints.

`/health` touches nothing: it answers while the process can serve. `/health/ready`
checks every dependency at once, each with a short timeout, and answers 503 when
one fails, so a load balancer or compose stops sending traffic here.
"""

import asyncio
import os
import sqlite3
import time
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

import httpx
import psycopg
from fastapi import APIRouter
from fastapi.responses import JSONResponse
from redis.asyncio import Redis

from app import wire

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


def database_kind(url: str) -> str:
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        return "sqlite"
    if scheme in ("postgres", "postgresql"):
        return "postgres"
    raise ValueError(f"unsupported database URL scheme '{scheme}'")


def sqlite_path(url: str) -> str:
    """`sqlite:////tmp/app.sqlite3` -> `/tmp/app.sqlite3`; `sqlite:///app.db` -> `app.db`."""
    return unquote(url.removeprefix("sqlite://").removeprefix("/")) or ":memory:"


def _sqlite_select_one(path: str, timeout: float) -> None:
    with sqlite3.connect(path, timeout=timeout) as connection:
        connection.execute("SELECT 1").fetchone()


async def check_database(url: str, seconds: float) -> str:
    kind = database_kind(url)
    if kind == "sqlite":
        # sqlite3 blocks: run it in a thread so the event loop keeps serving
        await asyncio.to_thread(_sqlite_select_one, sqlite_path(url), seconds)
        return kind
    connect_timeout = max(1, round(seconds))
    async with await psycopg.AsyncConnection.connect(url, connect_timeout=connect_timeout) as conn:
        await conn.execute("SELECT 1")
    return kind


async def check_redis(url: str, seconds: float) -> str:
    client = Redis.from_url(url, socket_connect_timeout=seconds, socket_timeout=seconds)
    try:
        if not await client.ping():
            raise ConnectionError("PING got no PONG")
    finally:
        await client.aclose()
    return "redis"


async def check_http(url: str, path: str, seconds: float) -> str:
    async with httpx.AsyncClient(timeout=seconds) as client:
        response = await client.get(url.rstrip("/") + path)
    if response.status_code != 200:
        raise ConnectionError(f"{path} answered HTTP {response.status_code}")
    return "http"


def _probe(dependency: Dependency, url: str, seconds: float) -> Awaitable[str]:
    if dependency.kind == "database":
        return check_database(url, seconds)
    if dependency.kind == "redis":
        return check_redis(url, seconds)
    if dependency.kind in wire.DEFAULT_PORTS:  # the catalog's other backing services: a handshake
        return asyncio.to_thread(wire.check, dependency.kind, url, seconds)
    return check_http(url, dependency.path, seconds)


def _error(exc: BaseException) -> str:
    """A short reason, never the URL: URLs carry passwords."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:300] if text else type(exc).__name__


async def run_check(dependency: Dependency, seconds: float) -> dict[str, Any]:
    url = os.environ.get(dependency.variable, "")
    if not url:
        return {"status": "failed", "kind": dependency.kind,
                "error": f"{dependency.variable} is not set"}
    started = time.perf_counter()
    result: dict[str, Any]
    try:
        async with asyncio.timeout(seconds):
            kind = await _probe(dependency, url, seconds)
    except TimeoutError:
        result = {"status": "failed", "kind": dependency.kind,
                  "error": f"timed out after {seconds:g}s"}
    except Exception as exc:  # any failure is the dependency's, and the answer says which
        result = {"status": "failed", "kind": dependency.kind, "error": _error(exc)}
    else:
        result = {"status": "ok", "kind": kind}
    result["duration_ms"] = round((time.perf_counter() - started) * 1000)
    return result


async def readiness(dependencies: Sequence[Dependency]) -> tuple[bool, dict[str, Any]]:
    seconds = check_timeout()
    results = await asyncio.gather(*(run_check(d, seconds) for d in dependencies))
    checks = {d.name: r for d, r in zip(dependencies, results, strict=True)}
    return all(r["status"] == "ok" for r in results), checks


def health_router(service: str, dependencies: Sequence[Dependency]) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "healthy", "service": service}

    @router.get("/health/ready", responses={503: {"description": "A dependency failed"}})
    async def ready() -> JSONResponse:
        ok, checks = await readiness(dependencies)
        body = {"status": "ready" if ok else "degraded", "service": service, "checks": checks}
        return JSONResponse(body, status_code=200 if ok else 503)

    return router

