const express = require("express");
const mongoose = require("mongoose");

const app = express();
app.get("/health", (_req, res) => res.json({ db: mongoose.connection.readyState }));
mongoose.connect(process.env.MONGODB_URI).then(() => app.listen(process.env.PORT || 8000));
