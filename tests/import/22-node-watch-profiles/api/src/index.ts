import express from "express";

const app = express();
app.get("/health", (_req, res) => res.json({ status: "ok" }));
app.listen(Number(process.env.PORT ?? 4000));
