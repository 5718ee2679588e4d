"""The web app: /health, and /jobs to queue work for the worker."""
import os

import psycopg
import redis
from flask import Flask

app = Flask(__name__)
queue = redis.Redis.from_url(os.environ["REDIS_URL"])


@app.get("/health")
def health():
    with psycopg.connect(os.environ["DATABASE_URL"]) as db:
        db.execute("SELECT count(*) FROM jobs").fetchone()
    queue.ping()
    return "ok"


@app.post("/jobs")
def enqueue():
    queue.rpush("jobs", "hello")
    return "queued", 202
