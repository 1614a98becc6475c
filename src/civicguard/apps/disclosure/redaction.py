"""Redacting third parties' personal data in an export (UK GDPR Article 15(4); FOI Act section 40).

Names and identifiers are found by the engine's personal data analyser (Presidio with the project's spaCy model:
`civicguard.engine.detectors.personal_data.recognizers.analyzer`), plus social media handles (`@name`), which
Presidio does not know. For a subject access request the subject's own name, handles and e-mails stay; every
other person's are replaced by `THIRD_PARTY`. For a Freedom of Information request everyone's are replaced
(`Subject.nobody()`). The comments export's own redaction (moderation.services.records.redact) replaces the spans
its stored check found; a disclosure covers records that were never checked (consent records, cases, approvals),
so each text is analysed here, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

THIRD_PARTY = "[redacted: third party]"
# Entities that identify a person. Others the analyser knows (URLs, dates, organisations) are not personal data.
ENTITIES = ("PERSON", "EMAIL_ADDRESS", "UK_PHONE", "PHONE_NUMBER", "UK_NINO", "UK_NHS", "UK_POSTCODE",
            "IP_ADDRESS", "CREDIT_CARD", "IBAN_CODE", "UK_ADDRESS", "NRP")
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,48}[A-Za-z0-9_])?")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _norm(value: str) -> str:
    return " ".join(value.lower().lstrip("@").split())


@dataclass(frozen=True)
class Subject:
    """Whose personal data stays: the data subject of a subject access request (nobody for FOI)."""

    name: str = ""
    handles: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    keep: bool = True
    _own: frozenset[str] = field(default=frozenset(), compare=False)

    @classmethod
    def of(cls, name: str, handles: list[str] | tuple[str, ...], emails: list[str] | tuple[str, ...]) -> Subject:
        own = {_norm(v) for v in (name, *handles, *emails) if v and v.strip()}
        return cls(name=name, handles=tuple(handles), emails=tuple(emails), _own=frozenset(own))

    @classmethod
    def nobody(cls) -> Subject:
        return cls(keep=False)

    def owns(self, value: str) -> bool:
        """Whether `value` (a name, a handle, an e-mail) is the subject's own."""
        if not self.keep or not value.strip():
            return False
        v = _norm(value)
        if v in self._own:
            return True
        # "Ms Jane Smith", "Jane Smith's": the subject's full name inside the span.
        name = _norm(self.name)
        return bool(name) and len(name) > 3 and name in v and len(v) <= len(name) + 6


def _spans(text: str) -> list[tuple[int, int]]:
    from civicguard.engine.detectors.personal_data.recognizers import analyzer

    engine, _ = analyzer()
    found = [(r.start, r.end) for r in engine.analyze(text, "en")
             if r.entity_type in ENTITIES and r.score >= 0.4]
    found += [(m.start(), m.end()) for m in HANDLE.finditer(text)]
    found += [(m.start(), m.end()) for m in EMAIL.finditer(text)]
    return found


def redact_text(text: str, subject: Subject) -> str:
    """`text` with every other person's name and identifiers replaced by THIRD_PARTY."""
    if not text or not text.strip():
        return text
    spans = sorted((s, e) for s, e in _spans(text) if e > s and not subject.owns(text[s:e]))
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + THIRD_PARTY + text[end:]
    return text


def redact_name(value: str, subject: Subject) -> str:
    """A field that holds one person's name, handle or e-mail: kept only if it is the subject's."""
    if not value or not value.strip():
        return value
    return value if subject.owns(value) else THIRD_PARTY
