#!/usr/bin/env bash
# Set up scaffold, then generate the built-in hercules example (seed 003) into out/hercules.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --python-only
mkdir -p out/hercules
cp examples/01-hercules/scaffold.yaml out/hercules/
.venv/bin/scaffold validate -f out/hercules/scaffold.yaml
.venv/bin/scaffold plan -f out/hercules/scaffold.yaml
.venv/bin/scaffold generate -f out/hercules/scaffold.yaml
echo "Generated into out/hercules:"
ls -A out/hercules
