"""Answering a Kokeilukiihdyttämö question from the programme tables, with a `campaign` reply card.

Each answer is built from table values and the sentence templates in
services_catalog/tables/texts/programme.csv; nothing is made up. A question about a
campaign, experiment or year that the tables do not hold gets an honest "I don't know"
with `recognised=False`, so the caller can log it for the maintainers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from services_catalog.programme import render
from services_catalog.programme.matching import mentions, normalise
from services_catalog.programme.questions import Query, parse
from services_catalog.programme.render import t
from services_catalog.programme.tables import (
    Campaign,
    Experiment,
    Fact,
    Programme,
    Sourced,
    load_programme,
)

MAX_QUESTION_CHARS = 1000


@dataclass(frozen=True)
class Answer:
    text: str
    card: dict[str, Any]
    recognised: bool
    kind: str  # which kind of answer was given; for logs and tests


class _Builder:
    """Collects one answer's text, card facts and sources."""

    def __init__(self, programme: Programme, lang: str) -> None:
        self.p = programme
        self.lang = lang

    def reply(
        self,
        kind: str,
        card_id: str | None,
        text: str,
        facts: dict[str, Any],
        sources: Iterable[Sourced],
        recognised: bool = True,
    ) -> Answer:
        notes = list(dict.fromkeys(s.source_note for s in sources))
        card = {
            "type": "campaign",
            "id": card_id,
            "facts": facts,
            "source": "; ".join(notes) or None,
            "lang": self.lang,
        }
        return Answer(text=text, card=card, recognised=recognised, kind=kind)

    # ---- helpers that turn rows into words
    def period(self, c: Campaign) -> str:
        return c.period[self.lang] or t("year_unknown", self.lang)

    def budget(self, c: Campaign) -> str:
        return render.money(c.budget_eur, self.lang) if c.budget_eur is not None else t("not_known", self.lang)

    def campaign_item(self, c: Campaign) -> str:
        return t(
            "campaign_item",
            self.lang,
            name=c.name[self.lang],
            period=self.period(c),
            experiments=c.experiments,
            budget=self.budget(c),
        )

    def campaign_facts(self, c: Campaign) -> dict[str, Any]:
        return {
            "campaign": c.name[self.lang],
            "campaign_fi": c.name["fi"],
            "period": self.period(c),
            "experiments": c.experiments,
            "proposals": c.proposals,
            "budget_eur": c.budget_eur,
            "themes": c.themes[self.lang],
        }

    def names(self, ids: Iterable[str], kind: str) -> list[str]:
        if kind == "partner":
            return [self.p.partner(i).name for i in ids]
        return [self.p.department(i).abbreviation for i in ids]

    def experiment_item(self, e: Experiment) -> str:
        who = self.names(e.departments, "department") + self.names(e.partners, "partner")
        return f"{e.title[self.lang]} ({' & '.join(who)})" if who else e.title[self.lang]

    def experiment_facts(self, e: Experiment) -> dict[str, Any]:
        c = self.p.campaign(e.campaign)
        return {
            "experiment": e.title[self.lang],
            "experiment_fi": e.title["fi"],
            "campaign": c.name[self.lang],
            "period": self.period(c),
            "departments": self.names(e.departments, "department"),
            "partners": self.names(e.partners, "partner"),
            "goal": e.goal[self.lang],
            "outcome": e.outcome[self.lang],
        }

    def fact(self, fact_id: str) -> Fact:
        return self.p.facts[fact_id]

    def fact_value(self, fact_id: str) -> str:
        f = self.fact(fact_id)
        return render.qualified(f.value[self.lang], f.qualifier, self.lang)


