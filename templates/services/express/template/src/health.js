// @ts-check
/**
 * Liveness and readiness checks.
 *
 * `/health` touches nothing. `/health/ready` checks every dependency at once, each
 * with a short timeout, all of it asynchronous so the event loop keeps serving:
 * Postgres `SELECT 1`, Redis `PING`, SQLite (the CI variant's stand-in for
 * Postgres) and each upstream app's health path.
 */
import { constants } from "node:fs";
import { access, open } from "node:fs/promises";
import { dirname } from "node:path";

import pg from "pg";
import { createClient } from "redis";

import { DEFAULT_PORTS, check as handshake } from "./wire.js";

/**
 * @typedef {object} Dependency
 * @property {string} name the dependency's service name in scaffold.yaml
 * @property {string} kind "database": Postgres, or SQLite when the URL says sqlite; "redis", "http", or
 *   a catalog handshake: "mysql", "mongodb", "amqp", "kafka", "minio", "smtp", "memcached", "mssql", "tcp"
 * @property {string} variable the environment variable holding its URL
 * @property {string} [path] for "http": what answers 200 while it is alive
 */

/**
 * @typedef {object} CheckResult
 * @property {"ok" | "failed"} status
 * @property {string} kind
 * @property {string} [error]
 * @property {number} [duration_ms]
 */

/** Milliseconds each check may take (HEALTH_CHECK_TIMEOUT in seconds, default 2). */
export function checkTimeoutMs(env = process.env) {
  const seconds = Number(env.HEALTH_CHECK_TIMEOUT ?? "2");
  return Math.round((Number.isFinite(seconds) && seconds > 0 ? seconds : 2) * 1000);
}

/**
 * `sqlite:////tmp/app.sqlite3` -> `/tmp/app.sqlite3`; `sqlite:///app.db` -> `app.db`.
 * @param {string} url
 */
export function sqlitePath(url) {
  const rest = url.replace(/^sqlite:\/\//, "").replace(/^\//, "");
  return decodeURIComponent(rest) || ":memory:";
}

/**
 * Node has no SQLite driver by default: the file must be a SQLite database, or creatable.
 * @param {string} path
 */
async function checkSqlite(path) {
  if (path === ":memory:") return;
  let handle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== "ENOENT") throw error;
    await access(dirname(path), constants.W_OK);
    return;
  }
  try {
    const header = Buffer.alloc(16);
    const { bytesRead } = await handle.read(header, 0, 16, 0);
    if (bytesRead > 0 && header.toString("latin1", 0, bytesRead) !== "SQLite format 3\0".slice(0, bytesRead)) {
      throw new Error("the file is not a SQLite database");
    }
  } finally {
    await handle.close();
  }
}

/**
 * @param {string} url
 * @param {number} ms
 */
export async function checkDatabase(url, ms) {
  const scheme = url.split(":", 1)[0];
  if (scheme === "sqlite") {
    await checkSqlite(sqlitePath(url));
    return "sqlite";
  }
  if (scheme !== "postgres" && scheme !== "postgresql") {
    throw new Error(`unsupported database URL scheme '${scheme}'`);
  }
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: ms,
    query_timeout: ms,
  });
  client.on("error", () => {}); // a dropped connection surfaces through connect() or query()
  try {
    await client.connect();
    await client.query("SELECT 1");
  } finally {
    await client.end().catch(() => {});
  }
  return "postgres";
}

/**
 * @param {string} url
 * @param {number} ms
 */
export async function checkRedis(url, ms) {
  const client = createClient({ url, socket: { connectTimeout: ms, reconnectStrategy: false } });
  client.on("error", () => {}); // the failure surfaces through connect() or ping()
  try {
    await client.connect();
    const pong = await client.ping();
    if (pong !== "PONG") throw new Error("PING got no PONG");
  } finally {
    if (client.isOpen) client.destroy();
  }
  return "redis";
}

/**
 * @param {string} url
 * @param {string} path
 * @param {number} ms
 */
export async function checkHttp(url, path, ms) {
  const response = await fetch(url.replace(/\/+$/, "") + path, { signal: AbortSignal.timeout(ms) });
  await response.body?.cancel();
  if (response.status !== 200) throw new Error(`${path} answered HTTP ${response.status}`);
  return "http";
}

/**
 * @param {Dependency} dependency
 * @param {string} url
 * @param {number} ms
 */
function probe(dependency, url, ms) {
  if (dependency.kind === "database") return checkDatabase(url, ms);
  if (dependency.kind === "redis") return checkRedis(url, ms);
  // the catalog's other backing services: a handshake in their own protocol
  if (dependency.kind in DEFAULT_PORTS) return handshake(dependency.kind, url, ms);
  return checkHttp(url, dependency.path ?? "/health", ms);
}

/**
 * A short reason, never the URL: URLs carry passwords.
 * @param {unknown} error
 */
function reason(error) {
  if (!(error instanceof Error)) return String(error).slice(0, 300);
  const errors = /** @type {{ errors?: unknown[] }} */ (error).errors;
  const first = error.message.trim().split("\n")[0]
    || (Array.isArray(errors) && errors[0] instanceof Error ? errors[0].message : "");
  // fetch says only "fetch failed"; the cause says why
  const cause = error.cause instanceof Error ? ` (${error.cause.message.split("\n")[0]})` : "";
  return ((first ? `${error.name}: ${first}` : error.name) + cause).slice(0, 300);
}

/**
 * @param {Dependency} dependency
 * @param {number} ms
 * @returns {Promise<CheckResult>}
 */
export async function runCheck(dependency, ms, env = process.env) {
  const url = env[dependency.variable];
  if (!url) return { status: "failed", kind: dependency.kind, error: `${dependency.variable} is not set` };
  const started = performance.now();
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000}s`)), ms);
  });
  /** @type {CheckResult} */
  let result;
  try {
    const kind = await Promise.race([probe(dependency, url, ms), deadline]);
    result = { status: "ok", kind: String(kind) };
  } catch (error) {
    result = { status: "failed", kind: dependency.kind, error: reason(error) };
  } finally {
    clearTimeout(timer);
  }
  result.duration_ms = Math.round(performance.now() - started);
  return result;
}

/**
 * Every check at once.
 * @param {readonly Dependency[]} dependencies
 * @returns {Promise<{ ok: boolean, checks: Record<string, CheckResult> }>}
 */
export async function readiness(dependencies, env = process.env) {
  const ms = checkTimeoutMs(env);
  const results = await Promise.all(dependencies.map((d) => runCheck(d, ms, env)));
  /** @type {Record<string, CheckResult>} */
  const checks = {};
  dependencies.forEach((d, i) => {
    checks[d.name] = results[i];
  });
  return { ok: results.every((r) => r.status === "ok"), checks };
}
