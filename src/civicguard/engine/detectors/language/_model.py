"""Where the lexicon detectors meet the trained model (:mod:`civicguard.engine.textmodel`).

The lexicon finds the words and says why; the model says how likely the text as a whole is to be offensive or
hateful. The stacker of each head turns the model's logit plus the lexicon's weights into one calibrated
probability, which becomes the detection's confidence, so a rule threshold of 0.5 means "more likely than not".
When the model is confident and the lexicon found no words, the detection covers the sentence the model scores
highest and says it came from the trained model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from civicguard.engine.detectors.base import Document
from civicguard.engine.model import Detection
from civicguard.engine.textmodel import calibrated, doc_logits, shared_model, stack_inputs

_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")


@lru_cache(maxsize=1)
def _lexicon_detectors() -> tuple[Any, Any]:
    from civicguard.engine.detectors.language.discrimination import Discrimination
    from civicguard.engine.detectors.language.offensive import OffensiveLanguage

    return (OffensiveLanguage(OffensiveLanguage.Params(use_model=False)),
            Discrimination(Discrimination.Params(use_model=False)))


def lexicon_weights(doc: Document) -> tuple[list[float], list[float]]:
    """The offensive and discrimination lexicons' weights for a text (default parameters, model off).

    Read from the hits and spans the detectors memoise on the document, so the stacker costs no second pass.
    """
    off, dis = _lexicon_detectors()
    return ([round(h.confidence, 3) for h in off.hits(doc)], [round(s.confidence, 3) for s in dis.spans(doc)])


def probability(doc: Document, head_name: str, base_rate: float | None, offensive: list[float] | None = None,
                discrimination: list[float] | None = None) -> float:
    """The calibrated probability for `head_name` given the model and the lexicon evidence (the whole text's,
    unless the evidence of one span is passed in), at `base_rate` (see textmodel.calibrated)."""
    head = shared_model().heads[head_name]
    off_w, dis_w = lexicon_weights(doc)
    z = float(doc_logits(doc)[head_name][0])
    return calibrated(head, stack_inputs(z, off_w if offensive is None else offensive,
                                         dis_w if discrimination is None else discrimination), base_rate)


def best_sentence(doc: Document, head_name: str) -> tuple[int, int]:
    """The span of the sentence the model scores highest for `head_name` (the whole text if it is one)."""
    text = doc.text
    spans = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]
    if len(spans) <= 1:
        start, end = 0, len(text)
    else:
        logits = shared_model().logits([text[a:b] for a, b in spans])[head_name][:, 0]
        start, end = spans[int(logits.argmax())]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def rescore(doc: Document, detections: list[Detection], head_name: str, base_rate: float | None,
            evidence: Callable[[Detection], tuple[list[float] | None, list[float] | None]]) -> list[Detection]:
    """Each lexicon detection's confidence replaced by the calibrated probability given its own evidence.

    A word the lexicon lists as breaching the policy on its own (weight 0.5 or more:
    profanity, slurs, sexual terms, aimed insults) keeps at least its lexicon weight: the model can raise the
    confidence of listed words and lower that of mild or ambiguous ones, but a masked "f**k" the model has
    never seen is still a breach.
    """
    out = []
    for d in detections:
        off, dis = evidence(d)
        p = probability(doc, head_name, base_rate, off, dis)
        if d.confidence >= 0.5:
            p = max(p, d.confidence)
        out.append(replace(d, confidence=round(p, 3), attributes={**d.attributes, "lexicon_weight": str(d.confidence)}))
    return out


def characteristic_probabilities(texts: list[str]) -> list[dict[str, float]]:
    """The characteristic head's probabilities (race, religion_or_belief, sex, gender_reassignment, disability,
    sexual_orientation) for each text: which protected characteristic a hostile text is most likely about."""
    from civicguard.engine.textmodel import probabilities

    model = shared_model()
    head = model.heads["characteristic"]
    logits = model.logits(texts)["characteristic"]
    return [probabilities(head, row) for row in logits]


def doc_characteristic(doc: Document) -> str:
    """The characteristic the model names for one checked text."""
    from civicguard.engine.textmodel import probabilities

    probs = probabilities(shared_model().heads["characteristic"], doc_logits(doc)["characteristic"])
    return max(probs.items(), key=lambda kv: kv[1])[0]


def combine(doc: Document, found: list[Detection], head_name: str, base_rate: float | None, report_floor: float,
            evidence: Callable[[Detection], tuple[list[float] | None, list[float] | None]], listed: bool,
            model_only: Callable[[int, int, float], Detection]) -> list[Detection]:
    """A lexicon detector's findings with the model: each rescored (listed words keep their weight); when the
    lexicon listed nothing (`listed` false) and the model's probability reaches `report_floor`, one detection
    built by `model_only` over the sentence the model scores highest."""
    out = rescore(doc, found, head_name, base_rate, evidence)
    if found or listed:
        return out
    p = probability(doc, head_name, base_rate)
    if p < report_floor:
        return out
    start, end = best_sentence(doc, head_name)
    return [model_only(start, end, p)]


def warm_model() -> None:
    """Load the text model and score one text, so the first real check's time limit is not spent loading it."""
    shared_model().logits(["warm up"])
