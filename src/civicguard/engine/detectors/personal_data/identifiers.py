"""`personal_data.identifiers`: personal data about an individual in the text (St Helens 5.2, 7.9, 9.7;
Sefton 5.3c).

Catches, through a Presidio `AnalyzerEngine` holding only our recognisers (see `recognizers.py`):
- PERSON (`people.py`): a title and surname ("Ms Laila Rahman", "Mr K. Owusu"), a full name found by spaCy's
  NER ("Sarah Jones"), a named relative ("your son Jayden"), a full name after a word that introduces a person
  ("directed by Johannes Varvio", "follow up with Sigrid Nyström", "Dear Ana Dias"), a first name, initial and
  surname ("Ravil G Yefimov"), a surname given as one ("her maiden name is Clark"), the name heading a postal
  address, and a first name or surname repeated on its own after the full name ("... Kaczmarek said");
- UK_NHS (mod 11 check digit valid; never the digits after "+44" or "(0)"), UK_NINO (allocated prefixes,
  suffix A-D), UK_POSTCODE (full codes, GIR 0AA, any case, space optional), UK_PHONE (national and
  +44/0044 forms, validated by `phonenumbers`), PHONE_NUMBER (other countries, `intl_patterns.py`:
  "+46 8 928 571 38", "(579) 888-3058", or any phone-shaped number after "call me on", "mobile", "fax"... or
  before "office", "fax"), EMAIL_ADDRESS, DATE_OF_BIRTH (a British date, or an American one that can only be
  month-first, or "March 3, 1987", only next to "DOB", "date of birth", "born", "date of birth. It's"),
  CASE_REFERENCE ("case ref 12345678", "claim no. HB/123456"), ADDRESS (`addresses.py`: "14 Greenfield Road",
  "flat 2b Linacre Lane", "Koskikatu 25 Apt. 864", "Rua Diadema 1903", P.O. boxes, forces addresses, a
  labelled postal code, the postcode line closing a written address), CREDIT_CARD (issuer prefix and Luhn
  check), IBAN_CODE (country length and mod 97 check), IP_ADDRESS (IPv4, IPv6), UK_DRIVING_LICENCE (DVLA
  16-character format, birth month and day checked), UK_PASSPORT (nine digits by "passport"),
  UK_VEHICLE_REGISTRATION (current format with an issued age identifier; older formats by a vehicle word), all
  in `uk_documents.py`.

Every recogniser reads the same unhidden text (`nlp.reading_parse`: zero-width characters, soft hyphens,
fullwidth digits and look-alike letters undone) and spans are mapped back to the original characters.

Misses, by design or for now:
- a bare first name ("Meet our apprentice Sophie!", "Leif, can I speak to your boss?"), people named in a
  public role ("Councillor Dave Marsh", "PC Sarah Jones", "Dr Patel at the Crosby clinic") and places named
  after people ("William Harvey swimming baths"): not a private individual's personal data (`people.py`);
- names the small spaCy model does not tag and no cue introduces ("Have you been to a Calquín Cazares
  concert?"), lower-case names, names that are also stop words ("Will", "May"); spaCy also tags some titles and
  places as people ("Guilty Pleasures", "Porto Alegre");
- addresses without a house or flat number ("Greenfield Road"), lower-case street names, house names, foreign
  streets with neither a street word nor an address cue;
- dates of birth written without a cue word; ages; US social security and driving licence numbers (not
  looked for);
- invalid NHS numbers (reported as nothing, not as a reference), NHS numbers split 2-4-4 or other ways;
- phone numbers of other countries with no "+", no trunk 0 and no cue ("78 651 450").

The council's own published contacts (pack facts `published_contacts`), e-mail domains (`email_domains`:
council e-mail addresses belong to the council_email rule) and reference formats (`reference_formats`: a
planning, FOI or order reference is never a CASE_REFERENCE) are never reported, nor is a number the text says
is an organisation's (`uk_patterns.organisation_number`); a rule may add more with `ignore` (phone numbers
compared by digits) and `ignore_domains`.
Overlapping spans become one finding of the most specific type (NHS, payment card, IBAN, driving licence > NINO,
passport > e-mail, IP address > phone > date of birth, vehicle registration > postcode > address > case
reference > person).

Measured (one run, 2-core machine shared with other work; train and validation only): on Presidio's synthetic
PII set, validation split (166 texts, 235 spans after mapping to our taxonomy, see
`civicguard.evaluation.personal_data`), with the St Helens pack's parameters: overlap precision 0.917, recall
0.702, F1 0.795 (exact F1 0.598) against Presidio's default AnalyzerEngine's 0.567 / 0.323 / 0.412 (exact 0.390);
per type (overlap F1, ours vs Presidio) PERSON 0.667 vs 0.561, ADDRESS 0.804 vs 0 (Presidio has no address
recogniser), PHONE_NUMBER 1.000 vs 0.632, DATE_OF_BIRTH, CREDIT_CARD, IBAN_CODE 1.000 for both. On train (842
texts) overall overlap F1 0.776 vs 0.512 (PERSON 0.723 vs 0.660). Exact F1 is lower because the gold splits
a written address into house number, street, flat and zip in some templates and not in others. Most PERSON
misses are bare first names (kept out by design). On 600 generated UK rows (validation seed) every NHS, NI,
postcode, phone, date of birth and e-mail span is found exactly, no invalid NHS number, NI number or postcode
look-alike and none of the councils' own contacts is reported. detect() takes 0.33 ms mean, 0.59 ms p95 on 500
mixed posts after the shared spaCy parse (about 5 ms). On 4,823 validation tweets, complaints and HateCheck
cases it reported 175 names (162 from spaCy, mostly public figures it cannot tell apart; 7 from the "by / with"
cue), 7 phone numbers (US numbers in complaints), 5 case references, 2 e-mails, 1 postcode and 1 address.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from pydantic import Field, field_validator

from civicguard.engine.detectors.base import Detector, Document
from civicguard.engine.detectors.base import Params as BaseParams
from civicguard.engine.detectors.personal_data import uk_patterns
from civicguard.engine.detectors.personal_data.recognizers import (
    ADDRESSEE_NOTE,
    ENTITY_NAMES,
    analyzer,
    results_to_hits,
)
from civicguard.engine.detectors.registry import register
from civicguard.engine.detectors.webaddress import URL_PATTERN
from civicguard.engine.model import Detection
from civicguard.engine.nlp import prepare_reading_parses, reading_parse
from civicguard.engine.packs.schema import Facts

# When two spans overlap, the more specific type wins (a checksum beats a pattern beats a name).
_PRIORITY: dict[str, int] = {
    "UK_NHS": 9,
    "CREDIT_CARD": 9,
    "IBAN_CODE": 9,
    "UK_DRIVING_LICENCE": 9,
    "UK_NINO": 8,
    "UK_PASSPORT": 8,
    "EMAIL_ADDRESS": 7,
    "IP_ADDRESS": 7,
    "UK_PHONE": 6,
    "PHONE_NUMBER": 6,
    "DATE_OF_BIRTH": 5,
    "UK_VEHICLE_REGISTRATION": 5,
    "UK_POSTCODE": 4,
    "ADDRESS": 3,
    "CASE_REFERENCE": 2,
    "PERSON": 1,
}


_REF_EDGE = re.compile(r"[\w/-]")


@dataclass(frozen=True)
class _Ignores:
    """Contact details that are not personal data: the council's own, and any a rule adds."""

    text: frozenset[str]
    phones: frozenset[str]
    domains: tuple[str, ...]
    references: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def build(cls, contacts: list[str], domains: list[str], references: list[str] | None = None) -> _Ignores:
        return cls(
            frozenset(s.strip().lower() for s in contacts),
            frozenset(nsn for s in contacts if (nsn := uk_patterns.parse_phone(s.strip())) is not None),
            tuple(d.lower().lstrip("@") for d in domains),
            tuple(re.compile(p) for p in references or ()),
        )

    def plus(self, other: _Ignores) -> _Ignores:
        return _Ignores(self.text | other.text, self.phones | other.phones, self.domains + other.domains,
                        self.references + other.references)

    def reference_spans(self, text: str) -> list[tuple[int, int]]:
        """Where the council's own reference formats occur in `text`, each a whole token (not the middle of a
        longer code)."""
        return [m.span() for rx in self.references for m in rx.finditer(text)
                if not _REF_EDGE.match(text[m.start() - 1 : m.start()]) and not _REF_EDGE.match(text[m.end() :])]

    def covers(self, entity: str, span: str) -> bool:
        if span.strip().lower() in self.text:
            return True
        if entity in ("UK_PHONE", "PHONE_NUMBER"):
            return uk_patterns.parse_phone(span) in self.phones
        if entity == "EMAIL_ADDRESS":
            domain = uk_patterns.email_domain(span)
            return any(domain == d or domain.endswith("." + d) for d in self.domains)
        return False


