// @ts-check
/** Secrets that arrive as files (Swarm's NAME_FILE) land in the environment as NAME. */
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { loadFileSecrets } from "../lib/file-secrets.js";

test("a file secret becomes the variable; other *_FILE variables are left alone", async () => {
  const dir = await mkdtemp(join(tmpdir(), "secrets-"));
  await writeFile(join(dir, "db_url"), "postgresql://app:s3cret@db:5432/app\n");
  /** @type {NodeJS.ProcessEnv} */
  const env = { DATABASE_URL_FILE: join(dir, "db_url"), LOG_FILE: "/var/log/app.log" };
  loadFileSecrets(env, dir);
  assert.equal(env.DATABASE_URL, "postgresql://app:s3cret@db:5432/app");
  assert.equal(env.LOG, undefined);
});

test("a variable already set wins", async () => {
  const dir = await mkdtemp(join(tmpdir(), "secrets-"));
  await writeFile(join(dir, "token"), "from-file");
  /** @type {NodeJS.ProcessEnv} */
  const env = { TOKEN: "from-env", TOKEN_FILE: join(dir, "token") };
  loadFileSecrets(env, dir);
  assert.equal(env.TOKEN, "from-env");
});

test("a missing secret file fails at start", async () => {
  const dir = await mkdtemp(join(tmpdir(), "secrets-"));
  assert.throws(() => loadFileSecrets({ TOKEN_FILE: join(dir, "absent") }, dir), /ENOENT/);
});
