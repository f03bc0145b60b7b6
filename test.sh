#!/usr/bin/env bash
# Installs what is missing and runs the whole test suite (ruff, then pytest). Exit code 5 (no tests) fails too.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install.sh
.venv/bin/ruff check .
.venv/bin/lint-imports
exec .venv/bin/python -m pytest "$@"
