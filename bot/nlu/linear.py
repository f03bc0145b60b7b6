"""A fitted logistic regression's scores for a few messages, without scikit-learn's copy of all its weights.

scikit-learn computes `X @ coef_.T` with `X` sparse. scipy multiplies a sparse matrix only by a C-ordered dense
one, and `coef_.T` is F-ordered, so every call copies the whole weight matrix first: 21 MB for the term selector
(84 terms by 32,000 n-grams), about 5 ms of a 40 ms parse, and 1 ms for the intent router. The transposed
weights are made C-ordered once per classifier here; the products are the same numbers (see
tests/unit/nlu/test_linear_scores.py and bench/parse_latency.py).
"""

from __future__ import annotations

import threading
import weakref

import numpy as np
from scipy.special import softmax
from sklearn.linear_model import LogisticRegression

# classifier -> (the coef_ array the copy was made of, the copy); a refit (bot/term_refresh.py) makes a new coef_
_weights: weakref.WeakKeyDictionary[LogisticRegression, tuple[np.ndarray, np.ndarray]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _transposed_weights(classifier: LogisticRegression) -> np.ndarray:
    coef = classifier.coef_
    cached = _weights.get(classifier)
    if cached is None or cached[0] is not coef:
        with _lock:
            cached = (coef, np.ascontiguousarray(coef.T))
            _weights[classifier] = cached
    return cached[1]


def decision_scores(classifier: LogisticRegression, features) -> np.ndarray:  # noqa: ANN001 - a sparse matrix
    """`classifier.decision_function(features)`: one column per class, or one column of logits for two."""
    scores = np.asarray(features @ _transposed_weights(classifier)) + classifier.intercept_
    return scores.ravel() if scores.shape[1] == 1 else scores


def _multinomial(classifier: LogisticRegression) -> bool:
    # scikit-learn 1.1's rule in LogisticRegression.predict_proba
    return not (classifier.multi_class in ("ovr", "warn") or (
        classifier.multi_class == "auto" and (classifier.classes_.size <= 2 or classifier.solver == "liblinear")))


def class_probabilities(classifier: LogisticRegression, features) -> np.ndarray:  # noqa: ANN001 - sparse matrix
    """`classifier.predict_proba(features)`."""
    if not _multinomial(classifier):
        return classifier.predict_proba(features)
    scores = decision_scores(classifier, features)
    if scores.ndim == 1:
        scores = np.c_[-scores, scores]
    return softmax(scores, axis=1)
