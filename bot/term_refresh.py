"""Retraining only what changed: a new model that is the running one with a freshly trained TermSelector.

When the only change since the running model is in the term phrasings (the term table's `ask_*`
cells, or maintainers' `term:<id>` labels), every other component would learn exactly what it knew
before, and a full `rasa train` spends minutes re-featurising thousands of examples to get there.
Here the running model's archive is unpacked, the TermSelector's resource is trained again from
the current term examples, and the archive is packed as a new model. The lemmas the TermSelector
learns from come from the running model's own SpacyNLP, tokenizer and LexiconLemmatizer, and are
kept in a cache by text, so a retrain lemmatises only the phrasings it has not seen.

Because nothing but the TermSelector differs, the two models can only answer differently where the two
selectors decide differently. `refresh` asks both selectors about the retrain's probe questions (the dev
sets' texts) on the same lemmas and returns the texts whose decision changed: the gate then needs whole
turns only for those (bot/retrain.py).

Whether it applies is decided by a fingerprint of everything else (config, domain without the
response texts, stories, rules, every NLU example that is not a term phrasing), kept next to each
model this module or bot/retrain.py writes (`<model>.inputs.json`). A model without one (trained
by `citybot train`) is never refreshed this way: nothing proves its other inputs are current.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import joblib
import yaml

from services_catalog.answers.terms import CONFIDENT

LEMMA_CACHE = "term_lemmas.json"
TERM_FILES = ("nlu_data/generated/terms.yml", "nlu_data/generated/labels.yml")
RESPONSES_FILE = "bot/domain/generated_terms.yml"
Tick = Callable[[float, str], None]


def _sidecar(model: Path) -> Path:
    return model.with_name(model.name.removesuffix(".tar.gz") + ".inputs.json")


def _term_blocks_removed(text: str) -> str:
    """An NLU file without its `term/<id>` intents (their examples are the TermSelector's alone); '' when
    nothing else is left, so that a labels file with only term labels counts as no file."""
    data = yaml.safe_load(text) or {}
    kept = [block for block in data.get("nlu") or [] if not str(block.get("intent", "")).startswith("term/")]
    return json.dumps({**data, "nlu": kept}, sort_keys=True, ensure_ascii=False) if kept else ""


def other_inputs_digest(root: Path, config: Path) -> str:
    """A fingerprint of every training input except the term phrasings and the term definitions' texts."""
    digest = hashlib.sha256(config.read_bytes())
    for folder in ("bot/domain", "bot/data", "nlu_data"):
        for path in sorted((root / folder).rglob("*.yml")):
            relative = path.relative_to(root).as_posix()
            text = path.read_text(encoding="utf-8")
            if relative in TERM_FILES:
                text = _term_blocks_removed(text)
                if not text:
                    continue
            elif relative == RESPONSES_FILE:
                # The texts are the action server's to show; the set of responses is the domain's.
                text = json.dumps(sorted((yaml.safe_load(text) or {}).get("responses") or {}))
            digest.update(relative.encode() + b"\x00" + text.encode("utf-8") + b"\x00")
    return digest.hexdigest()[:24]


def remember_inputs(model: Path, digest: str, how: str) -> None:
    _sidecar(model).write_text(json.dumps({"other_inputs": digest, "trained": how}), encoding="utf-8")


def has_record(model: Path) -> bool:
    return _sidecar(model).exists()


def why_not(base: Path, digest: str) -> str | None:
    """Why the base model cannot just get a new TermSelector (None: it can)."""
    sidecar = _sidecar(base)
    if not sidecar.exists():
        return f"{base.name} has no record of its training inputs"
    if json.loads(sidecar.read_text(encoding="utf-8")).get("other_inputs") != digest:
        return "more than the term phrasings changed"
    return None


def _term_examples(root: Path) -> tuple[list[str], list[str]]:
    """(texts, `term/<id>` labels) of every term phrasing in the training data, as Rasa reads them."""
    from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(root / "nlu_data"))
    examples = [m for m in data.intent_examples if m.get(INTENT) == "term" and m.get(INTENT_RESPONSE_KEY)]
    return [m.get(TEXT) for m in examples], [m.get(INTENT_RESPONSE_KEY) for m in examples]


def _lemmatiser(storage: Any, metadata: Any) -> Callable[[list[str]], list[str]]:
    """The running model's own pipeline up to its LexiconLemmatizer, as a function of texts to lemma texts."""
    from rasa.core.channels.channel import UserMessage
    from rasa.engine.constants import PLACEHOLDER_MESSAGE
    from rasa.engine.graph import ExecutionContext
    from rasa.engine.runner.dask import DaskGraphRunner

    from bot.nlu.lexicon_lemmatizer import LexiconLemmatizer
    from bot.nlu.term_selector import lemma_text

    schema = metadata.predict_schema
    node = next(name for name, n in schema.nodes.items() if n.uses is LexiconLemmatizer and n.fn == "process")
    minimal = schema.minimal_graph_schema([node])
    runner = DaskGraphRunner.create(minimal, storage, ExecutionContext(minimal, metadata.model_id))

    def lemmas(texts: list[str]) -> list[str]:
        messages = runner.run(inputs={PLACEHOLDER_MESSAGE: [UserMessage(t) for t in texts]}, targets=[node])[node]
        return [lemma_text(message) for message in messages]

    return lemmas


