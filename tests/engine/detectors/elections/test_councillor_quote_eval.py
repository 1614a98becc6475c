"""The councillor-quote detector measured on the held-out split of data/elections (see its SOURCE.md): written by
hand before the detector, never read while writing it. Fails if precision or recall falls below 0.85."""

from __future__ import annotations

import json
from pathlib import Path

from civicguard.engine.detectors.base import Document, NoParams
from civicguard.engine.detectors.elections.councillor_quote import CouncillorQuoteDetector
from civicguard.engine.model import Content, Context

DATA = Path(__file__).resolve().parents[4] / "data" / "elections"


def _figures(split: str) -> tuple[float, float]:
    detector = CouncillorQuoteDetector(NoParams())
    tp = fp = fn = 0
    for line in (DATA / f"{split}.jsonl").read_text().splitlines():
        item = json.loads(line)
        found = bool(detector.detect(Document(Content(text=item["text"]), Context(
            council="st-helens", channel="official", election="Borough council elections"))))
        truth = item["label"] == "quote"
        tp, fp, fn = tp + (found and truth), fp + (found and not truth), fn + (truth and not found)
    return tp / (tp + fp), tp / (tp + fn)


def test_precision_and_recall_on_the_held_out_split():
    precision, recall = _figures("test")
    assert precision >= 0.85 and recall >= 0.85, (precision, recall)
