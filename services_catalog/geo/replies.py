"""Reply texts and cards (geo_count, geo_ranking) for geodata answers, in fi/sv/en."""

from __future__ import annotations

from typing import Any

from services_catalog.cards import BotMessage, Button, GeoCountCard, GeoFilter, GeoRankingCard, RankingItem
from services_catalog.geo.config import GeoConfig
from services_catalog.geo.map_image import area_map_url, ranking_map_url
from services_catalog.geo.places import Area
from services_catalog.geo.query import Filter
from services_catalog.geo.service import Answer
from services_catalog.texts import text

MAX_TABLE_ROWS = 200  # a division bigger than this is cut in the text (the card keeps all)
MAX_MAP_RANKS = 5  # areas numbered on a ranking's map; a full table would cover the map in numbers


def encode_filter(flt: Filter | None) -> str | None:
    """Slot form of a filter: "suku=Tilia"."""
    return f"{flt.field}={flt.value}" if flt else None


def decode_filter(cfg: GeoConfig, dataset: str | None, raw: Any, lang: str = "fi") -> Filter | None:
    """The filter a slot holds, checked against geodata.yml (a forged value gives None)."""
    if not dataset or not isinstance(raw, str) or "=" not in raw:
        return None
    field, _, value = raw.partition("=")
    try:
        attr = cfg.dataset(dataset).attribute(field)
    except KeyError:
        return None
    val = attr.value(value) if attr else None
    return Filter(field, value, val.label(lang)) if val else None


def division_label(cfg: GeoConfig, key: str, lang: str) -> str:
    names = cfg.division(key).names
    return (names.get(lang) or names.get("fi") or (key,))[0]


def dataset_label(cfg: GeoConfig, key: str, lang: str) -> str:
    return cfg.dataset(key).label[lang]


def what(cfg: GeoConfig, dataset: str, flt: Filter | None, lang: str) -> str:
    """'lehmus (Tilia)', or the dataset's plural ('puita') when nothing is filtered."""
    if flt is None:
        return dataset_label(cfg, dataset, lang)
    return flt.label if flt.label.casefold() == flt.value.casefold() else f"{flt.label} ({flt.value})"


def value_label(cfg: GeoConfig, dataset: str, field: str, raw: str, lang: str) -> str:
    attr = cfg.dataset(dataset).attribute(field)
    val = attr.value(raw) if attr else None
    return f"{raw} ({val.label(lang)})" if val and val.label(lang).casefold() != raw.casefold() else raw


def _filter_card(flt: Filter | None) -> GeoFilter | None:
    return GeoFilter(field=flt.field, value=flt.value, label=flt.label) if flt else None


def count_reply(
    cfg: GeoConfig, answer: Answer, dataset: str, flt: Filter | None, area: Area, lang: str,
    notes: list[str], map_url: str | None, buttons: list[Button] | None = None,
) -> BotMessage:
    div = division_label(cfg, area.division, lang)
    lines = [text("geo_count", lang, area=area.label(lang), division=div, count=answer.count,
                  what=what(cfg, dataset, flt, lang))]
    lines += notes + [text("geo_source", lang, source=answer.source)]
    alt = text("geo_map_alt", lang, area=area.label(lang), count=answer.count, what=what(cfg, dataset, flt, lang))
    card = GeoCountCard(dataset=dataset, filter=_filter_card(flt), division=area.division, area=area.label(lang),
                        area_id=area.key, count=answer.count, source=answer.source, lang=lang, map_url=map_url,
                        map_image_url=area_map_url(area.division, area.key, dataset, flt), map_alt=alt)
    return BotMessage(text="\n".join(lines), card=card, buttons=buttons or [])


def top_reply(
    cfg: GeoConfig, answer: Answer, dataset: str, flt: Filter | None, area: Area, field: str, lang: str,
    notes: list[str], buttons: list[Button] | None = None,
) -> BotMessage:
    div = division_label(cfg, area.division, lang)
    attr = cfg.dataset(dataset).attribute(field)
    field_label = attr.label[lang] if attr else field
    items = [RankingItem(label=value_label(cfg, dataset, field, raw, lang), count=n) for raw, n in answer.items]
    if items:
        head = text("geo_top", lang, field=field_label, area=area.label(lang), division=div)
        lines = [head] + [f"{i}. {it.label}: {it.count}" for i, it in enumerate(items, 1)]
    else:
        lines = [text("geo_nothing", lang, area=area.label(lang), division=div)]
    lines += notes + [text("geo_source", lang, source=answer.source)]
    alt = text("geo_top_map_alt", lang, area=area.label(lang), what=what(cfg, dataset, flt, lang))
    card = GeoRankingCard(items=items, source=answer.source, dataset=dataset, filter=_filter_card(flt),
                          division=area.division, area=area.label(lang), field=field, lang=lang,
                          map_image_url=area_map_url(area.division, area.key, dataset, flt), map_alt=alt)
    return BotMessage(text="\n".join(lines), card=card, buttons=buttons or [])


def areas_reply(
    cfg: GeoConfig, answer: Answer, dataset: str, flt: Filter | None, division: str, lang: str, table: bool,
    labels: dict[str, str],
) -> BotMessage:
    """A ranking (top N areas) or a table (every area) of one division."""
    div = division_label(cfg, division, lang)
    items = [RankingItem(label=labels.get(key, key), count=n) for key, n in answer.items]
    head = text("geo_table" if table else "geo_ranking", lang, what=what(cfg, dataset, flt, lang), division=div)
    if table:
        rows = [f"| {it.label} | {it.count} |" for it in items[:MAX_TABLE_ROWS]]
        body = [f"| {div} | {text('geo_all', lang)} |", "|---|---|", *rows]
    else:
        body = [f"{i}. {it.label}: {it.count}" for i, it in enumerate(items, 1)]
    lines = [head, *body, text("geo_source", lang, source=answer.source)]
    ranked = [key for key, n in answer.items[:MAX_MAP_RANKS] if n > 0]
    alt = text("geo_ranking_map_alt", lang, division=div, what=what(cfg, dataset, flt, lang),
               areas=", ".join(labels.get(key, key) for key in ranked))
    card = GeoRankingCard(items=items, source=answer.source, dataset=dataset, filter=_filter_card(flt),
                          division=division, area=None, field=division, lang=lang,
                          map_image_url=ranking_map_url(division, dataset, flt, ranked), map_alt=alt)
    return BotMessage(text="\n".join(lines), card=card)