def _experiment(b: _Builder, q: Query, e: Experiment) -> Answer:
    lang = b.lang
    title = e.title[lang]
    partners = render.join(b.names(e.partners, "partner"), lang)
    departments = render.join(
        [f"{b.p.department(d).name[lang]} ({b.p.department(d).abbreviation})" for d in e.departments], lang
    )
    if q.has("partner") and not q.has("department"):
        text = (
            t("experiment_partner", lang, title=title, partners=partners)
            if partners
            else t("experiment_partner_unknown", lang, title=title)
        )
        kind = "experiment_partner"
    elif q.has("department"):
        text = (
            t("experiment_department", lang, title=title, departments=departments)
            if departments
            else t("experiment_department_unknown", lang, title=title)
        )
        kind = "experiment_department"
    elif q.has("goal") and e.goal[lang]:
        text, kind = t("experiment_goal", lang, title=title, goal=e.goal[lang]), "experiment_goal"
    elif q.has("outcome") and e.outcome[lang]:
        text, kind = t("experiment_outcome", lang, title=title, outcome=e.outcome[lang]), "experiment_outcome"
    else:
        c = b.p.campaign(e.campaign)
        parts = [t("experiment_intro", lang, title=title, campaign=c.name[lang], period=b.period(c))]
        if departments:
            parts.append(t("experiment_departments", lang, departments=departments))
        if partners:
            parts.append(t("experiment_partners", lang, partners=partners))
        parts.append(e.summary[lang])
        if (q.has("goal") or q.has("outcome")) and not (e.goal[lang] or e.outcome[lang]):
            parts.insert(0, t("experiment_detail_unknown", lang, title=title))
        text, kind = " ".join(parts), "experiment"
    return b.reply(kind, e.id, text, b.experiment_facts(e), [e])


def _experiment_list(
    b: _Builder, kind: str, card_id: str, heading: str, experiments: list[Experiment], extra: str = ""
) -> Answer:
    items = "; ".join(b.experiment_item(e) for e in experiments)
    text = t("list", b.lang, heading=heading, count=len(experiments), items=items)
    facts = {
        "count": len(experiments),
        "experiments": [e.title[b.lang] for e in experiments],
        "experiment_ids": [e.id for e in experiments],
    }
    return b.reply(kind, card_id, f"{text} {extra}".strip(), facts, experiments)


def _campaign(b: _Builder, q: Query, c: Campaign) -> Answer:
    lang, name = b.lang, c.name[b.lang]
    facts = b.campaign_facts(c)
    experiments = [e for e in b.p.experiments if e.campaign == c.id]
    if q.has("partner"):
        partners = [p for p in b.p.partners if p.campaign == c.id and p.role == "company_partner"]
        support = [p for p in b.p.partners if p.campaign == c.id and p.role != "company_partner"]
        if not partners:
            known = b.p.campaign(b.p.partners[0].campaign) if b.p.partners else c
            return b.reply(
                "campaign_partners_unknown",
                c.id,
                t("campaign_partners_unknown", lang, campaign=name, known=known.name[lang]),
                facts,
                [c],
            )
        text = t(
            "campaign_partners",
            lang,
            campaign=name,
            period=b.period(c),
            count=len(partners),
            items=render.join([p.name for p in partners], lang),
        )
        if support:
            text += " " + t("campaign_support", lang, items=render.join([p.name for p in support], lang))
        facts["partners"] = [p.name for p in partners]
        return b.reply("campaign_partners", c.id, text, facts, [c, *partners, *support])
    if q.has("proposals"):
        key = "campaign_proposals" if c.proposals is not None else "campaign_proposals_unknown"
        return b.reply(
            "campaign_proposals",
            c.id,
            t(key, lang, campaign=name, period=b.period(c), proposals=c.proposals, experiments=c.experiments),
            facts,
            [c],
        )
    if q.has("money"):
        key = "campaign_budget" if c.budget_eur is not None else "campaign_budget_unknown"
        return b.reply(
            "campaign_budget",
            c.id,
            t(key, lang, campaign=name, period=b.period(c), budget=b.budget(c), experiments=c.experiments),
            facts,
            [c],
        )
    if q.has("count") and not q.has("theme"):
        return b.reply(
            "campaign_count",
            c.id,
            t("campaign_count", lang, campaign=name, period=b.period(c), experiments=c.experiments),
            facts,
            [c],
        )
    if q.has("experiment"):
        if not experiments:
            return b.reply(
                "campaign_experiments_missing",
                c.id,
                t("campaign_experiments_missing", lang, campaign=name, period=b.period(c), experiments=c.experiments),
                facts,
                [c],
            )
        heading = t("heading_campaign", lang, campaign=name, period=b.period(c))
        return _experiment_list(b, "campaign_experiments", c.id, heading, experiments)
    if q.has("theme"):
        return b.reply(
            "campaign_themes",
            c.id,
            t(
                "campaign_themes",
                lang,
                campaign=name,
                count=len(c.themes[lang]),
                themes=render.join(c.themes[lang], lang),
            ),
            facts,
            [c],
        )
    if q.has("when", "start", "duration") and not q.has("latest"):
        key = "campaign_when" if c.year_start else "campaign_when_unknown"
        return b.reply("campaign_when", c.id, t(key, lang, campaign=name, period=b.period(c)), facts, [c])
    parts = [
        t(
            "campaign_latest" if c.latest else "campaign_summary",
            lang,
            campaign=name,
            period=b.period(c),
            experiments=c.experiments,
            budget=b.budget(c),
        )
    ]
    parts.append(
        t("campaign_themes", lang, campaign=name, count=len(c.themes[lang]), themes=render.join(c.themes[lang], lang))
    )
    if c.note[lang]:
        parts.append(c.note[lang])
    return b.reply("campaign", c.id, " ".join(parts), facts, [c])


