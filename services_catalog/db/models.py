"""SQLAlchemy models of the service catalogue.

Texts are stored as one column per language (fi, sv, en) rather than a
translation table: three languages are fixed by the product, and flat columns
keep queries and the Alembic migration portable between SQLite and PostgreSQL.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

service_target_groups = Table(
    "service_target_groups",
    Base.metadata,
    Column("service_id", String(64), ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
    Column("target_group_code", String(16), ForeignKey("target_groups.code"), primary_key=True),
)

service_life_events = Table(
    "service_life_events",
    Base.metadata,
    Column("service_id", String(64), ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
    Column("life_event_code", String(64), ForeignKey("life_events.code"), primary_key=True),
)

service_municipalities = Table(
    "service_municipalities",
    Base.metadata,
    Column("service_id", String(64), ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
    Column("municipality_code", String(8), ForeignKey("municipalities.code"), primary_key=True),
)

service_channel_links = Table(
    "service_channel_links",
    Base.metadata,
    Column("service_id", String(64), ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
    Column("channel_id", String(64), ForeignKey("service_channels.id", ondelete="CASCADE"), primary_key=True),
)


class Organisation(Base):
    __tablename__ = "organisations"
    id = Column(String(64), primary_key=True)
    name_fi = Column(String(300), nullable=False)
    name_sv = Column(String(300))
    name_en = Column(String(300))
    url = Column(String(500))


class Municipality(Base):
    __tablename__ = "municipalities"
    code = Column(String(8), primary_key=True)  # Statistics Finland code, e.g. 853 Turku
    name_fi = Column(String(100), nullable=False)
    name_sv = Column(String(100))
    name_en = Column(String(100))


class TargetGroup(Base):
    __tablename__ = "target_groups"
    code = Column(String(16), primary_key=True)  # PTV code, e.g. KR1.3
    name_fi = Column(String(200), nullable=False)
    name_sv = Column(String(200))
    name_en = Column(String(200))
    parent_code = Column(String(16))


class LifeEvent(Base):
    __tablename__ = "life_events"
    code = Column(String(64), primary_key=True)
    name_fi = Column(String(200), nullable=False)
    name_sv = Column(String(200))
    name_en = Column(String(200))


class Service(Base):
    __tablename__ = "services"
    id = Column(String(64), primary_key=True)  # PTV id for PTV services
    name_fi = Column(String(500), nullable=False)
    name_sv = Column(String(500))
    name_en = Column(String(500))
    summary_fi = Column(Text)
    summary_sv = Column(Text)
    summary_en = Column(Text)
    description_fi = Column(Text)
    description_sv = Column(Text)
    description_en = Column(Text)
    keywords = Column(Text)  # ';'-separated, any language
    life_areas = Column(Text)  # AuroraAI wellbeing areas, ';'-separated
    url = Column(String(1000))
    nationwide = Column(Boolean, nullable=False, default=False)
    source = Column(String(32), nullable=False)  # ptv_bundled | ptv_api | ptv_json | table
    provider_id = Column(String(64), ForeignKey("organisations.id"))
    modified = Column(DateTime)

    provider = relationship("Organisation", lazy="joined")
    target_groups = relationship("TargetGroup", secondary=service_target_groups, lazy="selectin")
    life_events = relationship("LifeEvent", secondary=service_life_events, lazy="selectin")
    municipalities = relationship("Municipality", secondary=service_municipalities, lazy="selectin")
    channels = relationship("ServiceChannel", secondary=service_channel_links, lazy="selectin")

    def text(self, field: str, lang: str) -> str:
        """The field in `lang`, falling back to Finnish (most PTV texts are fi only)."""
        return getattr(self, f"{field}_{lang}", None) or getattr(self, f"{field}_fi", None) or ""


class ServiceChannel(Base):
    __tablename__ = "service_channels"
    id = Column(String(64), primary_key=True)
    type = Column(String(32), nullable=False)  # WebPage | Phone | ServiceLocation | EChannel | PrintableForm
    name_fi = Column(String(500))
    name_sv = Column(String(500))
    name_en = Column(String(500))
    url = Column(String(1000))
    phone = Column(String(64))
    email = Column(String(300))
    address = Column(String(500))
    # not a foreign key: PTV channels name organisations the catalogue may not hold
    organisation_id = Column(String(64))


class TermService(Base):
    """Link between a term of services_catalog/tables/terms.csv and a service."""

    __tablename__ = "term_services"
    term_id = Column(String(100), primary_key=True)
    service_id = Column(String(64), ForeignKey("services.id", ondelete="CASCADE"), primary_key=True)


class QueryLog(Base):
    """One row per user turn, on every channel, written by the Rasa process (bot/tracker_store.py).

    Nothing here identifies a person: the text is redacted (services_catalog/privacy.py) and
    the conversation id is a salted hash. `uid` makes a retried write land once.
    """

    __tablename__ = "query_log"
    id = Column(Integer, primary_key=True, autoincrement=True)
    uid = Column(String(32), nullable=False, unique=True)
    created_at = Column(DateTime, nullable=False, default=datetime.utcnow, index=True)
    channel = Column(String(50))
    conversation = Column(String(64), index=True)
    lang = Column(String(8))
    text = Column(Text, nullable=False)
    intent = Column(String(100))
    confidence = Column(Float)
    card_type = Column(String(32))
    card_id = Column(String(200))
    answer_id = Column(String(64), unique=True)
    action = Column(String(100))
    fell_back = Column(Boolean, nullable=False, default=False, index=True)
    response_ms = Column(Integer)
    rating = Column(String(8), index=True)  # up | down, from POST /feedback
    rating_comment = Column(Text)
    rated_at = Column(DateTime)


class Label(Base):
    """A maintainer's decision about a question: a new phrasing of a term, a service need or an intent,
    a new term to write, or nothing to do. Labels become training data at the next `citybot retrain`."""

    __tablename__ = "labels"
    id = Column(Integer, primary_key=True, autoincrement=True)
    created_at = Column(DateTime, nullable=False, default=datetime.utcnow)
    text = Column(Text, nullable=False)
    key = Column(String(500), nullable=False, index=True)  # the text folded, to match the same question again
    lang = Column(String(8))
    kind = Column(String(16), nullable=False)  # term | service | intent | new_term | ignore
    target = Column(String(100))  # term id, intent name or the new term's id
    source = Column(String(16), nullable=False, default="cli")  # cli | web


class SyncState(Base):
    """Bookkeeping of imports, one row per key: PTV sync resume points, the bundled tables' fingerprint."""

    __tablename__ = "sync_state"
    key = Column(String(100), primary_key=True)
    value = Column(Text, nullable=False)
    updated_at = Column(DateTime, nullable=False, default=datetime.utcnow)
