"""bot/nlu/linear.py gives scikit-learn's scores and probabilities, also after a refit in place."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import random as sparse_random
from sklearn.linear_model import LogisticRegression

from bot.nlu.linear import class_probabilities, decision_scores


def _data(classes: int, seed: int = 0):  # noqa: ANN202 - (sparse matrix, labels)
    rng = np.random.default_rng(seed)
    features = sparse_random(120, 300, density=0.05, format="csr", random_state=seed)
    return features, rng.integers(0, classes, size=120)


@pytest.mark.parametrize("classes", [2, 5])
@pytest.mark.parametrize("multi_class", ["auto", "ovr"])
def test_same_numbers_as_scikit_learn(classes: int, multi_class: str) -> None:
    features, labels = _data(classes)
    classifier = LogisticRegression(C=10.0, multi_class=multi_class, max_iter=500).fit(features, labels)
    one = features[:1]
    np.testing.assert_allclose(decision_scores(classifier, one), classifier.decision_function(one), rtol=1e-12)
    np.testing.assert_allclose(class_probabilities(classifier, one), classifier.predict_proba(one), rtol=1e-10)
    np.testing.assert_allclose(class_probabilities(classifier, features), classifier.predict_proba(features),
                               rtol=1e-10)


def test_a_refit_in_place_is_seen() -> None:
    features, labels = _data(4)
    classifier = LogisticRegression(max_iter=500).fit(features, labels)
    before = decision_scores(classifier, features[:3])
    classifier.fit(features, (labels + 1) % 4)
    after = decision_scores(classifier, features[:3])
    assert not np.allclose(before, after)
    np.testing.assert_allclose(after, classifier.decision_function(features[:3]), rtol=1e-12)
