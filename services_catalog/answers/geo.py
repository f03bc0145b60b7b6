"""Geodata questions: collect dataset, filter, division and area across turns, then count.

The words of each message are read by services_catalog.geo (any dataset or area
in geodata.yml is understood without code); Rasa supplies the intent, which
sets the kind of answer: a count, a top-N list, a ranking or a table.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping
from typing import Any

from services_catalog.answers.turn import Reply, Turn
from services_catalog.cards import BotMessage, Button, message
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
REQUESTED_SLOT = "requested_slot"


def _payload(**slots: Any) -> str:
    """A button payload that sets geo slots through the geo_choose intent's entities."""
    return CHOOSE + json.dumps({k: v for k, v in slots.items() if v is not None}, ensure_ascii=False)


def read_slots(geo: GeoService, turn: Turn, current: Mapping[str, Any]) -> dict[str, Any]:
    """Slot values the message gives (button entities first, then its words).

    Only what the message actually says is returned, so an answer to a
    follow-up question ("Eirassa") keeps what was asked before.
    """
    cfg = geo.cfg
    ents = {name: value for name, value in turn.entities if name in SLOTS}
    parsed = geo.parse("" if turn.text.startswith("/") else turn.text)
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
    elif parsed.unknown_place and (parsed.dataset or current.get(REQUESTED_SLOT) == "geo_area"):
        out["geo_unknown"] = parsed.unknown_place
        out["geo_suggest"] = [a.key for a in geo.places.closest(parsed.unknown_place, 3, cfg.default_division)]
        out["geo_candidates"] = None
    return out


def missing_slot(slots: Mapping[str, Any]) -> str | None:
    """The next thing to ask: a ranking or table needs a division, a count or top list an area."""
    needed = ("geo_dataset", "geo_division") if slots.get("geo_mode") in ("ranking", "table") else (
        "geo_dataset", "geo_area")
    return next((name for name in needed if slots.get(name) is None), None)


def start(turn: Turn) -> Reply:
    """First step of a geodata question: forget the previous one, keep what this message says."""
    found = read_slots(get_service(), turn, {})
    found.setdefault("geo_mode", MODE_BY_INTENT.get(turn.intent or "", "count"))
    return turn.reply(**{**{slot: None for slot in SLOTS}, **found})


def fill_form(turn: Turn) -> Reply:
    """The form's validation step: what this message adds, and which slot to ask for next (None: done)."""
    try:
        found = read_slots(get_service(), turn, turn.slots)
    except Exception:  # a broken config or data file must not kill the conversation
        log.exception("reading a geodata answer failed")
        found = {}
    return Reply(slots={**found, REQUESTED_SLOT: missing_slot({**turn.slots, **found})})


def _division_buttons(geo: GeoService, turn: Turn, divisions: list[str]) -> list[Button]:
    area = turn.slot("geo_unknown") or turn.slot("geo_area")
    return [
        Button(title=replies.division_label(geo.cfg, d, turn.lang), payload=_payload(geo_division=d, geo_area=area))
        for d in divisions
    ]


def ask_dataset(turn: Turn) -> Reply:
    geo = get_service()
    buttons = [Button(title=replies.dataset_label(geo.cfg, d.key, turn.lang), payload=_payload(geo_dataset=d.key))
               for d in geo.cfg.datasets]
    return turn.reply(message("geo_ask_dataset", turn.lang, buttons))


def ask_division(turn: Turn) -> Reply:
    geo = get_service()
    buttons = [Button(title=replies.division_label(geo.cfg, d.key, turn.lang), payload=_payload(geo_division=d.key))
               for d in geo.cfg.divisions]
    return turn.reply(message("geo_ask_division", turn.lang, buttons))


