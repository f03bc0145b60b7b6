#!/usr/bin/env bash
# Installs everything the service and its tests need; safe to run again (it skips what is done).
#   - Debian/Ubuntu packages listed in scripts/apt-packages.txt
#   - Python 3.10 (Rasa 3.6 needs it): python3.10 on PATH, else pyenv, else apt
#   - .venv with the pinned dependencies (constraints.txt) and this project in editable mode
set -euo pipefail
cd "$(dirname "$0")/.."
PY_VERSION=3.10.13

missing_apt=()
while read -r pkg; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  dpkg -s "$pkg" >/dev/null 2>&1 || missing_apt+=("$pkg")
done < scripts/apt-packages.txt
if ((${#missing_apt[@]})); then
  echo "installing Debian packages: ${missing_apt[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing_apt[@]}"
fi

find_python() {
  if command -v pyenv >/dev/null 2>&1; then
    pyenv install -s "$PY_VERSION" >/dev/null 2>&1 || true
    local prefix; prefix=$(pyenv prefix "$PY_VERSION" 2>/dev/null || true)
    [[ -n "$prefix" && -x "$prefix/bin/python3.10" ]] && { echo "$prefix/bin/python3.10"; return; }
  fi
  if command -v python3.10 >/dev/null 2>&1; then command -v python3.10; return; fi
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  if apt-cache show python3.10-venv >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3.10 python3.10-venv >&2
    command -v python3.10; return
  fi
  echo "Python 3.10 is required (Rasa 3.6). Install it with pyenv: pyenv install $PY_VERSION" >&2
  exit 1
}

stamp_input=$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)
stamp=".venv/.citybot-installed-$stamp_input"
if [[ ! -x .venv/bin/python ]] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then
  rm -rf .venv
  "$(find_python)" -m venv .venv
fi
if [[ ! -f "$stamp" ]]; then
  echo "installing Python dependencies into .venv (first time: a few minutes, about 3 GB) ..."
  .venv/bin/python -m pip install -q "pip<25" "setuptools==70.3.0" "wheel==0.45.1"
  .venv/bin/python -m pip install -q -c constraints.txt -e ".[dev]"
  rm -f .venv/.citybot-installed-*
  touch "$stamp"
fi
