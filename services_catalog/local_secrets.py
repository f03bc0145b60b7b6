"""Secrets that must exist even when nobody configured them, so that nothing is open by default.

In production mode a missing secret is an error: the operator sets it in the environment.
Otherwise (a developer's machine, the tests) a random value is generated once, kept in
`<var_dir>/secrets/<name>` (mode 0600) and shared by every process of that var directory,
so that the Rasa server and the API hash conversation ids with the same salt.
"""

from __future__ import annotations

import logging
import os
import secrets
import sys
from pathlib import Path

from services_catalog.settings import Settings, env_name, get_settings

log = logging.getLogger(__name__)


class MissingSecret(RuntimeError):
    """A secret production mode requires is not set."""


def secret_file(name: str, settings: Settings | None = None) -> Path:
    return (settings or get_settings()).var_dir / "secrets" / name


def secret(name: str, settings: Settings | None = None, announce: bool = False) -> str:
    """The value of the secret setting `name` (e.g. `hash_salt`), generated and kept in the var directory
    when it is not set outside production. `announce` prints a newly generated value once (a password
    the maintainer must type)."""
    settings = settings or get_settings()
    configured = getattr(settings, name)
    if configured is not None and configured.get_secret_value():
        return configured.get_secret_value()
    if settings.production:
        raise MissingSecret(f"{env_name(name)} must be set in production mode")
    path = secret_file(name, settings)
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    value = secrets.token_urlsafe(18)
    draft = path.with_name(f".{name}.{os.getpid()}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(value)
    try:
        # A hard link appears complete or not at all: when two processes start at once, one wins
        # and both use its value.
        os.link(draft, path)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    finally:
        draft.unlink()
    if announce:
        print(f"{env_name(name)} was not set; generated one, kept in {path}: {value}", file=sys.stderr, flush=True)
    log.info("generated %s in %s", env_name(name), path)
    return value
