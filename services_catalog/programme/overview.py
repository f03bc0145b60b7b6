"""Answers about the programme as a whole: money, counts (with the sources' disagreement), topics, feedback."""

from __future__ import annotations

from services_catalog.programme import render
from services_catalog.programme.builder import Answer, Builder
from services_catalog.programme.matching import mentions, normalise
from services_catalog.programme.questions import Query
from services_catalog.programme.render import t
from services_catalog.programme.rows import campaign_list, experiment_list, webinar_sentence


def satisfaction(b: Builder, q: Query) -> Answer:
    ids = [
        "satisfaction_preparation",
        "satisfaction_experiment_support",
        "satisfaction_partner",
        "satisfaction_partner_with_city",
    ]
    campaign = b.p.campaign(b.fact(ids[0]).campaign)
    facts = {i: b.fact(i).value["fi"] for i in ids}
    if q.has("webinar"):
        webinar = next(e for e in b.p.calendar if e.id == "paatoswebinaari")
        text = t("webinar_intro", b.lang, date=render.date(webinar.date, b.lang)) + " " + webinar_sentence(b)
        facts = {i: b.fact(i).value["fi"] for i in ("webinar_participants", "webinar_satisfaction")}
        return b.reply("webinar_satisfaction", "webinar", text, facts, [b.fact("webinar_satisfaction"), webinar])
    values = {i: render.number(b.fact(i).value["fi"], b.lang) for i in ids}
    text = t(
        "satisfaction",
        b.lang,
        campaign=campaign.name[b.lang],
        period=b.period(campaign),
        preparation=values[ids[0]],
        support=values[ids[1]],
        partner=values[ids[2]],
        city=values[ids[3]],
    )
    return b.reply("satisfaction", "satisfaction", text, facts, [b.fact(i) for i in ids])


def volume(b: Builder) -> Answer:
    """The three-year and four-year counts disagree; say both and where each comes from."""
    group = [f for f in b.p.facts.values() if f.conflict_group == "volume"]
    periods = list(dict.fromkeys(f.period["fi"] for f in group))
    pieces, facts = [], {}
    for period in periods:
        proposals = next(f for f in group if f.period["fi"] == period and f.id.startswith("proposals"))
        experiments = next(f for f in group if f.period["fi"] == period and f.id.startswith("experiments"))
        piece = t(
            "volume_piece",
            b.lang,
            period=proposals.period[b.lang],
            proposals=b.fact_value(proposals.id),
            experiments=b.fact_value(experiments.id),
            source=", ".join(dict.fromkeys(experiments.source.split("|"))),
        )
        pieces.append(piece[:1].upper() + piece[1:])
        facts[proposals.id] = b.fact_value(proposals.id)
        facts[experiments.id] = b.fact_value(experiments.id)
    text = t("volume_conflict", b.lang, items=" ".join(pieces)) if len(pieces) > 1 else pieces[0]
    return b.reply("volume", "volume", text, facts, group)


def topic(b: Builder, q: Query) -> Answer:
    lang = b.lang
    topic_ids = {tp.id for tp in q.topics}
    experiments = [e for e in b.p.experiments if topic_ids & set(e.topics)]
    aliases = [a for tp in q.topics for a in tp.aliases]
    campaigns = [c for c in b.p.campaigns if mentions(normalise(" ".join([*c.themes["fi"], c.name["fi"]])), aliases)]
    topic_names = render.join([tp.name[lang] for tp in q.topics], lang)
    extra = t("topic_campaigns", lang, items="; ".join(b.campaign_item(c) for c in campaigns)) if campaigns else ""
    if not experiments:
        text = f"{t('topic_none', lang, topic=topic_names)} {extra}".strip()
        return b.reply("topic", "topic", text, {"topic": topic_names, "count": 0}, campaigns, recognised=bool(extra))
    heading = t("heading_topic", lang, topic=topic_names)
    answer = experiment_list(b, "topic", "topic", heading, experiments, extra)
    answer.card.facts["topic"] = topic_names
    answer.card.facts["campaigns"] = [c.name[lang] for c in campaigns]
    return answer


