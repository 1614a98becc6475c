"""`intent.routing`: what a third-party comment wants, so it can be routed (St Helens 6.16-6.18; Sefton 1.2).

One instance per intent (``Params.intent``):

* ``service_request``: a reported problem (burst main, flooding, pothole, missed bin, streetlight out,
  fly-tipping, blocked drain, dog fouling, abandoned car...) or a request for service ("can someone
  please send", "when will", "how do I apply / book / report", "who do I contact");
* ``complaint``: dissatisfaction with a service ("I've complained three times", "nobody has done
  anything", "disgraceful service", "appalling", "still waiting", "fed up with", "worst council",
  "I want to make a complaint", "never turned up");
* ``press_enquiry``: a journalist or a request for a statement ("I'm a reporter at the Echo", "could the
  council give us a statement", "for a story", "press office", "comment for our article", "on behalf of
  the BBC").

Every cue has a weight; a comment's confidence is the noisy-or of its cues, so several weak cues add up.
One detection per comment: the span is the strongest cue (the earliest when tied), label = the intent,
attributes ``intent`` and ``cues``.

For ``complaint`` the cues are combined with the trained ``complaint`` head (engine/textmodel.py,
``use_model``): the confidence is the head's calibrated probability at ``base_rate``, a cue of weight
``rule_floor`` (0.7) or more keeps at least its weight, and a text with no cue is reported on its best sentence
when the model gives at least ``report_floor``. The other intents are rules only.

Measured on the X-CI complaints data (consumer-brand tweets, validation split; section
``civicguard.evaluation.intent:complaints``): with the model, threshold 0.5, P 0.809, R 0.623, F1 0.704
(threshold 0.3, chosen on validation: P 0.726, R 0.825, F1 0.772); rules only, threshold 0.5, P 0.797, R 0.344,
F1 0.481. That data counts any reported problem as a complaint, so the model also leans that way: on generated
council messages it calls some service requests and press enquiries complaints (complaint precision 0.69 on the
development seed).

Not fired by compliments ("Great job on the new playground in Victoria Park, the kids love it!").
Misses: sarcasm ("great, another week without a bin collection" is caught only through "without a bin
collection"-style cues it lacks), questions with no listed wording, and non-English comments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field

from civicguard.engine.councilmodel import with_council_head
from civicguard.engine.detectors import base
from civicguard.engine.detectors.base import Document, Params
from civicguard.engine.detectors.conduct._text import noisy_or
from civicguard.engine.detectors.council_heads import ReadsCouncilHeads
from civicguard.engine.detectors.language._model import best_sentence, prepare_models, warm_model
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import Detection
from civicguard.engine.textmodel import calibrated, doc_logits, shared_model, stack_inputs

_I = re.IGNORECASE
Intent = Literal["service_request", "complaint", "press_enquiry"]


def _cues(*pairs: tuple[str, float]) -> list[tuple[re.Pattern[str], float]]:
    return [(re.compile(p, _I), w) for p, w in pairs]


_NEG = r"(?:not|n'?t|never|no longer)"
_CUES: dict[str, list[tuple[re.Pattern[str], float]]] = {
    "service_request": _cues(
        (r"\bburst (?:water )?(?:main|pipe)s?\b|\bwater main\b|\b(?:flood(?:ed|ing)|under water)\b", 0.6),
        (r"\bpot ?holes?\b|\bsink ?hole\b|\b(?:broken|cracked|uneven|damaged) (?:paving|pavement|slabs?|road|"
         r"kerb|swing|fence|glass|bench|railings?)\b", 0.6),
        (r"\bmissed (?:bins?|collections?)\b|\bbins? (?:(?:has|have|was|were)(?:n'?t| not) (?:been )?|"
         r"(?:not|never) (?:been |being )?)(?:collected|emptied)\b|\boverflowing bins?\b|\b(?:bins?|collections?) "
         r"(?:have|has|had|were|was|got|keep getting) (?:been )?missed\b", 0.65),
        (r"\b(?:street ?lights?|street ?lamps?|lamp ?posts?|traffic lights?)(?: \w+){0,5} (?:out|off|"
         r"not working|broken|flickering|down|been out)\b", 0.65),
        (r"\bfly[- ]?tip(?:ping|ped|pers?)?\b|\b(?:dumped|abandoned) (?:rubbish|mattress(?:es)?|fridges?|"
         r"waste|sofas?|cars?|vehicles?|bags?)\b|\bgraffiti\b|\bdog (?:mess|fouling|poo)\b", 0.6),
        (r"\bblocked (?:drains?|gull(?:y|ies)|grids?|road)\b|\b(?:fallen|dangerous) trees?\b|\btrees? (?:down|"
         r"has fallen|blocking)\b|\bno (?:heating|hot water|gritting)\b|\bdamp and mou?ld\b|\bnot been gritted\b|"
         r"\bgas leak\b|\bleak(?:ing)? (?:pipe|roof|water)\b", 0.6),
        (r"\bcan (?:someone|somebody|you|anyone|the council|they)(?: please)? (?:send|come|sort|fix|look|check|"
         r"clear|collect|empty|remove|help|tell me|let me know|advise|repair)\b", 0.7),
        (r"\bplease (?:send|fix|sort|come|clear|collect|remove|repair|empty|can|could|help|advise)\b", 0.55),
        (r"\bwhen (?:will|is|are|does|do|can) (?:the |my |our |you |they |it |this |someone )?", 0.5),
        (r"\bhow (?:do|can|would|should) (?:i|we) (?:apply|book|report|get|request|pay|register|renew|order|"
         r"cancel|contact|find|arrange|claim|appeal|change)\b|\bwhere (?:do|can) (?:i|we) (?:apply|book|report|"
         r"get|pay|find|take)\b|\bwho (?:do|should|can) (?:i|we) (?:contact|speak to|talk to|report|call|ask)\b",
         0.7),
        (r"\bi(?:'d| would) like to (?:report|book|apply|request|order|arrange)\b|\bi need to (?:report|book|"
         r"apply|renew|pay)\b|\bi want to report\b|\bis there (?:a|any) way to\b|\bcan i (?:book|apply|get|"
         r"order|report|pay)\b", 0.65),
        (r"\b(?:report(?:ing)?|reported) (?:a|an|the)\b", 0.35),
    ),
    "complaint": _cues(
        (r"\b(?:i'?ve|i have|we'?ve|we have|i|we) (?:already |now )?(?:complained|reported|rung|rang|called|"
         r"phoned|emailed|e-mailed|written|chased|contacted you)(?: (?:this|it|them|you|about (?:this|it)))?"
         r"(?: \w+)? (?:times|twice|again|already|before|weeks|months|days)\b|\bcomplained (?:\w+ ){0,3}times\b",
         0.8),
        (r"\b(?:no ?(?:one|body)|nobody) (?:has |have |ever |even )*(?:done|bothered|come|replied|responded|"
         r"got back|listened|cares?|turned up|fixed|answered|called back|rang back)\b|\bnothing (?:has been|'s "
         r"been|has|was|gets|ever gets) (?:done|happened|fixed|sorted)\b", 0.75),
        (r"\bdisgrace(?:ful)?\b|\bappalling\b|\bdiabolical\b|\batrocious\b|\babysmal\b|\bshocking\b|\bshambles\b|"
         r"\bunacceptable\b|\bpathetic\b|\bincompetent\b|\bridiculous\b|\bludicrous\b|\boutrageous\b|"
         r"\bdisgusted\b|\bfurious\b|\blivid\b|\bfuming\b|\bjoke\b", 0.7),
        (r"\b(?:terrible|awful|poor|bad|rubbish|useless|worst|horrible|dreadful|lousy|crap|shit|slow|rude|"
         r"zero|no) (?:customer )?(?:service|support|response|experience|communication)\b|\bworst\b", 0.75),
        (r"\bstill (?:waiting|not|no|nothing|haven'?t|hasn'?t|can'?t|isn'?t|aren'?t|doesn'?t|don'?t|broken|"
         r"have(?:n'?t)?|has(?:n'?t)?)\b", 0.6),
        (r"\bfed up\b|\bsick (?:and tired )?of\b|\bhad enough\b|\bfrustrat(?:ed|ing)\b|\bdisappoint(?:ed|ing)\b|"
         r"\bannoy(?:ed|ing)\b|\bangry\b|\bupset\b|\bunhappy\b|\bnot happy\b|\bnot impressed\b|\bfail(?:ed|s|ing)?\b",
         0.55),
        (r"\b(?:want|wish|would like|going) to (?:make|raise|lodge|file|put in) a (?:formal )?complaint\b|"
         r"\bcomplain(?:t|ts|ing|ed)?\b", 0.6),
        (r"\bnever (?:turn(?:ed|s)? up|came|arrived|replied|responded|got back|heard back|been (?:collected|"
         r"fixed|emptied|repaired))\b|\b(?:waited|waiting) (?:for )?(?:over |more than )?(?:\d+|a|an|two|three|"
         r"four|five|six|several|many) (?:days|weeks|months|hours|years)\b", 0.7),
        (r"\b(?:yet|once) again\b|\bagain!|\bfor the (?:\w+) time\b|\bevery (?:single )?time\b", 0.4),
        (r"\b(?:do(?:es)?n'?t|did(?:n'?t)?|is(?:n'?t)|are(?:n'?t)|was(?:n'?t)|won'?t|can'?t|cannot|has(?:n'?t)|"
         r"have(?:n'?t)|keeps?)(?: not| even| still| never| been)* (?:work(?:ing)?|crash(?:ing|es)?|load(?:ing)?|"
         r"respond(?:ing)?|arrived?|deliver(?:ed)?|collected|fixed|emptied|sorted|answer(?:ed|ing)?|"
         r"repl(?:y|ied|ying)|refund(?:ed)?|resolved|receiv(?:e|ed)|turn(?:ed)? up|showing|charg(?:ed|ing))\b",
         0.45),
        (r"\bwhy (?:is|are|does|do|has|have|can'?t|won'?t|don'?t|doesn'?t|hasn'?t|haven'?t|isn'?t|aren'?t|"
         r"did|didn'?t|would|should) \w+", 0.35),
        (r"\bbroken\b|\bwrong\b|\bmissing\b|\bdamaged\b|\bcharged (?:me )?twice\b|\bovercharged\b|\brefund\b|"
         r"\bcancel(?:led)? my\b|\bwaste of (?:money|time)\b|\bripp?(?:ed)? off\b|\bcheated\b|\bscam\b", 0.4),
        (r"\bworst (?:council|service|company|ever)\b", 0.85),
        (r"\bno (?:reply|response|reaponse|answer|help|sign of|one (?:answers|replies)|internet|signal|service|"
         r"power|wifi|water|heating|updates?|news|show)\b|\bnot available\b|\bout of stock\b|\bis (?:down|"
         r"broken)\b|\b(?:issue|problem|error|fault)s?\b", 0.5),
        (r"\b(?:won'?t|wont|can'?t|cant|cannot|doesn'?t|doesnt|didn'?t|didnt|isn'?t|isnt|hasn'?t|hasnt|"
         r"haven'?t|havent|not) (?:\w+ )?(?:work|connect|load|open|let|get|find|log|sign|access|arrive|accept|"
         r"shipped|delivered|received|turn|start|charge|play|update|install|respond|reply|fix|sort|help|"
         r"match|show)\w*\b", 0.5),
        (r"\bdisgust(?:ing|ed)\b|\bpissed\b|\bi'?m done\b|\bterrible\b|\bawful\b|\bhorrible\b|\bsucks\b|"
         r"\bforgot\b|\bforget\b|\bdirty\b|\bcold food\b|\bdelayed\b|\bcancell?ed\b|\blost (?:my|our)\b|"
         r"\bwaiting (?:for|on)\b|\btrying to\b|\b(?:hours|days|weeks) (?:later|now|since|and)\b", 0.45),
        (r"\bignor(?:ed|ing)\b|\blet down\b|\bunable to\b|\bkeeps? \w+ing\b|\bcharged (?:\w+ ){0,4}twice\b|"
         r"\b(?:power|water|internet|light|lights|heating) (?:is|are|went|has gone|keeps going) (?:out|off|down)\b|"
         r"\bhow can you\b|\bwhat'?s (?:going on|up)\b|\bshould(?:n'?t|nt| not) have to\b|\bstupid(?:ity)?\b|"
         r"\bno progress\b|\bso hard to\b", 0.5),
    ),
    "press_enquiry": _cues(
        (r"\bi(?:'m| am) (?:a|an|the) (?:\w+ )?(?:reporter|journalist|producer|correspondent|editor|researcher|"
         r"presenter)\b", 0.8),
        (r"\b(?:reporter|journalist|producer|correspondent|news ?desk|newsroom|editor) (?:at|for|with|from) "
         r"(?:the )?[A-Z][\w&]*", 0.7),
        (r"\b(?:give|provide|issue|send|make|offer|have|get) (?:us |me )?(?:a |an |any )?(?:statement|comment|"
         r"quote)\b|\b(?:a |any )?statement (?:on|about|regarding|from the council)\b|\b(?:request(?:ing)?|"
         r"asking for) (?:a )?(?:comment|statement|response)\b", 0.65),
        (r"\bfor (?:a|an|our|my|the) (?:news )?(?:story|article|piece|report|feature|programme|bulletin|broadcast|"
         r"podcast|documentary)\b", 0.6),
        (r"\bpress (?:office|team|officer|enquir(?:y|ies)|release|contact)\b|\bmedia (?:team|enquir(?:y|ies)|"
         r"office|contact|relations)\b", 0.6),
        (r"\bcomment for (?:our|an|a|my|the) (?:article|story|piece|report)\b|\b(?:would|does|can|will) the "
         r"council (?:like to |care to |wish to )?(?:comment|respond)\b", 0.7),
        (r"\b(?:on behalf of|from|at|for|with) (?:the )?(?:Liverpool Echo|Echo|BBC(?: \w+)?|ITV(?: \w+)?|Granada|"
         r"Sky News|Guardian|St Helens Star|Champion|Southport Visiter|Radio Merseyside|Radio City|Mirror|"
         r"Liverpool Post|Manchester Evening News|Press Association|PA Media|Reach plc|Times|Telegraph|"
         r"Independent|Channel 4|Channel 5)\b", 0.55),
        (r"\b(?:our|my|a) deadline\b|\bby (?:\d{1,2}(?:am|pm)|noon|end of (?:the )?day) (?:today|tomorrow)\b"
         r"|\binterview\b", 0.3),
    ),
}
_EXPLAIN = {
    "service_request": "reports a problem or asks for a council service",
    "complaint": "expresses dissatisfaction with a service",
    "press_enquiry": "is from the press or asks the council for a statement",
}


class IntentParams(Params):
    intent: Intent
    # Complaints only: combine the cues with the trained ``complaint`` head (engine/textmodel.py). The detection's
    # confidence becomes the model's calibrated probability, and a complaint with no listed cue is reported too.
    # Off for rules-only diagnosis and evaluation; ignored for the other intents (the model has no head for them).
    use_model: bool = True
    # The share of complaints among the comments checked: the probability is moved to this base rate (see
    # textmodel.calibrated). None keeps the training data's rate (X-CI, 36%).
    base_rate: float | None = Field(default=0.3, gt=0, lt=1)
    # A cue this strong on its own ("I've complained three times", "worst council", "disgraceful") keeps at least
    # its weight, so council wording the consumer-brand training tweets lack is not talked down by the model.
    rule_floor: float = Field(default=0.7, ge=0, le=1)
    # A model-only detection (no cue) below this probability is not reported at all.
    report_floor: float = Field(default=0.25, ge=0, le=1)


@register
class IntentDetector(ReadsCouncilHeads):
    name = "intent.routing"
    Params = IntentParams

    def __init__(self, params: base.Params) -> None:
        super().__init__(params)
        assert isinstance(params, IntentParams)
        self.p = params
        self.intent: str = params.intent
        self._cues = _CUES[params.intent]
        self._use_model = params.use_model and params.intent == "complaint"

    def scored(self, text: str) -> tuple[float, list[tuple[re.Match[str], float]]]:
        hits = [(m, w) for p, w in self._cues for m in [p.search(text)] if m]
        return (noisy_or((w for _, w in hits), cap=0.95) if hits else 0.0), hits

    def model_probability(self, doc: Document) -> float:
        """The complaint head's calibrated probability for the whole text, at this rule's base rate."""
        head = shared_model().heads["complaint"]
        return calibrated(head, stack_inputs(float(doc_logits(doc)["complaint"][0]), [], []), self.p.base_rate)

    def prepare_batch(self, texts: Sequence[str], memos: Sequence[dict[str, Any]]) -> None:
        super().prepare_batch(texts, memos)
        if self.p.use_model:
            prepare_models(texts, memos)

    def warm_up(self) -> None:
        super().warm_up()
        if self.p.use_model:
            warm_model()

    def detect(self, doc: Document) -> list[Detection]:
        return with_council_head(doc, self._patterns(doc), self.intent, self.intent, _EXPLAIN[self.intent],
                                 {"intent": self.intent.replace("_", " "), "cues": ""})

    def _patterns(self, doc: Document) -> list[Detection]:
        conf, hits = self.scored(doc.text)
        p = self.model_probability(doc) if self._use_model else None
        if not hits:
            return [] if p is None else self._model_only(doc, p)
        best, strongest = max(hits, key=lambda h: (h[1], -h[0].start()))
        cues = ", ".join(m.group(0).strip() for m, _ in sorted(hits, key=lambda h: h[0].start()))
        attributes = {"intent": self.intent.replace("_", " "), "cues": cues}
        explanation = f"{_EXPLAIN[self.intent]} ({cues})"
        if p is not None:
            attributes["rule_confidence"] = str(round(conf, 3))
            attributes["model_probability"] = str(round(p, 3))
            conf = max(p, strongest) if strongest >= self.p.rule_floor else p
            explanation += f"; trained model probability {p:.2f}"
        return [Detection(best.start(), best.end(), round(conf, 3), self.intent, explanation, attributes)]

    def _model_only(self, doc: Document, p: float) -> list[Detection]:
        if p < self.p.report_floor:
            return []
        start, end = best_sentence(doc, "complaint")
        return [Detection(start, end, round(p, 3), self.intent,
                          f"{_EXPLAIN[self.intent]} (trained model, probability {p:.2f}; no listed wording)",
                          {"intent": self.intent.replace("_", " "), "cues": "", "rule_confidence": "0.0",
                           "model_probability": str(round(p, 3))})]
