"""PTV v11 JSON records (service and service channel), the format of the PTV read API."""
from __future__ import annotations

from typing import Any

from services_catalog.language import LANGS
from services_catalog.loaders.records import (
    ChannelRecord,
    MalformedRecord,
    NamedCode,
    OrganisationRecord,
    ServiceRecord,
)

# PTV channel types map onto what a reply card can show
_ORGANISATION_ROLES = ("Responsible", "Producer", "OtherResponsible")


def _items(value: Any) -> list[Any]:
    """A JSON array, or nothing: a wrongly typed field must not stop an import."""
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    """A non-empty JSON string, stripped, or None."""
    return value.strip() if isinstance(value, str) and value.strip() else None


def _localized(items: Any, kind: str | None = None, key: str = "value") -> dict[str, str]:
    """[{language, value, type}] as {lang: value}, optionally only entries of one `type`."""
    out: dict[str, str] = {}
    if not isinstance(items, list):
        return out
    for item in items:
        if not isinstance(item, dict):
            continue
        if kind is not None and item.get("type") != kind:
            continue
        lang, value = item.get("language"), item.get(key)
        if lang in LANGS and isinstance(value, str) and value.strip() and lang not in out:
            out[lang] = value.strip()
    return out


def _code_list(items: Any) -> list[NamedCode]:
    codes = []
    for item in _items(items):
        if isinstance(item, dict) and _text(item.get("code")):
            codes.append(NamedCode(code=_text(item["code"]), names=_localized(item.get("name"))))
    return codes


def _municipalities(record: dict) -> list[NamedCode]:
    found: dict[str, NamedCode] = {}
    for area in _items(record.get("areas")):
        if not isinstance(area, dict):
            continue
        for m in _items(area.get("municipalities")):
            code = _text(m.get("code")) if isinstance(m, dict) else None
            if code:
                found.setdefault(code, NamedCode(code=code, names=_localized(m.get("name"))))
    return list(found.values())


def _provider(record: dict) -> OrganisationRecord | None:
    orgs = [o for o in _items(record.get("organizations")) if isinstance(o, dict) and isinstance(o.get("organization"),
                                                                                                   dict)]
    orgs.sort(key=lambda o: _ORGANISATION_ROLES.index(o.get("roleType")) if o.get("roleType") in _ORGANISATION_ROLES
              else len(_ORGANISATION_ROLES))
    if not orgs:
        return None
    org = orgs[0]["organization"]
    org_id = _text(org.get("id"))
    if not org_id:
        return None
    return OrganisationRecord(id=org_id, names={"fi": _text(org.get("name")) or org_id})


def service_from_ptv(record: Any, source: str = "ptv_json") -> ServiceRecord:
    """A PTV v11 service record as a ServiceRecord; MalformedRecord says what is wrong."""
    if not isinstance(record, dict):
        raise MalformedRecord(f"not a JSON object but {type(record).__name__}")
    sid = record.get("id")
    if not isinstance(sid, str) or not sid.strip():
        raise MalformedRecord("no id")
    names = _localized(record.get("serviceNames"), "Name")
    if not names.get("fi"):
        # some services are only named in Swedish or English: still searchable
        fallback = next(iter(names.values()), None)
        if not fallback:
            raise MalformedRecord(f"{sid}: no service name")
        names["fi"] = fallback
    channels = []
    for link in _items(record.get("serviceChannels")):
        ch = link.get("serviceChannel") if isinstance(link, dict) else None
        if isinstance(ch, dict) and _text(ch.get("id")):
            # the service record only names its channels; details come from the channel records
            name = _text(ch.get("name")) or ""
            channels.append(ChannelRecord(id=_text(ch["id"]), type="Unknown", names={"fi": name}))
    keywords = [_text(k.get("value")) for k in _items(record.get("keywords")) if isinstance(k, dict)]
    keywords += [t for term in _items(record.get("ontologyTerms")) if isinstance(term, dict)
                 for t in _localized(term.get("name")).values()]
    return ServiceRecord(
        id=sid.strip(),
        source=source,
        names=names,
        summaries=_localized(record.get("serviceDescriptions"), "Summary"),
        descriptions=_localized(record.get("serviceDescriptions"), "Description"),
        keywords=list(dict.fromkeys(k for k in keywords if k)),
        url=f"https://www.suomi.fi/palvelut/{sid.strip()}",
        nationwide=record.get("areaType") == "Nationwide",
        provider=_provider(record),
        municipalities=_municipalities(record),
        target_groups=_code_list(record.get("targetGroups")),
        life_events=_code_list(record.get("lifeEvents")),
        channels=channels,
        modified=_text(record.get("modified")),
    ).check()


def _address(addresses: Any) -> str | None:
    for a in _items(addresses):
        street = a.get("streetAddress") if isinstance(a, dict) else None
        if isinstance(street, dict):
            name = _localized(street.get("street")).get("fi", "")
            post = _localized(street.get("postOffice")).get("fi", "")
            parts = [f"{name} {_text(street.get('streetNumber')) or ''}".strip(),
                     f"{_text(street.get('postalCode')) or ''} {post}"]
            return ", ".join(p.strip() for p in parts if p.strip()) or None
    return None


def channel_from_ptv(record: Any) -> ChannelRecord:
    """A PTV v11 service-channel record as a ChannelRecord."""
    if not isinstance(record, dict) or not _text(record.get("id")):
        raise MalformedRecord("service channel without id")
    phones = [p for p in _items(record.get("phoneNumbers")) if isinstance(p, dict) and _text(p.get("number"))]
    phone = f"{_text(phones[0].get('prefixNumber')) or ''} {_text(phones[0]['number'])}".strip() if phones else None
    emails = [_text(e.get("value")) for e in _items(record.get("emails")) if isinstance(e, dict)]
    pages = [_text(w.get("url")) for w in _items(record.get("webPages")) if isinstance(w, dict)]
    emails, pages = [e for e in emails if e], [p for p in pages if p]
    return ChannelRecord(
        id=_text(record["id"]),
        type=_text(record.get("serviceChannelType")) or "Unknown",
        names=_localized(record.get("serviceChannelNames"), "Name"),
        url=pages[0] if pages else None,
        phone=phone,
        email=emails[0] if emails else None,
        address=_address(record.get("addresses")),
        organisation_id=_text(record.get("organizationId")),
    )
