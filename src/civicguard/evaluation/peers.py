"""The tools a council would otherwise use, run on the same rows as CivicGuard.

* ``alt-profanity-check`` 1.9.1: a linear SVM over TF-IDF, trained partly on the Davidson corpus.
* The same tool's published training recipe, fit here on a ``train`` split only (``alt_profanity_recipe``): the
  peer as it scores rows it has never seen, which the packaged model cannot show on Davidson.
* ``better-profanity`` 0.7.0: a word list with leetspeak variants.
* Presidio's default ``AnalyzerEngine`` (its default recognisers) with the same spaCy model CivicGuard uses.
* A majority-class baseline (computed by each section from the gold labels).

They are imported lazily: they are evaluation-only dependencies and the engine never needs them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any


def presidio_nlp() -> dict[str, Any]:
    """Presidio's NLP configuration with the spaCy model CivicGuard uses, named by its folder on disk (a model
    named by a package name that is not installed would make Presidio try to download it)."""
    from civicguard.engine.nlp import model_path

    return {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": str(model_path())}]}


def alt_profanity_scores(texts: Sequence[str]) -> list[float]:
    """alt-profanity-check's probability that each text is offensive (it flags at 0.5)."""
    from profanity_check import predict_prob

    return [float(p) for p in predict_prob(list(texts))]


def alt_profanity_recipe(texts: Sequence[str], labels: Sequence[bool]) -> Callable[[Sequence[str]], list[float]] | None:
    """alt-profanity-check's own training recipe (the settings of its packaged vectoriser and model: TF-IDF word
    unigrams without English stop words, min_df 0.0001, a class-balanced linear SVM with sigmoid calibration over
    five folds), fit on `texts` only. Returns a scorer of probabilities, or None when a class has fewer than two
    rows (nothing to calibrate on)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    y = [bool(v) for v in labels]
    folds = min(5, sum(y), len(y) - sum(y))
    if folds < 2:
        return None
    vectorizer = TfidfVectorizer(stop_words="english", min_df=0.0001)
    x = vectorizer.fit_transform(list(texts))
    svm = LinearSVC(class_weight="balanced", dual=False, tol=1e-2, max_iter=100_000)
    model = CalibratedClassifierCV(estimator=svm, cv=folds).fit(x, y)
    positive = list(model.classes_).index(True)

    def score(batch: Sequence[str]) -> list[float]:
        return [float(p) for p in model.predict_proba(vectorizer.transform(list(batch)))[:, positive]]

    return score


def better_profanity_flags(texts: Sequence[str]) -> list[bool]:
    """better-profanity's verdict: does the text contain a word from its list (leetspeak variants included)?"""
    from better_profanity import profanity

    if not getattr(better_profanity_flags, "_loaded", False):
        profanity.load_censor_words()
        better_profanity_flags._loaded = True  # type: ignore[attr-defined]
    return [bool(profanity.contains_profanity(t)) for t in texts]


def presidio_analyzer() -> Any:
    """Presidio's default analyser, configured to run offline (see ../shared/DEPENDENCIES.md)."""
    os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider(nlp_configuration=presidio_nlp())
    return AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])


def presidio_spans(analyzer: Any, text: str) -> list[tuple[int, int, str, float]]:
    """Presidio's entities for one text as (start, end, entity type, score)."""
    return [(r.start, r.end, r.entity_type, float(r.score)) for r in analyzer.analyze(text=text, language="en")]
