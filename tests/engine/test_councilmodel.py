"""The council heads: scores worked out once per text, confidence measured from the head's decision point, and a
model detection added over one sentence only when the head is confident and the detector's patterns found nothing."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from civicguard.engine.councilmodel import (
    COUNCIL_MEMO,
    doc_scores,
    prepare_scores,
    shared_council_model,
    with_council_head,
)
from civicguard.engine.detectors.base import Document
from civicguard.engine.model import Content, Context, Detection

CLEAN = "The library on Church Street opens at 9am on Saturday."
# Coercive control, none of the safeguarding patterns' listed wording.
DISCLOSURE = ("Not being funny but my sister's boyfriend checks her phone and won't let her leave the house, "
              "she's terrified of him.")
# The heads the conduct and disclosure detectors consult.
HEADS = ("safeguarding", "defamation", "criticism", "political", "public_case_handling", "personal_view",
         "confidential", "service_request", "complaint", "press_enquiry")


def doc(text: str, memo: dict | None = None) -> Document:
    return Document(Content(text=text), Context(council="st-helens", channel="comment"), memo=memo)


def test_doc_scores_are_worked_out_once_per_document():
    seeded = object()
    assert doc_scores(doc(CLEAN, {COUNCIL_MEMO: seeded})) is seeded
    d = doc(CLEAN)
    assert doc_scores(d) is doc_scores(d)


def test_prepare_scores_fills_every_memo_with_the_single_text_scores():
    texts = [CLEAN, DISCLOSURE]
    memos: list[dict[str, Any]] = [{}, {}]
    prepare_scores(texts, memos)
    for text, memo in zip(texts, memos, strict=True):
        single = doc_scores(doc(text))
        batched = memo[COUNCIL_MEMO]
        assert np.allclose([batched.confidence[h] for h in HEADS], [single.confidence[h] for h in HEADS])


def test_confidence_one_half_is_the_heads_decision_point():
    model = shared_council_model()
    cal = model.binary["safeguarding"]
    at = (math.log(cal["decision"] / (1 - cal["decision"])) - cal["platt_b"]) / cal["platt_a"]
    z = np.zeros(len(model.outputs))
    z[model.outputs.index("safeguarding")] = at
    assert model.scores_of(z).confidence["safeguarding"] == pytest.approx(0.5, abs=1e-6)
    z[model.outputs.index("safeguarding")] = at + 1
    assert model.scores_of(z).confidence["safeguarding"] > 0.5


def test_a_detectors_own_confident_detection_is_kept():
    own = Detection(61, 99, 0.9, "domestic_abuse", "listed wording")
    assert with_council_head(doc(DISCLOSURE), [own], "safeguarding", "model", "model")[0] is own


def test_a_confident_head_adds_one_detection_over_a_sentence_when_the_patterns_found_nothing():
    found = with_council_head(doc(DISCLOSURE), [], "safeguarding", "emotional_abuse", "may be a disclosure")
    assert len(found) == 1 and found[0].confidence >= 0.5 and "council model" in found[0].explanation
    start, end = found[0].start, found[0].end
    assert 0 <= start < end <= len(DISCLOSURE) and "sister's boyfriend" in DISCLOSURE[start:end]


@pytest.mark.parametrize("head", HEADS)
def test_a_clean_council_post_gets_no_model_detection(head):
    assert with_council_head(doc(CLEAN), [], head, head, "model") == []
