"""`conduct.personal_view`: a personal post presenting the author's views as the council's (St Helens 5.4;
Sefton 5.3d).

Catches a claim to speak for the council ("speaking for / on behalf of Sefton Council", "as a council
officer I can tell you", "we at the council think", "the council thinks / believes / reckons / wants",
"the council's view is", "officially," at the start of a sentence) in the same sentence as an opinion or
evaluation (terrible / good / bad idea, a mistake, should / shouldn't, support / oppose, a waste, unfair...).
A strong claim ("speaking for", "on behalf of", "as a council officer I can tell you", "we at the council")
without an evaluation is reported at 0.55; a weak one ("officially,", "the council says") at 0.3.

Labels: ``speaking_for_council`` (a strong claim) or ``council_view`` (a claim about what the council
thinks). Span: from the claim to the end of the evaluation when it follows, else the claim.

Not fired by stating one's job ("I work for the council and I'm proud of our libraries") or by
reporting a council announcement ("The council has announced new parking charges from May").

Misses: implicit claims ("take it from me, the decision's already made"), a claim and an opinion in
different sentences, and council names not ending in "Council" ("the authority").
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
_COUNCIL = r"(?:(?:the|my|our|this) )?(?:(?-i:[A-Z][a-z]+\.? ){0,3}(?:Borough |Metropolitan Borough )?)?" \
    r"(?i:council|authority|local authority)\b|\b(?:SMBC|STHMBC)\b"

_STRONG: list[re.Pattern[str]] = [
    re.compile(r"\b(?:speaking|I(?:'m| am) (?:speaking|talking|writing|posting)) (?:for|on behalf of) "
               r"(?:" + _COUNCIL + r")", _I),
    re.compile(r"\bon behalf of (?:" + _COUNCIL + r")", _I),
    re.compile(r"\bas (?:a|an|the) (?:(?:[A-Z][a-z]+ )?council|local authority|senior) (?:officer|employee|"
               r"worker|member of staff|manager|official|insider|director)\b[,]? (?:I|we) (?:can|could|will|"
               r"would) (?:tell|say|confirm|assure|promise)", _I),
    re.compile(r"\b(?:we|us) (?:at|in|from) (?:" + _COUNCIL + r")", _I),
    re.compile(r"\b(?:the|our) (?:official )?(?:council(?:'s)? )?(?:official )?(?:line|view|position|stance|opinion) "
               r"(?:is|here is)\b", _I),
    re.compile(r"\b(?:" + _COUNCIL + r")(?:'s| is| are)? (?:official )?(?:view|position|stance|opinion|line) "
               r"(?:is|here is)\b", _I),
]
_WEAK: list[re.Pattern[str]] = [
    re.compile(r"\b(?:" + _COUNCIL + r") (?:thinks|believes|feels|reckons|agrees|disagrees|wants|supports|opposes|"
               r"backs|is (?:against|in favour of|behind|fed up|sick)|doesn'?t (?:care|want|think)|has decided)\b",
               _I),
    re.compile(r"\b(?:" + _COUNCIL + r") (?:says|is saying|would say|will tell you)\b", _I),
    re.compile(r"(?:^|[.!?]\s+|\band\s+)officially,", _I),
]
_EVALUATION = re.compile(
    r"\b(?:(?:a |an )?(?:terrible|awful|dreadful|bad|good|great|brilliant|stupid|silly|ridiculous|daft|"
    r"excellent|fantastic|poor|wrong|right|mad|crazy|pointless|unfair|fair|sensible|disastrous)(?: idea| decision|"
    r" plan| move| policy| scheme| thing| choice)?|(?:a )?(?:mistake|disaster|waste(?: of (?:money|time))?|"
    r"joke|shambles|disgrace|rip[- ]off|con)|should(?:n'?t| not)?|must(?:n'?t)?|ought to|support|oppose|"
    r"against|in favour|love|hate|best|worst|better|worse|agree|disagree|unacceptable|outrageous|"
    r"deserve|need to)\b",
    _I,
)


class PersonalViewParams(Params):
    min_confidence: float = 0.0


@register
class PersonalViewDetector(ReadsCouncilHeads):
    name = "conduct.personal_view"
    Params = PersonalViewParams

    def detect(self, doc: Document) -> list[Detection]:
        return with_council_head(doc, self._patterns(doc), "personal_view", "council_view",
                                 "presents a personal view as the council's position", {"claim": SPAN})

    def _patterns(self, doc: Document) -> list[Detection]:
        text = doc.text
        out: list[Detection] = []
        for s, e in sentences(doc):
            found: tuple[re.Match[str], str, float] | None = None
            for p in _STRONG:
                m = p.search(text, s, e)
                if m and (found is None or m.start() < found[0].start()):
                    found = (m, "speaking_for_council", 0.55)
            if found is None:
                for p in _WEAK:
                    m = p.search(text, s, e)
                    if m and (found is None or m.start() < found[0].start()):
                        found = (m, "council_view", 0.3)
            if found is None:
                continue
            claim, label, conf = found
            start, end = claim.start(), claim.end()
            # "officially," may carry the sentence break before it.
            while start < end and not text[start].isalnum():
                start += 1
            evaluation = None
            for ev in _EVALUATION.finditer(text, claim.end(), e):
                evaluation = ev  # the last evaluation in the sentence closes the span
            if evaluation is None:
                evaluation = _EVALUATION.search(text, s, claim.start())
            if evaluation is not None:
                conf = 0.85 if label == "speaking_for_council" else 0.7
                end = max(end, evaluation.end())
            if conf < self.params.min_confidence:  # type: ignore[attr-defined]
                continue
            why = f"presents a view as the council's ({claim.group(0).strip()})"
            if evaluation is not None:
                why += f" together with an opinion ({evaluation.group(0)})"
            out.append(Detection(start, end, conf, label, why, {"claim": claim.group(0).strip()}))
        return out
