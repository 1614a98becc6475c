"""``disclosure.council_email``: a council e-mail address displayed in a post (St Helens 6.8, 7.6).

Catches addresses at any of the configured ``domains`` (by default the council's own e-mail domains from its
pack facts) or their sub-domains, case-insensitively, in plain
form (``jan.smith@sthelens.gov.uk``, ``x@mail.sefton.gov.uk``), with spaces round the ``@``, with full-width
or look-alike characters (via the folded view), and in the usual disguises: ``name [at] sthelens [dot] gov
[dot] uk``, ``name (at) sefton (dot) gov (dot) uk``, ``name at sefton dot gov dot uk`` and
``jan dot smith at sthelens.gov.uk``. Labels: ``address`` (plain) and ``obfuscated`` (disguised).
Addresses listed in ``allow``, the council's published mailboxes (pack facts ``published_contacts``), and
shared inboxes named for a service or function rather than a person (``licensing@``, ``pestcontrol@``,
``democratic.services@``; ``cllr.jo.burns@`` is a councillor's published public address) are not reported: the
clause protects the accounts' login addresses and officers' own addresses, and pointing people to a service's
inbox is what the policy asks for.

Misses
* addresses split across lines or with the domain written differently ("sthelens gov uk" with no dots);
* a bare "at" before a normally dotted domain when the name is an ordinary word ("find us at
  sthelens.gov.uk" is a web address, not an e-mail, so it is left alone on purpose);
* e-mail addresses at other domains (gmail and the like are personal data, not this detector's business).
"""

from __future__ import annotations

import functools
import re

from pydantic import Field, field_validator

from civicguard.engine.detectors.base import Detector, Document, Params
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import Detection
from civicguard.engine.normalise import folded


class CouncilEmailParams(Params):
    domains: list[str] = Field(default_factory=list, description="the council's e-mail domains")
    allow: list[str] = Field(default_factory=list,
                             description="published generic addresses that may be shown (none by default)")

    @field_validator("domains")
    @classmethod
    def _domains(cls, value: list[str]) -> list[str]:
        out = []
        for d in value:
            d = d.strip().lower().lstrip("@").strip(".")
            if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", d):
                raise ValueError(f"{d!r} is not a domain name")
            out.append(d)
        return out

    @field_validator("allow")
    @classmethod
    def _allow(cls, value: list[str]) -> list[str]:
        return [a.strip().lower() for a in value]


# Separators as people disguise them. Bracketed forms are unambiguous; bare words need care.
_AT_BRACKETED = r"\s*[\[\(\{<]\s*at\s*[\]\)\}>]\s*"
_AT_SYMBOL = r"\s?@\s?"
_AT_WORD = r"\s+at\s+"
_DOT_BRACKETED = r"\s*[\[\(\{<]\s*(?:dot|\.)\s*[\]\)\}>]\s*"
_DOT_WORD = r"\s+dot\s+"
_DOT = rf"(?:\.|{_DOT_BRACKETED}|{_DOT_WORD})"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_LOCAL_ATOM = r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+"
# Words that sit before "at <domain>" in prose and are not mailbox names.
_NOT_MAILBOX = frozenset(
    {"us", "me", "them", "him", "her", "you", "it", "more", "online", "here", "visit", "website", "site",
     "page", "details", "information", "info", "web", "look", "read", "apply", "available", "find", "go",
     "see", "is", "are", "out", "or", "and", "the", "a", "an", "guidance", "advice", "form"}
)
# The first letters of a mailbox word that names a service or function, not a person. None is the start of a
# common name or surname ("fostering", not "foster"; "earlyhelp", not "early"; no "care", "hub").
_FUNCTION_STEMS = (
    "admin", "adopt", "adult", "benefit", "bereave", "bin", "bookings", "building", "business", "careers",
    "cemeter", "children", "cllr", "comms", "communications", "communit", "complaint", "contact", "council",
    "customer", "democra", "development", "earlyhelp", "earlyyears", "education", "election", "electoral", "enquir",
    "environment", "event", "family", "feedback", "finance", "foi", "fostering", "freedom", "general", "grants",
    "health", "highway", "hr", "housing", "info", "jobs", "leisure", "librar", "licens", "media", "noise", "office",
    "parking", "parks", "payroll", "pest", "planning", "press", "recruit", "regist", "revenue", "safeguard",
    "school", "send", "service", "social", "sport", "support", "switchboard", "tax", "team", "trading", "transport",
    "volunteer", "waste", "web", "welfare", "wellbeing", "youth",
)


