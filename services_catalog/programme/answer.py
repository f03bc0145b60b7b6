"""Answering a Kokeilukiihdyttämö question from the programme tables, with a `campaign` reply card.

Each answer is built from table values and the sentence templates in
services_catalog/tables/texts/programme.csv; nothing is made up. A question about a
campaign, experiment or year that the tables do not hold gets an honest "I don't know"
with `recognised=False`, so the caller can log it for the maintainers.
"""

from __future__ import annotations

from services_catalog.language import DEFAULT_LANG, LANGS
from services_catalog.programme import render
from services_catalog.programme.builder import Answer, Builder
from services_catalog.programme.overview import programme_wide, satisfaction, unknown
from services_catalog.programme.questions import Query, parse
from services_catalog.programme.render import t
from services_catalog.programme.rows import calendar, campaign, campaign_list, experiment, experiment_list
from services_catalog.programme.tables import Programme, load_programme

MAX_QUESTION_CHARS = 1000


def _respond(b: Builder, q: Query) -> Answer:
    if q.unknown_name:
        return unknown(b, "unknown_name", name=q.unknown_name)
    if len(q.experiments) == 1:
        return experiment(b, q, q.experiments[0])
    if q.experiments:
        return experiment_list(b, "experiments", "experiments", t("heading_matching", b.lang), q.experiments)
    if q.has("satisfaction") or (q.has("webinar") and q.has("participants")):
        return satisfaction(b, q)
    if q.events:
        return calendar(b, q.events)
    if q.has("webinar"):
        return calendar(b, [e for e in b.p.calendar if e.id == "paatoswebinaari"])
    if q.has("schedule"):
        return calendar(b, list(b.p.calendar))
    if q.partners:
        partner_ids = {p.id for p in q.partners}
        experiments = [e for e in b.p.experiments if partner_ids & set(e.partners)]
        names = render.join([p.name for p in q.partners], b.lang)
        heading = t("heading_partner", b.lang, partner=names)
        return experiment_list(b, "partner_experiments", "|".join(sorted(partner_ids)), heading, experiments)
    if q.departments:
        department_ids = {d.id for d in q.departments}
        experiments = [e for e in b.p.experiments if department_ids & set(e.departments)]
        names = render.join([f"{d.name[b.lang]} ({d.abbreviation})" for d in q.departments], b.lang)
        heading = t("heading_department", b.lang, department=names)
        return experiment_list(b, "department_experiments", "|".join(sorted(department_ids)), heading, experiments)
    if len(q.campaigns) == 1:
        return campaign(b, q, q.campaigns[0])
    if q.campaigns:
        heading = t("heading_year", b.lang, year=q.year) if q.year else t("heading_matching_campaigns", b.lang)
        return campaign_list(b, "campaigns", heading, q.campaigns)
    if q.year is not None and not q.topics:
        return unknown(b, "unknown_year", year=q.year)
    if q.has("partner"):
        latest_with_partners = b.p.campaign(b.p.partners[0].campaign)
        return campaign(b, q, latest_with_partners)
    return programme_wide(b, q) or unknown(b, "unknown")


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
    lang = lang if lang in LANGS else DEFAULT_LANG
    builder = Builder(programme or load_programme(), lang)
    question = (question or "").strip()
    if not question and not entities:
        return unknown(builder, "unknown")
    query = parse(question[:MAX_QUESTION_CHARS], builder.p, entities)
    return _respond(builder, query)
