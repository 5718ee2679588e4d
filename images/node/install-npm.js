// Fetch npm from its registry and check the tarball against the registry's sha512:
// Debian's own npm package drags in some 300 packages and minutes of build time.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");

const [version, target] = process.argv.slice(2);

async function main() {
  const meta = await (await fetch(`https://registry.npmjs.org/npm/${version}`)).json();
  const response = await fetch(meta.dist.tarball);
  if (!response.ok) throw new Error(`${meta.dist.tarball}: HTTP ${response.status}`);
  const body = Buffer.from(await response.arrayBuffer());
  const actual = "sha512-" + crypto.createHash("sha512").update(body).digest("base64");
  if (actual !== meta.dist.integrity) throw new Error(`npm ${version}: checksum mismatch`);
  fs.writeFileSync(target, body);
}

main().catch((error) => {
  console.error(`install-npm: ${error.message}`);
  process.exit(1);
});
