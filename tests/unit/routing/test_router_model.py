"""The intent router's model without Rasa: balanced weights, temperature scaling, calibration error, unknown words."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bot.nlu.router_model import RouterModel, expected_calibration_error, fit_temperature, softmax


def test_each_intent_weighs_the_square_root_of_its_size():
    labels = ["term"] * 100 + ["service"] * 25 + ["geo"] * 4
    weights = RouterModel(balance_power=0.5).sample_weights(labels)
    totals = {name: weights[[i for i, x in enumerate(labels) if x == name]].sum() for name in set(labels)}
    # n examples of weight n^-1/2 each weigh sqrt(n) together: 10 : 5 : 2
    assert totals["term"] / totals["geo"] == pytest.approx(5.0)
    assert totals["service"] / totals["geo"] == pytest.approx(2.5)
    assert weights.sum() == pytest.approx(len(labels))
    equal = RouterModel(balance_power=1.0).sample_weights(labels)
    assert equal[:100].sum() == pytest.approx(equal[-4:].sum())


def test_temperature_scaling_recovers_the_temperature_that_made_the_labels():
    rng = np.random.default_rng(7)
    logits = rng.normal(0, 3, size=(4000, 5))
    true_temperature = 2.5
    probabilities = softmax(logits, true_temperature)
    labels = np.array([rng.choice(5, p=p) for p in probabilities])
    assert fit_temperature(logits, labels) == pytest.approx(true_temperature, rel=0.1)


def test_expected_calibration_error_on_known_bins():
    confidences = np.array([0.95, 0.95, 0.95, 0.95, 0.55, 0.55])
    correct = np.array([1, 1, 0, 0, 1, 0], dtype=float)
    # bin (0.9, 1]: confidence 0.95, accuracy 0.5, weight 4/6; bin (0.5, 0.6]: 0.55 vs 0.5, weight 2/6
    assert expected_calibration_error(confidences, correct) == pytest.approx(4 / 6 * 0.45 + 2 / 6 * 0.05)
    assert expected_calibration_error(np.array([1.0, 1.0]), np.array([1.0, 1.0])) == 0.0


def test_the_model_routes_by_lemmas_and_reports_words_it_never_saw():
    texts = ["mikä on kela", "mitä tarkoittaa opintotuki", "mikä on asumistuki", "kerro kelasta",
             "montako puuta on kalliossa", "kuinka monta koivua eirassa on", "paljonko lehmuksia on vallilassa",
             "montako mäntyä on kampissa"]
    labels = ["term"] * 4 + ["geo_count"] * 4
    model = RouterModel(dense_weight=0.0).fit(texts, labels, lookups={"geo_place": ["Pasila"]})
    assert model.ranking("montako tammea on pasilassa")[0][0] == "geo_count"
    assert model.ranking("mikä on opintotuen asumislisä")[0][0] == "term"
    assert model.unknown_words(["kimppakyyti", "opintotukea", "Pasila", "koivuja"]) == ["kimppakyyti"]
    probabilities = [p for _, p in model.ranking("mikä on kela")]
    assert math.isclose(sum(probabilities), 1.0, rel_tol=1e-6)
    model.temperature = 10.0  # a higher temperature can only make the top choice less sure
    assert model.ranking("mikä on kela")[0][1] < max(probabilities)
