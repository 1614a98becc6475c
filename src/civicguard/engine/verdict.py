"""A check reports every problem; its verdict is the worst severity found (info never blocks)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from civicguard.engine.model import Finding, Severity


def verdict_of(findings: Iterable[Finding]) -> Literal["block", "warn", "pass"]:
    worst = max((f.severity.rank for f in findings), default=0)
    if worst >= Severity.BLOCK.rank:
        return "block"
    if worst >= Severity.WARN.rank:
        return "warn"
    return "pass"


def at_or_above(verdict: str, level: str) -> bool:
    order = {"pass": 0, "warn": 2, "block": 3}
    return order[verdict] >= order[level]
