"""The worker: takes jobs from Redis and writes them to Postgres; listens on nothing."""
import os
import pathlib

import psycopg
import redis

queue = redis.Redis.from_url(os.environ["REDIS_URL"])
with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as db:
    pathlib.Path("/tmp/worker-alive").touch()
    while True:
        item = queue.blpop(["jobs"], timeout=5)
        if item:
            db.execute("INSERT INTO jobs (body) VALUES (%s)", (item[1].decode(),))
