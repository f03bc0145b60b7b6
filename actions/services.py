"""Finding services: the action asks the catalogue API over HTTP and replies with a service_list card.

What the user tells about themselves (student, age group, situation, home
municipality) is kept in slots and used for every later search without asking again.
"""
from __future__ import annotations

import json
import logging
from typing import Any

import httpx
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.reply import language_slot, log_query, reply_language, send_card
from bot import settings
from services_catalog.finnish import text_forms
from services_catalog.texts import text

log = logging.getLogger(__name__)

PAGE = 5
TIMEOUT_SECONDS = 8.0
SUMMARY_CHARS = 160
# Facts a user can tell about themselves, as normalised by nlu_data/services.yml synonyms.
AGE_GROUPS = ("youth", "senior")
SITUATIONS = ("family", "immigrant", "unemployed")
# Catalogue texts are mostly Finnish: the fact joins the query in Finnish so it also matches lexically.
FACT_QUERY_WORDS = {
    "student": "opiskelija",
    "youth": "nuoret",
    "senior": "ikäihmiset",
    "family": "lapsiperhe",
    "immigrant": "maahanmuuttaja",
    "unemployed": "työtön",
}


class CatalogueUnavailable(RuntimeError):
    pass


def _get(path: str, params: dict[str, Any]) -> httpx.Response:
    try:
        return httpx.get(f"{settings.api_url()}{path}", params=params, timeout=TIMEOUT_SECONDS)
    except httpx.HTTPError as err:
        raise CatalogueUnavailable(str(err)) from err


def search_services(q: str, lang: str, municipality: str | None, offset: int = 0) -> dict[str, Any]:
    """One page of ranked services; an unknown municipality falls back to the default area."""
    params = {"q": q[:500], "lang": lang, "limit": PAGE, "offset": offset}
    if municipality:
        params["municipality"] = municipality
    response = _get("/services", params)
    if response.status_code == 422 and municipality:
        params.pop("municipality")
        response = _get("/services", params)
    if response.status_code != 200:
        raise CatalogueUnavailable(f"/services answered {response.status_code}")
    return response.json()


def service_detail(service_id: str, lang: str) -> dict[str, Any] | None:
    response = _get(f"/services/{service_id}", {"lang": lang})
    if response.status_code in (404, 422):
        return None
    if response.status_code != 200:
        raise CatalogueUnavailable(f"/services/{service_id} answered {response.status_code}")
    return response.json()


def related_service_buttons(service_ids: list[str], lang: str, limit: int = 3) -> list[dict[str, str]]:
    """Buttons that open services named by a term (for the term answer); unknown ids are left out."""
    buttons = []
    for sid in service_ids[:limit]:
        try:
            detail = service_detail(sid, lang)
        except CatalogueUnavailable:
            return buttons
        if detail:
            buttons.append({"title": detail["name"][:60], "payload": details_payload(sid)})
    return buttons


def details_payload(service_id: str) -> str:
    return "/service_details" + json.dumps({"service_id": service_id})


def card_item(item: dict[str, Any]) -> dict[str, Any]:
    return {key: item.get(key) for key in ("id", "name", "summary", "provider", "url", "channels")}


def _entities(tracker: Tracker, name: str) -> list[str]:
    return [str(e["value"]) for e in tracker.latest_message.get("entities", []) if e.get("entity") == name]


# The NLU may miss the entity in a short self-description ("olen opiskelija"); the words themselves suffice.
STUDENT_WORDS = frozenset({"opiskelija", "opiskella", "student", "studerande", "studying", "studera"})


def says_student(text: str) -> bool:
    return any(forms & STUDENT_WORDS for forms in text_forms(text))


def remembered_facts(tracker: Tracker) -> tuple[list[SlotSet], list[str], str | None]:
    """Slot events for facts in the latest message, every fact known so far, and the municipality."""
    events: list[SlotSet] = []
    student = bool(tracker.get_slot("student"))
    age_group = tracker.get_slot("age_group")
    situations = list(tracker.get_slot("situation") or [])
    target_groups = _entities(tracker, "target_group")
    if says_student(tracker.latest_message.get("text") or ""):
        target_groups.append("student")
    for value in target_groups:
        if value == "student" and not student:
            student = True
            events.append(SlotSet("student", True))
        elif value in AGE_GROUPS and value != age_group:
            age_group = value
            events.append(SlotSet("age_group", value))
        elif value in SITUATIONS and value not in situations:
            situations.append(value)
            events.append(SlotSet("situation", situations))
    municipality = tracker.get_slot("user_municipality")
    said = _entities(tracker, "municipality")
    if said and said[-1] != municipality:
        municipality = said[-1]
        events.append(SlotSet("user_municipality", municipality))
    facts = (["student"] if student else []) + ([age_group] if age_group else []) + situations
    return events, facts, municipality


def query_with_facts(user_text: str, facts: list[str]) -> str:
    words = [FACT_QUERY_WORDS[f] for f in facts if f in FACT_QUERY_WORDS and FACT_QUERY_WORDS[f] not in user_text]
    return " ".join([user_text, *words]).strip()


