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
    for item in items or []:
        if isinstance(item, dict) and item.get("code"):
            codes.append(NamedCode(code=str(item["code"]), names=_localized(item.get("name"))))
    return codes


def _municipalities(record: dict) -> list[NamedCode]:
    found: dict[str, NamedCode] = {}
    for area in record.get("areas") or []:
        if not isinstance(area, dict):
            continue
        for m in area.get("municipalities") or []:
            if isinstance(m, dict) and m.get("code"):
                found.setdefault(str(m["code"]), NamedCode(code=str(m["code"]), names=_localized(m.get("name"))))
    return list(found.values())


def _provider(record: dict) -> OrganisationRecord | None:
    orgs = [o for o in record.get("organizations") or [] if isinstance(o, dict) and o.get("organization")]
    orgs.sort(key=lambda o: _ORGANISATION_ROLES.index(o.get("roleType")) if o.get("roleType") in _ORGANISATION_ROLES
              else len(_ORGANISATION_ROLES))
    if not orgs:
        return None
    org = orgs[0]["organization"]
    if not org.get("id"):
        return None
    return OrganisationRecord(id=str(org["id"]), names={"fi": org.get("name") or str(org["id"])})


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
    for link in record.get("serviceChannels") or []:
        ch = link.get("serviceChannel") if isinstance(link, dict) else None
        if isinstance(ch, dict) and ch.get("id"):
            # the service record only names its channels; details come from the channel records
            channels.append(ChannelRecord(id=str(ch["id"]), type="Unknown", names={"fi": ch.get("name") or ""}))
    keywords = [k["value"] for k in record.get("keywords") or [] if isinstance(k, dict) and k.get("value")]
    keywords += [t for term in record.get("ontologyTerms") or [] if isinstance(term, dict)
                 for t in _localized(term.get("name")).values()]
    return ServiceRecord(
        id=sid.strip(),
        source=source,
        names=names,
        summaries=_localized(record.get("serviceDescriptions"), "Summary"),
        descriptions=_localized(record.get("serviceDescriptions"), "Description"),
        keywords=list(dict.fromkeys(keywords)),
        url=f"https://www.suomi.fi/palvelut/{sid.strip()}",
        nationwide=record.get("areaType") == "Nationwide",
        provider=_provider(record),
        municipalities=_municipalities(record),
        target_groups=_code_list(record.get("targetGroups")),
        life_events=_code_list(record.get("lifeEvents")),
        channels=channels,
        modified=record.get("modified"),
    ).check()


def _address(addresses: Any) -> str | None:
    for a in addresses or []:
        street = (a or {}).get("streetAddress") if isinstance(a, dict) else None
        if isinstance(street, dict):
            name = _localized(street.get("street")).get("fi", "")
            post = _localized(street.get("postOffice")).get("fi", "")
            parts = [f"{name} {street.get('streetNumber') or ''}".strip(), f"{street.get('postalCode') or ''} {post}"]
            return ", ".join(p.strip() for p in parts if p.strip()) or None
    return None


def channel_from_ptv(record: Any) -> ChannelRecord:
    """A PTV v11 service-channel record as a ChannelRecord."""
    if not isinstance(record, dict) or not record.get("id"):
        raise MalformedRecord("service channel without id")
    phones = [p for p in record.get("phoneNumbers") or [] if isinstance(p, dict) and p.get("number")]
    phone = f"{phones[0].get('prefixNumber') or ''} {phones[0]['number']}".strip() if phones else None
    emails = [e.get("value") for e in record.get("emails") or [] if isinstance(e, dict) and e.get("value")]
    pages = [w.get("url") for w in record.get("webPages") or [] if isinstance(w, dict) and w.get("url")]
    return ChannelRecord(
        id=str(record["id"]),
        type=str(record.get("serviceChannelType") or "Unknown"),
        names=_localized(record.get("serviceChannelNames"), "Name"),
        url=pages[0] if pages else None,
        phone=phone,
        email=emails[0] if emails else None,
        address=_address(record.get("addresses")),
        organisation_id=record.get("organizationId"),
    )
