"""A check's findings as a moderator reads them: one line per rule, however many places the rule found.

A rule that matches three phone numbers gives three findings with the same explanation; the queue and the
comment page show it once, with every span it found highlighted in the text and linked to that one line.
Findings without a rule id (older checks) are grouped by category and message instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from civicguard.apps.posts.highlight import segments

_RANK = {"info": 1, "warn": 2, "block": 3}
# Parts that differ between a rule's messages ("personal information (name)" and "(phone number)") are merged
# into one list when each is at most this long; longer differences keep the worst finding's message.
MAX_MERGED_PART = 40


@dataclass
class RuleLine:
    """One rule's findings in one text: the worst severity, every clause cited, the explanation once."""

    anchor: int
    rule: str
    category: str
    severity: str
    clauses: list[str] = field(default_factory=list)
    message: str = ""
    remedy: str = ""
    needs_human: bool = False
    texts: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    remedies: list[str] = field(default_factory=list)

    @property
    def places(self) -> int:
        return len(self.texts)


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def merged(texts: list[str]) -> str:
    """One sentence for several near-identical ones: 'personal information (name)' and '(phone number)' give
    'personal information (name and phone number)'. Texts that differ by more than a few words give the first."""
    distinct = [t for t in dict.fromkeys(texts) if t]
    if len(distinct) <= 1:
        return distinct[0] if distinct else ""
    prefix = os.path.commonprefix(distinct)
    while prefix and prefix[-1].isalnum():  # never cut a word: back to where the words differ
        prefix = prefix[:-1]
    suffix = os.path.commonprefix([t[::-1] for t in distinct])[::-1]
    while suffix and suffix[0].isalnum():
        suffix = suffix[1:]
    if len(prefix) + len(suffix) > min(len(t) for t in distinct):
        return distinct[0]
    middles = [t[len(prefix):len(t) - len(suffix)].strip() for t in distinct]
    if not all(0 < len(m) <= MAX_MERGED_PART for m in middles):
        return distinct[0]
    return f"{prefix}{_and(list(dict.fromkeys(middles)))}{suffix}"


def _key(finding: dict[str, Any]) -> tuple[str, ...]:
    rule = str(finding.get("rule") or "")
    return ("rule", rule) if rule else ("message", str(finding.get("category", "")), str(finding.get("message", "")))


def by_rule(findings: list[dict[str, Any]]) -> tuple[list[RuleLine], list[int]]:
    """The rule lines in the order their rules first appear, and for each finding the index of its line."""
    lines: dict[tuple[str, ...], RuleLine] = {}
    line_of: list[int] = []
    for f in findings:
        key = _key(f)
        line = lines.get(key)
        if line is None:
            line = lines[key] = RuleLine(anchor=len(lines), rule=str(f.get("rule") or ""),
                                         category=str(f.get("category", "")), severity=str(f.get("severity", "")))
        if _RANK.get(str(f.get("severity", "")), 0) > _RANK.get(line.severity, 0):
            line.severity = str(f.get("severity", ""))
        line.clauses += [c for c in f.get("clauses", []) if c not in line.clauses]
        line.needs_human = line.needs_human or bool(f.get("needs_human"))
        if f.get("text") and f["text"] not in line.texts:
            line.texts.append(str(f["text"]))
        line.messages.append(str(f.get("message", "")))
        line.remedies.append(str(f.get("remedy") or ""))
        line_of.append(line.anchor)
    for line in lines.values():
        line.message, line.remedy = merged(line.messages), merged(line.remedies)
    return list(lines.values()), line_of


def explain(text: str, findings: list[dict[str, Any]]) -> tuple[list[RuleLine], list[dict[str, Any]]]:
    """The rule lines, and the text's runs (as `segments`) each naming in `line` the rule line its highlight
    links to: the rule of the worst finding covering the run."""
    lines, line_of = by_rule(findings)
    runs = segments(text, findings)
    for run in runs:
        covering = run["findings"]
        worst = max(covering, key=lambda i: _RANK.get(str(findings[i].get("severity", "")), 0)) if covering else None
        run["line"] = line_of[worst] if worst is not None else None
    return lines, runs
