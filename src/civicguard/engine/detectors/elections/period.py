"""Pre-election period rules that reuse what the engine already knows.

``elections.political``: party-political content in an official post while a pre-election period is on. The
council's own accounts must not be used to affect support for a party (the Code of Recommended Practice on Local
Authority Publicity, 2011; St Helens 5.7). It runs the patterns of ``conduct.political`` (vote calls,
endorsements, campaigning, a party named at low confidence: see that module for what it catches and misses) as if
the author were politically restricted, because in a period the council itself is; the listed patterns only, not
the council model's reading. Nothing outside a period.

``elections.reminder``: one note on a personal check by a politically restricted employee while a period is on,
reminding them of 5.7 (no writing or speaking publicly to affect support for a party). It reads nothing in the
text: it is a reminder, not a finding about the words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from civicguard.engine.detectors.base import Detector, Document, NoParams
from civicguard.engine.detectors.disclosure.political import PoliticalDetector, PoliticalParams
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import Detection


@register
class PeriodPoliticalDetector(Detector):
    name = "elections.political"
    Params = PoliticalParams

    def __init__(self, params: PoliticalParams) -> None:
        super().__init__(params)
        self.inner = PoliticalDetector(params)

    def prepare_batch(self, texts: Sequence[str], memos: Sequence[dict[str, Any]]) -> None:
        self.inner.prepare_batch(texts, memos)

    def detect(self, doc: Document) -> list[Detection]:
        if not doc.context.election:
            return []
        restricted = Document(doc.content, replace(doc.context, politically_restricted=True), facts=doc.facts)
        period = doc.context.election
        return [replace(d, explanation=f"{d.explanation.split(';')[0].replace('The post', 'This official post')}; "
                                       f"during the pre-election period for the {period} the council's accounts "
                                       "must stay politically neutral.",
                        attributes={**d.attributes, "election": period})
                for d in self.inner.detect(restricted)
                # The patterns only: the council model's reading (trained on restricted staff's personal posts)
                # scores neutral election notices as campaigning, and the council's own posts are not its text.
                if "model_confidence" not in d.attributes]


@register
class PeriodReminderDetector(Detector):
    name = "elections.reminder"
    Params = NoParams

    def detect(self, doc: Document) -> list[Detection]:
        if not doc.context.election or not doc.context.politically_restricted:
            return []
        return [Detection(0, 0, 1.0, "reminder",
                          f"The pre-election period for the {doc.context.election} is on and your post is "
                          "politically restricted.", {"election": doc.context.election})]
