"""Geodata questions: a form that collects dataset, filter, division and area, then counts.

The words of each message are read by services_catalog.geo (any dataset or area
in geodata.yml is understood without code); Rasa supplies the intent, which
sets the kind of answer: a count, a top-N list, a ranking or a table.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.reply import language_slot, log_query, reply_language, send_card
from services_catalog.geo import replies
from services_catalog.geo.errors import GeoBackendError
from services_catalog.geo.service import GeoService, get_service
from services_catalog.texts import text

log = logging.getLogger(__name__)

MODE_BY_INTENT = {"geo_count": "count", "geo_top": "top", "geo_ranking": "ranking", "geo_table": "table"}
MODES = set(MODE_BY_INTENT.values())
SLOTS = (
    "geo_mode", "geo_dataset", "geo_filter", "geo_top_field", "geo_division", "geo_area",
    "geo_others", "geo_fuzzy", "geo_unknown", "geo_suggest", "geo_candidates",
)
CHOOSE = "/geo_choose"


def _payload(**slots: Any) -> str:
    """A button payload that sets geo slots through the geo_choose intent's entities."""
    return CHOOSE + json.dumps({k: v for k, v in slots.items() if v is not None}, ensure_ascii=False)


def _entities(message: dict[str, Any]) -> dict[str, Any]:
    return {
        e["entity"]: e.get("value")
        for e in message.get("entities") or []
        if e.get("entity") in SLOTS and isinstance(e.get("value"), str)
    }


def read_message(geo: GeoService, tracker: Tracker, current: dict[str, Any]) -> dict[str, Any]:
    """Slot values the latest message gives (button entities first, then its words).

    Only what the message actually says is returned, so an answer to a
    follow-up question ("Eirassa") keeps what was asked before.
    """
    cfg = geo.cfg
    message = tracker.latest_message or {}
    ents = _entities(message)
    raw_text = message.get("text") or ""
    parsed = geo.parse("" if raw_text.startswith("/") else raw_text)
    out: dict[str, Any] = {}
    if ents.get("geo_mode") in MODES:
        out["geo_mode"] = ents["geo_mode"]
    dataset = ents.get("geo_dataset") if ents.get("geo_dataset") in {d.key for d in cfg.datasets} else None
    dataset = dataset or parsed.dataset
    if dataset:
        out["geo_dataset"] = dataset
    flt = replies.decode_filter(cfg, dataset or current.get("geo_dataset"), ents.get("geo_filter"))
    flt = flt or parsed.filter
    if flt:
        out["geo_filter"] = replies.encode_filter(flt)
    top_field = ents.get("geo_top_field") or parsed.top_field
    top_dataset = dataset or current.get("geo_dataset")
    if top_field and top_dataset and cfg.dataset(top_dataset).attribute(top_field):
        out["geo_top_field"] = top_field
        out.setdefault("geo_mode", "top")
    division = ents.get("geo_division") if ents.get("geo_division") in {d.key for d in cfg.divisions} else None
    division = division or parsed.division
    if division:
        out["geo_division"] = division
    areas = tuple(geo.places.named(ents["geo_area"])) if ents.get("geo_area") else parsed.areas
    if areas:
        chosen, others = geo.pick_area(areas, division)
        if chosen is not None:
            out.update(geo_area=chosen.key, geo_division=chosen.division, geo_candidates=None,
                       geo_others=[] if division else [a.division for a in others],
                       geo_fuzzy=parsed.fuzzy_place and not ents.get("geo_area"), geo_unknown=None)
        else:
            out.update(geo_candidates=[a.division for a in others], geo_unknown=areas[0].key)
    elif parsed.unknown_place and (parsed.dataset or current.get("requested_slot") == "geo_area"):
        out["geo_unknown"] = parsed.unknown_place
        out["geo_suggest"] = [a.key for a in geo.places.closest(parsed.unknown_place, 3, cfg.default_division)]
        out["geo_candidates"] = None
    return out


