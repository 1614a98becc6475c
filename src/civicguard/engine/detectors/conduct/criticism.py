"""`conduct.criticism`: an employee's personal post criticising the council, colleagues, service users or
suppliers (St Helens 5.3 and 7.4; Sefton 5.3a).

Catches a clause that holds both a negative evaluation (clowns, useless, incompetent, shambles, a joke,
disgrace, idiots, hopeless, waste of space, can't stand, sick of, lazy, rubbish, pathetic, clueless..., and
any insult or strong profanity the offensive lexicon finds: "a thick useless pillock", "you toothless gobshite")
and a target:

* ``council``: "the council I work for", "this council", "the council", "St Helens Council", "SMBC",
  "management", "senior leadership", "my employer", "my department";
* ``colleague``: "my manager (Gary)", "our new manager", "my boss", "my supervisor", "my colleagues", "my team",
  "someone on my team", "the gaffers", "the people I work with";
* ``service_user``: "our service users", "customers", "clients", "tenants", "the public", "residents", and one
  of them ("a customer", "dear tenant");
* ``supplier``: "the contractor(s)", "our suppliers", "the agency", "X Ltd" / "X Builders".

When a clause has an evaluation but no target, the two previous clauses of the sentence are searched
("the council, honestly, is a shambles"). Span: from the target to the end of the last evaluation in the
clause; attributes ``target``.

Not fired by praise ("Proud of my colleagues in the bins team today"), by the evaluation words used as
nouns for council services ("rubbish collection", "waste of food") or by negated evaluations ("no joke").

Misses: sarcasm ("great job as always, council"), criticism without a listed word ("they never listen"),
targets only implied ("this place"), and criticism of named individuals without a role word. A sentence
with no target of its own takes the last target of the sentence before when it points back ("He's clueless",
"Mate you're ...") or is a one- or two-word verdict ("Shambles.").
"""

from __future__ import annotations

import re

from civicguard.engine.councilmodel import with_council_head
from civicguard.engine.detectors.base import Document, Params
from civicguard.engine.detectors.conduct._text import clauses, noisy_or, sentences
from civicguard.engine.detectors.council_heads import ReadsCouncilHeads
from civicguard.engine.detectors.language import offensive_lexicon
from civicguard.engine.detectors.language.discrimination_contempt import contempt_spans
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import Detection
from civicguard.engine.normalise import deobfuscated

_I = re.IGNORECASE

_NEGATIVE: list[tuple[re.Pattern[str], float]] = [
    (re.compile(r"\b(?:run by|bunch of|load of|lot of|set of|pack of|circus of|like|are|'re|is|absolute|total|"
                r"complete|utter|proper|right|such|what) (?:\w+ )?(?:clowns?|muppets?|donkeys|monkeys|cowboys)\b", _I),
     0.8),
    # Contempt for the people a service is for: "scroungers, every last one of them".
    (re.compile(r"\b(?:scroungers?|spongers?|parasites|scum(?:bags?)?|wasters|freeloaders|chavs|vermin|low ?lifes?"
                r"|dregs|feral|animals)\b", _I), 0.75),
    (re.compile(r"\b(?:useless|incompetent|hopeless|clueless|pathetic|shambolic|spineless|gutless|lazy|"
                r"idiots?|idiotic|morons?|moronic|imbeciles?|numpties|numpty|plonkers?|jobsworths?|dinosaurs|"
                r"a disgrace|disgraceful|an embarrassment|embarrassing|a nightmare|a farce|farcical|"
                r"not fit for purpose|waste of (?:space|oxygen|money|a salary)|good for nothing|two[- ]faced|"
                r"backstabb(?:ing|ers?)|a mess|toxic|bullies|bullying|hollow|spin|lip service|all talk|"
                r"don'?t have a clue|haven'?t got a clue|no idea what (?:they|he|she)(?:'re|'s| are| is) doing)\b",
                _I), 0.75),
    (re.compile(r"\b(?:is|are|was|were|'s|'re|so|really|absolutely|utterly|bloody|totally) (?:dreadful|awful|"
                r"terrible|appalling)\b", _I), 0.7),
    (re.compile(r"\b(?:shambles|a joke|an? (?:\w+ )?joke|joke of an?|farce)\b", _I), 0.75),
    (re.compile(r"\b(?:is|are|was|were|'s|'re|so|absolutely|totally|utterly|complete|utter|pretty|bloody|proper)"
                r" rubbish\b(?! (?:collections?|bins?|tip|bags?|day|lorr(?:y|ies)|trucks?|sacks?|removal))", _I),
     0.7),
    (re.compile(r"\b(?:can'?t stand|sick (?:and tired )?of|fed up (?:of|with)|hate|despise|loathe|had enough of)\b",
                _I), 0.7),
]
_NOT_EVALUATIVE = re.compile(r"\b(?:no|not|never|told|tell|telling|made|share|shared|heard|funny|best)\W+(?:\w+\W+)?$",
                             _I)

