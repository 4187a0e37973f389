#!/usr/bin/env bash
# Set up, migrate, load the demo bank (first run only), print the demo logins and serve
# Xinfa on http://127.0.0.1:8000 (XINFA_HOST / XINFA_PORT change the address).
set -euo pipefail
cd "$(dirname "$0")/.."
HOST="${XINFA_HOST:-127.0.0.1}"
PORT="${XINFA_PORT:-8000}"
./scripts/setup.sh
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0
seeded="$(.venv/bin/python manage.py demo_seed --skip-if-seeded --quiet-logins)"
echo "$seeded"
has_command() { .venv/bin/python manage.py help "$1" >/dev/null 2>&1; }
# Other apps' demo data goes on top of a freshly seeded bank only (their seeders add rows).
if [[ "$seeded" == Seeded* ]]; then
  if has_command complaints_seed; then .venv/bin/python manage.py complaints_seed; fi
  if has_command knowledge_seed; then .venv/bin/python manage.py knowledge_seed; fi
  if has_command qa_run; then
    echo "Inspecting the demo conversations with the quality rubric (first run only)…"
    .venv/bin/python manage.py qa_run --no-progress
  fi
fi
.venv/bin/python manage.py demo_logins
echo
echo "Xinfa is starting on http://${HOST}:${PORT}/ (Ctrl+C stops it)"
exec .venv/bin/daphne -b "$HOST" -p "$PORT" config.asgi:application
