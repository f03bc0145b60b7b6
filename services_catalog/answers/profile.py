"""What the user has told about themselves, kept across the conversation and used in service searches."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from services_catalog.answers.turn import Turn
from services_catalog.language.lemmas import text_forms

AGE_GROUPS = ("youth", "senior")
SITUATIONS = ("family", "immigrant", "unemployed")
# Catalogue texts are mostly Finnish: a fact joins the query in Finnish so it also matches lexically.
FACT_QUERY_WORDS = {
    "student": "opiskelija",
    "youth": "nuoret",
    "senior": "ikäihmiset",
    "family": "lapsiperhe",
    "immigrant": "maahanmuuttaja",
    "unemployed": "työtön",
}
# The NLU may miss the entity in a short self-description ("olen opiskelija"); the words themselves suffice.
STUDENT_WORDS = frozenset({"opiskelija", "opiskella", "student", "studerande", "studying", "studera"})


def says_student(text: str) -> bool:
    return any(forms & STUDENT_WORDS for forms in text_forms(text))


@dataclass(frozen=True)
class Profile:
    student: bool = False
    age_group: str | None = None
    situations: tuple[str, ...] = ()
    municipality: str | None = None

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> Profile:
        return cls(
            student=bool(slots.get("student")),
            age_group=slots.get("age_group") if slots.get("age_group") in AGE_GROUPS else None,
            situations=tuple(s for s in slots.get("situation") or () if s in SITUATIONS),
            municipality=slots.get("user_municipality") or None,
        )

    def slots(self) -> dict[str, Any]:
        return {
            "student": self.student or None,
            "age_group": self.age_group,
            "situation": list(self.situations) or None,
            "user_municipality": self.municipality,
        }

    def facts(self) -> list[str]:
        """Fact keys in a fixed order (municipality apart)."""
        return (["student"] if self.student else []) + ([self.age_group] if self.age_group else []) + list(
            self.situations
        )

    def with_turn(self, turn: Turn) -> Profile:
        """This profile updated with what the turn says (entities, and the student words)."""
        profile = self
        groups = turn.entity_values("target_group") + (["student"] if says_student(turn.text) else [])
        for value in groups:
            if value == "student":
                profile = replace(profile, student=True)
            elif value in AGE_GROUPS:
                profile = replace(profile, age_group=value)
            elif value in SITUATIONS and value not in profile.situations:
                profile = replace(profile, situations=(*profile.situations, value))
        said = turn.entity_values("municipality")
        if said:
            profile = replace(profile, municipality=said[-1])
        return profile

    def changed_slots(self, before: Profile) -> dict[str, Any]:
        """Slots that differ from `before`, as slot values."""
        old = before.slots()
        return {name: value for name, value in self.slots().items() if value != old[name]}

    def query_with_facts(self, user_text: str) -> str:
        words = [FACT_QUERY_WORDS[f] for f in self.facts() if f in FACT_QUERY_WORDS]
        return " ".join([user_text, *(w for w in words if w not in user_text)]).strip()
