"""The SQL catalogue and query log: models, sessions, migrations, and `ensure_catalogue()`.

May import SQLAlchemy, Alembic, `services_catalog.settings` and the loaders (for seeding).
"""
from services_catalog.db.models import (  # noqa: F401
    Base,
    LifeEvent,
    Municipality,
    Organisation,
    QueryLog,
    Service,
    ServiceChannel,
    SyncState,
    TargetGroup,
    TermService,
)
from services_catalog.db.session import db_url, make_engine, session_factory  # noqa: F401