def _campaign_list(b: _Builder, kind: str, heading: str, campaigns: list[Campaign]) -> Answer:
    text = t(
        "list", b.lang, heading=heading, count=len(campaigns), items="; ".join(b.campaign_item(c) for c in campaigns)
    )
    facts = {
        "count": len(campaigns),
        "campaigns": [b.campaign_item(c) for c in campaigns],
        "campaign_ids": [c.id for c in campaigns],
    }
    return b.reply(kind, "campaigns", text, facts, campaigns)


def _calendar(b: _Builder, events: list) -> Answer:
    lang = b.lang
    campaign = next(c for c in b.p.campaigns if c.year_start == b.p.calendar[0].date.year)
    items = [t("event", lang, event=e.name[lang], date=render.date(e.date, lang)) for e in events]
    facts = {e.id: e.date.isoformat() for e in events}
    facts["campaign"] = campaign.name[lang]
    if len(events) == 1:
        text = t(
            "event_single",
            lang,
            event=events[0].name[lang],
            date=render.date(events[0].date, lang),
            campaign=campaign.name[lang],
        )
        card_id = events[0].id
    else:
        text = t(
            "list",
            lang,
            heading=t("heading_calendar", lang, campaign=campaign.name[lang]),
            count=len(events),
            items="; ".join(items),
        )
        card_id = "calendar_2022"
    if any(e.id == "paatoswebinaari" for e in events):
        text += " " + _webinar_sentence(b)
        facts.update(
            webinar_participants=b.fact("webinar_participants").value["fi"],
            webinar_satisfaction=b.fact("webinar_satisfaction").value["fi"],
        )
    return b.reply("calendar", card_id, text, facts, [*events, campaign])


def _webinar_sentence(b: _Builder) -> str:
    return t(
        "webinar",
        b.lang,
        participants=b.fact_value("webinar_participants"),
        satisfaction=b.fact_value("webinar_satisfaction"),
    )


def _satisfaction(b: _Builder, q: Query) -> Answer:
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
        text = t("webinar_intro", b.lang, date=render.date(webinar.date, b.lang)) + " " + _webinar_sentence(b)
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


def _volume(b: _Builder) -> Answer:
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


def _topic(b: _Builder, q: Query) -> Answer:
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
    answer = _experiment_list(b, "topic", "topic", heading, experiments, extra)
    answer.card["facts"]["topic"] = topic_names
    answer.card["facts"]["campaigns"] = [c.name[lang] for c in campaigns]
    return answer