def reply_text(page: dict[str, Any], lang: str) -> str:
    items = page["items"]
    lines = [text("services_found", lang, shown=page["offset"] + len(items), total=page["total"])]
    for n, item in enumerate(items, start=page["offset"] + 1):
        summary = (item.get("summary") or "").strip()
        if len(summary) > SUMMARY_CHARS:
            summary = summary[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
        provider = f" ({item['provider']})" if item.get("provider") else ""
        lines.append(f"{n}. {item['name']}{provider}\n   {summary}\n   {item.get('url') or ''}".rstrip())
    return "\n".join(lines)


def related_terms_of(items: list[dict[str, Any]], lang: str, limit: int = 2) -> list[dict[str, str]]:
    """Terms linked to the first services shown, as {id, title} (a failed lookup only drops the offer)."""
    found: dict[str, dict[str, str]] = {}
    for item in items[:2]:
        try:
            detail = service_detail(item["id"], lang) or {}
        except CatalogueUnavailable:
            break
        for term in detail.get("related_terms", []):
            title = term["names"].get(lang) or term["names"].get("fi") or term["id"]
            found.setdefault(term["id"], {"id": term["id"], "title": title})
    return list(found.values())[:limit]


def send_page(dispatcher: CollectingDispatcher, page: dict[str, Any], lang: str, query: str) -> None:
    items = page["items"]
    if not items:
        key = "services_no_more" if page["offset"] else "services_none"
        card = {"type": "service_list", "items": [], "lang": lang, "query": query, "offset": page["offset"],
                "total": page["total"], "related_terms": []}
        send_card(dispatcher, text(key, lang), card)
        return
    terms = related_terms_of(items, lang)
    buttons = [{"title": text("services_term_question", lang, name=t["title"]),
                "payload": text("services_term_question", lang, name=t["title"])} for t in terms]
    if page["total"] > page["offset"] + len(items):
        buttons.insert(0, {"title": text("services_show_more", lang), "payload": "/show_more"})
    card = {
        "type": "service_list",
        "items": [card_item(i) for i in items],
        "lang": lang,
        "query": query,
        "offset": page["offset"],
        "total": page["total"],
        "related_terms": terms,
    }
    send_card(dispatcher, reply_text(page, lang), card, buttons)


def _unavailable(dispatcher: CollectingDispatcher, lang: str, err: Exception) -> None:
    log.warning("catalogue API unavailable: %s", err)
    send_card(dispatcher, text("services_unavailable", lang),
              {"type": "message", "id": "services_unavailable", "lang": lang})


class ActionSearchServices(Action):
    def name(self) -> str:
        return "action_search_services"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = reply_language(tracker)
        events, facts, municipality = remembered_facts(tracker)
        user_text = (tracker.latest_message.get("text") or "").strip()
        query = query_with_facts(user_text, facts)
        try:
            page = search_services(query, lang, municipality)
        except CatalogueUnavailable as err:
            _unavailable(dispatcher, lang, err)
            return [*events, language_slot(lang)]
        send_page(dispatcher, page, lang, query)
        log_query(tracker, "service_list", recognised=bool(page["items"]))
        return [*events, language_slot(lang), SlotSet("service_query", query),
                SlotSet("service_offset", float(page["offset"]))]


class ActionShowMoreServices(Action):
    def name(self) -> str:
        return "action_show_more_services"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = reply_language(tracker)
        query = tracker.get_slot("service_query")
        if not query:
            send_card(dispatcher, text("services_nothing_to_continue", lang),
                      {"type": "message", "id": "services_nothing_to_continue", "lang": lang})
            return [language_slot(lang)]
        offset = int(tracker.get_slot("service_offset") or 0) + PAGE
        try:
            page = search_services(query, lang, tracker.get_slot("user_municipality"), offset)
        except CatalogueUnavailable as err:
            _unavailable(dispatcher, lang, err)
            return [language_slot(lang)]
        send_page(dispatcher, page, lang, query)
        return [language_slot(lang), SlotSet("service_offset", float(offset))]


class ActionServiceDetails(Action):
    """One service, opened from a button (e.g. a term answer's related services)."""

    def name(self) -> str:
        return "action_service_details"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = reply_language(tracker)
        ids = _entities(tracker, "service_id")
        try:
            detail = service_detail(ids[-1], lang) if ids else None
        except CatalogueUnavailable as err:
            _unavailable(dispatcher, lang, err)
            return [language_slot(lang)]
        items = [detail] if detail else []
        send_page(dispatcher, {"items": items, "offset": 0, "total": len(items)}, lang, ids[-1] if ids else "")
        return [language_slot(lang)]


class ActionRememberFacts(Action):
    """The user told something about themselves but asked for nothing yet."""

    def name(self) -> str:
        return "action_remember_facts"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = reply_language(tracker)
        events, facts, municipality = remembered_facts(tracker)
        said = [text(f"services_fact_{f}", lang) for f in facts]
        if municipality:
            said.append(text("services_fact_municipality", lang, place=municipality))
        if not said:  # nothing recognised to remember: treat the message as a search
            return ActionSearchServices().run(dispatcher, tracker, domain)
        send_card(dispatcher, text("services_facts_noted", lang, facts=", ".join(said)),
                  {"type": "message", "id": "services_facts_noted", "lang": lang})
        log_query(tracker, "message")
        return [*events, language_slot(lang)]
