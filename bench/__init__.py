"""The benchmark: scaffold against copier and docker compose, with targets (see run.py)."""
