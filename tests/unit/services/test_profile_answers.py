"""Statements about oneself through the actions: acknowledged in one sentence, kept in slots, shown, forgotten."""

from __future__ import annotations

import pytest

from actions.services import ActionForgetProfile, ActionRememberFacts, ActionShowProfile
from services_catalog.answers.profile import Profile, facts_text
from services_catalog.profile_requests import asks_to_forget, asks_what_is_known
from tests.conftest import make_tracker, run_action


def card(message: dict) -> dict:
    """The card without its random answer id."""
    return {k: v for k, v in message["custom"].items() if k != "answer_id"}


def remember(text: str, slots: dict | None = None) -> tuple[list[dict], dict, list[dict]]:
    return run_action(ActionRememberFacts(), make_tracker(text, intent="tell_about_self", slots=slots))


def test_a_statement_is_acknowledged_in_one_correct_sentence_and_kept():
    messages, slots, _ = remember("asun Oulussa")
    assert card(messages[0]) == {"type": "profile", "lang": "fi", "municipality": "Oulu", "groups": []}
    assert messages[0]["text"] == "Selvä! Otan palveluhauissa huomioon, että kotikuntasi on Oulu."
    assert "paikkakunnalla" not in messages[0]["text"]  # the old, wrong Finnish
    assert slots == {"user_municipality": "Oulu", "lang": "fi"}


def test_facts_add_up_and_read_as_one_sentence_in_each_language():
    _, slots, _ = remember("olen opiskelija")
    messages, more, _ = remember("asun Tampereella", slots)
    assert messages[0]["custom"]["groups"] == ["student"] and messages[0]["custom"]["municipality"] == "Tampere"
    assert more == {"user_municipality": "Tampere", "lang": "fi"}  # the student fact was known already
    profile = Profile("Tampere", ("student", "retired"))
    assert facts_text("fi", profile.municipality, profile.groups) == \
        "olet opiskelija, olet eläkkeellä ja kotikuntasi on Tampere"
    assert facts_text("sv", profile.municipality, profile.groups) == \
        "du är studerande, du är pensionär och du bor i Tammerfors"
    assert facts_text("en", "Turku", ("family",)) == "you have children and you live in Turku"


def test_swedish_statement_is_answered_in_swedish_with_the_finnish_municipality_in_the_card():
    messages, slots, _ = remember("jag bor i Helsingfors")
    assert messages[0]["custom"]["municipality"] == "Helsinki" and messages[0]["custom"]["lang"] == "sv"
    assert messages[0]["text"] == "Okej! I tjänstesökningar tar jag hänsyn till att du bor i Helsingfors."
    assert slots["user_municipality"] == "Helsinki"


def test_a_statement_with_a_need_is_handed_to_the_search():
    # the search runs in the same action: here with no catalogue API, so it says the catalogue is down, and the
    # facts are kept all the same
    messages, slots, events = remember("Asun Oulussa ja jäin työttömäksi")
    assert messages[0]["custom"]["id"] == "services_unavailable"
    assert slots["user_municipality"] == "Oulu" and slots["user_groups"] == ["unemployed"]
    assert all(e["event"] != "followup" for e in events)


def test_what_do_you_know_shows_the_facts_and_forget_clears_them():
    known = {"user_municipality": "Espoo", "user_groups": ["family"]}
    shown, _, _ = run_action(ActionShowProfile(), make_tracker("mitä tiedät minusta", intent="profile_show",
                                                               slots=known))
    assert card(shown[0]) == {"type": "profile", "lang": "fi", "municipality": "Espoo", "groups": ["family"]}
    assert "perheessäsi on lapsia ja kotikuntasi on Espoo" in shown[0]["text"]
    forgot, slots, _ = run_action(ActionForgetProfile(), make_tracker("unohda tietoni", intent="profile_forget",
                                                                      slots=known))
    assert card(forgot[0]) == {"type": "profile", "lang": "fi", "municipality": None, "groups": []}
    assert slots == {"user_municipality": None, "user_groups": None, "lang": "fi"}
    again, _, _ = run_action(ActionShowProfile(), make_tracker("what do you know about me", intent="profile_show",
                                                               slots={"user_municipality": None}))
    assert again[0]["custom"]["groups"] == [] and again[0]["text"].startswith("I know nothing about you")


def test_forgetting_one_fact_keeps_the_others():
    known = {"user_municipality": "Espoo", "user_groups": ["student", "family"]}
    forgot, slots, _ = run_action(ActionForgetProfile(), make_tracker(
        "unohda että olen opiskelija", intent="profile_forget", slots=known))
    assert forgot[0]["custom"]["groups"] == ["family"] and forgot[0]["custom"]["municipality"] == "Espoo"
    assert slots["user_groups"] == ["family"]


def test_saying_a_fact_no_longer_holds_drops_it():
    messages, slots, _ = remember("en ole enää opiskelija", {"user_groups": ["student"]})
    assert messages[0]["custom"]["groups"] == []
    assert messages[0]["text"] == "Selvä, en enää oleta, että olet opiskelija."
    assert slots["user_groups"] is None


def test_forgetting_everything_clears_all_whatever_facts_the_message_names():
    known = {"user_municipality": "Espoo", "user_groups": ["youth", "family"]}
    forgot, slots, _ = run_action(ActionForgetProfile(), make_tracker(
        "radera allt jag har sagt, min mamma säger att man inte ska dela sånt", intent="profile_forget", slots=known))
    assert card(forgot[0]) == {"type": "profile", "lang": "sv", "municipality": None, "groups": []}


@pytest.mark.parametrize(("text", "show", "forget"), [
    ("Muuten, mitähän tietoja minusta on nyt tallessa? Haluan tarkistaa ne.", True, False),
    ("Kan du berätta vad du har sparat om mig? Jag är nyfiken.", True, False),
    ("ok so what do you actually know about me by now", True, False),
    ("Hei, voitko poistaa kaiken mitä kerroin? En halua että niitä säilytetään.", False, True),
    ("Förresten, kan du radera allt jag sagt om mig? Pappa tycker att det är bäst.", False, True),
    ("On second thought, please wipe it all.", False, True),
    ("how do I delete my account in the Kela online service", False, False),  # not the bot's facts
    ("mitä tietoja Kela tarvitsee hakemukseen", False, False),
    ("vad vet du om Åbo slott", False, False),
])
def test_requests_about_the_kept_facts_are_read_without_the_model(text: str, show: bool, forget: bool) -> None:
    assert (asks_what_is_known(text), asks_to_forget(text)) == (show, forget)