_TARGETS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:(?:my|our) (?:new |line |senior )?(?:manager|boss|supervisor|team leader|team ?lead|"
                r"head of service)(?: (?-i:[A-Z][a-z]+))?|my (?:co-?workers|colleagues?|team(?:mates)?|workmates?|"
                r"department head)|(?:on|in|from) my (?:team|shift|section|office|floor|round)|"
                r"(?:the )?(?:people|staff|folk|lot) I work with|(?:our|my) director|(?:the |our |my )?gaffers?)\b",
                _I), "colleague"),
    (re.compile(r"\b(?:the|this|our|my) council(?: I work for| I work at)?\b|\b(?:St\.? Helens|Sefton)(?: Borough| "
                r"Metropolitan Borough)? Council\b|\b(?:SMBC|STHMBC|MBC)\b|\b(?:senior |the )?management\b|"
                r"\b(?:senior |the )?leadership(?: team)?\b|\bmy (?:employer|department|directorate|workplace|"
                r"place of work|job)\b|\bthe (?:town hall|cabinet|councillors)\b|\bthis place\b", _I), "council"),
    (re.compile(r"\b(?:our |the |these |some |most |half the |all the )?(?:service users|customers|clients|"
                r"tenants|claimants|members of the public|the public|residents|callers|applicants|"
                r"families we (?:work with|support|deal with))\b|\b(?:a|the|this|one|dear) (?:customer|tenant|"
                r"service user|client|caller|claimant|resident)\b", _I), "service_user"),
    (re.compile(r"\b(?:the|our|these|this) (?:new |current |latest |useless )?(?:contractors?|suppliers?|agency|"
                r"consultants?|subcontractors?)\b", _I), "supplier"),
    (re.compile(r"\b(?:[A-Z][\w&'’-]*\s){1,3}(?:Ltd|Limited|PLC|plc|Builders|Construction|Contractors|"
                r"Services)\b"), "supplier"),
]
# A sentence that goes on about the target of the one before: it opens by addressing or pointing back at them
# ("Mate you're still as thick as mince", "He's useless") or is a one- or two-word verdict ("Shambles.",
# "Total farce.").
_FOLLOW_ON = re.compile(r"\s*(?:(?:mate|pal|love|hun|he|she|they|you|he's|she's|they're|you're|his|her|"
                        r"their|your)\b|(?:[\w'’-]+\W*){1,2}$)", _I)
_PRAISE = re.compile(r"\b(?:proud|thank(?:s| you)|well done|love|brilliant|amazing|great|fantastic)\b", _I)


Evaluation = tuple[int, int, str, float]  # start, end, the words, weight


def _insults(doc: Document) -> list[Evaluation]:
    """Insults and strong profanity the offensive lexicon finds (its memoised hits, so no second pass), as
    evaluations: "a fat useless scrote", "proper muppets", "thick as mince" aimed at a colleague or a tenant in a
    personal post is criticism of them (St Helens 7.4)."""
    view = deobfuscated(doc)
    out = []
    for h in offensive_lexicon.hits(doc):
        if h.label in ("insult", "profanity", "harassment") and h.confidence >= 0.5:
            start, end = view.to_original(h.start, h.end)
            out.append((start, end, doc.text[start:end], min(h.confidence, 0.8)))
    return out


def _contempt(doc: Document) -> list[Evaluation]:
    """Contempt for a group by a protected characteristic (the discrimination detector's memoised reading), as
    evaluations: aimed at colleagues or the people a service is for in a personal post ("our pregnant staff should
    be sent home", "the families we deal with in housing are all the same") it is criticism of them too."""
    view = deobfuscated(doc)
    out = []
    for span in contempt_spans(doc):
        start, end = view.to_original(span.start, span.end)
        out.append((start, end, doc.text[start:end], min(span.confidence, 0.8)))
    return out


class CriticismParams(Params):
    min_confidence: float = 0.0


@register
class CriticismDetector(ReadsCouncilHeads):
    name = "conduct.criticism"
    Params = CriticismParams

    def detect(self, doc: Document) -> list[Detection]:
        return with_council_head(doc, self._patterns(doc), "criticism", "criticism",
                                 "reads as criticism of the council, its services, service users, suppliers or "
                                 "colleagues in a personal post", {"target": "the council or people it works with"})

    def _patterns(self, doc: Document) -> list[Detection]:
        text = doc.text
        out: list[Detection] = []
        insults = _insults(doc) + _contempt(doc)
        last: tuple[re.Match[str], str] | None = None  # the last target of the sentence before
        for s, e in sentences(doc):
            parts = clauses(text, s, e)
            previous, last = last, next(
                (t for cs, ce in reversed(parts) if (t := self._target(text, cs, ce)) is not None), None)
            for k, (cs, ce) in enumerate(parts):
                hits: list[Evaluation] = [
                    (m.start(), m.end(), m.group(0), w)
                    for p, w in _NEGATIVE
                    for m in p.finditer(text, cs, ce)
                    if not _NOT_EVALUATIVE.search(text, max(cs, m.start() - 20), m.start())
                ]
                hits += [h for h in insults if cs <= h[0] and h[1] <= ce
                         and all(h[1] <= o[0] or h[0] >= o[1] for o in hits)]
                if not hits:
                    continue
                target = self._target(text, cs, ce)
                for back in (1, 2):  # the target may be in an earlier clause of the sentence
                    if target is None and k >= back:
                        target = self._target(text, *parts[k - back])
                if target is None and k == 0 and previous is not None and _FOLLOW_ON.match(text, s, e):
                    target = previous  # "My colleague Dean got a regrade. Mate you're still as thick as mince."
                if target is None:
                    continue
                tm, label = target
                end = max(tm.end(), max(h[1] for h in hits))
                start = min(tm.start(), min(h[0] for h in hits))
                conf = noisy_or(h[3] for h in hits)
                if tm.start() < cs:
                    conf -= 0.1  # target only in the previous clause
                if _PRAISE.search(text, cs, ce):
                    conf -= 0.2
                if conf < self.params.min_confidence:  # type: ignore[attr-defined]
                    continue
                out.append(Detection(
                    start, end, round(conf, 3), label,
                    f"criticises {tm.group(0)} ({', '.join(h[2] for h in hits)}) in a personal post",
                    {"target": tm.group(0)},
                ))
        return out

    @staticmethod
    def _target(text: str, s: int, e: int) -> tuple[re.Match[str], str] | None:
        for pattern, label in _TARGETS:
            m = pattern.search(text, s, e)
            if m:
                return m, label
        return None
