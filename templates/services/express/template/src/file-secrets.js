// @ts-check
/**
 * Secrets handed over as files: Docker Swarm mounts them under /run/secrets and sets NAME_FILE.
 * Called once at start-up, so the rest of the code reads NAME from the environment either way.
 */
import { readFileSync } from "node:fs";

export const SECRETS_DIR = "/run/secrets/";

/**
 * Set NAME from the file NAME_FILE names, for files under `directory`, unless NAME is set.
 * @param {NodeJS.ProcessEnv} [env]
 * @param {string} [directory]
 */
export function loadFileSecrets(env = process.env, directory = SECRETS_DIR) {
  for (const [key, path] of Object.entries(env)) {
    const name = key.slice(0, -"_FILE".length);
    if (!key.endsWith("_FILE") || !name || env[name] !== undefined || !path?.startsWith(directory)) {
      continue;
    }
    env[name] = readFileSync(path, "utf8").replace(/\r?\n$/, ""); // unreadable: fail at start
  }
}
