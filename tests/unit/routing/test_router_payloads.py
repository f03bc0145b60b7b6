"""The intent router in Rasa's graph: button payloads and empty messages get an intent, so that the
FallbackClassifier after it (which reads the intent unconditionally) does not fail the message."""

from __future__ import annotations

from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intent_router import IntentRouter


def _route(text: str) -> Message:
    router = IntentRouter(IntentRouter.get_default_config(), None, None, None)  # type: ignore[arg-type]
    message = Message(data={TEXT: text})
    router.process([message])
    fallback = FallbackClassifier({**FallbackClassifier.get_default_config(), "threshold": 0.55})
    fallback.process([message])
    return message


def test_a_button_payload_keeps_its_intent_through_the_fallback_classifier():
    message = _route('/geo_choose{"geo_area": "Kallio", "geo_division": "kaupunginosa"}')
    assert message.get(INTENT)[INTENT_NAME_KEY] == "geo_choose"
    assert message.get(INTENT)[PREDICTED_CONFIDENCE_KEY] == 1.0


def test_an_empty_message_falls_back_instead_of_failing():
    assert _route("   ").get(INTENT)[INTENT_NAME_KEY] == "nlu_fallback"


def test_a_typed_payload_of_an_intent_nobody_defined_falls_back():
    # "intent" is in no domain: passing it on would fail the whole turn, and the message would go unlogged
    assert _route('/intent{"x": 1}').get(INTENT)[INTENT_NAME_KEY] == "nlu_fallback"


def test_a_message_of_nothing_but_unknown_words_falls_back_and_a_known_word_is_searched():
    from bot.nlu.router_model import RouterModel

    texts = ["mistä saan apua", "tarvitsen uimahallin", "etsin sulkapallokenttää", "moi", "hei hei", "terve"]
    labels = ["search_service"] * 3 + ["greet"] * 3
    config = {**IntentRouter.get_default_config(), "embeddings": False, "temperature": 1.0}
    router = IntentRouter(config, None, None, RouterModel(dense_weight=0.0).fit(texts, labels))  # type: ignore[arg-type]

    def routed(text: str) -> Message:
        message = Message(data={TEXT: text})
        router.process([message])
        FallbackClassifier({**FallbackClassifier.get_default_config(), "threshold": 0.55}).process([message])
        return message

    # no letter nor digit at all: nothing to route, however sure the model is of its prior
    for empty in ("??", "😂😂😂", "..."):
        assert routed(empty).get(INTENT)[INTENT_NAME_KEY] == "nlu_fallback", empty
    nonsense = routed("plörp zxqw vrrk")
    assert nonsense.get(INTENT)[INTENT_NAME_KEY] == "nlu_fallback"
    assert nonsense.get("router") == {"unknown_words": ["plörp", "zxqw", "vrrk"], "topic_words": 3}
    # One known word is enough for the model to decide: not every unknown name is nonsense.
    assert routed("uimahallin plörp").get(INTENT)[INTENT_NAME_KEY] == "search_service"
    # Words of no table but of the language (Voikko knows them) are left to the model, and so is Swedish or
    # English, for which there is no dictionary here.
    for real in ("kanootilla Aurajoelle", "förskola för sexåringar"):
        message = routed(real)
        assert message.get("router")["unknown_words"] == real.replace("för ", "").split()
        assert {"search_service", "greet"} <= {r[INTENT_NAME_KEY] for r in message.get("intent_ranking")}, real
    assert [r[INTENT_NAME_KEY] for r in nonsense.get("intent_ranking")] == ["nlu_fallback"]  # the model not asked

