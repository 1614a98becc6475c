"""A check reports every problem; its verdict is the worst severity found (info never blocks)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

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


def never_overridable(findings: Iterable[Finding | Mapping[str, Any]]) -> list[Finding | Mapping[str, Any]]:
    """The findings no override may answer, whoever asks (their rule says `overridable: false`: a looked-after
    child's image, Sefton 5.5.4.10). Takes findings or their JSON (a stored check's `findings`), so the approval
    service refuses from what it kept; empty: an override is for the council's usual rules to decide."""
    out: list[Finding | Mapping[str, Any]] = []
    for f in findings:
        final = (f.get("overridable", True) is False if isinstance(f, Mapping) else not f.overridable)
        if final:
            out.append(f)
    return out
