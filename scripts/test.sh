#!/usr/bin/env bash
# Set up, then run every check: ruff, mypy --strict, and the whole test suite.
# Options go to pytest: `scripts/test.sh -m "not docker"` leaves out the tests that need the Docker engine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/ruff check scaffold tests bench
.venv/bin/mypy
exec .venv/bin/pytest "$@"
