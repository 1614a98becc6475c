"""`conduct.public_case_handling`: a reply that tries to handle someone's case in public (St Helens 6.17;
Sefton 5.3c).

Catches two things in a reply:

* ``requests_details``: asking the person to post personal details where everyone can see them ("can you
  reply here with your full address and date of birth", "please comment below with your account number",
  "let us know your council tax reference") -- a request verb and a personal detail (address, postcode,
  date of birth, account / reference / NI / phone number, case, claim or medical details, bank details)
  in the same sentence. An explicit public place (here, below, in the comments, publicly) scores 0.9, a
  request without one 0.7 (a public reply is public); a private route in the same sentence (DM, private
  / direct message, inbox, email, an e-mail address, call, phone, Contact Centre, privately) cancels it, and so
  does a warning not to ("please don't share any names or addresses here").
* ``discusses_case``: the reply itself discusses the person's case ("your housing claim has been refused
  because...", "you owe £240 in arrears", "I've checked your account and...", "according to our records").

Not fired by replies that point to direct contact ("Please contact our Contact Centre on the number on
our website so we can help directly", "please send us a private message", "email us at ...", "call us on
01744 676789").

Misses: details asked for with unusual wording ("where do you live?"), case details with no second-person
possessive ("the claim was refused"), and requests split across sentences ("Reply here. We need your
address.") -- the second sentence is still caught at 0.7.
"""

from __future__ import annotations

import re

from civicguard.engine.councilmodel import SPAN, with_council_head
from civicguard.engine.detectors.base import Document, Params
from civicguard.engine.detectors.conduct._text import sentences
from civicguard.engine.detectors.council_heads import ReadsCouncilHeads
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import Detection

_I = re.IGNORECASE

_REQUEST = re.compile(
    r"\b(?:(?:reply|respond|comment|post|put|share|send|give|tell|provide|list|drop|pop|leave|include|add|write|"
    r"confirm|let us (?:know|have)|pass on|type)(?: us| me)?\b(?: (?:it|them|these|those))?(?: here| below| "
    r"publicly| in (?:the |this )?(?:comments?|thread|replies))?(?: with)?|"
    r"(?:what'?s|what (?:is|are)|can we have|can I (?:have|get|take)) your)",
    _I,
)
_DETAIL = re.compile(
    r"\b(?:(?:your )?(?:full |home |postal |current |email |e-mail )?address(?:es)?|post ?codes?|"
    r"dates? of birth|d\.?o\.?b\.?|(?:account|acc|reference|ref|customer|tenancy|claim|case|booking|order|"
    r"payment|card|phone|mobile|telephone|contact|national insurance|NI|NINO|NHS|council tax(?: account| "
    r"reference)?)(?: (?:number|no\.?|reference|ref))|council tax (?:reference|ref|account)|"
    r"(?:case|claim|medical|health|personal|bank|card|banking|benefit|tenancy) (?:details|information|info|"
    r"history|condition)|full name|national insurance|bank details|passport|driving licen[cs]e)\b",
    _I,
)
_PUBLIC = re.compile(r"\b(?:here|below|publicly|in (?:the |this )?(?:comments?|thread|replies|post)|on this "
                     r"(?:post|page|thread)|underneath|in (?:a|your) reply)\b", _I)
_PRIVATE = re.compile(
    r"\b(?:DM|PM|direct(?:ly)?|private(?:ly)?|inbox|e-?mail(?:ing)? (?:us|it|them|these|those)|(?:by|via) e-?mail|"
    r"call us|give us a (?:call|ring)|ring us|phone us|telephone us|contact (?:centre|center|us)|in confidence|"
    r"securely|online form|web ?form|our website|e-?mail (?:the|our)|[\w.+-]+@[\w-]+\.[\w.]+)",
    _I,
)
# A request turned into a warning: "please don't share any names or addresses on this page".
_WARNED_OFF = re.compile(r"\b(?:don'?t|do not|never|no need to|avoid|without)\s+(?:\w+\s+)?$", _I)
_CASE = re.compile(
    r"\b(?:your (?:(?:housing|benefits?|council tax|planning|blue badge|licen[cs]e|parking|housing benefit|"
    r"universal credit|discretionary|disabled facilities|homeless(?:ness)?|school|care|tenancy|bus pass|"
    r"pcn|rent|support|grant|transport|placement|child(?:'s)?|son(?:'s)?|daughter(?:'s)?|mum(?:'s)?|dad(?:'s)?)"
    r"(?: [a-z]+){0,2}|application|claim|case|account|appeal|complaint|arrears|payment|assessment|referral|"
    r"request|file|record) (?:has|have|was|were|is|are|had) (?:now )?(?:been |being )?(?:refused|rejected|"
    r"declined|denied|approved|granted|accepted|cancelled|suspended|closed|reviewed|assessed|escalated|"
    r"stopped|reduced|withdrawn|put on hold|on hold|under review|delayed|overdue|in arrears|flagged|"
    r"sent to|passed to|referred))|"
    r"\byou (?:owe|still owe|are behind|are in arrears)\b|\byour (?:arrears|debt|balance|outstanding balance) "
    r"(?:of|is|are|stands)\b|"
    r"\b(?:according to|on|from|in) our (?:records|system|files)\b|"
    r"\bI(?:'ve| have) (?:checked|looked at|looked into|pulled up|reviewed) your (?:account|claim|case|file|"
    r"record|application|details)\b|"
    r"\bbecause you (?:failed|didn'?t|did not|missed|have not|haven'?t|were not|weren'?t|had not|hadn'?t)\b",
    _I,
)


class PublicCaseHandlingParams(Params):
    min_confidence: float = 0.0


@register
class PublicCaseHandlingDetector(ReadsCouncilHeads):
    name = "conduct.public_case_handling"
    Params = PublicCaseHandlingParams

    def detect(self, doc: Document) -> list[Detection]:
        return with_council_head(doc, self._patterns(doc), "public_case_handling", "discusses_case",
                                 "discusses a resident's own case in a public reply", {"details": SPAN})

    def _patterns(self, doc: Document) -> list[Detection]:
        text = doc.text
        out: list[Detection] = []
        floor: float = self.params.min_confidence  # type: ignore[attr-defined]
        for s, e in sentences(doc):
            details = list(_DETAIL.finditer(text, s, e))
            if details:
                request = next((r for r in _REQUEST.finditer(text, s, e) if r.start() < details[-1].start()
                                and not _WARNED_OFF.search(text, max(s, r.start() - 20), r.start())), None)
                if request is not None and not _PRIVATE.search(text, s, e):
                    public = _PUBLIC.search(text, s, e)
                    conf = 0.9 if public else 0.7
                    end = max(d.end() for d in details if d.start() >= request.start()) if any(
                        d.start() >= request.start() for d in details) else details[-1].end()
                    asked = ", ".join(d.group(0) for d in details)
                    if conf >= floor:
                        out.append(Detection(
                            request.start(), end, conf, "requests_details",
                            f"asks the person to give personal details ({asked}) "
                            f"{'publicly' if public else 'in a public reply'}",
                            {"details": asked},
                        ))
            found = list(_CASE.finditer(text, s, e))
            if found and 0.75 + 0.05 * (len(found) - 1) >= floor:
                said = ", ".join(m.group(0) for m in found)
                out.append(Detection(found[0].start(), found[-1].end(), min(0.9, 0.75 + 0.05 * (len(found) - 1)),
                                     "discusses_case", f"discusses the person's case in public ({said})",
                                     {"details": said}))
        return out
