"""The table -> training data generator, and that the committed generated files are up to date."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot import generate
from bot.generate.terms import RETRIEVAL_INTENT, lexicon_names, term_examples, term_intents
from services_catalog.settings import REPO_ROOT
from services_catalog.terms import TermTableError, read_terms

FIXTURE = REPO_ROOT / "tests" / "fixtures" / "terms_small.csv"


def test_reads_terms_with_lists_and_languages() -> None:
    terms = {t.id: t for t in read_terms(FIXTURE)}
    assert terms["kela"].aliases == ("Kansaneläkelaitos", "FPA")
    assert terms["kela"].definition("sv") == "FPA sköter grundtryggheten."
    assert terms["foli"].definition("sv") == "Föli on Turun seudun joukkoliikenne."  # falls back to Finnish
    assert not terms["foli"].has_definition("sv")
    assert len(terms["kela"].asks["fi"]) == 6


def test_missing_required_cell_names_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "terms.csv"
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    broken.write_text("\n".join([lines[0], lines[1].replace("https://www.kela.fi", "")]), encoding="utf-8")
    with pytest.raises(TermTableError, match="line 2: missing url"):
        read_terms(broken)


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    duplicated = tmp_path / "terms.csv"
    duplicated.write_text("\n".join([lines[0], lines[1], lines[1]]), encoding="utf-8")
    with pytest.raises(TermTableError, match="duplicate ids"):
        read_terms(duplicated)


def test_examples_include_table_phrasings_and_name_frames_in_three_languages() -> None:
    kela = {t.id: t for t in read_terms(FIXTURE)}["kela"]
    examples = term_examples(kela)
    assert "Mitä Kelalta saa?" in examples
    assert "Vad är FPA?" in examples
    assert "mikä on Kansaneläkelaitos" in examples
    assert "what is Kela" in examples
    assert len(examples) == len(set(examples))


def test_example_shared_by_two_terms_is_dropped_from_both() -> None:
    terms = read_terms(FIXTURE)
    intents = term_intents(terms)
    assert set(intents) == {f"{RETRIEVAL_INTENT}/kela", f"{RETRIEVAL_INTENT}/foli"}
    # "What is Föli?" (en ask) and "what is Föli" (frame) differ only in punctuation and both belong to foli
    all_examples = [e.lower() for examples in intents.values() for e in examples]
    assert len(all_examples) == len(set(all_examples))


def test_lexicon_holds_single_word_names() -> None:
    names = lexicon_names(read_terms(FIXTURE))
    assert {"kela", "föli", "fpa", "kansaneläkelaitos"} <= set(names)


def test_generated_yaml_is_valid_rasa_data() -> None:
    files = generate.build_all()
    nlu = yaml.safe_load(files["nlu_data/generated/terms.yml"])
    assert nlu["version"] == "3.1"
    intents = [block["intent"] for block in nlu["nlu"]]
    assert all(i.startswith("term/") for i in intents)
    domain = yaml.safe_load(files["bot/domain/generated_terms.yml"])
    assert set(domain["responses"]) == {f"utter_{i}" for i in intents}


def test_committed_generated_files_match_the_tables() -> None:
    stale = generate.stale_files()
    assert not stale, f"run `citybot build-data`: out of date {stale}"
