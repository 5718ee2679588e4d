"""The preset names the command line offers, without importing the presets and the model.

presets.py derives the same tuples from PRESETS and checks at import that they agree with these.
"""

from __future__ import annotations

APP_PRESETS = ("fastapi", "django", "express", "nextjs")  # the presets whose code scaffold writes
# the backing services a new project can start with
INFRA_PRESETS = ("postgres", "redis", "mysql", "mariadb", "mongodb", "mssql", "rabbitmq", "kafka", "minio",
                 "mailpit", "memcached")
SCAFFOLDABLE_PRESETS = (*APP_PRESETS, *INFRA_PRESETS)  # what `new --service` and `add-service` take
