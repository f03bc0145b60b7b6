"""What the user has told about themselves: kept in slots, used in service searches, shown and forgotten on request.

The facts come from `services_catalog.statements` (home municipality; student, youth, senior, family,
unemployed, immigrant, retired). Every answer that uses them says so, and "mitä tiedät minusta?" /
"unohda tietoni" show or clear them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services_catalog.answers.turn import Reply, Turn
from services_catalog.cards import PROFILE_GROUPS, BotMessage, ProfileCard, ProfileFacts
from services_catalog.language import Lang
from services_catalog.language.pleasantries import without_pleasantries
from services_catalog.needs import leaves_a_need
from services_catalog.profile_requests import forgets_everything
from services_catalog.statements import Statements, municipality_named, read_statements
from services_catalog.texts import text

MUNICIPALITY_SLOT = "user_municipality"
GROUPS_SLOT = "user_groups"
# The catalogue is mostly Finnish: a group joins the search in Finnish words, so it also matches lexically.
# The words a group adds to a search. A retired person looks for what older people need (home care, transport),
# rarely for pension administration, which "eläkeläinen" matched first; "lapsiperhe" matched Kela's family benefits
# before the children's services a parent asks for. (docs/BENCHMARKS.md, "Later run: a second blind statement set".)
GROUP_QUERY_WORDS = {
    "student": "opiskelija",
    "youth": "nuoret",
    "senior": "ikäihmiset",
    "retired": "ikäihmiset",
    "family": "lapset",
    "immigrant": "maahanmuuttaja",
    "unemployed": "työtön",
}


@dataclass(frozen=True)
class Profile:
    municipality: str | None = None  # Finnish name of a catalogue municipality
    groups: tuple[str, ...] = ()

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> Profile:
        found = municipality_named(str(slots.get(MUNICIPALITY_SLOT) or ""))
        groups = slots.get(GROUPS_SLOT) or ()
        return cls(found.name_fi if found else None, tuple(g for g in PROFILE_GROUPS if g in groups))

    @property
    def empty(self) -> bool:
        return not (self.municipality or self.groups)

    def slots(self) -> dict[str, Any]:
        return {MUNICIPALITY_SLOT: self.municipality, GROUPS_SLOT: list(self.groups) or None}

    def updated(self, said: Statements) -> Profile:
        """This profile with what a message said: new facts added, facts said to be over dropped."""
        groups = [g for g in PROFILE_GROUPS if (g in self.groups or g in said.groups) and g not in said.dropped]
        # a town named only in passing ("käyn töissä Vaasassa") does not replace a home told before
        home = self.municipality if said.home_in_passing and self.municipality else said.municipality
        return Profile(home or self.municipality, tuple(groups))

    def without(self, said: Statements) -> Profile:
        """This profile without the facts a message names ("unohda että olen opiskelija")."""
        municipality = None if said.municipality else self.municipality
        gone = set(said.groups) | set(said.dropped)
        return Profile(municipality, tuple(g for g in self.groups if g not in gone))

    def changed_slots(self, before: Profile) -> dict[str, Any]:
        old = before.slots()
        return {name: value for name, value in self.slots().items() if value != old[name]}

    def facts(self) -> ProfileFacts:
        return ProfileFacts(municipality=self.municipality, groups=list(self.groups))

    def card(self, lang: Lang) -> ProfileCard:
        return ProfileCard(lang=lang, municipality=self.municipality, groups=list(self.groups))

    def query(self, need: str) -> str:
        """The need with the groups' Finnish words, so that services for those groups rank higher; not for a group
        the need itself still states ("lapseni aloittaa esikoulun": the family word would outweigh the pre-school)."""
        need = without_pleasantries(need)  # "hei, anteeks häiriö mut…": a search for "häiriö" finds noise
        stated = set(read_statements(need).groups)
        words = dict.fromkeys(GROUP_QUERY_WORDS[g] for g in self.groups
                              if g not in stated and GROUP_QUERY_WORDS[g] not in need.lower())
        return " ".join([need, *words]).strip()


def municipality_label(name: str, lang: Lang) -> str:
    """The municipality's name in `lang` (Åbo in Swedish), for a sentence that needs no case ending."""
    found = municipality_named(name)
    return found.label(lang) if found else name


def facts_text(lang: Lang, municipality: str | None, groups: tuple[str, ...]) -> str:
    """The facts as clauses of one sentence: "olet opiskelija ja kotikuntasi on Oulu"."""
    clauses = [text(f"profile_fact_{g}", lang) for g in groups]
    if municipality:
        clauses.append(text("profile_fact_municipality", lang, place=municipality_label(municipality, lang)))
    if len(clauses) <= 1:
        return "".join(clauses)
    return f"{', '.join(clauses[:-1])} {text('profile_and', lang)} {clauses[-1]}"


def profile_text(lang: Lang, profile: Profile) -> str:
    return facts_text(lang, profile.municipality, profile.groups)


def noted_message(turn: Turn, before: Profile, after: Profile, said: Statements) -> BotMessage:
    """One sentence per kind of change: what is now taken into account, and what no longer is."""
    added = Profile(said.municipality, tuple(g for g in said.groups if g in after.groups))
    dropped = tuple(g for g in said.dropped if g in before.groups)
    sentences = []
    if not added.empty:
        sentences.append(text("profile_noted", turn.lang, facts=profile_text(turn.lang, added)))
    if dropped:
        sentences.append(text("profile_dropped", turn.lang, facts=facts_text(turn.lang, None, dropped)))
    if not sentences:  # "en ole opiskelija" when nothing was known: say what is known
        return show_message(turn.lang, after)
    return BotMessage(text=" ".join(sentences), card=after.card(turn.lang))


def show_message(lang: Lang, profile: Profile) -> BotMessage:
    if profile.empty:
        return BotMessage(text=text("profile_empty", lang), card=profile.card(lang))
    return BotMessage(text=text("profile_known", lang, facts=profile_text(lang, profile)), card=profile.card(lang))


def remember(turn: Turn, search_action: str, not_understood_action: str | None = None) -> Reply:
    """A statement about oneself: acknowledge it in one sentence; with a need in it as well, search. A message
    taken for a statement that tells no fact the reader knows ("jag är så trött idag") goes to
    `not_understood_action` when given, which searches only a need."""
    before = Profile.from_slots(turn.slots)
    said = read_statements(turn.text)
    after = before.updated(said)
    if not said.found:
        return Reply(followup=not_understood_action or search_action)
    if leaves_a_need(turn.text, said):  # a need beside the facts: the search reads (and keeps) the facts itself
        return Reply(followup=search_action)
    return turn.reply(noted_message(turn, before, after, said), **after.changed_slots(before))


def show(turn: Turn) -> Reply:
    """ "What do you know about me?" """
    return turn.reply(show_message(turn.lang, Profile.from_slots(turn.slots)))


def forget(turn: Turn) -> Reply:
    """ "Forget my details": everything, or only the facts the message names."""
    before = Profile.from_slots(turn.slots)
    said = read_statements(turn.text)
    after = before.without(said) if said.found and not forgets_everything(turn.text) else Profile()
    if after.empty:
        message = BotMessage(text=text("profile_forgotten", turn.lang), card=after.card(turn.lang))
    else:
        gone = tuple(g for g in before.groups if g not in after.groups)
        municipality = before.municipality if before.municipality != after.municipality else None
        message = BotMessage(text=text("profile_dropped", turn.lang, facts=facts_text(turn.lang, municipality, gone)),
                             card=after.card(turn.lang))
    return turn.reply(message, **{**after.slots(), **after.changed_slots(before)})
