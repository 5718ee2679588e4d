#!/usr/bin/env bash
# docker compose on one variant of this stack: ./dc.sh [VARIANT] COMMAND [ARGS...]
#   ./dc.sh up --build -d          the local variant (docker-compose.local.yml)
#   ./dc.sh ci up --build --wait   the CI variant (docker-compose.ci.yml)
# VARIANT is any docker-compose.VARIANT.yml beside this script; SCAFFOLD_VARIANT sets the
# default (local). Everything else goes to `docker compose` unchanged.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
variant="${SCAFFOLD_VARIANT:-local}"
if [ "$#" -gt 0 ] && [ -f "$here/docker-compose.$1.yml" ]; then
  variant="$1"
  shift
fi

if [ "$#" -eq 0 ]; then
  echo "usage: ./dc.sh [VARIANT] COMMAND [ARGS...]" >&2
  variants=""
  for file in "$here"/docker-compose.*.yml; do
    [ -e "$file" ] || continue
    file="${file##*/docker-compose.}"
    variants="$variants ${file%.yml}"
  done
  echo "variants here:${variants:- none yet (run \`scaffold generate\`)}" >&2
  exit 2
fi

file="$here/docker-compose.$variant.yml"
if [ ! -f "$file" ]; then
  echo "dc.sh: docker-compose.$variant.yml is missing; run \`scaffold generate\`" >&2
  exit 2
fi
exec docker compose -f "$file" "$@"
