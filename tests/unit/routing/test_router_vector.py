"""The intent router hands the e5 vector it computed of a message on to the service search of the same turn."""

from __future__ import annotations

import numpy as np
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intent_router import IntentRouter, embedder
from bot.nlu.router_model import RouterModel
from services_catalog.search.embed import TEXT_VECTOR_KEY, decode_vector


def test_the_vector_of_the_message_text_is_in_the_parse_data_when_the_router_computed_one() -> None:
    texts = ["mistä saan apua", "tarvitsen uimahallin", "etsin sulkapallokenttää", "moi", "hei hei", "terve"]
    labels = ["search_service"] * 3 + ["greet"] * 3
    config = {**IntentRouter.get_default_config(), "temperature": 1.0}
    model = RouterModel(dense_weight=config["dense_weight"]).fit(texts, labels, embedder().queries(texts))
    router = IntentRouter(config, None, None, model)  # type: ignore[arg-type]

    def routed(text: str) -> Message:
        message = Message(data={TEXT: text})
        router.process([message])
        return message

    text = "Missä on lähin uimahalli?"
    message = routed(text)
    encoded = message.as_dict(only_output_properties=True)[TEXT_VECTOR_KEY]  # in Rasa's parse data
    assert np.array_equal(decode_vector(encoded), embedder().query(text))
    # ruled without the model (a statement), or nothing to route: no vector was computed, none is handed on
    for unembedded in ("asun Oulussa", "??", '/geo_choose{"geo_area": "Kallio"}'):
        assert routed(unembedded).get(TEXT_VECTOR_KEY) is None, unembedded
