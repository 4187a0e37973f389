#!/usr/bin/env bash
# Benchmark the service desk (customer search, customer 360, interaction list) on a bank of
# 100,000 customers and 1,000,000 messages, on SQLite and PostgreSQL, pinned to one CPU core.
# Extra arguments go to `manage.py bench_service` (e.g. --database sqlite --requests 50).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || ./scripts/setup.sh
exec taskset -c 0 .venv/bin/python manage.py bench_service "$@"
