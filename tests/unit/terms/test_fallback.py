"""The fallback: a low-confidence question naming one term gets it; otherwise suggestions and a human contact."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from actions.core import ActionFallback
from services_catalog.terms import terms_by_id
from services_catalog.texts import text
from tests.conftest import make_tracker, run_action


@pytest.fixture()
def offline(settings: Callable, tmp_path: Path, closed_url: str) -> Callable:
    """No catalogue API: related-service lookups fail politely, the query log goes to a file."""
    return lambda **changes: settings(var_dir=tmp_path, api_url=closed_url, **changes)


def test_low_confidence_question_naming_one_term_gets_that_term(offline: Callable) -> None:
    offline()
    messages, slots, _ = run_action(ActionFallback(), make_tracker("kelasta jotain", intent="nlu_fallback",
                                                                     confidence=0.3))
    card = messages[0]["custom"]
    assert (card["type"], card["id"], card["lang"]) == ("term", "kela", "fi")
    assert card["text"] == terms_by_id()["kela"].definition("fi")
    assert slots["lang"] == "fi"


def test_out_of_scope_question_naming_a_term_is_still_out_of_scope(offline: Callable) -> None:
    # The shortcut is only for the NLU being unsure, not for a question it put out of scope.
    offline()
    messages, _, _ = run_action(ActionFallback(), make_tracker("kelasta jotain", intent="out_of_scope"))
    assert messages[0]["custom"]["type"] == "fallback"


def test_fallback_offers_the_human_contact_and_buttons_that_ask_about_the_suggestions(offline: Callable) -> None:
    offline(human_contact="Turku-info, puh. 02 262 7444")
    messages, _, _ = run_action(ActionFallback(), make_tracker("opintotkui haku", intent="nlu_fallback",
                                                                 confidence=0.2))
    card = messages[0]["custom"]
    assert card["type"] == "fallback" and card["lang"] == "fi"
    assert card["contact"] == text("fallback_contact", "fi", contact=" (Turku-info, puh. 02 262 7444)")
    assert "Turku-info, puh. 02 262 7444" in messages[0]["text"]
    ids = [s["id"] for s in card["suggestions"]]
    assert "opintotuki" in ids  # a misspelling of the term's name
    assert [b["payload"] for b in messages[0]["buttons"]] == [f"Mikä on {terms_by_id()[i].name('fi')}?" for i in ids]


def test_english_fallback_is_in_english(offline: Callable) -> None:
    offline()
    messages, _, _ = run_action(ActionFallback(), make_tracker("how many legs does a spider have",
                                                                 intent="out_of_scope"))
    card = messages[0]["custom"]
    lead = text("fallback" if card["suggestions"] else "fallback_no_suggestions", "en")
    assert card["lang"] == "en" and messages[0]["text"] == f"{lead}\n{card['contact']}"
    assert card["contact"] == text("fallback_contact", "en", contact="")
