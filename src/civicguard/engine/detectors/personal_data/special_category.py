"""`personal_data.special_category`: a special-category fact about an identifiable person (UK GDPR art. 9;
St Helens 5.2, 6.21, 7.9, 9.7; Sefton 5.3c).

Fires when, in one sentence, a named or clearly identified individual appears together with a term of a
special category: health (including mental health and sickness absence), sexuality, religion, ethnicity,
trade union membership, pregnancy, disability or gender reassignment. An individual is a title and surname,
a full name, a named relative, a spaCy PERSON first name, or a role with a first name ("team member Aisha",
"our colleague Jo"). The span runs from the person to the fact; the label and the `category` attribute name
the category.

Does not fire on generic statements with no named person ("Depression affects 1 in 6 adults", "Our mosque open
day"), or on a term that names a service or event ("Mental Health Awareness Week", "our Disability Services
team"). Misses: facts in a different sentence from the name, unnamed but identifiable people ("the woman at
number 12 is pregnant"), euphemisms, and terms outside the lists below. Criminal allegations are not a special
category here (the defamation rule handles them).

Measured: of the 30 dev posts only d28 fires; detect() takes 0.06 ms mean, 0.10 ms p95 on 500 mixed posts
after the shared spaCy parse (a post with no special-category term returns before asking for the parse).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar, cast

from pydantic import Field, field_validator

from civicguard.engine.detectors.base import Detector, Document
from civicguard.engine.detectors.base import Params as BaseParams
from civicguard.engine.detectors.personal_data.people import PersonMention, find_people
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import Detection
from civicguard.engine.nlp import prepare_reading_parses, reading_parse
from civicguard.engine.normalise import unhidden

_TERMS: dict[str, str] = {
    # "sick" only of a person ("off sick", "sick leave"), never of "sick puppies"
    "health": r"(?:off|been|is|was|went|go|gone|got|getting|feeling|felt|being)\s+sick(?!\s+(?:of|and\s+tired))"
    r"|sick(?:ness)?\s+(?:leave|absence|note|pay)|sickness"
    r"|leuka?emia|copd|sectioned|tourette'?s|sober|lost\s+the\s+baby|arthritis|stroke|(?-i:MS|MND)"
    r"|(?:recovering\s+)?alcoholic|the\s+drink|gum\s+clinic|sexual\s+health\s+clinic"
    # "ill", but not the "Ill" of a misspelt "I'll" ("Ill be writing to ...")
    r"|signed\s+off|illness|ill(?!\s+(?:be|have|do|go|get|see|make|take|ring|call|send|let|need|just|never"
    r"|still|probably|try|give|pop|come|sort|pay|tell|ask|write|bring|keep|put|leave|text|email)\b)|unwell"
    r"|depress(?:ion|ed)|anxiety|mental\s+health|mental\s+illness|breakdown|(?:with|from|work-related)\s+stress"
    r"|bipolar|schizophreni[ac]|ptsd|ocd|eating\s+disorder|anorexi[ac]|suicidal|self[- ]harm"
    r"|cancer|tumou?r|chemo(?:therapy)?|radiotherapy|diagnos(?:is|ed)|dementia|alzheimer'?s|diabet(?:es|ic)"
    r"|hiv|had\s+a\s+stroke|heart\s+attack|had\s+(?:an\s+)?(?:surgery|operation)|in\s+hospital|hospitali[sz]ed"
    r"|terminally\s+ill|terminal\s+(?:illness|cancer)"
    r"|(?:has|had|got|caught|with)\s+covid|long\s+covid|addiction|alcoholi(?:c|sm)|rehab|overdose|miscarriage|medication|epilep(?:sy|tic)"
    r"|multiple\s+sclerosis|parkinson'?s|motor\s+neurone"
    r"|anti-?depressants?|methadone|insulin|hiv\s+positive|in\s+rehab|on\s+(?:the\s+)?(?:meds|tablets)",
    # "came out" of a sexuality, not "came out at 10pm" or "come out of rehab"
    # not "that's so gay" (an insult, which the discrimination rule reads)
    "sexuality": r"(?<!so\s)gay|lesbian|lesbo|bisexual|homosexual|queer"
    r"|(?:came|come|coming)\s+out(?!\s+(?:at|of|in|on|for|with|to|and|tonight|today|twice|again|early|late"
    r"|wrong|from|yet|already|right|fine|well|badly|first|top|best|worst)\b)"
    r"|sexual\s+orientation"
    r"|sexuality",
    "religion": r"muslim|christian|catholic|protestant|jewish|jew|hindu|sikh|buddhist|atheist|islam(?:ic)?"
    r"|jehovah'?s?\s+witness(?:es)?|off\s+to\s+the\s+(?:mosque|church|synagogue|temple|gurdwara)"
    r"|converted\s+to|religio(?:n|us)|attends\s+(?:the\s+)?(?:mosque|church|synagogue|temple|gurdwara)"
    r"|mormon|latter[- ]day\s+saints?|pagan|quaker|methodist|baptist|anglican|evangelical|born[- ]again"
    r"|(?:fasting|observing|keeps?|keeping|doing)\s+(?:for\s+)?ramadan",
    "ethnicity": r"ethnic(?:ity)?|racial\s+background|mixed[- ]race|roma|gypsy|gypsies|irish\s+traveller"
    r"|traveller\s+community|(?:black|asian|white)\s+(?:british|african|caribbean|irish|heritage|background"
    r"|man|woman|person|family)|british\s+(?:asian|pakistani|bangladeshi|indian|chinese)"
    # a national or ethnic origin given as what a person is ("that Nigerian lad", "the Polish woman")
    r"|(?:nigerian|polish|romanian|pakistani|bangladeshi|indian|somali|chinese|jamaican|ghanaian|kurdish"
    r"|lithuanian|latvian|syrian|afghan|eritrean|sudanese|iranian|iraqi|turkish|bulgarian|slovak|czech|albanian"
    r"|filipino|vietnamese|nepali|sri\s+lankan|portuguese|italian|spanish|greek|arab|african|caribbean)"
    r"(?=\s+(?:lad|lass|fella|bloke|man|woman|girl|boy|guy|lady|gentleman|neighbou?r|couple|family|chap))",
    "trade_union": r"(?:trade\s+)?union\s+(?:member(?:ship)?|rep(?:resentative)?)|shop\s+steward"
    r"|member\s+of\s+(?:unison|unite|gmb|the\s+union)|unison|unite\s+member|gmb|(?-i:Unite)",
    "pregnancy": r"pregnan(?:t|cy)|expecting\s+(?:a\s+baby|twins)|(?:maternity|mat)\s+leave|due\s+to\s+give\s+birth"
    r"|ivf|fertility\s+treatment",
    "disability": r"disab(?:led|ility)|wheelchair(?:\s+user)?|autis(?:m|tic)|adhd|dyslexi[ac]|deaf|blind"
    r"|learning\s+difficult(?:y|ies)|learning\s+disabilit(?:y|ies)|registered\s+blind|impairment"
    r"|partially\s+sighted|visually\s+impaired|hard\s+of\s+hearing|hearing\s+aids?|prosthetic|amputee",
    "gender_reassignment": r"transgender|trans(?!-)(?:\s+(?:woman|man|person|lass|lad))?|transition(?:ing|ed)?"
    r"|used\s+to\s+be\s+(?:a\s+)?(?:bloke|man|woman|called)|he-she"
    r"|gender\s+reassignment|non[- ]binary|gender\s+identity|deadname",
}
CATEGORY_NAMES: dict[str, str] = {
    "health": "health",
    "sexuality": "sexuality",
    "religion": "religion",
    "ethnicity": "ethnicity",
    "trade_union": "trade union membership",
    "pregnancy": "pregnancy",
    "disability": "disability",
    "gender_reassignment": "gender reassignment",
}

# A term followed by one of these names a service, team or event, not a fact about someone.
_SERVICE_AFTER = (
    r"(?!\s+(?:awareness|services?|team|unit|support\s+(?:group|team|service)|network|week|month|day|forum"
    r"|charity|strategy|policy|champion|first\s+aid|training|hub|centre|clinic|board|lead|nurse|officer))"
)
_TERM_RE: dict[str, re.Pattern[str]] = {
    cat: re.compile(rf"\b(?:{rx})\b{_SERVICE_AFTER}", re.IGNORECASE) for cat, rx in _TERMS.items()
}

# A term describing a group rather than a person: "our Muslim community", "Jewish families", "people living with
# dementia", "residents with a disability". A fact about a group identifies nobody (UK GDPR art. 9 protects a
# person's data); "Cllr Ward joined our Muslim community for Eid" says nothing about the councillor's religion.
_GROUP_NOUNS = (
    r"community|communities|families|people|residents|groups?|friends|neighbours|colleagues|staff|population"
    r"|congregations?|worshippers|leaders|organisations|charities|carers|patients|pupils|children|women|men"
    r"|youth|elders|members|society|societies|festivals?|celebrations?|history|heritage|faiths?|calendar"
    r"|places\s+of\s+worship|new\s+year|holy\s+days?|holidays?|traditions?|culture|voices|rights|equality"
    r"|inclusion|friendly|awareness|pride"
    # things named for a faith or group, which say nothing of a person: "the Muslim burial section"
    r"|sections?|burials?|cemetery|cemeteries|prayer\s+rooms?|schools?|chaplain(?:cy)?|food|meals?|diet"
)
# An observance named after groups ("Gypsy, Roma and Traveller History Month", "Disability Pride Month").
_OBSERVANCE_AFTER = re.compile(r"(?i:[^.!?\n]{0,60}?\b(?:history|heritage|awareness|pride|inclusion)\s+"
                               r"(?:month|week|day|fortnight)\b)")
_GROUP_AFTER = re.compile(rf"(?:[\s-]+[a-z]+)?[\s-]+(?:{_GROUP_NOUNS})\b", re.IGNORECASE)
_GROUP_BEFORE = re.compile(
    r"\b(?:people|persons|those|anyone|everyone|residents|families|adults|children|young\s+people|carers|patients"
    r"|individuals|men|women|pupils|staff|colleagues|customers|tenants|visitors|communities)\s+"
    r"(?:(?:who\s+(?:are|have|live\s+with)|living\s+with|with|affected\s+by|diagnosed\s+with|experiencing"
    r"|caring\s+for\s+(?:someone|people|a\s+loved\s+one)\s+with|of\s+(?:all|any|every|other))\s+)?"
    r"(?:(?:a|an|all|any|other|no)\s+)?(?:[a-z]+\s+)?$",
    re.IGNORECASE,
)
_GROUP_WINDOW = 60


def about_a_group(text: str, m: re.Match[str]) -> bool:
    """The special-category term at `m` describes a group of people, not one person."""
    if _GROUP_AFTER.match(text, m.end()) or _OBSERVANCE_AFTER.match(text, m.end()):
        return True
    return _GROUP_BEFORE.search(text[max(0, m.start() - _GROUP_WINDOW) : m.start()]) is not None


# Sentence ends, not after an initial or an abbreviated title ("Mr K. Owusu", "Dr. Shah").
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*\s+|\n+")
_NO_BREAK_BEFORE = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|St|No|no|Cllr))\.$")


def sentences(text: str) -> list[tuple[int, int]]:
    out = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if _NO_BREAK_BEFORE.search(text[max(0, m.start() - 6) : m.start() + 1]):
            continue
        out.append((start, m.start() + 1))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


# A sentence that opens by referring back to the one person of the sentence before.
_PRONOUN_START = re.compile(r"\s*(?:[\w'’]+\s+){0,3}?(?:he|she|he's|she's|he'll|she'll|his|her)\b", re.IGNORECASE)
# A sentence about the person a reply addresses, or their family: "you're 30 weeks pregnant", "your dad's dementia".
_YOU = re.compile(r"\b(?:you|you're|you've|you'd|your|yours)\b", re.IGNORECASE)


class SpecialCategoryParams(BaseParams):
    categories: list[str] = Field(default_factory=lambda: list(_TERMS))

    @field_validator("categories")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = [c for c in value if c not in _TERMS]
        if unknown:
            raise ValueError(f"unknown categories {unknown}; known: {', '.join(_TERMS)}")
        return value


@register
class SpecialCategory(Detector):
    name = "personal_data.special_category"
    Params: ClassVar[type[BaseParams]] = SpecialCategoryParams

    def prepare_batch(self, texts: Sequence[str], memos: Sequence[dict[str, Any]]) -> None:
        prepare_reading_parses(texts, memos)

    def __init__(self, params: BaseParams) -> None:
        super().__init__(params)
        self._terms = [(c, _TERM_RE[c]) for c in cast(SpecialCategoryParams, params).categories]

    def detect(self, doc: Document) -> list[Detection]:
        # The unhidden text, like personal_data.identifiers: nothing hides behind invisible characters.
        view = unhidden(doc)
        text = view.text
        # Cheap test first: most posts name no special category at all, so spaCy is not needed for them.
        hits = [(c, m) for c, rx in self._terms for m in rx.finditer(text) if not about_a_group(text, m)]
        if not hits:
            return []
        people = find_people(text, reading_parse(doc)[1], roles=True)
        if not people:
            return []
        # One detection per (sentence, person, category), spanning the person and every term of that category.
        groups: dict[tuple[PersonMention, str], tuple[int, int, list[str]]] = {}
        previous: list[PersonMention] = []
        addressee = next((p for p in people if p.addressee), None)
        for s_start, s_end in sentences(text):
            here = [p for p in people if s_start <= p.start < s_end]
            if not here and len(previous) == 1 and _PRONOUN_START.match(text, s_start):
                here = previous  # "Rota's out and I'm on lates with Tariq. He'll be off to the mosque ..."
            if not here and addressee is not None and _YOU.search(text, s_start, s_end):
                here = [addressee]  # "Hi Tanya. We appreciate you're struggling with your bipolar disorder"
            previous = [p for p in people if s_start <= p.start < s_end]
            if not here:
                continue
            for category, m in hits:
                if not s_start <= m.start() < s_end or any(
                    p.start < m.end() and m.start() < p.end and p.how != "role" for p in people
                ):
                    continue  # outside this sentence, or part of a name ("John Black"); a description may hold it
                person = min(here, key=lambda p: abs(p.start - m.start()))
                start, end, terms = groups.get((person, category), (person.start, person.end, []))
                groups[(person, category)] = (min(start, m.start()), max(end, m.end()), [*terms, m.group(0)])
        return [
            self._detection(doc.text, *view.to_original(start, end), category, person, terms)
            for (person, category), (start, end, terms) in sorted(groups.items(), key=lambda g: g[1][:2])
        ]

    @staticmethod
    def _detection(
        text: str, start: int, end: int, category: str, person: PersonMention, terms: list[str]
    ) -> Detection:
        words = CATEGORY_NAMES[category]
        quoted = ", ".join(map(repr, terms))
        score = 0.85 if person.full else 0.75 if person.how == "role" else 0.65
        return Detection(
            start=start,
            end=end,
            confidence=score,
            label=category,
            explanation=f"{person.explanation} in the same sentence as {quoted} ({words})",
            attributes={"category": words, "entity": f"{words} information"},
            redacted=text[:start] + f"[{words} information about a person]" + text[end:],
        )
