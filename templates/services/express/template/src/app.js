// @ts-check
/** The Express application: the health endpoints, and your routes beside them. */
import express from "express";

import { DEPENDENCIES, SERVICE } from "./dependencies.js";
import { readiness } from "./health.js";

/**
 * @param {{ service?: string, dependencies?: readonly import("./health.js").Dependency[], env?: NodeJS.ProcessEnv }} [options]
 */
export function createApp({ service = SERVICE, dependencies = DEPENDENCIES, env = process.env } = {}) {
  const app = express();
  app.disable("x-powered-by");

  app.get("/health", (_request, response) => {
    response.json({ status: "healthy", service });
  });

  app.get("/health/ready", async (_request, response) => {
    const { ok, checks } = await readiness(dependencies, env);
    response.status(ok ? 200 : 503).json({ status: ok ? "ready" : "degraded", service, checks });
  });

  return app;
}
