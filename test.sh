#!/usr/bin/env bash
# Installs what is missing and runs the whole test suite: ruff, the import-layer contracts, then pytest
# (in random order, every test with a deadline) under coverage, which also measures the servers the tests
# start. Fails when coverage drops below the floor, or when the run changed a tracked file.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install.sh
.venv/bin/ruff check .
.venv/bin/lint-imports
# The floor is the figure measured with the servers included (docs/BENCHMARKS.md, "Test suite"): it may only rise.
COVERAGE_FLOOR=85
export COVERAGE_PROCESS_START="$PWD/pyproject.toml" COVERAGE_FILE="$PWD/.coverage"
rm -f .coverage .coverage.*
tracked_state() { git diff HEAD --binary 2>/dev/null | sha256sum; }
before=$(tracked_state)
status=0
.venv/bin/coverage run -m pytest "$@" || status=$?
.venv/bin/coverage combine -q || true
if [[ $status -eq 0 && $# -eq 0 ]]; then
  .venv/bin/coverage report --fail-under="$COVERAGE_FLOOR" | grep -E "^TOTAL|[Cc]overage" || status=$?
fi
if git rev-parse --git-dir >/dev/null 2>&1 && [[ "$(tracked_state)" != "$before" ]]; then
  echo "the test run changed tracked files (tests must never rewrite the repository):" >&2
  git status --porcelain --untracked-files=no >&2
  status=1
fi
exit $status
