#!/usr/bin/env bash
# Set up and run every test: lint of the engine's boundaries, ruff and mypy, the suite on SQLite,
# then the database-touching tests again on PostgreSQL, with Redis for the scaled deployment.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/browser.sh || [ "${CI:-}" != "true" ]
if [ "${CI:-}" = "true" ]; then
  ./scripts/services.sh
fi
export XINFA_DATA_DIR="${XINFA_DATA_DIR:-$(mktemp -d)}"
.venv/bin/lint-imports --no-cache
echo "== ruff and mypy"
.venv/bin/ruff check xinfa config
.venv/bin/ruff format --check xinfa config
.venv/bin/mypy
echo "== test suite on SQLite"
.venv/bin/python -m pytest -q -n 2 xinfa
if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "== database tests on PostgreSQL"
  XINFA_TEST_DATABASE_URL="${XINFA_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}" \
    .venv/bin/python -m pytest -q -n 2 xinfa -m "not e2e" --ignore=xinfa/analysis/engine
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is required in CI" >&2
  exit 1
fi
