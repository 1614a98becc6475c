"""``disclosure.confidential``: confidential council information in a post.

Catches
* ``marking``: protective markings and exemption language -- OFFICIAL-SENSITIVE (any separator), "commercial
  in confidence", RESTRICTED / CONFIDENTIAL written in capitals, "strictly confidential", "confidential
  report/paper/memo", "not for publication / circulation", "embargoed until", "exempt information",
  "Schedule 12A", "Part 2 / Part II report (item, paper, session)", "Part 2 (exempt", an exempt report quoted
  ("the exempt report that went to cabinet says..."), "treat this as confidential", "confidential until", "do
  not publish until", DO NOT POST in capitals, "please don't post that anywhere", tender prices or bids.
* ``unannounced``: "not yet announced / published / public", "hasn't been announced yet", "before it's
  announced", "can't say much yet but", "keep this quiet", "between you and me", "off the record",
  "you didn't hear it from me", "not public yet", "unofficially".
* ``leaked_meeting``: "heard it in the leadership / management / cabinet / team meeting", "in the briefing
  today", "told us in confidence", "about to announce redundancies / closures / cuts", "at yesterday's SLT
  away day", "went round the managers' meeting", "we've been told in the office that".
* ``draft_plan``: draft budgets, budget or savings proposals and business plans that the post itself marks as
  unpublished ("not yet", "unpublished", "leaked", "internal") or that describe future cuts; a draft that the
  same sentence presents as a published consultation ("have your say", "consultation is open") is not flagged.
* ``embargo``: similarity to an embargoed document registered in ``doc.context.embargoed`` that is still
  active on ``context.today``: word 5-gram shingle containment (share of the post's shingles found in the
  document, or any verbatim run of eight words or more) and overlap of distinctive figures (money,
  percentages, counts of 10 or more); the span reported is the stretch of the post that overlaps, and the
  attribute ``document`` names the document. Document shingles are cached per document text.

Lowered below the usual 0.5 threshold: "not yet published" followed by a promise to share ("we will share it
as soon as..."), "can't go into details" with no "yet"/"but", RESTRICTED / CONFIDENTIAL in a post typed
mostly in capitals, and a draft budget the sentence presents as published or out to consultation.

Misses
* confidential facts stated plainly with no marking, secrecy cue or registered document ("the leisure centre
  will close in March" when that is not yet public) -- the engine cannot know what has been announced;
* paraphrases of an embargoed document that share neither five-word runs nor figures;
* markings written in lower case where they are ordinary words ("restricted parking"), by design;
* personal data about individuals (``personal_data.*`` detectors handle that).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Literal

from pydantic import Field

from civicguard.engine.detectors.base import Detector, Document, Params
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import Detection, EmbargoedDocument
from civicguard.engine.normalise import folded

Kind = Literal["marking", "unannounced", "leaked_meeting", "draft_plan", "embargo"]
ALL_KINDS: list[Kind] = ["marking", "unannounced", "leaked_meeting", "draft_plan", "embargo"]


class ConfidentialParams(Params):
    embargo_threshold: float = Field(
        default=0.3, ge=0.0, le=1.0,
        description="share of the post's word 5-grams found in an embargoed document at which it is reported",
    )
    kinds: list[Kind] = Field(default_factory=lambda: list(ALL_KINDS), description="sub-types to report")


@dataclass(frozen=True)
class _Pattern:
    label: Kind
    regex: re.Pattern[str]
    confidence: float
    explanation: str
    # Case-sensitive patterns run on the original text; the rest on the folded (lower-case) view.
    on_original: bool = False


def _p(label: Kind, pattern: str, confidence: float, explanation: str) -> _Pattern:
    return _Pattern(label, re.compile(pattern), confidence, explanation)


def _caps(label: Kind, pattern: str, confidence: float, explanation: str) -> _Pattern:
    return _Pattern(label, re.compile(pattern), confidence, explanation, on_original=True)


_APOS = "'"
_CANT = rf"(?:can{_APOS}?t|cannot|can not|couldn{_APOS}?t|not allowed to|not supposed to)"
_MEETING = (
    r"(?:leadership|management|senior management|cabinet|team|directors?'?|smt|slt|elt|exec(?:utive)?|budget"
    r"|staff|board|heads? of service|department(?:al)?|union|private|closed|internal|managers'?)"
)

_PATTERNS: tuple[_Pattern, ...] = (
    # ---------------------------------------------------------------- markings
    _p("marking", r"\bofficial[\s_\-\u2010-\u2015:]*sensitive\b", 0.95,
       "carries the protective marking OFFICIAL-SENSITIVE"),
    _p("marking", r"\bcommercial(?:ly)?[\s\-]+in[\s\-]+confidence\b", 0.9,
       "is marked commercial in confidence"),
    _caps("marking", r"\b(?:STRICTLY\s+)?(?:CONFIDENTIAL|RESTRICTED)\b", 0.85,
          "carries a protective marking written in capitals"),
    _p("marking", r"\bstrictly\s+(?:private\s+and\s+)?confidential\b|\bprivate\s+(?:and|&)\s+confidential\b",
       0.9, "is marked confidential"),
    _p("marking", r"\b(?:marked|classed|classified)\s+(?:as\s+)?(?:confidential|restricted|sensitive)\b"
       r"|\bconfidential\s+(?:report|paper|papers|document|documents|memo|minutes|briefing|item|annex|appendix"
       r"|information|email|e-mail|draft)\b", 0.8, "refers to a confidential council document"),
    _p("marking", r"\bnot\s+for\s+(?:publication|public\s+(?:release|circulation|consumption)|circulation"
       r"|wider\s+circulation|distribution)\b", 0.9, "is marked not for publication"),
    _p("marking", r"\bembargoed\s+(?:until|till|to)\b|\bunder\s+embargo\b", 0.85,
       "is marked as under embargo"),
    _p("marking", r"\bexempt\s+information\b|\bschedule\s+12a\b", 0.9,
       "refers to exempt information (Local Government Act 1972, Schedule 12A)"),
    _p("marking", r"\bpart\s+(?:2|ii|two)\s+(?:report|item|paper|papers|agenda|session|minutes|business"
       r"|appendix|annex|meeting)s?\b|\b(?:in|under)\s+part\s+(?:2|ii|two)\s+of\s+the\s+(?:agenda|meeting)\b",
       0.85, "refers to a Part 2 (private, exempt) committee report"),
    _p("marking", r"\bpart\s+(?:2|ii|two)\s*\(\s*exempt\b|\bexempt\s+(?:report|reports|paper|papers|item|items"
       r"|minutes|appendix)\s+(?:\w+\s+){0,7}?(?:says|said|shows|showed|states|recommends|reveals|confirms)\b", 0.85,
       "quotes an exempt (private) committee report"),
    _p("marking", r"\b(?:please\s+)?treat\s+(?:this|it|that|the\s+\w+)\s+(?:as\s+)?(?:strictly\s+)?(?:confidential"
       r"|in\s+confidence)\b|\bconfidential\s+(?:until|till|for\s+now)\b", 0.85,
       "asks for the information to be kept confidential"),
    _p("marking", r"\bdo\s+not\s+(?:post|publish|release|share|circulate)\s+(?:until|till|before|yet)\b"
       r"|\b(?:please\s+)?(?:don't|do\s+not)\s+(?:post|share|put|repeat)\s+(?:that|this|it)\s+(?:anywhere|online"
       r"|on\s+(?:here|facebook|social\s+media)|yet)\b", 0.85, "is marked not to be published yet"),
    _caps("marking", r"\bDO\s+NOT\s+(?:POST|PUBLISH|SHARE|RELEASE|CIRCULATE)\b", 0.85,
          "is marked DO NOT POST or DO NOT PUBLISH"),
    _p("marking", r"\btender\s+(?:prices|submissions|scores|bids|figures|returns)\b", 0.7,
       "gives the contents of tenders, which are commercially confidential"),
    # ---------------------------------------------------------------- unannounced
    _p("unannounced", r"(?:\bnot|n't)\s+(?:yet|officially|publicly)\s+(?:been\s+)?(?:announced|published"
       r"|released|made\s+public|public|confirmed|communicated|agreed|signed\s+off|shared)\b"
       r"|\bnot\s+(?:been\s+)?(?:announced|published|released|made\s+public|public)\s+yet\b"
       r"|\b(?:has|have|is|are)n't\s+(?:been\s+)?(?:announced|published|released|made\s+public)\s+yet\b",
       0.75, "says the information has not yet been made public"),
    _p("unannounced", r"\bbefore\s+(?:it|this|they|it's|they're|the\s+news)\s*"
       r"(?:is|are|gets?|goes|'s|'re)?\s*"
       r"(?:announced|published|made\s+public|public|official|out)\b"
       r"|\bbefore\s+the\s+(?:official\s+)?announcement\b|\bahead\s+of\s+the\s+(?:official\s+)?announcement\b",
       0.75, "shares information before the council has announced it"),
    _p("unannounced", rf"\b{_CANT}\s+(?:say|tell\s+you|reveal|share|go\s+into)\s+(?:much|too\s+much|anything"
       r"|more|details|the\s+details)(?:\s+(?:yet|right\s+now|at\s+the\s+moment))?(?:\s*,?\s*but)?\b",
       0.45, "says there is something the author cannot share"),
    # "... yet" or "..., but" then goes on to share it anyway.
    _p("unannounced", rf"\b{_CANT}\s+(?:say|tell\s+you|reveal|share|go\s+into)\s+(?:much|too\s+much|anything"
       r"|more|details|the\s+details)(?:\s+(?:yet|right\s+now|at\s+the\s+moment)(?:\s*,?\s*but)?|\s*,?\s*but)\b",
       0.8, "hints at information the author is not allowed to share, then shares it"),
    _p("unannounced", r"\bkeep\s+(?:this|it|that)\s+(?:quiet(?!\s+(?:after|at|in|during|around|near|when|while|on"
       r"|from|until|till|\d))|under\s+your\s+hats?|to\s+your\s*sel(?:f|ves)"
       r"|between\s+(?:us|ourselves)|hush(?:\s+hush)?)\b|\bbetween\s+you\s+and\s+me\b"
       r"|\bbetween\s+ourselves\b|\boff\s+the\s+record\b|\byou\s+didn'?t\s+hear\s+(?:it|this)\s+from\s+me\b"
       r"|\bkeep\s+(?:it|this|that)\s+(?:s?c?htum|shtum|schtum)\b|\bdidn'?t\s+come\s+from\s+me\b"
       r"|\bdon't\s+tell\s+anyone\b|\bhush[\s-]+hush\b|\bnot\s+supposed\s+to\s+(?:say|tell|share|know)\b",
       0.85, "asks readers to keep information secret, so it is not public"),
    # ---------------------------------------------------------------- leaked meetings
    _p("leaked_meeting", rf"\b(?:heard|found\s+out|learned|learnt|told|mentioned|announced|discussed|said)\b"
       rf"(?:\s+\w+){{0,3}}?\s+(?:in|at|during|from)\s+(?:the|today's|this\s+morning's|our|a|yesterday's"
       rf"|last\s+night's|my)\s+{_MEETING}\s+(?:meeting|briefing|away\s*day|call|huddle|catch-?up)\b",
       0.85, "repeats what was said in an internal council meeting"),
    _p("leaked_meeting", rf"\b(?:in|at)\s+(?:the|today's|this\s+morning's|our)\s+{_MEETING}\s+(?:meeting"
       r"|briefing)\s+(?:today|this\s+morning|yesterday|last\s+night|earlier)\b", 0.8,
       "repeats what was said in an internal council meeting"),
    _p("leaked_meeting", r"\bin\s+(?:the|our)\s+briefing\s+(?:today|this\s+morning|yesterday|earlier)\b"
       r"|\b(?:at|in)\s+(?:today's|this\s+morning's)\s+(?:staff\s+|internal\s+|team\s+)?briefing\b", 0.65,
       "repeats what was said in an internal briefing"),
    _p("leaked_meeting", r"\b(?:told|said\s+to|informed)\s+(?:us|staff|the\s+team|managers)\s+in\s+"
       r"(?:confidence|private)\b|\binternal\s+(?:email|e-mail|memo)\s+(?:says|said|shows|confirms)\b",
       0.85, "repeats information given to staff in confidence"),
    _p("leaked_meeting", r"\b(?:about|going|set|planning|preparing|due)\s+to\s+announce\s+(?:\w+\s+){0,3}?"
       r"(?:redundanc(?:y|ies)|closures?|cuts|job\s+cuts|job\s+losses|restructur(?:e|ing)|lay-?offs"
       r"|outsourcing|a\s+restructure)\b", 0.8,
       "reveals a decision the council has not yet announced"),
    _p("unannounced", r"\bunofficially\b", 0.6, "shares information unofficially, before it is public"),
    _p("leaked_meeting", rf"\b(?:at|in)\s+(?:yesterday's|today's|this\s+morning's|last\s+week's|the)\s+{_MEETING}"
       r"\s+away\s*day\b|\b(?:went|gone|going|was\s+sent|sent)\s+round\s+(?:the|our|all\s+the)\s+"
       rf"{_MEETING}(?:\s+(?:meeting|briefing|call))?\b", 0.75,
       "repeats what was said or shared in an internal meeting"),
    _p("leaked_meeting", r"\b(?:we've|we\s+have|we\s+were|i\s+was|i've\s+been|staff\s+were|we've\s+just)\s+(?:just\s+)?"
       r"(?:been\s+)?told\s+(?:in|at)\s+(?:the|our|work|today's)\b(?:\s+\w+){0,3}?\s+(?:that|office|team|meeting"
       r"|briefing)\b", 0.6, "repeats what staff were told at work"),
    # What the writer knows from inside and says they should not share (not "I'm not allowed to tell her mum", which
    # is how a child's secret is told): "word in the office is", "a little bird
    # told me", "I shouldn't really be saying this", "heard from someone in HR", "inside info", "let slip".
    _p("unannounced", r"\bword\s+(?:in|at|round|around)\s+(?:the\s+)?(?:office|depot|town\s+hall|work|building"
       r"|canteen|team)\b|\ba\s+little\s+bird(?:ie|y)?\s+(?:in\s+the\s+[\w\s]{1,20}?\s+)?(?:told|tells)\b|\brumou?r\s+(?:has\s+it|at\s+work|in\s+the"
       r"\s+office|going\s+round\s+(?:work|the\s+office))\b|\bi\s+shouldn'?t\s+(?:really\s+)?(?:be\s+)?(?:saying"
       r"|telling|sharing|posting)\b|(?:\bnot|n't)\s+meant\s+to\s+(?:say|tell|share|post|talk\s+about)\b"
       r"|\bcan'?t\s+say\s+(?:too\s+)?much\s+(?:yet\s+)?but\b|\bmum'?s\s+the\s+word\b|\blet\s+(?:it\s+)?slip\b"
       r"|\binside\s+(?:info|information|knowledge|track)\b|\b(?:heard|found\s+out|told)\s+(?:from|off|by)\s+"
       r"(?:someone|a\s+mate|my\s+mate|a\s+friend|a\s+colleague|one\s+of\s+the\s+\w+)\s+(?:in|at|on|from)\s+"
       r"(?:hr|finance|planning|legal|payroll|cabinet|the\s+council|the\s+office|the\s+town\s+hall|work"
       r"|senior\s+management|the\s+\w+\s+team)\b", 0.7,
       "shares what the writer knows from inside the council and says should not be shared"),
    # Internal papers the writer has seen: "I've seen the draft structure chart", "saw the redundancy list".
    _p("leaked_meeting", r"\b(?:i've|i\s+have|i've\s+just|just|i|we've|we)\s+(?:seen|saw|read|had\s+a\s+look\s+at)\s+"
       r"the\s+(?:draft|new\s+structure|structure\s+chart|redundancy\s+list|shortlist|interview\s+scores"
       r"|tender\s+scores|savings\s+list|cuts\s+list|list\s+of\s+(?:\w+\s+)?(?:closures|cuts|posts|jobs))\b", 0.7,
       "repeats an internal council paper the writer has seen"),
    # Decided or discussed in private: "cabinet went into private session", "agreed in the closed exec meeting".
    _p("leaked_meeting", r"\b(?:in\s+(?:a\s+|the\s+)?(?:private|closed)\s+(?:session|meeting|panel|part|exec(?:utive)?"
       r"(?:\s+meeting)?)|(?:private|closed)\s+(?:session|meeting|panel)s?|behind\s+closed\s+doors"
       r"|(?:decide|decides|decided|agreed|rubber[\s-]+stamp\w*(?:\s+it)?|discussed|voted)\s+in\s+private)\b", 0.75,
       "repeats what was decided or said in a private council meeting"),
    # Who has not been told: "nobody's supposed to know yet", "staff don't know", "the unions haven't been told".
    _p("unannounced", r"\b(?:nobody|no\s*one|staff|the\s+unions?|residents|the\s+public|families)(?:['’]s|\s+is"
       r"|\s+has|\s+have|\s+are)?\s+(?:even\s+)?(?:(?:supposed|meant)\s+to\s+know|been\s+told|know\s+yet"
       r"|don['’]?t\s+know|doesn['’]?t\s+know|(?:haven|hasn)['’]?t\s+(?:even\s+)?been\s+told)\b"
       r"|\bnot\s+(?:public|official|being\s+announced|out)\s+(?:yet|till|until)\b"
       r"|\bannouncement\s+(?:isn['’]?t|is\s+not)\s+(?:till|until)\b"
       r"|\bletters\s+(?:don['’]?t|do\s+not)\s+go\s+out\s+(?:till|until)\b|\binternal\s+only\b"
       r"|\binsider\s+here\b", 0.75, "shares news the people it concerns have not been told"),
    _caps("marking", r"\bPROTECT\b", 0.8, "carries the government protective marking PROTECT"),
    # Heard from someone inside: "my sister works in the town hall and she says", "overheard the Leader".
    _p("unannounced", r"\b(?:sister|brother|cousin|neighbou?r|mate|mum|dad|friend|auntie|aunty|uncle|fella|bloke|lad"
       r"|lass|wife|husband|partner)\s+(?:who\s+)?(?:works|cleans|sits|is)\s+(?:in|at|for|on)\s+(?:the\s+)?"
       r"(?:town\s+hall|council|finance|planning|hr|legal|cabinet|payroll|contractor|depot|housing|highways)\b"
       r"|\boverheard\s+(?:\w+\s+){0,4}?(?:the\s+)?(?:leader|chief\s+exec\w*|director|cabinet|councillors?|managers?"
       r"|them|in\s+the\s+(?:private\s+)?meeting)\b", 0.7,
       "repeats what someone inside the council said, before it is public"),
    # Bids and scores of a tender: "scored the bids", "the scoring sheet", "the other lot bid £1.9m".
    _p("marking", r"\bscor(?:ed|ing)\s+(?:the\s+)?(?:bids|tenders|submissions)\b|\bscoring\s+sheet\b"
       r"|\b(?:the\s+other\s+(?:\w+\s+)?|their\s+)(?:bids?|price|quote|tender)\s+(?:was|were|came\s+in\s+at)\b"
       r"|\b(?:lot|firm|company|bidder)\s+bid\s+£\d|\bbids\s+were\s+(?:about\s+)?£", 0.7,
       "reveals tender bids or scores, which are commercially confidential"),
    # draft plans are handled by _draft_plans below
)

_DRAFT_ANCHOR = re.compile(
    r"\bdraft\s+(?:\d{4}(?:/\d{2,4})?\s+)?budget\b|\bbudget\s+(?:proposals|plans|options|cuts)\b"
    r"|\b(?:savings|cuts)\s+(?:proposals|list|plans|options)\b|\bbusiness\s+plans?\b"
    r"|\bdraft\s+(?:restructure|restructuring|proposals|savings|business\s+case|report|strategy|structure)\b"
    r"|\brestructur(?:e|ing)\s+(?:plans|proposals)\b"
)
_SECRECY_CUES = re.compile(
    r"\bnot\s+yet(?:\s+(?:been\s+)?(?:published|announced|public|agreed|released|made\s+public))?\b"
    r"|(?:\bnot|n't)\s+been\s+(?:published|announced|made\s+public)\b|\byet\s+to\s+be\s+(?:published|announced|agreed)\b|\bunpublished\b|\bleak(?:ed|s)?\b"
    r"|\binternal\b|\bconfidential\b|\bsensitive\b|\bunder\s+wraps\b|\bsneak\s+peek\b|\bbefore\s+it'?s\b"
    r"|\bhaven't\s+seen\b|\bnot\s+public\b|\bnot\s+been\s+(?:published|announced)\b|\bunannounced\b"
)
_PLAN_CUES = re.compile(
    r"\b(?:expect|plan|planning|going|set|propose|proposing|intend)\s+to\s+(?:close|cut|shut|axe|scrap"
    r"|merge|outsource|sell|lose|reduce)\b|\b(?:close|shut|axe|scrap)\s+(?:\w+\s+){0,2}?(?:centres?|libraries"
    r"|library|homes?|services?|sites?|offices?)\b|\bcut\s+\d+\s+(?:posts|jobs|staff|roles)\b"
    r"|\b\d+\s+(?:posts|jobs|roles)\s+(?:will\s+)?(?:go|cut|lost)\b|\bredundanc(?:y|ies)\b|\bjob\s+losses\b"
)
_PUBLIC_CUES = re.compile(
    r"\bconsultations?\b|\bhave\s+your\s+say\b|\bopen\s+until\b|\b(?:is|are|was|were|been|is\s+now|are\s+now)\s+"
    r"(?:published|agreed|approved|adopted|set)\b|\bagreed\s+at\b|\bapproved\s+at\b|\bfull\s+council\b"
    r"|\btell\s+us\s+(?:what\s+you\s+think|your\s+views)\b|\bcomment\s+online\b|\bread\s+(?:it|the)\b"
    r"|\bavailable\s+(?:online|to\s+view|on\s+our\s+website)\b|\bpublic\s+meeting\b|\bon\s+our\s+website\b"
    r"|\bnow\s+online\b|\bwatch\s+(?:it\s+)?live\b"
)
# An official "not published yet, we will share it when it is" is a promise, not a leak.
_REASSURANCE = re.compile(
    r"\bwe(?:'ll|\s+will)\s+(?:share|publish|post|update|announce|let\s+you\s+know|confirm)\b"
    r"|\bas\s+soon\s+as\b|\bcheck\s+back\b|\bkeep\s+you\s+(?:posted|updated|informed)\b"
    r"|\bwill\s+be\s+(?:published|announced|available|shared|confirmed)\b"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")
_FIGURE = re.compile(
    r"(?<![\w.])(£|\$|€)?\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s?(%|per\s?cent|percent|m|bn|k|million"
    r"|billion|thousand)\b)?",
    re.IGNORECASE,
)
_UNITS = {"percent": "%", "million": "m", "billion": "bn", "thousand": "k"}
_SHINGLE = 5
_LONG_RUN = 4

_ToOriginal = Callable[[int, int], tuple[int, int]]


@dataclass(frozen=True)
class _Profile:
    shingles: frozenset[str]
    figures: frozenset[str]


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower().replace("\u2019", "'"), m.start(), m.end()) for m in _WORD.finditer(text)]


def _shingles(tokens: list[tuple[str, int, int]]) -> list[str]:
    return [" ".join(t[0] for t in tokens[i : i + _SHINGLE]) for i in range(len(tokens) - _SHINGLE + 1)]


def _figures(text: str) -> list[tuple[str, int, int]]:
    """Distinctive figures: money, percentages, decimals, counts of 10 or more; never bare years."""
    out = []
    for m in _FIGURE.finditer(text):
        currency, digits, unit = m.group(1), m.group(2).replace(",", ""), m.group(4)
        decimals = m.group(3) or ""
        unit_norm = ""
        if unit:
            u = unit.lower().replace(" ", "")
            unit_norm = _UNITS.get(u, u)
        value = int(digits)
        if not currency and not unit_norm and not decimals and (value < 10 or 1900 <= value <= 2100):
            continue
        key = f"{'£' if currency else ''}{digits}{decimals}{unit_norm}"
        out.append((key, m.start(), m.end()))
    return out


@functools.lru_cache(maxsize=512)
def _profile(text: str) -> _Profile:
    """Shingles and figures of a registered document, cached per document text."""
    return _Profile(frozenset(_shingles(_tokens(text))), frozenset(f[0] for f in _figures(text)))


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo, hi = 0, len(text)
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    return lo, hi


@register
class ConfidentialDetector(Detector):
    name = "disclosure.confidential"
    Params = ConfidentialParams

    def __init__(self, params: ConfidentialParams) -> None:
        super().__init__(params)
        self.kinds: frozenset[str] = frozenset(params.kinds)
        self.threshold = params.embargo_threshold
        self.patterns = tuple(p for p in _PATTERNS if p.label in self.kinds)

    def detect(self, doc: Document) -> list[Detection]:
        text = doc.text
        if not text.strip() and not doc.context.embargoed:
            return []
        view = folded(doc)
        found: list[Detection] = []
        shouting = _mostly_capitals(text)
        for pat in self.patterns:
            haystack = text if pat.on_original else view.text
            for m in pat.regex.finditer(haystack):
                if pat.on_original:
                    start, end = m.start(), m.end()
                    # In a post typed in capitals "RESTRICTED" is just a word.
                    conf = 0.45 if shouting else pat.confidence
                else:
                    start, end = view.to_original(m.start(), m.end())
                    conf = pat.confidence
                if pat.label == "unannounced" and not pat.on_original:
                    lo, hi = _sentence_bounds(view.text, m.start(), m.end())
                    if _REASSURANCE.search(view.text, lo, min(len(view.text), hi + 80)):
                        conf = min(conf, 0.35)
                found.append(Detection(start, end, conf, pat.label, f"The post {pat.explanation}.",
                                       {"cue": text[start:end]}))
        if "draft_plan" in self.kinds:
            found.extend(self._draft_plans(view.text, view.to_original, text))
        if "embargo" in self.kinds and doc.context.embargoed:
            active = [d for d in doc.context.embargoed if d.active_on(doc.context.today)]
            found.extend(self._embargo(text, active))
        return _drop_nested(found, text)

    def _draft_plans(self, low: str, to_original: _ToOriginal, text: str) -> list[Detection]:
        out = []
        for m in _DRAFT_ANCHOR.finditer(low):
            lo, hi = _sentence_bounds(low, m.start(), m.end())
            # Secrecy cues may sit in the next sentence ("Draft budget out. Not public yet").
            sentence = low[lo:hi]
            secrecy = list(_SECRECY_CUES.finditer(low, lo, min(len(low), hi + 60)))
            plans = _PLAN_CUES.search(low, lo, hi)
            public = _PUBLIC_CUES.search(sentence)
            draft = "draft" in m.group() or "proposal" in m.group() or "unpublished" in sentence
            if secrecy:
                conf = 0.85
            elif plans and draft:
                conf = 0.7
            elif plans:
                conf = 0.6
            elif draft and "budget" in m.group():
                conf = 0.55
            else:
                continue
            if public and not secrecy:
                conf -= 0.35
            if conf < 0.3:
                continue
            end = m.end()
            if secrecy and secrecy[0].start() < hi:
                end = max(end, secrecy[0].end())
            start, end_o = to_original(m.start(), end)
            what = "a draft or unpublished plan" if draft or secrecy else "an internal plan"
            why = "marked as not yet public" if secrecy else "describing future cuts or closures"
            out.append(Detection(start, end_o, conf, "draft_plan",
                                 f"The post discusses {what} ({why}); spending or business plans not yet "
                                 "communicated to the public must not be discussed.",
                                 {"cue": text[start:end_o]}))
        return out

    def _embargo(self, text: str, docs: Iterable[EmbargoedDocument]) -> list[Detection]:
        tokens = _tokens(text)
        post_shingles = _shingles(tokens)
        post_figures = _figures(text)
        out: list[Detection] = []
        for emb in docs:
            prof = _profile(emb.text)
            hits = [i for i, s in enumerate(post_shingles) if s in prof.shingles]
            containment = len(hits) / len(post_shingles) if post_shingles else 0.0
            shared_figs = [f for f in post_figures if f[0] in prof.figures]
            distinct_figs = {f[0] for f in shared_figs}
            # Four matching shingles (a verbatim run of eight words or more) is a leak whatever else the post
            # says.
            text_hit = bool(hits) and (containment >= self.threshold or len(hits) >= _LONG_RUN)
            strong = any(not k.isdigit() for k in distinct_figs)  # money, percentages, decimals
            fig_hit = len(distinct_figs) >= 3 or (len(distinct_figs) >= 2 and (bool(hits) or strong))
            if not (text_hit or fig_hit):
                continue
            spans: list[tuple[int, int]] = []
            if hits:
                spans.append((tokens[hits[0]][1], tokens[hits[-1] + _SHINGLE - 1][2]))
            spans.extend((f[1], f[2]) for f in shared_figs)
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
            if text_hit:
                conf = min(1.0, 0.65 + 0.35 * max(containment, self.threshold))
                why = (f"{round(containment * 100)}% of its five-word phrases appear in the embargoed "
                       f"document {emb.title!r}")
            else:
                conf = min(0.9, 0.55 + 0.1 * len(distinct_figs))
                why = f"it repeats {len(distinct_figs)} figures from the embargoed document {emb.title!r}"
            if distinct_figs and hits:
                conf = min(1.0, conf + 0.05)
            out.append(Detection(start, end, conf, "embargo",
                                 f"The post overlaps an embargoed document: {why}.",
                                 {"document": emb.title, "cue": text[start:end]}))
        return out


_CAPS_LETTERS = re.compile(r"[A-Z]")
_LETTERS = re.compile(r"[A-Za-z]")


def _mostly_capitals(text: str) -> bool:
    letters = len(_LETTERS.findall(text))
    return letters >= 20 and len(_CAPS_LETTERS.findall(text)) / letters > 0.6


def _drop_nested(found: list[Detection], text: str) -> list[Detection]:
    """One cue, one finding: merge overlapping detections of the same label into one span (keeping the
    highest confidence), then drop a detection lying wholly inside another that is at least as confident."""
    found.sort(key=lambda d: (d.start, -(d.end - d.start), -d.confidence))
    merged: list[Detection] = []
    for d in found:
        prev = next((k for k in reversed(merged) if k.label == d.label and d.start < k.end), None)
        if prev is None:
            merged.append(d)
            continue
        best = prev if prev.confidence >= d.confidence else d
        end = max(prev.end, d.end)
        attrs = dict(best.attributes)
        attrs["cue"] = text[prev.start : end]
        merged[merged.index(prev)] = replace(best, start=prev.start, end=end, attributes=attrs)
    kept: list[Detection] = []
    for d in merged:
        if any(k.start <= d.start and d.end <= k.end and k.confidence >= d.confidence for k in kept):
            continue
        kept.append(d)
    return kept
