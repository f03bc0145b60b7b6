"""The programme dev set, scored on the answering logic alone (the REST-channel run is in test_programme_rest.py)."""

from __future__ import annotations

from bot.evaluation import judge, load_cases
from services_catalog.programme import answer
from services_catalog.settings import REPO_ROOT

DEV_SET = REPO_ROOT / "tests" / "eval" / "dev_programme.yml"
TARGET = 0.95


def test_dev_set_is_big_enough_and_trilingual() -> None:
    cases = load_cases(DEV_SET)
    assert len(cases) >= 45
    by_lang = {lang: sum(c.lang == lang for c in cases) for lang in ("fi", "sv", "en")}
    assert min(by_lang.values()) >= 10, by_lang
    assert all(c.expect["type"] in ("campaign", "experiment") and c.expect.get("contains") for c in cases)


def test_answering_logic_meets_the_target_on_the_dev_set() -> None:
    cases = load_cases(DEV_SET)
    misses = []
    for case in cases:
        reply = answer(case.text, case.lang or "fi")
        ok, reason = judge(case, reply.card, reply.text)
        if not ok:
            misses.append((case.text, reason))
    accuracy = 1 - len(misses) / len(cases)
    assert accuracy >= TARGET, misses
