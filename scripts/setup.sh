#!/usr/bin/env bash
# Create .venv and install the pinned dependencies and the project itself.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade "pip==25.2"
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
  -r requirements-dev.txt -c constraints.txt 2> >(grep -v "^WARNING: Location" >&2)
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e . \
  2> >(grep -v "^WARNING: Location" >&2)