def _cached_lemmas(storage: Any, metadata: Any, texts: list[str], cache_path: Path, tick: Tick) -> dict[str, str]:
    """Lemma texts of `texts`, computing (and keeping) only those the cache lacks."""
    cache: dict[str, str] = json.loads(cache_path.read_text(encoding="utf-8")) if cache_path.exists() else {}
    missing = sorted({t for t in texts if t not in cache})
    if missing:
        tick(0.2, f"lemmatising {len(missing)} phrasings with the model's own pipeline")
        cache.update(zip(missing, _lemmatiser(storage, metadata)(missing), strict=True))
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        cache_path.write_text(json.dumps(cache, ensure_ascii=False), encoding="utf-8")
    return cache


def prefill(model: Path, root: Path, cache_dir: Path, digest: str, tick: Tick, probes: Sequence[str] = ()) -> None:
    """Lemmatise the term phrasings (and the probe questions) with a freshly trained model now, while a long
    training is running anyway, so that the next retrain that changes only term phrasings lemmatises only those."""
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    texts, _ = _term_examples(root)
    with tempfile.TemporaryDirectory(prefix="citybot-prefill-") as unpacked:
        storage, metadata = LocalModelStorage.from_model_archive(Path(unpacked), model)
        _cached_lemmas(storage, metadata, texts + list(probes), cache_dir / f"{digest}-{LEMMA_CACHE}", tick)


def _continue_training(selector: Any, lemmas: list[str], texts: list[str], keys: list[str]) -> None:
    """Train the running model's term selector further on the current phrasings.

    Its vectorisers keep their vocabulary (a new word of a label still counts through its character
    n-grams), so the features keep their meaning and the classifier starts from the weights it had:
    a few iterations instead of a fit from zero (measured in docs/BENCHMARKS.md). A changed set of
    terms never gets here: it changes the domain's responses, so the other inputs' fingerprint.
    """
    from bot.nlu.term_selector import content_words

    classifier = selector.classifier
    features = selector._features(lemmas, texts)
    classifier.set_params(warm_start=set(keys) == set(classifier.classes_))
    classifier.fit(features, keys)
    selector.vocabulary = {}
    for lemma, text, key in zip(lemmas, texts, keys, strict=True):
        selector.vocabulary.setdefault(key, set()).update(content_words(lemma, text))


def _decisions(selector: Any, lemmas: list[str], texts: list[str]) -> list[tuple[str, bool, bool]]:
    """What a selector decides for each question, as far as the term answer uses it (bot/model_eval.signature):
    the term, whether it is trusted, whether the question shares a topic word with it."""
    from bot.nlu.linear import class_probabilities

    if not texts:
        return []
    probabilities = class_probabilities(selector.classifier, selector._features(lemmas, texts))
    decided = []
    for row, lemma, text in zip(probabilities, lemmas, texts, strict=True):
        best = int(row.argmax())
        key = str(selector.classifier.classes_[best])
        decided.append((key, float(row[best]) >= CONFIDENT, selector.shares_topic(key, lemma, text)))
    return decided


def refresh(base: Path, root: Path, out: Path, cache_dir: Path, digest: str, tick: Tick,
            probes: Sequence[str] = ()) -> tuple[Path, set[str]]:
    """Write `out`: the base model with its TermSelector trained on the term phrasings under `root`;
    (`out`, the probe texts for which the new selector decides differently from the base model's)."""
    from rasa.engine.graph import GraphModelConfiguration
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    from bot.nlu.term_selector import _FILE, TermSelector

    texts, keys = _term_examples(root)
    tick(0.1, f"{len(texts)} term phrasings")
    with tempfile.TemporaryDirectory(prefix="citybot-refresh-") as unpacked:
        storage, metadata = LocalModelStorage.from_model_archive(Path(unpacked), base)
        probes = sorted(set(probes))
        lemmas = _cached_lemmas(storage, metadata, texts + probes, cache_dir / f"{digest}-{LEMMA_CACHE}", tick)
        tick(0.6, f"training the term selector on {len(texts)} phrasings of {len(set(keys))} terms")
        resource = next(n.resource for n in metadata.predict_schema.nodes.values() if n.uses is TermSelector)
        with storage.read_from(resource) as directory:
            selector = joblib.load(directory / _FILE)
        probe_lemmas, probe_texts = [lemmas[t] for t in probes], [t.lower() for t in probes]
        before = _decisions(selector, probe_lemmas, probe_texts)
        _continue_training(selector, [lemmas[t] for t in texts], [t.lower() for t in texts], keys)
        changed = {text for text, old, new in zip(probes, before, _decisions(selector, probe_lemmas, probe_texts),
                                                  strict=True) if old != new}
        with storage.write_to(resource) as directory:
            joblib.dump(selector, directory / _FILE)
        tick(0.85, "packing the model")
        configuration = GraphModelConfiguration(
            train_schema=metadata.train_schema, predict_schema=metadata.predict_schema,
            training_type=metadata.training_type, assistant_id=metadata.assistant_id, language=metadata.language,
            core_target=metadata.core_target, nlu_target=metadata.nlu_target, spaces=metadata.spaces,
        )
        storage.create_model_package(out, configuration, metadata.domain)
    remember_inputs(out, digest, "term selector only")
    return out, changed
