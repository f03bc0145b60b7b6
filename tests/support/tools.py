"""A virtualenv of test tools that cannot live beside Rasa 3.6 (schemathesis, kubernetes-validate).

Built once per requirements file from the same Python as the project's venv, under the tests' cache,
with a lock so that two test runs do not build it at once.
"""

from __future__ import annotations

import fcntl
import hashlib
import subprocess
import sys
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parent / "tools-requirements.txt"
CACHE = Path.home() / ".cache" / "citybot-tests"


def tools_bin() -> Path:
    """The bin/ directory of the tools' virtualenv, built if missing."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:12]
    venv = CACHE / f"tools-{digest}"
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / "tools.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (venv / ".complete").exists():
            subprocess.run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", "--clear", str(venv)],
                           check=True, timeout=300)
            subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS)],
                           check=True, timeout=900)
            (venv / ".complete").touch()
    return venv / "bin"
