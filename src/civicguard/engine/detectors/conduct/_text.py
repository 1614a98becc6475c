"""Small text helpers shared by the conduct detectors (no detector lives here)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from civicguard.engine.detectors.base import Document

SENTENCES_MEMO = "conduct.sentences"  # the memo key of a text's sentence spans
# A sentence ends at . ! ? (or a run of them) followed by space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")
# Clause boundaries inside a sentence.
_CLAUSE_END = re.compile(r"[,;:]\s+|\s+(?:-|–|—)\s+|\s+but\s+", re.IGNORECASE)


def _split(text: str, start: int, end: int, boundary: re.Pattern[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = start
    for m in boundary.finditer(text, start, end):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    return spans


def sentences(doc: Document) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `doc.text`, memoised on the document."""
    return doc.memo(SENTENCES_MEMO, lambda: _split(doc.text, 0, len(doc.text), _SENTENCE_END))


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each comma/semicolon-separated clause of text[start:end]."""
    return _split(text, start, end, _CLAUSE_END)


def sentence_of(spans: list[tuple[int, int]], pos: int) -> int:
    """Index of the span holding position `pos` (the last span starting at or before it)."""
    found = 0
    for i, (s, _) in enumerate(spans):
        if s <= pos:
            found = i
        else:
            break
    return found


def noisy_or(weights: Iterable[float], cap: float = 0.97) -> float:
    """Combine independent pieces of evidence: 1 - prod(1 - w)."""
    miss = 1.0
    for w in weights:
        miss *= 1.0 - w
    return min(cap, 1.0 - miss)


def words(*alternatives: str) -> str:
    """A non-capturing alternation of regex fragments."""
    return "(?:" + "|".join(alternatives) + ")"
