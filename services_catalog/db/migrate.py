"""Run the Alembic migrations from code (init-db, import, tests, the API at start-up)."""
from __future__ import annotations

from alembic import command
from alembic.config import Config

from services_catalog.db.session import db_url
from services_catalog.settings import REPO_ROOT


def alembic_config(url: str | None = None) -> Config:
    cfg = Config(str(REPO_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(REPO_ROOT / "services_catalog" / "migrations"))
    cfg.set_main_option("sqlalchemy.url", db_url(url).replace("%", "%%"))
    # keep the caller's logging set-up (pytest, uvicorn) instead of alembic.ini's
    cfg.attributes["configure_logging"] = False
    return cfg


def upgrade(url: str | None = None) -> None:
    """Bring the database at `url` (default CITYBOT_DB_URL) to the newest schema."""
    command.upgrade(alembic_config(url), "head")
