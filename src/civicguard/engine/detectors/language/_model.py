"""Where the lexicon detectors meet the trained models (:mod:`civicguard.engine.textmodel`, the n-gram heads,
and :mod:`civicguard.engine.embedding`, the fine-tuned sentence encoder).

The lexicon finds the words and says why; the models say how likely the text as a whole is to be offensive or
hateful. The stacker of each n-gram head turns the head's logit plus the lexicon's weights into one calibrated
probability, which becomes the detection's confidence, so a rule threshold of 0.5 means "more likely than not".
For hate, the encoder's calibrated probability is a second reading, taken when the n-gram head sees a chance of
hate (``ENCODER_GATE``); the confidence is the larger of the two. When a model is confident and the lexicon
found no words, the detection covers the sentence the n-gram model scores highest and says it came from the
trained model.

It sits between the lexicons (``offensive_lexicon``, ``discrimination_lexicon``), which it reads, and the
detectors (``offensive``, ``discrimination``, ``conduct/intent``), which read it; it imports no detector.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.language import discrimination_lexicon, offensive_lexicon
from civicguard.engine.embedding import shared_task_encoder
from civicguard.engine.model import Detection
from civicguard.engine.textmodel import (
    TEXTMODEL_MEMO,
    batch_logits,
    calibrated,
    doc_logits,
    logit,
    prepare,
    probabilities,
    shared_model,
    sigmoid,
    stack_inputs,
)
from civicguard.engine.textmodel import best_sentence as textmodel_best_sentence

# The fine-tuned sentence encoder (engine/embedding.py) is consulted only when the fast n-gram head gives hate
# at least this probability (at its training rate). It costs 10-19 ms a text where the n-grams cost 0.1 ms.
# Chosen on validation (2026-12-07) as the highest gate that still lets through as many of its hateful HateCheck
# items as 0.1 did (0.997): it lets through 2.2% of the engine benchmark's council posts (bench/posts.py) where
# 0.1 let through 4%. Higher gates cost hateful items: 0.15 lets through 0.977 and 0.6% of posts, and on the
# test split it took HateCheck's macro-F1 down 0.6 points.
ENCODER_GATE = 0.115
ENCODER_MEMO = "embedding.logits"


def _gate_open(hateful_logit: float) -> bool:
    return hateful_logit >= math.log(ENCODER_GATE / (1 - ENCODER_GATE))


def encoder_logits(doc: Document) -> dict[str, np.ndarray] | None:
    """The fine-tuned encoder's logits for the text (memoised per check), or None when the gate is shut."""
    if not _gate_open(float(doc_logits(doc)["hateful"][0])):
        return None
    return doc.memo(ENCODER_MEMO, lambda: {k: v[0] for k, v in shared_task_encoder().logits(
        [prepare(doc.text)]).items()})


def prepare_models(texts: Sequence[str], memos: Sequence[dict[str, Any]]) -> None:
    """What a check memoises from the trained models, for many texts at once (a scan's or a worker's batch): the
    n-gram heads for every text and the encoder for those past the gate, each in one batched pass."""
    todo = [i for i, memo in enumerate(memos) if TEXTMODEL_MEMO not in memo]
    for i, z in zip(todo, batch_logits([texts[i] for i in todo]), strict=True):
        memos[i][TEXTMODEL_MEMO] = z
    gated = [i for i, memo in enumerate(memos)
             if ENCODER_MEMO not in memo and _gate_open(float(memo[TEXTMODEL_MEMO]["hateful"][0]))]
    if gated:
        enc = shared_task_encoder().logits([prepare(texts[i]) for i in gated])
        for row, i in enumerate(gated):
            memos[i][ENCODER_MEMO] = {k: v[row] for k, v in enc.items()}


def encoder_probability(doc: Document, base_rate: float | None) -> float | None:
    """The encoder's calibrated probability that the text is hateful (None when not consulted)."""
    z = encoder_logits(doc)
    if z is None:
        return None
    enc = shared_task_encoder()
    a, b = enc.platt["hateful"]
    score = a * float(z["hateful"][0]) + b
    if base_rate is not None:
        score += logit(base_rate) - logit(enc.priors["hateful"])
    return sigmoid(score)


def lexicon_weights(doc: Document) -> tuple[list[float], list[float]]:
    """The offensive and discrimination lexicons' weights for a text (the lexicons' default options).

    Read from the hits and spans memoised on the document, which the detectors read too, so the stacker costs no
    second pass.
    """
    return ([round(h.confidence, 3) for h in offensive_lexicon.hits(doc)],
            [round(s.confidence, 3) for s in discrimination_lexicon.spans(doc)])


def probability(doc: Document, head_name: str, base_rate: float | None, offensive: list[float] | None = None,
                discrimination: list[float] | None = None) -> float:
    """The calibrated probability for `head_name` given the model and the lexicon evidence (the whole text's,
    unless the evidence of one span is passed in), at `base_rate` (see textmodel.calibrated)."""
    head = shared_model().heads[head_name]
    off_w, dis_w = lexicon_weights(doc)
    z = float(doc_logits(doc)[head_name][0])
    p = calibrated(head, stack_inputs(z, off_w if offensive is None else offensive,
                                      dis_w if discrimination is None else discrimination), base_rate)
    if head_name == "hateful":
        # Either reading suffices: the lexicon and n-grams know listed wording, the encoder knows meaning.
        p_enc = encoder_probability(doc, base_rate)
        if p_enc is not None:
            p = max(p, p_enc)
    return p


def best_sentence(doc: Document, head_name: str) -> tuple[int, int]:
    """The span of the sentence the model scores highest for `head_name` (the whole text if it is one)."""
    return textmodel_best_sentence(doc.text, lambda parts: shared_model().logits(parts)[head_name][:, 0])


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
    model = shared_model()
    head = model.heads["characteristic"]
    logits = model.logits(texts)["characteristic"]
    return [probabilities(head, row) for row in logits]


def doc_characteristic(doc: Document) -> str:
    """The characteristic the model names for one checked text."""
    probs = probabilities(shared_model().heads["characteristic"], doc_logits(doc)["characteristic"])
    enc = encoder_logits(doc)
    if enc is not None:
        # Both models' probabilities, averaged, when the encoder was consulted.
        labels = shared_task_encoder().labels["characteristic"]
        z = enc["characteristic"] - enc["characteristic"].max()
        e = np.exp(z) / np.exp(z).sum()
        probs = {lab: (probs.get(lab, 0.0) + float(v)) / 2 for lab, v in zip(labels, e, strict=True)}
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
    shared_task_encoder().logits(["warm up"])