def programme_wide(b: Builder, q: Query) -> Answer | None:
    """Questions about the programme as a whole, or None when the question asks nothing we know."""
    lang = b.lang
    if q.topics and (q.has("experiment", "list", "count")) and not q.has("money", "duration", "satisfaction"):
        return topic(b, q)
    if q.has("money"):
        if q.has("total") or q.has("campaign"):
            known = [c for c in b.p.campaigns if c.budget_eur is not None]
            unknown = [c.name[lang] for c in b.p.campaigns if c.budget_eur is None]
            text = t("budget_total", lang, count=len(known), total=render.money(sum(c.budget_eur for c in known), lang))
            if unknown:
                text += " " + t("budget_total_missing", lang, campaigns=render.join(unknown, lang))
            return b.reply(
                "budget_total",
                "budgets",
                text,
                {"total_eur": sum(c.budget_eur for c in known), "campaigns": len(known)},
                known,
            )
        f = b.fact("funding_per_experiment")
        text = t(
            "funding",
            lang,
            amount=render.money(f.value["fi"], lang, f.qualifier),
            duration=b.fact_value("experiment_duration"),
        )
        return b.reply("funding", f.id, text, {"amount_eur": int(f.value["fi"]), "qualifier": f.qualifier}, [f])
    if q.has("duration"):
        f = b.fact("experiment_duration")
        return b.reply(
            "duration",
            f.id,
            t("duration", lang, months=b.fact_value(f.id)),
            {"months": int(f.value["fi"]), "qualifier": f.qualifier},
            [f],
        )
    if q.has("count") and q.has("campaign") and not q.has("experiment", "proposals"):
        return campaign_list(b, "campaign_count_all", t("heading_campaigns", lang), list(b.p.campaigns))
    if q.has("count", "proposals") and (q.has("experiment", "proposals") or q.has("accelerator")):
        return volume(b)
    if q.has("contact"):
        f, url = b.fact("contact"), b.fact("gallery_url")
        return b.reply(
            "contact",
            f.id,
            t("contact", lang, name=f.value[lang], url=url.value[lang]),
            {"contact": f.value[lang], "url": url.value[lang]},
            [f, url],
        )
    if q.has("start") or (q.has("when") and q.has("accelerator")):
        f = b.fact("programme_start")
        text = t(
            "start", lang, parent=b.fact("programme_parent").value[lang], when=render.month_year(f.value["fi"], lang)
        )
        return b.reply("start", f.id, text, {"start": f.value["fi"]}, [f, b.fact("programme_parent")])
    if q.has("campaign"):
        return campaign_list(b, "campaigns", t("heading_campaigns", lang), list(b.p.campaigns))
    if q.has("theme"):
        return themes(b)
    if q.topics:
        return topic(b, q)
    if q.has("accelerator"):
        return about(b)
    if q.has("experiment"):
        return campaign_list(b, "campaigns", t("heading_campaigns", lang), list(b.p.campaigns))
    return None


def themes(b: Builder) -> Answer:
    f = b.fact("programme_themes")
    names = [b.p.topic(tid).name[b.lang] for tid in f.value["fi"].split("|")]
    return b.reply("themes", f.id, t("themes", b.lang, themes=render.join(names, b.lang)), {"themes": names}, [f])


def about(b: Builder) -> Answer:
    lang = b.lang
    start, parent, funding = b.fact("programme_start"), b.fact("programme_parent"), b.fact("funding_per_experiment")
    names = [b.p.topic(tid).name[lang] for tid in b.fact("programme_themes").value["fi"].split("|")]
    text = " ".join(
        [
            t("start", lang, parent=parent.value[lang], when=render.month_year(start.value["fi"], lang)),
            t("themes", lang, themes=render.join(names, lang)),
            t(
                "funding",
                lang,
                amount=render.money(funding.value["fi"], lang, funding.qualifier),
                duration=b.fact_value("experiment_duration"),
            ),
            t("campaign_total", lang, count=len(b.p.campaigns)),
        ]
    )
    facts = {
        "start": start.value["fi"],
        "themes": names,
        "funding_eur": int(funding.value["fi"]),
        "campaigns": len(b.p.campaigns),
    }
    return b.reply("about", "kokeilukiihdyttamo", text, facts, [start, parent, funding, b.fact("programme_themes")])


def unknown(b: Builder, kind: str, **fmt: object) -> Answer:
    known = render.join([c.name[b.lang] for c in b.p.campaigns], b.lang)
    text = t(kind, b.lang, campaigns=known, **fmt)
    return b.reply(kind, None, text, {k: str(v) for k, v in fmt.items()}, [], recognised=False)
