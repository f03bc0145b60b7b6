"""Which capability a message is for: a linear model over lemmas, character n-grams and a multilingual sentence
embedding, with calibrated probabilities. Kept apart from the Rasa plumbing (bot/nlu/intent_router.py) so
that benchmarks and tests can train and score it in seconds.

- Lemmas (Voikko, plus the lexicon of the project's own names) carry Finnish inflection.
- Character n-grams carry misspellings and compounds.
- The e5 sentence embedding carries meaning across languages ("I live in Tampere" ~ "asun Tampereella"),
  which the two lexical views cannot.
- Each intent's examples weigh as much in total as any other intent's (square-root damped), so that the
  thousands of generated term examples do not swamp a few hundred service needs.
- Probabilities are softmax(logits / T); T is fitted on a dev split (temperature scaling), not on the
  training data, on which every model is overconfident.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.nlu.linear import decision_scores
from services_catalog.language.lemmas import Lexicon, word_forms
from services_catalog.language.normalise import fold, name_tokens

Embed = Callable[[list[str]], np.ndarray]


def with_bigrams(words: list[str]) -> list[str]:
    """Words and word pairs (a module-level function, so that the fitted vectoriser pickles)."""
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def lemma_words(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """Every word of the text with each base form it may stand for (surface form included)."""
    out: list[str] = []
    for token in name_tokens(text):
        out += sorted(word_forms(token, lexicon))
    return out


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits / max(temperature, 1e-6)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit_temperature(logits: np.ndarray, labels: Sequence[int]) -> float:
    """The temperature that minimises the negative log-likelihood of the true labels (Guo et al., 2017)."""
    index = np.asarray(labels)

    def nll(log_t: float) -> float:
        p = softmax(logits, math.exp(log_t))
        return float(-np.mean(np.log(p[np.arange(len(index)), index] + 1e-12)))

    found = minimize_scalar(nll, bounds=(math.log(0.05), math.log(20.0)), method="bounded")
    return float(math.exp(found.x))


def expected_calibration_error(confidences: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """ECE: the gap between confidence and accuracy, averaged over equal-width confidence bins."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    total, error = len(confidences), 0.0
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (confidences > low) & (confidences <= high)
        if inside.any():
            error += inside.sum() / total * abs(confidences[inside].mean() - correct[inside].mean())
    return float(error)


class RouterModel:
    """Vectorisers, classifier, temperature and the vocabulary of known words."""

    def __init__(self, c: float = 16.0, dense_weight: float = 1.5, temperature: float = 1.0,
                 balance_power: float = 0.5) -> None:
        self.words = TfidfVectorizer(analyzer=with_bigrams, sublinear_tf=True)
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True,
                                     min_df=2)
        self.classifier = LogisticRegression(C=c, max_iter=4000)
        self.dense_weight = dense_weight
        self.temperature = temperature
        self.balance_power = balance_power
        self.lexicon = Lexicon([])
        self.known: set[str] = set()

    @property
    def intents(self) -> list[str]:
        return [str(c) for c in self.classifier.classes_]

    def lexical_features(self, texts: list[str], fit: bool = False) -> list[csr_matrix]:
        """The lemma and character n-gram parts of the features: they need no sentence embedding, so the router
        computes them while the message's embedding is still being computed (bot/nlu/text_vector.py)."""
        lemmas = [lemma_words(t, self.lexicon) for t in texts]
        folded = [fold(t) for t in texts]
        return ([self.words.fit_transform(lemmas), self.chars.fit_transform(folded)] if fit
                else [self.words.transform(lemmas), self.chars.transform(folded)])

    def _features(self, texts: list[str], dense: np.ndarray | None, fit: bool = False,
                  lexical: list[csr_matrix] | None = None) -> csr_matrix:
        parts = list(lexical) if lexical is not None else self.lexical_features(texts, fit)
        if dense is not None and self.dense_weight > 0:
            parts.append(csr_matrix(dense * self.dense_weight))
        return hstack(parts).tocsr()

    def sample_weights(self, labels: Sequence[str]) -> np.ndarray:
        """Per example: an intent with n examples weighs n^(1-p) in total (p=1: all equal, p=0: as counted)."""
        counts = Counter(labels)
        raw = np.array([counts[label] ** -self.balance_power for label in labels], dtype=np.float64)
        return raw * len(labels) / raw.sum()

    def fit(self, texts: list[str], labels: list[str], dense: np.ndarray | None = None,
            lexicon: Sequence[str] = (), lookups: dict[str, Sequence[str]] | None = None) -> RouterModel:
        """`lexicon`: names Voikko does not know; `lookups`: name lists, whose words count as known.

        Lookup tables are not features: indicators of area and programme names made geo questions worse on
        the dev set (names such as Kallio and Laakso are common words), so they only extend the vocabulary.
        """
        self.lexicon = Lexicon(lexicon)
        vocabulary = [w for elements in (lookups or {}).values() for e in elements for w in name_tokens(e)]
        self.classifier.fit(self._features(texts, dense, fit=True), labels, sample_weight=self.sample_weights(labels))
        self.known = {w for t in texts for w in lemma_words(t, self.lexicon)} | {fold(w) for w in vocabulary}
        return self

    def logits(self, texts: list[str], dense: np.ndarray | None = None,
               lexical: list[csr_matrix] | None = None) -> np.ndarray:
        """`lexical`: `lexical_features(texts)`, when the caller has them already."""
        raw = decision_scores(self.classifier, self._features(texts, dense, lexical=lexical))
        # with two intents scikit-learn gives one logit; softmax of (-l/2, l/2) is its sigmoid
        return np.column_stack([-raw / 2, raw / 2]) if raw.ndim == 1 else raw

    def probabilities_from_logits(self, logits: np.ndarray) -> np.ndarray:
        return softmax(logits, self.temperature)

    def ranking(self, text: str, dense: np.ndarray | None = None,
                lexical: list[csr_matrix] | None = None) -> list[tuple[str, float]]:
        """(intent, calibrated probability), best first; `lexical`: `lexical_features([text])`, if computed."""
        logits = self.logits([text], None if dense is None else dense.reshape(1, -1), lexical)
        probabilities = self.probabilities_from_logits(logits)[0]
        order = np.argsort(probabilities)[::-1]
        return [(self.intents[i], float(probabilities[i])) for i in order]

    def unknown_words(self, words: Sequence[str]) -> list[str]:
        """Words none of whose forms occurred in the training data or the tables."""
        return [w for w in words if not (word_forms(w, self.lexicon) & self.known)]
