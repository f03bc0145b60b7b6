"""Answers about named table rows: one experiment, lists of experiments, a campaign, campaign lists, dates."""

from __future__ import annotations

from services_catalog.cards import ExperimentCard
from services_catalog.programme import render
from services_catalog.programme.builder import Answer, Builder
from services_catalog.programme.questions import Query
from services_catalog.programme.render import t
from services_catalog.programme.tables import CalendarEvent, Campaign, Experiment


def experiment(b: Builder, q: Query, e: Experiment) -> Answer:
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
    return b.reply(kind, e.id, text, b.experiment_facts(e), [e], card_type=ExperimentCard)


def experiment_list(
    b: Builder, kind: str, card_id: str, heading: str, experiments: list[Experiment], extra: str = ""
) -> Answer:
    items = "; ".join(b.experiment_item(e) for e in experiments)
    text = t("list", b.lang, heading=heading, count=len(experiments), items=items)
    facts = {
        "count": len(experiments),
        "experiments": [e.title[b.lang] for e in experiments],
        "experiment_ids": [e.id for e in experiments],
    }
    return b.reply(kind, card_id, f"{text} {extra}".strip(), facts, experiments, card_type=ExperimentCard)


def campaign(b: Builder, q: Query, c: Campaign) -> Answer:
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
        return experiment_list(b, "campaign_experiments", c.id, heading, experiments)
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


def campaign_list(b: Builder, kind: str, heading: str, campaigns: list[Campaign]) -> Answer:
    text = t(
        "list", b.lang, heading=heading, count=len(campaigns), items="; ".join(b.campaign_item(c) for c in campaigns)
    )
    facts = {
        "count": len(campaigns),
        "campaigns": [b.campaign_item(c) for c in campaigns],
        "campaign_ids": [c.id for c in campaigns],
    }
    return b.reply(kind, "campaigns", text, facts, campaigns)


def calendar(b: Builder, events: list[CalendarEvent]) -> Answer:
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
        text += " " + webinar_sentence(b)
        facts.update(
            webinar_participants=b.fact("webinar_participants").value["fi"],
            webinar_satisfaction=b.fact("webinar_satisfaction").value["fi"],
        )
    return b.reply("calendar", card_id, text, facts, [*events, campaign])


def webinar_sentence(b: Builder) -> str:
    return t(
        "webinar",
        b.lang,
        participants=b.fact_value("webinar_participants"),
        satisfaction=b.fact_value("webinar_satisfaction"),
    )
