const express = require("express");
const client = require("prom-client");

client.collectDefaultMetrics();
const app = express();
app.get("/healthz", (_req, res) => res.sendStatus(204));
app.get("/metrics", async (_req, res) => res.type(client.register.contentType).send(await client.register.metrics()));
app.listen(Number(process.env.PORT) || 3000);
