#!/usr/bin/env bash
# The vendor guide's three-router NTP lab as three meridiand agents on loopback
# (127.0.1.31/.32/.33), configured through NETCONF only; --auth adds one shared
# trusted key with authentication enabled. See README.md.
#   examples/seed-lab/run.sh [--timeout 60] [--ntp-port 10123] [--keep] [--auth]
# Uses $MERIDIAND, else the debug build of this checkout; $PYTHON, else the
# repository's .venv (make test creates it, with ncclient), else python3.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export MERIDIAND="${MERIDIAND:-$repo/.build/debug/meridiand}"
if [ ! -x "$MERIDIAND" ]; then
  echo "no meridiand at $MERIDIAND: run 'swift build --product meridiand' first (or set MERIDIAND)" >&2
  exit 2
fi
if [ -z "${PYTHON:-}" ]; then
  if [ -x "$repo/.venv/bin/python" ]; then PYTHON="$repo/.venv/bin/python"; else PYTHON=python3; fi
fi
exec "$PYTHON" "$here/lab.py" "$@"
