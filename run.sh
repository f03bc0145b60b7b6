#!/usr/bin/env bash
# Installs what is missing, builds the training data, trains if the tables changed, and starts the service.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install.sh
exec .venv/bin/citybot run "$@"