def ask_area(turn: Turn) -> Reply:
    """Ask where: plainly, or "which division?" for a shared name, or "did you mean?" for an unknown one."""
    geo, lang = get_service(), turn.lang
    candidates = turn.slot("geo_candidates", [])
    suggest = turn.slot("geo_suggest", [])
    unknown = turn.slot("geo_unknown")
    cleared = {"geo_suggest": None, "geo_unknown": None, "geo_candidates": None}
    if candidates and unknown:
        ask = message("geo_ask_which_division", lang, _division_buttons(geo, turn, candidates), area=unknown)
        return turn.reply(ask, **cleared)
    if suggest and unknown:
        labels = {a.key: a.label(lang) for a in geo.places.areas()}
        division = geo.cfg.default_division
        buttons = [Button(title=labels.get(s, s), payload=_payload(geo_area=s, geo_division=division))
                   for s in suggest]
        # Logged as not understood, so maintainers see unknown place names.
        return turn.reply(message("geo_unknown_place", lang, buttons, place=unknown), recognised=False, **cleared)
    return turn.reply(message("geo_ask_area", lang), **cleared)


async def _count_message(geo: GeoService, turn: Turn) -> BotMessage:
    cfg, lang = geo.cfg, turn.lang
    mode = turn.slot("geo_mode", "count")
    dataset = cfg.dataset(turn.slot("geo_dataset")).key
    flt = replies.decode_filter(cfg, dataset, turn.slot("geo_filter"), lang)
    division = turn.slot("geo_division") or cfg.default_division
    if mode in ("ranking", "table"):
        found = await geo.by_area(dataset, division, flt, None if mode == "table" else cfg.top_n)
        labels = {a.key: a.label(lang) for a in geo.places.areas(division)}
        return replies.areas_reply(cfg, found, dataset, flt, division, lang, mode == "table", labels)
    area = geo.area(division, turn.slot("geo_area") or "")
    if area is None:
        raise ValueError("no such area")
    notes: list[str] = []
    buttons: list[Button] = []
    if turn.slot("geo_fuzzy"):
        notes.append(text("geo_fuzzy_note", lang, area=area.label(lang)))
    others = [d for d in turn.slot("geo_others", []) if d != area.division]
    if others:
        notes.append(text("geo_default_note", lang, area=area.label(lang),
                                  others=", ".join(replies.division_label(cfg, d, lang) for d in others),
                                  division=replies.division_label(cfg, area.division, lang)))
        buttons = [
            Button(title=text("geo_use_division", lang, division=replies.division_label(cfg, d, lang)),
                   payload=_payload(geo_mode=mode, geo_dataset=dataset, geo_filter=replies.encode_filter(flt),
                                    geo_top_field=turn.slot("geo_top_field"), geo_division=d, geo_area=area.key))
            for d in others
        ]
    if mode == "top":
        field = turn.slot("geo_top_field") or cfg.dataset(dataset).attributes[0].field
        found = await geo.top_values(dataset, area, field, flt)
        return replies.top_reply(cfg, found, dataset, flt, area, field, lang, notes, buttons)
    found = await geo.count(dataset, area, flt)
    return replies.count_reply(cfg, found, dataset, flt, area, lang, notes, await geo.map_url(area), buttons)


async def answer(turn: Turn) -> Reply:
    """Count (or rank) with the chosen backend and reply with a geo card; the question's slots are cleared."""
    geo = get_service()
    reset = {slot: None for slot in SLOTS}
    try:
        # The service keeps CPU work off the event loop; the deadline bounds a WFS slower than its timeout.
        found = await asyncio.wait_for(_count_message(geo, turn), timeout=geo.deadline_s)
    except asyncio.TimeoutError:
        log.warning("geodata answer took longer than %.0f s; answering that the service is down", geo.deadline_s)
        geo.mark_down()
        return turn.reply(message("geo_backend_down", turn.lang), **reset)
    except GeoBackendError:
        # the service has logged the cause; the user gets a plain apology
        return turn.reply(message("geo_backend_down", turn.lang), **reset)
    except (KeyError, ValueError, TypeError):
        log.exception("geodata question could not be answered from slots %s", dict(turn.slots))
        return turn.reply(message("geo_ask_area", turn.lang), **reset)
    return turn.reply(found, **reset)
