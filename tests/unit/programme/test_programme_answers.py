"""Answering programme questions directly from the tables (no Rasa): facts, languages, conflicts, unknowns."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from services_catalog.programme import answer, read_programme
from services_catalog.programme.tables import PROGRAMME_DIR
from services_catalog.texts import all_texts

# The questions of the issue, with the facts each answer must carry and its card type
# (answers about experiments have their own card type).
ISSUE_QUESTIONS = [
    ("Mitä kokeilukampanjoita on ollut?", "fi", ["Tekoäly (2019", "Tiedolla johtaminen"], "campaign"),
    ("Paljonko rahaa kokeiluun saa?", "fi", ["noin 10 000 euroa"], "campaign"),
    ("Kuka oli RAKKI-kokeilun yrityskumppani?", "fi", ["IBM"], "experiment"),
    ("Montako kokeilua vuoden 2022 kampanjassa oli?", "fi", ["9 kokeilua"], "campaign"),
    ("Milloin päätöswebinaari pidettiin?", "fi", ["19.1.2023"], "campaign"),
    (
        "Which partners took part in 2022?",
        "en",
        ["Digia", "Feedbackly", "Gofore", "IBM", "Konsulttiverkko", "Meltlake"],
        "campaign",
    ),
    ("kokeilut joissa käytettiin paikkatietoa", "fi", ["RAKKI"], "experiment"),
    ("experiments with IBM", "en", ["RAKKI"], "experiment"),
    ("mitkä olivat vuoden 2022 kokeilut?", "fi", ["(9)", "OmaStadi", "Kouluruokaparannus", "perehdytyspolku"],
     "experiment"),
]


@pytest.mark.parametrize(("question", "lang", "expected", "card_type"), ISSUE_QUESTIONS)
def test_issue_questions(question: str, lang: str, expected: list[str], card_type: str) -> None:
    reply = answer(question, lang)
    assert reply.recognised
    assert reply.card.type == card_type and reply.card.lang == lang
    for fact in expected:
        assert fact in reply.text, (fact, reply.text)


def test_card_has_id_facts_and_source() -> None:
    reply = answer("Kuka oli RAKKI-kokeilun yrityskumppani?", "fi")
    assert {"type", "id", "facts", "source", "lang"} <= set(reply.card.dict())  # the rest: the card contract
    assert reply.card.id == "rakki"
    assert reply.card.facts["partners"] == ["IBM"]
    assert "kokeilukiihdyttamo-2022-campaign-slides.fi.txt" in reply.card.source
    assert "Kokeilujen yhteenvedot" in reply.card.source


@pytest.mark.parametrize(
    ("lang", "money", "date", "score"),
    [
        ("fi", "noin 10 000 euroa", "19.1.2023", "4,5/5"),
        ("sv", "cirka 10 000 euro", "19.1.2023", "4,5/5"),
        ("en", "about 10,000 EUR", "19 January 2023", "4.5/5"),
    ],
)
def test_numbers_and_dates_are_written_per_language(lang: str, money: str, date: str, score: str) -> None:
    assert money in answer("Paljonko rahaa kokeiluun saa?", lang).text
    webinar = answer("Milloin päätöswebinaari pidettiin?", lang).text
    assert date in webinar and score in webinar


def test_translated_names_come_from_the_tables() -> None:
    assert "Kunskapsbaserad ledning" in answer("Vilken är den senaste kampanjen?", "sv").text
    assert "Knowledge-based management" in answer("What is the latest campaign?", "en").text
    assert "Tiedolla johtaminen" in answer("Mikä on uusin kampanja?", "fi").text


def test_conflicting_counts_are_both_told_with_their_sources() -> None:
    for question, lang in [
        ("Montako kokeilua Kokeilukiihdyttämössä on tehty?", "fi"),
        ("How many experiments has the accelerator done?", "en"),
    ]:
        reply = answer(question, lang)
        assert "45" in reply.text and "50" in reply.text
        assert "tiedolla-johtaminen-campaign-news.fi.txt" in reply.text
        assert "kokeilukiihdyttamo-2022-campaign-slides.fi.txt" in reply.text
    assert answer("Montako kokeilua Kokeilukiihdyttämössä on tehty?", "fi").text.startswith("Lähteet kertovat eri")


@pytest.mark.parametrize(
    ("question", "lang", "name"),
    [
        ("Kerro Moonshot-kokeilusta", "fi", "Moonshot"),
        ("Tell me about the Moonshot campaign", "en", "Moonshot"),
        ("Montako kokeilua oli vuoden 2017 kampanjassa?", "fi", "2017"),
        ('Berätta om försöket "Robotkatt"', "sv", "Robotkatt"),
    ],
)
def test_unknown_campaign_or_experiment_is_an_honest_i_dont_know(question: str, lang: str, name: str) -> None:
    reply = answer(question, lang)
    assert not reply.recognised
    assert name in reply.text
    assert {"fi": "En tiedä", "sv": "Jag känner inte", "en": "I don't know"}[lang] in reply.text
    assert reply.card.type == "campaign" and reply.card.id is None


def test_unmatched_nlu_entity_is_unknown_but_generic_words_are_not() -> None:
    reply = answer("Kerro Zebra kokeilusta", "fi", {"experiment": ["Zebra"]})
    assert not reply.recognised and "Zebra" in reply.text
    # The NLU tags the generic word with the name: the name is what remains.
    reply = answer("Mitä Zebran kokeilussa tehtiin?", "fi", {"experiment": ["Zebran kokeilussa"]})
    assert not reply.recognised and "Zebra" in reply.text and "kokeilussa" not in reply.text
    reply = answer("Kuka teki Zebra-kokeilun?", "fi", {"experiment": ["Zebra-kokeilun"]})
    assert not reply.recognised and '"Zebra"' in reply.text
    reply = answer("Paljonko rahaa kokeiluun saa?", "fi", {"experiment": ["kokeiluun"]})
    assert reply.recognised and "10 000" in reply.text


def test_unknown_detail_of_a_known_row_is_said_not_invented() -> None:
    reply = answer("Kuka oli ChatGPT-kokeilun yrityskumppani?", "fi")
    assert reply.text.startswith("En tiedä") and reply.card.id == "tj-4"
    reply = answer("Paljonko tiedolla johtamisen kampanjan budjetti oli?", "fi")
    assert "En tiedä" in reply.text


@pytest.mark.parametrize(
    "question",
    [
        "",
        "   ",
        "?",
        "a" * 100_000,
        "'; DROP TABLE campaigns; --",
        "<script>alert(1)</script>",
        "🙂🙂🙂",
        "2022 2023 2019 kokeilu kampanja partner IBM Kymp",
        "\x00\x01",
        "{campaign} {0} %s",
    ],
)
def test_hostile_or_empty_input_gets_a_polite_reply(question: str) -> None:
    reply = answer(question, "fi")
    assert reply.text and reply.card.type in ("campaign", "experiment") and reply.card.lang == "fi"


def test_unsupported_language_falls_back_to_finnish() -> None:
    assert answer("Paljonko rahaa kokeiluun saa?", "de").card.lang == "fi"


def test_numbers_come_from_the_tables(tmp_path: Path) -> None:
    tables = tmp_path / "programme"
    shutil.copytree(PROGRAMME_DIR, tables)
    path = tables / "campaigns.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",9,22,90000,", ",11,22,123456,"), encoding="utf-8")
    edited = read_programme(tables)
    assert "11 kokeilua" in answer("Montako kokeilua vuoden 2022 kampanjassa oli?", "fi", programme=edited).text
    assert "123 456 euroa" in answer("Paljonko budjetti oli vuoden 2022 kampanjassa?", "fi", programme=edited).text


def test_every_programme_text_has_three_languages_with_the_same_placeholders() -> None:
    texts = {k: v for k, v in all_texts().items() if k.startswith("programme_")}
    assert len(texts) > 50
    for key, variants in texts.items():
        fields = {lang: sorted(set(re.findall(r"{(\w+)}", variants[lang]))) for lang in ("fi", "sv", "en")}
        assert all(variants[lang] for lang in ("fi", "sv", "en")), key
        assert fields["fi"] == fields["sv"] == fields["en"], (key, fields)


@pytest.mark.parametrize(
    ("question", "campaign_id"),
    [
        ("Mikä oli Tekoäly ja ohjelmistorobotiikka -kampanjan budjetti?", "tekoaly-robotiikka-2020"),
        ("Mikä oli Tekoäly ja ohjelmistorobotiikka + lean -kampanjan budjetti?", "tekoaly-robotiikka-lean-2021"),
        ("Montako kokeilua oli ohjelmistorobotiikan kampanjassa 2021?", "tekoaly-robotiikka-lean-2021"),
        ("Mikä oli vuoden 2022 kampanja?", "asiakaskokemus-2022"),
        ("Mikä on uusin kampanja?", "tiedolla-johtaminen"),
    ],
)
def test_campaign_by_name_year_or_latest(question: str, campaign_id: str) -> None:
    assert answer(question, "fi").card.id == campaign_id


def test_year_with_several_campaigns_lists_them_all() -> None:
    reply = answer("Montako kokeilua oli vuonna 2021?", "fi")
    assert reply.card.facts["campaign_ids"] == [
        "tekoaly-robotiikka-lean-2021",
        "ikaihmiset-liikkuminen-2021",
        "data-paikkatieto-2021",
    ]
