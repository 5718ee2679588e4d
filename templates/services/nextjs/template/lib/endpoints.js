// @ts-check
/** The health endpoints' answers, as Web `Response`s the route handlers return. */
import { loadFileSecrets } from "./file-secrets.js";
import { readiness } from "./health.js";

loadFileSecrets(); // once, when the first route handler loads this module

/** @param {string} service */
export function healthResponse(service) {
  return Response.json({ status: "healthy", service });
}

/**
 * @param {string} service
 * @param {readonly import("./health.js").Dependency[]} dependencies
 * @param {NodeJS.ProcessEnv} [env]
 */
export async function readyResponse(service, dependencies, env = process.env) {
  const { ok, checks } = await readiness(dependencies, env);
  return Response.json(
    { status: ok ? "ready" : "degraded", service, checks },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
