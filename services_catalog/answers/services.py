"""Finding services for a need (with what the user has told about themselves), paging, and opening services."""

from __future__ import annotations

import json
import logging
from typing import Any

from services_catalog.answers import catalogue_client as catalogue
from services_catalog.answers.catalogue_client import CatalogueUnavailable
from services_catalog.answers.profile import Profile, noted_message, profile_text, remember
from services_catalog.answers.turn import Reply, Turn
from services_catalog.cards import BotMessage, Button, RelatedTerm, ServiceItem, ServiceListCard, message
from services_catalog.language import Lang
from services_catalog.needs import leaves_a_need, tells_a_life_change
from services_catalog.statements import read_statements, rest_of
from services_catalog.texts import text

log = logging.getLogger(__name__)

SUMMARY_CHARS = 160
SEARCH_ACTION = "action_search_services"


def details_payload(service_id: str) -> str:
    return "/service_details" + json.dumps({"service_id": service_id})


def _reply_text(page: dict[str, Any], lang: Lang, profile: Profile | None = None) -> str:
    items = page["items"]
    shown = page["offset"] + len(items)
    if profile is not None and not profile.empty:
        lead = text("profile_services_found", lang, shown=shown, total=page["total"],
                    facts=profile_text(lang, profile))
    else:
        lead = text("services_found", lang, shown=shown, total=page["total"])
    lines = [lead]
    for n, item in enumerate(items, start=page["offset"] + 1):
        summary = (item.get("summary") or "").strip()
        if len(summary) > SUMMARY_CHARS:
            summary = summary[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
        provider = f" ({item['provider']})" if item.get("provider") else ""
        lines.append(f"{n}. {item['name']}{provider}\n   {summary}\n   {item.get('url') or ''}".rstrip())
    return "\n".join(lines)


def _item(raw: dict[str, Any]) -> ServiceItem:
    return ServiceItem(**{key: raw.get(key) for key in ServiceItem.__fields__ if key in raw})


def _related_terms(items: list[dict[str, Any]], lang: Lang, limit: int = 2) -> list[RelatedTerm]:
    """Terms linked to the first services shown (the search sends them with each item)."""
    found: dict[str, RelatedTerm] = {}
    for item in items[:2]:
        for term in item.get("related_terms") or []:
            title = term["names"].get(lang) or term["names"].get("fi") or term["id"]
            found.setdefault(term["id"], RelatedTerm(id=term["id"], title=title))
    return list(found.values())[:limit]


async def page_message(page: dict[str, Any], lang: Lang, query: str, profile: Profile | None = None) -> BotMessage:
    """A service_list message for one page of search results; `profile`: the facts the search used."""
    items = page["items"]
    used = profile.facts() if profile is not None and not profile.empty else None
    if not items:
        key = "services_no_more" if page["offset"] else "services_none"
        card = ServiceListCard(lang=lang, query=query, offset=page["offset"], total=page["total"], profile=used)
        return BotMessage(text=text(key, lang), card=card)
    terms = _related_terms(items, lang)
    buttons = [Button(title=text("services_term_question", lang, name=t.title),
                      payload=text("services_term_question", lang, name=t.title)) for t in terms]
    if page["total"] > page["offset"] + len(items):
        buttons.insert(0, Button(title=text("services_show_more", lang), payload="/show_more"))
    card = ServiceListCard(lang=lang, items=[_item(i) for i in items], query=query, offset=page["offset"],
                           total=page["total"], related_terms=terms, profile=used)
    return BotMessage(text=_reply_text(page, lang, profile), card=card, buttons=buttons)


def _unavailable(turn: Turn, err: Exception, **slots: Any) -> Reply:
    log.warning("catalogue API unavailable: %s", err)
    return turn.reply(message("services_unavailable", turn.lang), **slots)


async def search(turn: Turn) -> Reply:
    """Services for the need in the message, filtered and ranked by what the user has told about themselves.

    Facts said in the same message ("Asun Oulussa ja jäin työttömäksi") are kept for later searches too;
    the parts that only describe the user are left out of the query.
    """
    before = Profile.from_slots(turn.slots)
    said = read_statements(turn.text)
    if said.found and not leaves_a_need(turn.text, said):  # routed here, but it only says who the user is
        return remember(turn, SEARCH_ACTION)
    profile = before.updated(said)
    learned = profile.changed_slots(before)
    query = profile.query(rest_of(turn.text, said) or turn.text.strip())
    embedded = catalogue.TextVector(turn.text, turn.text_vector) if turn.text_vector else None
    try:
        page = await catalogue.search_services(query, turn.lang, profile.municipality, embedded=embedded)
    except CatalogueUnavailable as err:
        return _unavailable(turn, err, **learned)
    found = await page_message(page, turn.lang, query, profile)
    # a move ahead or a baby on the way, told and nothing else asked: first what is now taken into account, then what
    # may help with the change
    messages = [noted_message(turn, before, profile, said), found] if tells_a_life_change(turn.text, said) else [found]
    return turn.reply(*messages, recognised=bool(page["items"]), **learned, service_query=query,
                      service_offset=float(page["offset"]))


async def search_found(turn: Turn) -> Reply | None:
    """`search`, kept only when it found services (None when it found none or the catalogue is down), for
    callers that have another answer to give instead."""
    found = await search(turn)
    if any(isinstance(m.card, ServiceListCard) and m.card.items for m in found.messages):
        return found
    return None


async def show_more(turn: Turn) -> Reply:
    """The next page of the last search."""
    query = turn.slot("service_query")
    if not query:
        return turn.reply(message("services_nothing_to_continue", turn.lang))
    offset = int(turn.slot("service_offset", 0)) + catalogue.PAGE
    profile = Profile.from_slots(turn.slots)
    try:
        page = await catalogue.search_services(query, turn.lang, profile.municipality, offset)
    except CatalogueUnavailable as err:
        return _unavailable(turn, err)
    return turn.reply(await page_message(page, turn.lang, query, profile), service_offset=float(offset))


async def details(turn: Turn) -> Reply:
    """One service, opened from a button (e.g. a term answer's related services)."""
    ids = turn.entity_values("service_id")
    try:
        detail = await catalogue.service_detail(ids[-1], turn.lang) if ids else None
    except CatalogueUnavailable as err:
        return _unavailable(turn, err)
    items = [detail] if detail else []
    page = {"items": items, "offset": 0, "total": len(items)}
    return turn.reply(await page_message(page, turn.lang, ids[-1] if ids else ""))


async def related_services_message(service_ids: list[str], lang: Lang, limit: int = 5) -> BotMessage | None:
    """A service_list of the services a term names (unknown ids left out); None when none can be shown."""
    try:
        items = await catalogue.services_by_ids(service_ids[:limit], lang)
    except CatalogueUnavailable:
        return None
    if not items:
        return None
    card = ServiceListCard(lang=lang, items=[_item(i) for i in items], total=len(items))
    lines = [text("term_related_services", lang)]
    lines += [f"{n}. {item['name']}\n   {item.get('url') or ''}".rstrip() for n, item in enumerate(items, start=1)]
    buttons = [Button(title=item["name"][:60], payload=details_payload(item["id"])) for item in items[:3]]
    return BotMessage(text="\n".join(lines), card=card, buttons=buttons)
