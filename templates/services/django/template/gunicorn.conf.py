"""gunicorn's settings, from the environment compose sets (PORT, WEB_CONCURRENCY)."""

import os

bind = [f"0.0.0.0:{os.environ.get('PORT', '8000')}"]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = 30
graceful_timeout = 10
accesslog = "-"
