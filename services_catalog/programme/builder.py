"""One answer's text, card (`campaign` or `experiment`) and sources, and the wording of table rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from services_catalog.cards import BotMessage, CampaignCard, ExperimentCard
from services_catalog.programme import render
from services_catalog.programme.render import t
from services_catalog.programme.tables import Campaign, Experiment, Fact, Programme, Sourced

# The seed texts are the City of Helsinki's own publications about the programme (tables/programme/README.md,
# "Sources"); its site is where a reader can check them, so every sourced answer links there.
PROGRAMME_SITE = "https://kokeilukiihdyttamo.hel.fi/"


@dataclass(frozen=True)
class Answer:
    text: str
    card: CampaignCard | ExperimentCard
    recognised: bool
    kind: str  # which kind of answer was given; for logs and tests

    @property
    def message(self) -> BotMessage:
        return BotMessage(text=self.text, card=self.card)


class Builder:
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
        card_type: type[CampaignCard] | type[ExperimentCard] = CampaignCard,
    ) -> Answer:
        notes = list(dict.fromkeys(s.source_note for s in sources))
        card = card_type(id=card_id, facts=facts, source="; ".join(notes) or None, lang=self.lang,
                         source_url=PROGRAMME_SITE if notes else None)
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
