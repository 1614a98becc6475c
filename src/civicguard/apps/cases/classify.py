"""The proposed classification of a case, computed here and nowhere else (docs/cases-design.md 2).

Potential gross misconduct when any finding cites a clause the pack lists in `facts.gross_misconduct.clauses`
(Sefton 13.1: any breach of 5.3 a-d; St Helens 11.2's examples: 7.5, 6.4, 5.3, 7.4), otherwise misconduct. HR
confirms or changes it, with reasons (`services.case_classify`).

Only the findings that say something is wrong count (a warning or a block): an information note (say, "this picture
has words in it") cites clauses too, but breaches none of them. The same findings decide whom the pack says to tell
(`categories`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GROSS = "gross-misconduct"
MISCONDUCT = "misconduct"


@dataclass(frozen=True)
class Proposal:
    classification: str
    because: tuple[str, ...]   # the gross misconduct clauses the findings cite (as the pack cites them)


def gross_misconduct_clauses(council_slug: str) -> set[str]:
    """The pack's gross misconduct clauses, as findings cite them ("Sefton 5.3a")."""
    from civicguard.engine.packs.loader import pack_for

    pack = pack_for(council_slug)
    assert pack.facts is not None, f"the pack {council_slug} has no facts"
    return {pack.cite(clause) for clause in pack.facts.gross_misconduct.clauses}


def breaches(findings: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The findings that count: warnings and blocks, not information notes."""
    return [f for f in findings if f.get("severity", "warn") != "info"]


def categories(findings: Iterable[Mapping[str, Any]]) -> set[str]:
    """The categories of the findings that count (what facts.cases.notices_for is asked about)."""
    return {str(f["category"]) for f in breaches(findings) if f.get("category")}


def propose(council_slug: str, findings: Iterable[Mapping[str, Any]]) -> Proposal:
    gross = gross_misconduct_clauses(council_slug)
    cited: list[str] = []
    for finding in breaches(findings):
        for clause in finding.get("clauses") or ():
            if clause in gross and clause not in cited:
                cited.append(clause)
    return Proposal(GROSS if cited else MISCONDUCT, tuple(cited))
