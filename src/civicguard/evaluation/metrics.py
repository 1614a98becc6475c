"""Precision, recall and F1 for labels and for character spans, kept dependency-free so tests can check them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def prf(gold: Sequence[Hashable], pred: Sequence[Hashable], positive: Hashable = True) -> PRF:
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == positive and p == positive)
    fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != positive and p == positive)
    fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == positive and p != positive)
    return PRF(tp, fp, fn)


def macro_f1(gold: Sequence[Hashable], pred: Sequence[Hashable], labels: Iterable[Hashable] | None = None) -> float:
    labels = list(labels) if labels is not None else sorted(set(gold), key=str)
    scores = [prf(gold, pred, lab).f1 for lab in labels]
    return sum(scores) / len(scores) if scores else 0.0


def accuracy(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    return sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / len(gold) if gold else 0.0


def majority(gold: Sequence[Hashable]) -> Hashable:
    return Counter(gold).most_common(1)[0][0]


Span = tuple[int, int, str]  # start, end (exclusive), entity type


def span_prf(gold: Sequence[Sequence[Span]], pred: Sequence[Sequence[Span]], mode: str = "overlap",
             entity: str | None = None) -> PRF:
    """Span matching per document. ``exact``: same start, end and type. ``overlap``: same type and at least one
    character in common; each gold span can be matched once and each predicted span once."""
    tp = fp = fn = 0
    for g_spans, p_spans in zip(gold, pred, strict=True):
        g = [s for s in g_spans if entity is None or s[2] == entity]
        p = [s for s in p_spans if entity is None or s[2] == entity]
        used: set[int] = set()
        for ps in p:
            hit = None
            for i, gs in enumerate(g):
                if i in used or gs[2] != ps[2]:
                    continue
                same = (gs[0], gs[1]) == (ps[0], ps[1]) if mode == "exact" else gs[0] < ps[1] and ps[0] < gs[1]
                if same:
                    hit = i
                    break
            if hit is None:
                fp += 1
            else:
                used.add(hit)
                tp += 1
        fn += len(g) - len(used)
    return PRF(tp, fp, fn)
