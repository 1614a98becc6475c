"""The base of the detectors that read the council heads (:mod:`civicguard.engine.councilmodel`) beside their own
patterns: its batch hook scores every text of a batch once, and its warm-up loads the heads before a check's time
limit starts. A detector with more to prepare extends both with ``super()``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from civicguard.engine.councilmodel import prepare_scores, warm_council_heads
from civicguard.engine.detectors.base import Detector


class ReadsCouncilHeads(Detector):
    def prepare_batch(self, texts: Sequence[str], memos: Sequence[dict[str, Any]]) -> None:
        prepare_scores(texts, memos)

    def warm_up(self) -> None:
        warm_council_heads()
