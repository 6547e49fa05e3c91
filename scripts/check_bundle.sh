#!/usr/bin/env bash
# Rebuilds the graph bundle from frontend/ and fails if it differs from the committed static/graph/.
# Called from .ci/run; skipped (exit 0) on a machine without Node/npm, since running Baton needs none.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null 2>&1; then
  echo "check_bundle: skipped, Node/npm is absent (static/graph/ was not rebuilt or compared)"
  exit 0
fi

(cd frontend && npm ci --no-audit --no-fund && npm test && npm run build)

if [ -n "$(git status --porcelain --untracked-files=all -- static/graph)" ]; then
  git status --porcelain --untracked-files=all -- static/graph | head -20 >&2
  echo "check_bundle: static/graph differs from what frontend/ builds: run \`cd frontend && npm run build\` and commit" >&2
  exit 1
fi
echo "check_bundle: static/graph matches what frontend/ builds"
