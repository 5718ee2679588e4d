"""The migration job: creates the table, then exits 0."""
import os

import psycopg

with psycopg.connect(os.environ["DATABASE_URL"]) as db:
    db.execute("CREATE TABLE IF NOT EXISTS jobs (id serial PRIMARY KEY, body text NOT NULL)")
print("migrated")
