"""End to end through the REST channel: trained model, real Rasa server, action server and catalogue API."""

from __future__ import annotations

import time
import uuid

import pytest
from sqlalchemy import create_engine, text

from bot.evaluation import format_report, load_cases, run_cases
from bot.stack import answer_card
from services_catalog.settings import REPO_ROOT

pytestmark = pytest.mark.e2e
DEV_SET = REPO_ROOT / "tests" / "eval" / "dev_programme.yml"


@pytest.mark.parametrize(
    ("question", "lang", "card_type", "card_id", "facts"),
    [
        ("Kuka oli RAKKI-kokeilun yrityskumppani?", "fi", "experiment", "rakki", ["IBM"]),
        ("Montako kokeilua vuoden 2022 kampanjassa oli?", "fi", "campaign", "asiakaskokemus-2022", ["9 kokeilua"]),
        ("Which partners took part in 2022?", "en", "campaign", "asiakaskokemus-2022", ["Digia", "Meltlake"]),
        ("När hölls slutwebbinariet?", "sv", "campaign", "paatoswebinaari", ["19.1.2023"]),
    ],
)
def test_programme_question_gets_its_card_in_the_language_asked(bot_stack, question, lang, card_type, card_id,
                                                                 facts) -> None:
    # No language hint: the language must come from the question itself.
    messages = bot_stack.ask(question)
    card = answer_card(messages)
    assert (card["type"], card["id"], card["lang"]) == (card_type, card_id, lang)
    assert card["source"] and isinstance(card["facts"], dict)
    for fact in facts:
        assert fact in messages[0]["text"]


def _logged(question: str, stack) -> list[dict]:  # noqa: ANN001 - the bot_stack fixture
    """Query-log records of `question` in the stack's database, once the Rasa server's writer has flushed."""
    engine = create_engine(stack.settings.db_url)
    deadline = time.monotonic() + 20
    while True:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT card_type, fell_back FROM query_log WHERE text = :q"), {"q": question}
            ).all()
        if rows or time.monotonic() > deadline:
            engine.dispose()
            return [{"card_type": r[0], "recognised": not r[1]} for r in rows]
        time.sleep(0.2)


def test_unknown_campaign_is_an_honest_i_dont_know_logged_as_unrecognised(bot_stack) -> None:
    question = f"Kerro Moonshot{uuid.uuid4().hex[:6]}-kokeilusta"
    messages = bot_stack.ask(question)
    card = answer_card(messages)
    assert card["type"] == "campaign" and card["id"] is None
    assert messages[0]["text"].startswith("En tiedä")
    assert [(r["card_type"], r["recognised"]) for r in _logged(question, bot_stack)] == [("campaign", False)]


def test_dev_set_meets_the_target_through_the_rest_channel(bot_stack) -> None:
    report = run_cases(load_cases(DEV_SET), lambda t, sender, metadata: bot_stack.ask(t, sender, metadata))
    assert report.accuracy >= 0.95, format_report(report)
