#!/usr/bin/env bash
# Set up everything scaffold's development and tests need, idempotently:
# a virtualenv with the package and its test tools, Debian's nginx, shellcheck and chromium,
# and dclint from npm. `--python-only` stops after the virtualenv (enough to run scaffold).
set -euo pipefail
cd "$(dirname "$0")/.."

python_only=0
[ "${1:-}" = "--python-only" ] && python_only=1

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -e '.[test]'
[ "$python_only" = 1 ] && exit 0

need_apt=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx-light)
command -v shellcheck >/dev/null 2>&1 || need_apt+=(shellcheck)
# real PostgreSQL and Redis for the generated services' health checks (tests run throwaway ones)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need_apt+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
# the browser `scaffold verify --e2e` drives (Playwright launches Debian's, never downloads one)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ "${#need_apt[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "bootstrap: please install: ${need_apt[*]} (Debian packages)" >&2
  fi
fi

if [ ! -x .tools/node_modules/.bin/dclint ]; then
  mkdir -p .tools
  npm install --silent --no-audit --no-fund --prefix .tools dclint@3 >/dev/null
fi
bash scripts/docker-engine.sh
bash scripts/build-images.sh