# Words naming one person's post: "revenues.officer@" is an officer's own mailbox, whatever the service.
_ONE_POST = frozenset({"officer", "manager", "assistant", "director", "lead", "head", "advisor", "adviser"})


def _shared_inbox(local: str) -> bool:
    """A mailbox named for a service or function ("pestcontrol", "democratic.services"), or a councillor's."""
    parts = [part for part in re.split(r"[._-]+", local) if part]
    return not _ONE_POST.intersection(parts) and any(part.startswith(_FUNCTION_STEMS) for part in parts)


_EMAIL_CUE = re.compile(r"\b(?:e-?mail(?:ed|ing)?|mail|contact|write\s+to|message)\b[^.!?\n]{0,40}$")


@functools.cache
def _address_regex(domains: tuple[str, ...]) -> re.Pattern[str]:
    """Addresses at any of `domains` or their sub-domains, with the disguised separators above."""
    alternatives = "|".join(
        _DOT.join(re.escape(label) for label in d.split(".")) for d in sorted(domains, key=len, reverse=True)
    )
    return re.compile(
        rf"(?<![a-z0-9!#$%&'*+/=?^_`{{|}}~.-])(?P<local>{_LOCAL_ATOM}(?:{_DOT}{_LOCAL_ATOM})*?)"
        rf"(?P<at>{_AT_SYMBOL}|{_AT_BRACKETED}|{_AT_WORD})"
        rf"(?P<sub>(?:{_LABEL}{_DOT})*?)(?P<domain>{alternatives})"
        r"(?![a-z0-9-]|\.[a-z0-9]|\s*[\[\(\{<]\s*(?:dot|\.)\s*[\]\)\}>]\s*[a-z0-9]"
        r"|\s+dot\s+[a-z0-9])"
    )


@register
class CouncilEmailDetector(Detector):
    name = "disclosure.council_email"
    Params = CouncilEmailParams

    def __init__(self, params: CouncilEmailParams) -> None:
        super().__init__(params)
        self.allow = frozenset(params.allow)
        self.domains = tuple(params.domains)

    def detect(self, doc: Document) -> list[Detection]:
        # The rule may name domains; otherwise they are the council's own, from its pack facts.
        domains = self.domains or (tuple(doc.facts.email_domains) if doc.facts else ())
        if not domains or not doc.text:
            return []
        view = folded(doc)
        low = view.text
        # Cheap pre-filter: every domain's first label must appear somewhere.
        if not any(d.split(".")[0] in low for d in domains):
            return []
        # The council's published mailboxes (pack facts) are meant to be shown: pointing people to them is
        # what the policy asks for (St Helens 6.16-6.17).
        published = frozenset(e.lower() for e in doc.facts.published_contacts.emails) if doc.facts else frozenset()
        out: list[Detection] = []
        for m in _address_regex(domains).finditer(low):
            local, at, sub, domain = m.group("local"), m.group("at"), m.group("sub"), m.group("domain")
            disguised = "@" not in at or "." not in m.group() or _spoken(local + sub + domain)
            if "@" not in at and not at.strip().startswith(("[", "(", "{", "<")):
                # A bare " at ": only an address if the domain is spelt out ("dot") or the name looks like a
                # mailbox (has a dot, digit or underscore) or the sentence asks to e-mail it.
                spelt_out = _spoken(sub + domain)
                tail = low[m.end() : m.end() + 1]
                if tail == "/":
                    continue
                mailbox_like = bool(re.search(r"[._\d]", local)) or _spoken(local)
                cued = bool(_EMAIL_CUE.search(low, 0, m.start())) and local not in _NOT_MAILBOX
                if not (spelt_out or mailbox_like or cued) or local in _NOT_MAILBOX:
                    continue
            domain = _canonical(domain)
            address = f"{_canonical(local)}@{_canonical(sub)}{domain}"
            if address in self.allow or address in published or _shared_inbox(_canonical(local)):
                continue
            start, end = view.to_original(m.start(), m.end())
            label = "obfuscated" if disguised else "address"
            how = "written in disguise " if disguised else ""
            out.append(
                Detection(
                    start,
                    end,
                    0.9 if disguised else 0.95,
                    label,
                    f"The post shows a council e-mail address {how}({address}); council e-mail addresses "
                    "must never be displayed or made public.",
                    {"address": address, "domain": domain},
                )
            )
        return out


_SPOKEN_DOT = re.compile(rf"{_DOT_BRACKETED}|{_DOT_WORD}")


def _spoken(part: str) -> bool:
    return bool(_SPOKEN_DOT.search(part))


def _canonical(part: str) -> str:
    return _SPOKEN_DOT.sub(".", part).replace(" ", "")