def _programme(b: _Builder, q: Query) -> Answer | None:
    """Questions about the programme as a whole, or None when the question asks nothing we know."""
    lang = b.lang
    if q.topics and (q.has("experiment", "list", "count")) and not q.has("money", "duration", "satisfaction"):
        return _topic(b, q)
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
        return _campaign_list(b, "campaign_count_all", t("heading_campaigns", lang), list(b.p.campaigns))
    if q.has("count", "proposals") and (q.has("experiment", "proposals") or q.has("accelerator")):
        return _volume(b)
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
        return _campaign_list(b, "campaigns", t("heading_campaigns", lang), list(b.p.campaigns))
    if q.has("theme"):
        return _themes(b)
    if q.topics:
        return _topic(b, q)
    if q.has("accelerator"):
        return _about(b)
    if q.has("experiment"):
        return _campaign_list(b, "campaigns", t("heading_campaigns", lang), list(b.p.campaigns))
    return None


def _themes(b: _Builder) -> Answer:
    f = b.fact("programme_themes")
    names = [b.p.topic(tid).name[b.lang] for tid in f.value["fi"].split("|")]
    return b.reply("themes", f.id, t("themes", b.lang, themes=render.join(names, b.lang)), {"themes": names}, [f])


def _about(b: _Builder) -> Answer:
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


def _unknown(b: _Builder, kind: str, **fmt: object) -> Answer:
    known = render.join([c.name[b.lang] for c in b.p.campaigns], b.lang)
    text = t(kind, b.lang, campaigns=known, **fmt)
    return b.reply(kind, None, text, {k: str(v) for k, v in fmt.items()}, [], recognised=False)


def _respond(b: _Builder, q: Query) -> Answer:
    if q.unknown_name:
        return _unknown(b, "unknown_name", name=q.unknown_name)
    if len(q.experiments) == 1:
        return _experiment(b, q, q.experiments[0])
    if q.experiments:
        return _experiment_list(b, "experiments", "experiments", t("heading_matching", b.lang), q.experiments)
    if q.has("satisfaction") or (q.has("webinar") and q.has("participants")):
        return _satisfaction(b, q)
    if q.events:
        return _calendar(b, q.events)
    if q.has("webinar"):
        return _calendar(b, [e for e in b.p.calendar if e.id == "paatoswebinaari"])
    if q.has("schedule"):
        return _calendar(b, list(b.p.calendar))
    if q.partners:
        partner_ids = {p.id for p in q.partners}
        experiments = [e for e in b.p.experiments if partner_ids & set(e.partners)]
        names = render.join([p.name for p in q.partners], b.lang)
        heading = t("heading_partner", b.lang, partner=names)
        return _experiment_list(b, "partner_experiments", "|".join(sorted(partner_ids)), heading, experiments)
    if q.departments:
        department_ids = {d.id for d in q.departments}
        experiments = [e for e in b.p.experiments if department_ids & set(e.departments)]
        names = render.join([f"{d.name[b.lang]} ({d.abbreviation})" for d in q.departments], b.lang)
        heading = t("heading_department", b.lang, department=names)
        return _experiment_list(b, "department_experiments", "|".join(sorted(department_ids)), heading, experiments)
    if len(q.campaigns) == 1:
        return _campaign(b, q, q.campaigns[0])
    if q.campaigns:
        heading = t("heading_year", b.lang, year=q.year) if q.year else t("heading_matching_campaigns", b.lang)
        return _campaign_list(b, "campaigns", heading, q.campaigns)
    if q.year is not None and not q.topics:
        return _unknown(b, "unknown_year", year=q.year)
    if q.has("partner"):
        latest_with_partners = b.p.campaign(b.p.partners[0].campaign)
        return _campaign(b, q, latest_with_partners)
    return _programme(b, q) or _unknown(b, "unknown")


def answer(
    question: str,
    lang: str = "fi",
    entities: dict[str, list[str]] | None = None,
    programme: Programme | None = None,
) -> Answer:
    """Answer a programme question in `lang` (fi, sv or en) from the tables.

    `entities` are NLU entity values by entity name (campaign, experiment, partner, department, topic);
    they help matching, and an unmatched campaign or experiment name makes the answer "I don't know".
    """
    lang = lang if lang in ("fi", "sv", "en") else "fi"
    builder = _Builder(programme or load_programme(), lang)
    question = (question or "").strip()
    if not question and not entities:
        return _unknown(builder, "unknown")
    query = parse(question[:MAX_QUESTION_CHARS], builder.p, entities)
    return _respond(builder, query)