class IdentifiersParams(BaseParams):
    entities: list[str] = Field(default_factory=lambda: list(ENTITY_NAMES))
    ignore: list[str] = []
    ignore_domains: list[str] = []
    min_score: float = Field(default=0.0, ge=0.0, le=1.0)

    @field_validator("entities")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = [e for e in value if e not in ENTITY_NAMES]
        if unknown:
            raise ValueError(f"unknown entity types {unknown}; known: {', '.join(ENTITY_NAMES)}")
        if not value:
            raise ValueError("name at least one entity type")
        return value

    @field_validator("ignore_domains")
    @classmethod
    def _domains(cls, value: list[str]) -> list[str]:
        return [d.lower().lstrip("@") for d in value]


@register
class PersonalIdentifiers(Detector):
    name = "personal_data.identifiers"
    Params: ClassVar[type[BaseParams]] = IdentifiersParams
    timeout = 10.0

    def prepare_batch(self, texts: Sequence[str], memos: Sequence[dict[str, Any]]) -> None:
        prepare_reading_parses(texts, memos)

    def __init__(self, params: BaseParams) -> None:
        super().__init__(params)
        p = cast(IdentifiersParams, params)
        self._entities = list(p.entities)
        self._min_score = p.min_score
        self._own = _Ignores.build(p.ignore, p.ignore_domains)
        # One merged ignore list per council's facts (packs are loaded once, so this stays small).
        self._merged: dict[int, _Ignores] = {}

    def _ignores(self, facts: Facts | None) -> _Ignores:
        if facts is None:
            return self._own
        merged = self._merged.get(id(facts))
        if merged is None:
            contacts = facts.published_contacts
            merged = self._own.plus(_Ignores.build([*contacts.emails, *contacts.phones], facts.email_domains,
                                                   [f.pattern for f in facts.reference_formats]))
            self._merged[id(facts)] = merged
        return merged

    def warm_up(self) -> None:
        analyzer()

    def detect(self, doc: Document) -> list[Detection]:
        if not doc.text.strip():
            return []
        engine, nlp_engine = analyzer()
        ignores = self._ignores(doc.facts)
        # Every recogniser reads the unhidden text (nothing hides behind zero-width characters, soft hyphens or
        # look-alike letters); spans are mapped back to the original below.
        view, sdoc = reading_parse(doc)
        text = view.text
        results = engine.analyze(
            text,
            "en",
            entities=self._entities,
            nlp_artifacts=nlp_engine.artifacts(sdoc),
            return_decision_process=True,
        )
        hits = [
            h
            for h in results_to_hits(results)
            if h[3] >= self._min_score and not ignores.covers(h[0], text[h[1] : h[2]])
        ]
        if hits and ("/" in text or "www" in text):
            hits = _outside_links(text, hits)
        if all(h[0] == "PERSON" for h in hits):
            # The person a reply opens by addressing ("Hi Mr Griffiths, ...") is personal data only beside
            # their personal information (St Helens 5.2: a private individual identified with it).
            hits = [h for h in hits if not h[4].endswith(ADDRESSEE_NOTE)]
        if ignores.references and any(h[0] == "CASE_REFERENCE" for h in hits):
            own = ignores.reference_spans(text)
            hits = [h for h in hits if h[0] != "CASE_REFERENCE" or all(h[2] <= s or h[1] >= e for s, e in own)]
        hits.sort(key=lambda h: (-_PRIORITY[h[0]], -(h[2] - h[1]), -h[3], h[1]))
        kept: list[tuple[str, int, int, float, str]] = []
        for h in hits:
            if all(h[2] <= k[1] or h[1] >= k[2] for k in kept):
                kept.append(h)
        kept.sort(key=lambda h: h[1])
        return [self._detection(doc.text, h[0], *view.to_original(h[1], h[2]), h[3], h[4]) for h in kept]

    @staticmethod
    def _detection(text: str, entity: str, start: int, end: int, score: float, why: str) -> Detection:
        words = ENTITY_NAMES[entity]
        return Detection(
            start=start,
            end=end,
            confidence=score,
            label=entity,
            explanation=why or f"looks like a {words}",
            attributes={"entity": words},
            redacted=text[:start] + f"[{words}]" + text[end:],
        )



# Inside a web address, letters and digits are a path or a code ("goo.gl/forms/Kx93Lp" is no postcode,
# ".../merseyside-police/" no person); only what a link can really carry about someone counts there (a phone
# number in a WhatsApp link, an e-mail address).
_IN_LINKS_TOO = frozenset({"EMAIL_ADDRESS", "UK_PHONE", "PHONE_NUMBER", "UK_NHS", "UK_NINO", "CREDIT_CARD",
                           "IBAN_CODE", "IP_ADDRESS"})


def _outside_links(text: str, hits: list[tuple[str, int, int, float, str]]) -> list[tuple[str, int, int, float, str]]:
    links = [(m.start(), m.end()) for m in URL_PATTERN.finditer(text)]
    if not links:
        return hits
    return [h for h in hits if h[0] in _IN_LINKS_TOO or not any(s <= h[1] and h[2] <= e for s, e in links)]
