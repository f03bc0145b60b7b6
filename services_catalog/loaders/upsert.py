"""Write loader records into the catalogue: insert or update by id, so re-running an import never duplicates."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from services_catalog.db.models import (
    LifeEvent,
    Municipality,
    Organisation,
    Service,
    ServiceChannel,
    TargetGroup,
)
from services_catalog.language import LANGS
from services_catalog.loaders.records import (
    ChannelRecord,
    NamedCode,
    OrganisationRecord,
    ServiceRecord,
)


def _set_names(row, prefix: str, names: dict[str, str]) -> None:
    for lang in LANGS:
        value = (names.get(lang) or "").strip()
        if value or lang == "fi":
            setattr(row, f"{prefix}_{lang}", value or getattr(row, f"{prefix}_{lang}", None))


def _code_row(session: Session, model, code: NamedCode):
    key = code.code
    row = session.get(model, key)
    if row is None:
        row = model(code=key, name_fi=code.names.get("fi") or key)
        session.add(row)
    if code.names:
        _set_names(row, "name", code.names)
    if code.parent_code and hasattr(row, "parent_code"):
        row.parent_code = code.parent_code
    return row


def upsert_codes(session: Session, model, codes: list[NamedCode]) -> int:
    for code in codes:
        _code_row(session, model, code)
    return len(codes)


def upsert_organisation(session: Session, org: OrganisationRecord) -> Organisation:
    row = session.get(Organisation, org.id)
    if row is None:
        row = Organisation(id=org.id, name_fi=org.names.get("fi") or org.id)
        session.add(row)
    _set_names(row, "name", org.names)
    row.url = org.url or row.url
    return row


def upsert_channel(session: Session, ch: ChannelRecord) -> ServiceChannel:
    row = session.get(ServiceChannel, ch.id)
    if row is None:
        row = ServiceChannel(id=ch.id, type=ch.type)
        session.add(row)
    if ch.type and ch.type != "Unknown":  # a service record only names its channels
        row.type = ch.type
    _set_names(row, "name", ch.names)
    for attr in ("url", "phone", "email", "address", "organisation_id"):
        value = getattr(ch, attr)
        if value:
            setattr(row, attr, value)
    return row


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return None


def upsert_service(session: Session, rec: ServiceRecord) -> Service:
    """Insert or replace one service and its links. The caller commits."""
    rec.check()
    row = session.get(Service, rec.id)
    if row is None:
        row = Service(id=rec.id, name_fi=rec.names["fi"], source=rec.source)
        session.add(row)
    row.source = rec.source
    _set_names(row, "name", rec.names)
    _set_names(row, "summary", rec.summaries)
    _set_names(row, "description", rec.descriptions)
    row.keywords = "|".join(rec.keywords) or None
    row.life_areas = "|".join(rec.life_areas) or None
    row.url = rec.url
    row.nationwide = rec.nationwide
    row.modified = _parse_time(rec.modified)
    row.provider = upsert_organisation(session, rec.provider) if rec.provider else None
    row.municipalities = _unique(_code_row(session, Municipality, c) for c in rec.municipalities)
    row.target_groups = _unique(_code_row(session, TargetGroup, c) for c in rec.target_groups)
    row.life_events = _unique(_code_row(session, LifeEvent, c) for c in rec.life_events)
    row.channels = _unique(upsert_channel(session, c) for c in rec.channels)
    return row


def _unique(rows) -> list:
    seen: dict[int, object] = {}
    for row in rows:
        seen.setdefault(id(row), row)
    return list(seen.values())


def service_ids(session: Session) -> set[str]:
    return set(session.scalars(select(Service.id)))
