"""``conduct.political``: party-political content meant to affect support for a party (St Helens 5.7).

Reports nothing unless ``doc.context.politically_restricted`` is true: the clause binds only employees in
politically restricted posts, and only outside their official capacity (the rule applies to personal
accounts).

Catches (labels)
* ``vote_call``: "vote Labour", "vote for the Greens", "don't vote Tory", "vote Reform UK out",
  "#VoteLabour", "#VoteGreen" -- including leetspeak / look-alike spellings (via the de-obfuscated view).
* ``endorsement``: "support / back / elect / re-elect <party>", "<party> are the only party / the only
  choice / the best choice", "only <party> can ...", "re-elect Cllr Smith".
* ``opposition``: "kick the Tories out", "get Labour out", "Tories out", "#ToriesOut", "never vote Tory".
* ``campaigning``: "join the Labour campaign", "out canvassing / leafleting / door-knocking (for X)",
  "campaigning for <party>", "our candidate".
* ``mention``: a party named in an otherwise neutral sentence, at low confidence (0.3) so the usual rule
  threshold ignores it while a pack can opt in.

UK parties known: Labour, Conservative(s) / Tory / Tories, Liberal Democrats / Lib Dems, Green Party /
Greens, Reform UK, SNP, Plaid Cymru, UKIP, Workers Party, Alba, Sinn Féin, DUP, SDLP, Alliance, Independents;
``parties`` adds more (local groups). Bare names that are ordinary words ("labour market", "green space",
"reform of", "conservative estimate") count only when capitalised or in a vote frame.

Misses: support for a named candidate without a party or a frame ("Jane Smith gets my vote" is caught; "Jane
is brilliant, you know what to do" is not); irony; party-political images; neutral civic content is left
alone on purpose ("polling stations open 7am to 10pm", "register to vote by 16 April", hustings reports).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import Field

from civicguard.engine.councilmodel import with_council_head
from civicguard.engine.detectors.base import Document, Params
from civicguard.engine.detectors.council_heads import ReadsCouncilHeads
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import Detection
from civicguard.engine.normalise import deobfuscated


class PoliticalParams(Params):
    parties: list[str] = Field(default_factory=list, description="extra party or group names")


# Names that are safe to match in any case (never ordinary words).
_PARTY_LOOSE = (
    r"labour(?:\s+party)?|conservatives?(?:\s+party)?|tory|tories|lib\s*dems?|liberal\s+democrats?"
    r"|green\s+party|greens|reform\s+uk|reform(?!\s+(?:of|to|in|for|the|and|our|is|was)\b)|snp|plaid(?:\s+cymru)?|ukip|workers\s+party(?:\s+of\s+britain)?"
    r"|alba(?:\s+party)?|sinn\s+f[eé]in|dup|sdlp|independents|libdem"
)
# Names as they appear capitalised in ordinary writing (matched case-sensitively on the original text).
_PARTY_STRICT = (
    r"Labour(?:\s+Party)?|Conservatives?(?:\s+Party)?|Tory|Tories|TORIES|TORY|LABOUR|Lib\s*Dems?|LibDems?"
    r"|Liberal\s+Democrats?|Green\s+Party|Greens|Reform\s+UK|Reform(?!\s+(?:of|to|in|for|the|and)\b)|SNP"
    r"|Plaid(?:\s+Cymru)?|UKIP|Workers\s+Party(?:\s+of\s+Britain)?|Sinn\s+F[eé]in|DUP|SDLP|Independents"
)


@dataclass(frozen=True)
class _Pattern:
    label: str
    regex: re.Pattern[str]
    confidence: float
    explanation: str
    folded: bool  # True: run on the de-obfuscated lower-case view; False: on the original text


def _build(extra: list[str]) -> tuple[_Pattern, ...]:
    extra_alt = "|".join(re.escape(p.strip()).replace(r"\ ", r"\s+") for p in extra if p.strip())
    loose = _PARTY_LOOSE + (f"|{extra_alt.lower()}" if extra_alt else "")
    strict = _PARTY_STRICT + (f"|{extra_alt}" if extra_alt else "")
    tag = loose.replace(r"\s+", r"\s?").replace(r"\s*", r"\s?")  # hashtags have no spaces

    def party_l(group: str = "party") -> str:
        return rf"(?:the\s+)?(?P<{group}>{loose})\b"

    def party_s(group: str = "party") -> str:
        return rf"(?:[Tt]he\s+)?(?P<{group}>{strict})\b"

    neg = r"(?:don't|do\s+not|never|dont|won't|will\s+not|stop)"
    return (
        _Pattern("opposition", re.compile(
            rf"\b{neg}\s+(?:\w+\s+)?vot(?:e|ing)\s+(?:for\s+)?{party_l()}"), 0.9,
            "urges people not to vote for a party", True),
        _Pattern("vote_call", re.compile(
            rf"\b(?:vote|voting|votes)\s+(?:for\s+)?{party_l()}(?!\s+out\b)"), 0.9,
            "urges people to vote for a party", True),
        # "Green" and "Independent" are ordinary words: only capitalised, and not "Green space".
        _Pattern("vote_call", re.compile(
            r"\b[Vv]ot(?:e|ing)\s+(?:for\s+)?(?:the\s+|an\s+|a\s+)?(?P<party>Green|Independent)\b"
            r"(?!\s+(?:space|spaces|belt|bin|bins|flag|waste|deal|energy|initiative|shops?|traders?|business)\b)"),
            0.8, "urges people to vote for a party or independent candidate", False),
        _Pattern("vote_call", re.compile(rf"#\s?vote\s?(?P<party>{tag})\b"), 0.9,
                 "uses a party campaign hashtag", True),
        _Pattern("opposition", re.compile(
            rf"\b(?:kick|get|throw|boot|vote|turf|chuck|send)\s+{party_l()}\s+out\b"
            rf"|\b(?:kick|get|throw|boot|vote|turf|chuck)\s+out\s+{party_l('party2')}"), 0.85,
            "campaigns to remove a party from power", True),
        _Pattern("opposition",
                 re.compile(rf"(?:^|[\s#])(?P<party>{strict})\s*(?:out|OUT)\b(?!\s+(?:of|on|for)\b)"), 0.8,
                 "campaigns to remove a party from power", False),
        _Pattern("opposition", re.compile(rf"#(?P<party>{tag})\s?out\b"), 0.85,
                 "uses an anti-party campaign hashtag", True),
        _Pattern("endorsement", re.compile(
            rf"\b(?i:support|back|elect|re-?elect|choose|trust)\s+(?i:our\s+|your\s+(?:local\s+)?)?{party_s()}"),
            0.8, "asks people to support a party", False),
        _Pattern("endorsement", re.compile(
            rf"\b(?P<party>{strict})\s+(?:are|is)\s+(?:the\s+)?only\s+(?:party|ones?|choice|option|hope|answer)"
            rf"|\b(?P<party2>{strict})\s+(?:are|is)\s+the\s+(?:best|right|real)\s+(?:choice|party|option)"
            rf"|\bonly\s+(?:the\s+)?(?P<party3>{strict})\s+(?:can|will)\b"), 0.85,
            "promotes a party as the one to support", False),
        _Pattern("endorsement", re.compile(
            r"\b(?:re-?elect|vote\s+for)\s+(?:cllr\.?|councillor)\s+[a-z][a-z'-]+\b"
            r"|\bgets?\s+my\s+vote\b|\b(?:has|have)\s+my\s+vote\b"), 0.75,
            "asks people to vote for a candidate", True),
        _Pattern("campaigning", re.compile(
            rf"\b(?i:join)\s+(?i:the\s+|our\s+)?{party_s()}(?:\s+(?i:campaign|team|party))?"
            rf"|\b(?i:campaign(?:ing|ed)?\s+for)\s+{party_s('party2')}|\b{party_s('party3')}\s+(?i:campaign(?:ers|ing)?)\b"),
            0.85,
            "campaigns for a party", False),
        _Pattern("campaigning", re.compile(
            r"\b(?:canvass(?:ing|ed)?|leafleting|leafletting|door-?knocking|knocking\s+on\s+doors\s+for"
            r"|on\s+the\s+doorstep\s+for|our\s+candidate|my\s+candidate|delivering\s+leaflets)\b"), 0.65,
            "describes party campaigning", True),
    )


@register
class PoliticalDetector(ReadsCouncilHeads):
    name = "conduct.political"
    Params = PoliticalParams

    def __init__(self, params: PoliticalParams) -> None:
        super().__init__(params)
        self.patterns = _build(list(params.parties))
        extra = "|".join(re.escape(p.strip()).replace(r"\ ", r"\s+") for p in params.parties if p.strip())
        self.mention = re.compile(rf"\b(?:{_PARTY_STRICT}{'|' + extra if extra else ''})\b")

    def detect(self, doc: Document) -> list[Detection]:
        if not doc.context.politically_restricted or not doc.text.strip():
            return []
        return with_council_head(doc, self._patterns(doc), "political", "campaigning",
                                 "reads as party-political campaigning; a politically restricted employee must not "
                                 "write publicly to affect support for a political party")

    def _patterns(self, doc: Document) -> list[Detection]:
        if not doc.context.politically_restricted or not doc.text.strip():
            return []
        text = doc.text
        view = deobfuscated(doc)
        found: list[Detection] = []
        for pat in self.patterns:
            hay = view.text if pat.folded else text
            for m in pat.regex.finditer(hay):
                start, end = view.to_original(m.start(), m.end()) if pat.folded else (m.start(), m.end())
                # Leading separator captured by the "Tories out" pattern is not part of the span.
                while start < end and text[start] in " #\t\n" and not pat.folded:
                    start += 1
                party = next((g for g in m.groupdict().values() if g), "")
                attrs = {"party": _canonical_party(party)} if party else {}
                found.append(Detection(start, end, pat.confidence, pat.label,
                                       f"The post {pat.explanation}; a politically restricted employee must "
                                       "not write publicly to affect support for a political party.", attrs))
        found = _merge(found)
        if not found:
            # Only mention parties when nothing stronger was found: a party in a news-like sentence.
            for m in self.mention.finditer(text):
                found.append(Detection(m.start(), m.end(), 0.3, "mention",
                                       "The post names a political party; check it is neutral.",
                                       {"party": _canonical_party(m.group())}))
        return found


_CANONICAL = {
    "tory": "Conservative", "tories": "Conservative", "conservative": "Conservative",
    "conservatives": "Conservative", "lab": "Labour", "con": "Conservative", "libdem": "Liberal Democrats",
    "greens": "Green Party", "green": "Green Party", "reform": "Reform UK",
}


def _canonical_party(name: str) -> str:
    key = re.sub(r"\s+", " ", name.strip().lower())
    key = re.sub(r"^the\s+", "", key)
    if key.startswith("lib") and "dem" in key or key.startswith("liberal democrat"):
        return "Liberal Democrats"
    if key in _CANONICAL:
        return _CANONICAL[key]
    key = re.sub(r"\s+party$", "", key)
    return _CANONICAL.get(key, " ".join(w.capitalize() if w not in {"uk", "snp", "dup", "sdlp", "ukip"} else
                                        w.upper() for w in key.split()))


def _merge(found: list[Detection]) -> list[Detection]:
    """Overlapping detections become one: the most confident one's label over the union of the spans."""
    found.sort(key=lambda d: (d.start, -d.end))
    out: list[Detection] = []
    for d in found:
        if out and d.start < out[-1].end:
            prev = out[-1]
            best = prev if prev.confidence >= d.confidence else d
            out[-1] = Detection(prev.start, max(prev.end, d.end), best.confidence, best.label,
                                best.explanation, best.attributes or prev.attributes or d.attributes)
        else:
            out.append(d)
    return out
