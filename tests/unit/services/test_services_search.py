"""Service retrieval: inflected Finnish, sv/en queries reaching Finnish-only services, dev-set hit@5."""
from __future__ import annotations

import math

import pytest

from services_catalog.db import make_engine, session_factory
from services_catalog.db.migrate import upgrade
from services_catalog.loaders.importer import import_bundled
from services_catalog.search.bm25 import BM25
from services_catalog.search.documents import load_documents
from services_catalog.search.embed import default_embedder
from services_catalog.search.evaluate import evaluate, load_cases
from services_catalog.search.index import Filters, ServiceIndex
from services_catalog.settings import REPO_ROOT

DEV_SET = REPO_ROOT / "tests" / "eval" / "dev_services.yml"
TURKU = Filters(frozenset({"853"}))


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('search') / 'c.db'}"
    upgrade(url)
    engine = make_engine(url)
    with session_factory(engine)() as s:
        import_bundled(s)
        out = load_documents(s)
    engine.dispose()
    return out


@pytest.fixture(scope="module")
def lexical(docs):
    return ServiceIndex(docs)


@pytest.fixture(scope="module")
def hybrid(docs):
    index = ServiceIndex(docs, default_embedder())
    index.warm_up()  # first run embeds the catalogue (about 1-3 minutes), later runs read var/embeddings
    return index


def _top(index, text, lang, mode="bm25", k=5):
    return [h.doc.id for h in index.search(text, lang, TURKU, mode=mode)[:k]]


@pytest.mark.parametrize(("text", "expected"), [
    ("kirjastoissa", "44039712-b481-4429-8df8-789d2e8e4add"),  # inessive plural of kirjasto
    ("koirapuistoon", "a8e8b436-0bb2-467f-8c6b-5ef7497192ad"),  # illative
    ("uimaan", "34cf0bba-33e3-4439-ac74-70b568546058"),  # found inside the compound uimakoulu
])
def test_inflected_finnish_finds_the_base_form(lexical, text, expected):
    assert expected in _top(lexical, text, "fi")


def test_swedish_and_english_reach_finnish_only_services(lexical, hybrid):
    uimakoulu = "34cf0bba-33e3-4439-ac74-70b568546058"  # PTV text only in Finnish
    assert uimakoulu in _top(hybrid, "I want to swim", "en", mode="hybrid")
    assert uimakoulu in _top(hybrid, "jag vill simma", "sv", mode="hybrid")
    assert "77ef9f96-495b-4622-8cd5-f6b1fe5aaa5e" in _top(lexical, "skattekort", "sv")  # Verokortti


def _dense_rank(index, text, lang, target, expansion):
    ids = [h.doc.id for h in index.search(text, lang, TURKU, mode="embed", expansion=expansion)]
    return ids.index(target) + 1 if target in ids else math.inf


@pytest.mark.parametrize(("text", "lang"), [("hur söker jag bostadsbidrag", "sv"), ("housing allowance", "en")])
def test_a_swedish_or_english_need_is_embedded_with_its_finnish_translation(hybrid, text, lang):
    asumistuki = "579991be-f40f-4913-8130-0e07592b50c4"  # Kelan tuet asumiseen, Finnish only
    assert _dense_rank(hybrid, text, lang, asumistuki, expansion=True) <= 5
    assert _dense_rank(hybrid, text, lang, asumistuki, expansion=False) > 20  # e5 alone misses it across languages


def test_filters_keep_other_cities_out_and_reasons_name_the_match(lexical):
    hits = lexical.search("kirjasto", "fi", TURKU, mode="bm25")
    oulu_only = {d.id for d in lexical.docs if d.municipalities == {"564"} and not d.nationwide}
    assert hits and not {h.doc.id for h in hits} & oulu_only
    assert hits[0].reason.startswith("words: ")
    students = lexical.search("", "fi", Filters(frozenset({"853"}), target_group="KR1.3"), mode="bm25")
    assert students and all(any(c.startswith("KR1.3") for c in h.doc.target_groups) for h in students)


def test_nonsense_finds_nothing_lexically(lexical):
    assert lexical.search("qwzxv jjjkkk", "fi", TURKU, mode="bm25") == []


def test_dev_set_hit_at_5(hybrid):
    cases = load_cases(DEV_SET)
    assert len(cases) >= 60 and {c.lang for c in cases} == {"fi", "sv", "en"}
    result = evaluate(hybrid, cases, {"Oulu": "564", "Turku": "853"}, "853", mode="hybrid")
    assert result.hit_rate() >= 0.85, result.misses
    assert result.hit_rate("en") >= 0.75 and result.hit_rate("sv") >= 0.75, result.misses
    baseline = evaluate(hybrid, cases, {"Oulu": "564", "Turku": "853"}, "853", mode="embed")
    assert result.hit_rate() > baseline.hit_rate()  # the hybrid must beat the embedding alone


def test_bm25_scores_every_document_sharing_a_term_as_the_formula_says():
    bm25 = BM25([["uima", "halli", "uima"], ["halli"], ["kirjasto"]], k1=1.2, b=0.75)
    scores = bm25.scores({"uima": 1.0, "halli": 0.5, "ei-ole": 1.0})
    assert set(scores) == {0, 1}  # the library shares no term; unknown terms are ignored

    def term(tf: int, length: int, df: int) -> float:
        idf = math.log(1 + (3 - df + 0.5) / (df + 0.5))
        return idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / (5 / 3)))  # mean length 5/3

    assert scores[0] == pytest.approx(term(2, 3, 1) + 0.5 * term(1, 3, 2))
    assert scores[1] == pytest.approx(0.5 * term(1, 1, 2))
    assert list(bm25.score_array({"kirjasto": 1.0})) == [0.0, 0.0, pytest.approx(term(1, 1, 1))]


def test_a_page_is_the_same_slice_of_the_whole_ranking(lexical, hybrid):
    import yaml

    texts = [c["text"] for c in yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))]
    texts += ["kela", "uimahalli", "apua", "help", "asunto opiskelija", "x"]
    filters = (TURKU, Filters(frozenset({"564"})), Filters())
    for number, text in enumerate(texts):
        index, mode = ((lexical, "bm25"), (hybrid, "hybrid"))[number % 2]
        lang = ("fi", "sv", "en")[number % 3]
        chosen = filters[number % 3]
        everything = index.search(text, lang, chosen, mode=mode)
        for offset, limit in ((0, 5), (5, 5), (3, 17), (0, 50)):
            page, total = index.search_page(text, lang, chosen, mode=mode, offset=offset, limit=limit)
            assert total == len(everything), text
            assert [(h.doc.id, h.score, h.reason) for h in page] == \
                [(h.doc.id, h.score, h.reason) for h in everything[offset:offset + limit]], (text, offset)
