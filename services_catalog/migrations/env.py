"""Alembic environment: the URL comes from the caller's config or CITYBOT_DB_URL."""
from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from services_catalog.db.models import Base
from services_catalog.db.session import db_url, make_engine

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _url() -> str:
    # an explicit sqlalchemy.url (set by init-db or tests) wins over the environment
    return config.get_main_option("sqlalchemy.url") or db_url()


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(_url())
    with engine.connect() as connection:
        # batch mode lets later migrations ALTER tables on SQLite
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
