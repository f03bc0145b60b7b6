"""The intent router hands the e5 vector it computed of a message on to the service search of the same turn."""

from __future__ import annotations

import numpy as np
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intent_router import IntentRouter, embedder
from bot.nlu.router_model import RouterModel
from bot.nlu.text_vector import PENDING_KEY, TextVectorPrefetch, started_vector
from services_catalog.search.embed import TEXT_VECTOR_KEY, decode_vector


def test_the_vector_of_the_message_text_is_in_the_parse_data_when_the_router_computed_one() -> None:
    texts = ["mistä saan apua", "tarvitsen uimahallin", "etsin sulkapallokenttää", "moi", "hei hei", "terve"]
    labels = ["search_service"] * 3 + ["greet"] * 3
    config = {**IntentRouter.get_default_config(), "temperature": 1.0}
    model = RouterModel(dense_weight=config["dense_weight"]).fit(texts, labels, embedder().queries(texts))
    router = IntentRouter(config, None, None, model)  # type: ignore[arg-type]

    def routed(text: str, prefetch: bool = False) -> Message:
        message = Message(data={TEXT: text})
        if prefetch:  # as in config.yml: started first, taken by the router
            TextVectorPrefetch().process([message])
        router.process([message])
        return message

    text = "Missä on lähin uimahalli?"
    message = routed(text)
    encoded = message.as_dict(only_output_properties=True)[TEXT_VECTOR_KEY]  # in Rasa's parse data
    assert np.array_equal(decode_vector(encoded), embedder().query(text))
    # ruled without the model (a statement), or nothing to route: no vector was computed, none is handed on
    for unembedded in ("asun Oulussa", "??", '/geo_choose{"geo_area": "Kallio"}'):
        assert routed(unembedded).get(TEXT_VECTOR_KEY) is None, unembedded

    # started ahead by the pipeline's first component: the same vector, and still only in the router's output
    prefetched = routed(text, prefetch=True)
    assert np.array_equal(decode_vector(prefetched.as_dict(only_output_properties=True)[TEXT_VECTOR_KEY]),
                          embedder().query(text))
    assert PENDING_KEY not in prefetched.as_dict(only_output_properties=True)


def test_the_prefetch_starts_a_vector_only_for_words_and_only_for_its_own_text() -> None:
    message = Message(data={TEXT: "mistä saan apua"})
    TextVectorPrefetch().process([message])
    assert np.array_equal(started_vector(message, "mistä saan apua"), embedder().query("mistä saan apua"))
    assert started_vector(message, "another text") is None  # a text changed since is embedded afresh
    for wordless in ("", "??", '/geo_choose{"geo_area": "Kallio"}'):
        skipped = Message(data={TEXT: wordless})
        TextVectorPrefetch().process([skipped])
        assert skipped.get(PENDING_KEY) is None, wordless


def test_a_vector_started_early_is_taken_once_by_its_own_message(monkeypatch) -> None:  # noqa: ANN001
    import bot.nlu.text_vector as text_vector

    embedded: list[str] = []

    def counting_embed(text: str) -> np.ndarray:
        embedded.append(text)
        return np.asarray(embedder().query(text), dtype=np.float32)

    monkeypatch.setattr(text_vector, "_embed", counting_embed)
    monkeypatch.setattr(text_vector, "_started_early", type(text_vector._started_early)())
    text_vector._in_loaded_pipeline.clear()
    text_vector.start_early("mistä saan apua")  # no model with the component loaded: nothing is started
    assert not text_vector._started_early and not embedded

    TextVectorPrefetch.create({}, None, None, None)  # type: ignore[arg-type] - as Rasa loads the pipeline
    for text in ("mistä saan apua", "mistä saan apua", "??"):
        text_vector.start_early(text)
    first, second = Message(data={TEXT: "mistä saan apua"}), Message(data={TEXT: "mistä saan apua"})
    TextVectorPrefetch().process([first])
    TextVectorPrefetch().process([second])
    third = Message(data={TEXT: "mistä saan apua"})
    TextVectorPrefetch().process([third])  # nothing started for it: embedded in the pipeline
    for message in (first, second, third):
        assert np.array_equal(started_vector(message, "mistä saan apua"), embedder().query("mistä saan apua"))
    assert embedded == ["mistä saan apua"] * 3 and not text_vector._started_early

    for number in range(text_vector.MAX_STARTED_EARLY + 10):  # never parsed: the oldest are dropped
        text_vector.start_early(f"viesti {number}")
    assert sum(len(v) for v in text_vector._started_early.values()) == text_vector.MAX_STARTED_EARLY
    assert "viesti 0" not in text_vector._started_early
    text_vector._POOL.submit(lambda: None).result()  # let the queued embeddings finish before the next test


def test_the_router_reads_the_same_with_its_lexical_features_computed_first() -> None:
    texts = ["mistä saan apua", "tarvitsen uimahallin", "etsin sulkapallokenttää", "moi", "hei hei", "terve"]
    labels = ["search_service"] * 3 + ["greet"] * 3
    model = RouterModel(dense_weight=1.5).fit(texts, labels, embedder().queries(texts))
    for text in ("missä on uimahalli", "moikka", "sulkapallo"):
        dense = embedder().query(text)
        assert model.ranking(text, dense, model.lexical_features([text])) == model.ranking(text, dense)
