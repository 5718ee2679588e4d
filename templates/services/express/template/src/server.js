// @ts-check
/** Start the server on PORT (HOST, default 0.0.0.0) and stop cleanly on SIGTERM. */
import { createApp } from "./app.js";
import { SERVICE } from "./dependencies.js";
import { loadFileSecrets } from "./file-secrets.js";

loadFileSecrets();

const port = Number(process.env.PORT ?? "3000");
const host = process.env.HOST ?? "0.0.0.0";

const server = createApp().listen(port, host, () => {
  console.log(`${SERVICE} listening on http://${host}:${port}`);
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