class ActionGeoStart(Action):
    """First step of a geodata question: forget the previous one, keep what this message says."""

    def name(self) -> str:
        return "action_geo_start"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        geo = get_service()
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        found = read_message(geo, tracker, {})
        found.setdefault("geo_mode", MODE_BY_INTENT.get(intent, "count"))
        reset = {slot: None for slot in SLOTS}
        reset.update(found)
        return [SlotSet(k, v) for k, v in reset.items()] + [language_slot(reply_language(tracker))]


class ValidateGeoForm(FormValidationAction):
    def name(self) -> str:
        return "validate_geo_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        if tracker.get_slot("geo_mode") in ("ranking", "table"):
            return ["geo_dataset", "geo_division"]
        return ["geo_dataset", "geo_area"]

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        extracted = await self.get_extraction_events(dispatcher, tracker, domain)
        tracker.add_slots(extracted)
        validated = await self._extract_validation_events(dispatcher, tracker, domain)
        # rasa_sdk returns only the required slots; keep the helper slots we read too
        # (division, notes, suggestions), or they would be lost between turns
        names = {e["name"] for e in validated}
        return [e for e in extracted if e["name"] not in names] + validated

    async def get_extraction_events(self, dispatcher, tracker, domain) -> list[EventType]:
        try:
            found = read_message(get_service(), tracker, dict(tracker.slots))
        except Exception:  # a broken config or data file must not kill the conversation
            log.exception("reading a geodata answer failed")
            return []
        return [SlotSet(k, v) for k, v in found.items()]

    # read_message already checked every value against geodata.yml
    def validate_geo_dataset(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        return {"geo_dataset": value}

    def validate_geo_area(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        return {"geo_area": value}

    def validate_geo_division(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        return {"geo_division": value}


def _buttons_for_divisions(geo: GeoService, tracker: Tracker, divisions: list[str], lang: str) -> list[dict]:
    area = tracker.get_slot("geo_unknown") or tracker.get_slot("geo_area")
    return [
        {"title": replies.division_label(geo.cfg, d, lang), "payload": _payload(geo_division=d, geo_area=area)}
        for d in divisions
    ]


class ActionAskGeoDataset(Action):
    def name(self) -> str:
        return "action_ask_geo_dataset"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        geo, lang = get_service(), reply_language(tracker)
        buttons = [
            {"title": replies.dataset_label(geo.cfg, d.key, lang), "payload": _payload(geo_dataset=d.key)}
            for d in geo.cfg.datasets
        ]
        send_card(dispatcher, text("geo_ask_dataset", lang), {"type": "message", "id": "geo_ask_dataset",
                                                             "lang": lang}, buttons)
        return []


class ActionAskGeoDivision(Action):
    def name(self) -> str:
        return "action_ask_geo_division"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        geo, lang = get_service(), reply_language(tracker)
        divisions = [d.key for d in geo.cfg.divisions]
        buttons = [{"title": replies.division_label(geo.cfg, d, lang), "payload": _payload(geo_division=d)}
                   for d in divisions]
        send_card(dispatcher, text("geo_ask_division", lang), {"type": "message", "id": "geo_ask_division",
                                                              "lang": lang}, buttons)
        return []


class ActionAskGeoArea(Action):
    """Ask where: plainly, or "which division?" for a shared name, or "did you mean?" for an unknown one."""

    def name(self) -> str:
        return "action_ask_geo_area"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        geo, lang = get_service(), reply_language(tracker)
        candidates = tracker.get_slot("geo_candidates") or []
        suggest = tracker.get_slot("geo_suggest") or []
        unknown = tracker.get_slot("geo_unknown")
        if candidates and unknown:
            key = "geo_ask_which_division"
            body = text(key, lang, area=unknown)
            buttons = _buttons_for_divisions(geo, tracker, candidates, lang)
        elif suggest and unknown:
            key = "geo_unknown_place"
            body = text(key, lang, place=unknown)
            labels = {a.key: a.label(lang) for a in geo.places.areas()}
            division = geo.cfg.default_division
            buttons = [{"title": labels.get(s, s), "payload": _payload(geo_area=s, geo_division=division)}
                       for s in suggest]
            log_query(tracker, "message", recognised=False)  # maintainers see unknown place names
        else:
            key, body, buttons = "geo_ask_area", text("geo_ask_area", lang), []
        send_card(dispatcher, body, {"type": "message", "id": key, "lang": lang}, buttons)
        return [SlotSet("geo_suggest", None), SlotSet("geo_unknown", None), SlotSet("geo_candidates", None)]


class ActionGeoAnswer(Action):
    """Count (or rank) with the chosen backend and reply with a geo card."""

    def name(self) -> str:
        return "action_geo_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        geo, lang = get_service(), reply_language(tracker)
        reset = [SlotSet(slot, None) for slot in SLOTS] + [language_slot(lang)]
        try:
            body, card, buttons = self._answer(geo, tracker, lang)
        except GeoBackendError:
            # the service has logged the cause; the user gets a plain apology
            send_card(dispatcher, text("geo_backend_down", lang), {"type": "message", "id": "geo_backend_down",
                                                                   "lang": lang})
            log_query(tracker, "message", recognised=True)
            return reset
        except (KeyError, ValueError, TypeError):
            log.exception("geodata question could not be answered from slots %s", tracker.slots)
            send_card(dispatcher, text("geo_ask_area", lang), {"type": "message", "id": "geo_ask_area", "lang": lang})
            return reset
        send_card(dispatcher, body, card, buttons)
        log_query(tracker, card["type"])
        return reset

    def _answer(self, geo: GeoService, tracker: Tracker, lang: str) -> tuple[str, dict, list[dict]]:
        cfg = geo.cfg
        mode = tracker.get_slot("geo_mode") or "count"
        dataset = cfg.dataset(tracker.get_slot("geo_dataset")).key
        flt = replies.decode_filter(cfg, dataset, tracker.get_slot("geo_filter"), lang)
        division = tracker.get_slot("geo_division") or cfg.default_division
        if mode in ("ranking", "table"):
            answer = geo.by_area(dataset, division, flt, None if mode == "table" else cfg.top_n)
            labels = {a.key: a.label(lang) for a in geo.places.areas(division)}
            body, card = replies.areas_reply(cfg, answer, dataset, flt, division, lang, mode == "table", labels)
            return body, card, []
        area = geo.area(division, tracker.get_slot("geo_area") or "")
        if area is None:
            raise ValueError("no such area")
        notes, buttons = [], []
        if tracker.get_slot("geo_fuzzy"):
            notes.append(text("geo_fuzzy_note", lang, area=area.label(lang)))
        others = [d for d in tracker.get_slot("geo_others") or [] if d != area.division]
        if others:
            notes.append(text("geo_default_note", lang, area=area.label(lang),
                              others=", ".join(replies.division_label(cfg, d, lang) for d in others),
                              division=replies.division_label(cfg, area.division, lang)))
            buttons = [
                {"title": text("geo_use_division", lang, division=replies.division_label(cfg, d, lang)),
                 "payload": _payload(geo_mode=mode, geo_dataset=dataset, geo_filter=replies.encode_filter(flt),
                                     geo_top_field=tracker.get_slot("geo_top_field"), geo_division=d,
                                     geo_area=area.key)}
                for d in others
            ]
        top_field = tracker.get_slot("geo_top_field")
        if mode == "top":
            field = top_field or cfg.dataset(dataset).attributes[0].field
            answer = geo.top_values(dataset, area, field, flt)
            body, card = replies.top_reply(cfg, answer, dataset, flt, area, field, lang, notes)
            return body, card, buttons
        answer = geo.count(dataset, area, flt)
        body, card = replies.count_reply(cfg, answer, dataset, flt, area, lang, notes, geo.map_url(area))
        return body, card, buttons
