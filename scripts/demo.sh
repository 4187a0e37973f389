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
# Other apps' demo data goes on top of a freshly seeded bank only (their seeders add rows).
if [[ "$seeded" == Seeded* ]] && .venv/bin/python manage.py help complaints_seed >/dev/null 2>&1; then
  .venv/bin/python manage.py complaints_seed
fi
.venv/bin/python manage.py demo_logins
echo
echo "Xinfa is starting on http://${HOST}:${PORT}/ (Ctrl+C stops it)"
exec .venv/bin/daphne -b "$HOST" -p "$PORT" config.asgi:application
