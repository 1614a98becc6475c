"""Presidio plumbing for `personal_data.identifiers` (no detector here).

- `SharedSpacyNlpEngine`: Presidio's spaCy engine wrapped around the pipeline the engine already loaded
  (`civicguard.engine.nlp.pipeline()`), so no second model loads and nothing is downloaded; `artifacts()`
  turns the memoised spaCy parse of a check into Presidio's `NlpArtifacts`, so spaCy runs once per check.
- One Presidio recogniser per entity type we want, and only those, backed by our own finders (`uk_patterns`,
  `uk_documents`, `intl_patterns`, `addresses`, `people`): none of Presidio's US recognisers, no DATE_TIME (the small
  model calls phone numbers and postcodes dates), not Presidio's generic phone recogniser.
- `analyzer()`: one `AnalyzerEngine` per process, built on first use under a lock.

Scores are set by each recogniser and left alone (`_KeepScores` replaces Presidio's context booster, which
would otherwise lift scores by fixed amounts whenever a context word is near).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from civicguard.engine import nlp  # sets the offline settings before Presidio is imported
from civicguard.engine.detectors.personal_data import addresses, intl_patterns, uk_documents, uk_patterns
from civicguard.engine.detectors.personal_data.people import find_people
from civicguard.engine.lean_imports import torch_hidden

with torch_hidden():
    from presidio_analyzer import (  # isort: skip
        AnalysisExplanation,
        AnalyzerEngine,
        EntityRecognizer,
        RecognizerRegistry,
        RecognizerResult,
    )
    from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer  # isort: skip
    from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine  # isort: skip

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Entity type -> the words used in messages and placeholders ("[NHS number]").
ENTITY_NAMES: dict[str, str] = {
    "PERSON": "name",
    "EMAIL_ADDRESS": "email address",
    "UK_NHS": "NHS number",
    "UK_NINO": "National Insurance number",
    "UK_POSTCODE": "postcode",
    "UK_PHONE": "phone number",
    "PHONE_NUMBER": "phone number",
    "DATE_OF_BIRTH": "date of birth",
    "CASE_REFERENCE": "case reference",
    "ADDRESS": "home address",
    "CREDIT_CARD": "payment card number",
    "IBAN_CODE": "bank account number (IBAN)",
    "IP_ADDRESS": "IP address",
    "UK_DRIVING_LICENCE": "driving licence number",
    "UK_PASSPORT": "passport number",
    "UK_VEHICLE_REGISTRATION": "vehicle registration",
}


class SharedSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy NLP engine around an already-loaded pipeline."""

    def __init__(self, pipeline: Language) -> None:
        super().__init__(
            models=[{"lang_code": "en", "model_name": nlp.MODEL}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping={"PERSON": "PERSON"}, default_score=0.6
            ),
        )
        self.nlp = {"en": pipeline}  # type: ignore[assignment]  # Presidio declares it None until load()

    def load(self) -> None:
        """Already loaded: never call spacy.load or download a model."""

    def artifacts(self, doc: Doc) -> NlpArtifacts:
        return _ParseArtifacts(doc, self)


class _ParseArtifacts(NlpArtifacts):
    """Presidio's `NlpArtifacts` of a spaCy parse, its PERSON entities included, whose token offsets, lemmas and
    context keywords are worked out only if something reads them. None of our recognisers does (they read the
    parse, `tokens`, and no score is context-boosted: `_KeepScores`), and building all three for every check cost
    about a third of the identifiers check's own time."""

    def __init__(self, doc: Doc, nlp_engine: SharedSpacyNlpEngine) -> None:  # noqa: D107 - see the class
        # Not NlpArtifacts.__init__: it builds the keywords (and needs the lemmas) at once.
        self.tokens = doc
        self.nlp_engine = nlp_engine
        self.entities = [e for e in doc.ents if e.label_ == "PERSON"]
        self.scores = [0.6] * len(self.entities)

    @functools.cached_property
    def tokens_indices(self) -> list[int]:  # type: ignore[override]  # an attribute in NlpArtifacts
        return [t.idx for t in self.tokens]

    @functools.cached_property
    def lemmas(self) -> list[str]:  # type: ignore[override]
        return [t.lower_ for t in self.tokens]  # no lemmatiser is loaded

    @functools.cached_property
    def keywords(self) -> list[str]:  # type: ignore[override]
        return self.set_keywords(self.nlp_engine, self.lemmas, "en")

    def to_json(self) -> str:
        for lazy in ("tokens_indices", "lemmas", "keywords"):
            getattr(self, lazy)  # into __dict__, which to_json writes out
        return super().to_json()


class _KeepScores(ContextAwareEnhancer):
    """Leave every recogniser's calibrated score as it is."""

    def __init__(self) -> None:
        super().__init__(0.0, 0.0, 0, 0)

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        return raw_results


Hit = tuple[int, int, float, str]


class _FinderRecognizer(EntityRecognizer):
    """A recogniser for one entity type backed by a `find(text, artifacts)` generator of hits.

    Class names start with "Civic" because Presidio finds recognisers by class name among every
    EntityRecognizer subclass: a class called EmailRecognizer here would shadow Presidio's own.
    """

    ENTITY: ClassVar[str]

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], name=type(self).__name__, supported_language="en")

    def load(self) -> None:
        """Patterns are compiled at import."""

    def find(self, text: str, artifacts: NlpArtifacts | None) -> Iterable[Hit]:
        raise NotImplementedError

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return [
            RecognizerResult(
                self.ENTITY,
                start,
                end,
                score,
                AnalysisExplanation(
                    recognizer=type(self).__name__, original_score=score, textual_explanation=why
                ),
            )
            for start, end, score, why in self.find(text, nlp_artifacts)
        ]


class CivicUkNhsRecognizer(_FinderRecognizer):
    ENTITY = "UK_NHS"

    def find(self, text: str, artifacts: NlpArtifacts | None) -> Iterable[Hit]:
        return uk_patterns.find_nhs(text)


class CivicUkNinoRecognizer(_FinderRecognizer):
    ENTITY = "UK_NINO"

    def find(self, text: str, artifacts: NlpArtifacts | None) -> Iterable[Hit]:
        return uk_patterns.find_nino(text)


class CivicUkPostcodeRecognizer(_FinderRecognizer):
    ENTITY = "UK_POSTCODE"

    def find(self, text: str, artifacts: NlpArtifacts | None) -> Iterable[Hit]:
        return uk_patterns.find_postcode(text)


class CivicUkPhoneRecognizer(_FinderRecognizer):
    ENTITY = "UK_PHONE"

    def find(self, text: str, artifacts: NlpArtifacts | None) -> Iterator[Hit]:
        for start, end, score, why, _nsn in uk_patterns.find_phone(text):
            yield start, end, score, why


class CivicOtherPhoneRecognizer(_FinderRecognizer):
    ENTITY = "PHONE_NUMBER"

    def find(self, text: str, artifacts: NlpArtifacts | None) -> Iterable[Hit]:
        return intl_patterns.find_other_phone(text)


class CivicPaymentCardRecognizer(_FinderRecognizer):
    ENTITY = "CREDIT_CARD"

    def find(self, text: str, artifacts: NlpArtifacts | None) -> Iterable[Hit]:
        return intl_patterns.find_card(text)


class CivicIbanCodeRecognizer(_FinderRecognizer):
    ENTITY = "IBAN_CODE"

    def find(self, text: str, artifacts: NlpArtifacts | None) -> Iterable[Hit]:
        return intl_patterns.find_iban(text)


class CivicIpAddressRecognizer(_FinderRecognizer):
    ENTITY = "IP_ADDRESS"

    def find(self, text: str, artifacts: NlpArtifacts | None) -> Iterable[Hit]:
        return intl_patterns.find_ip(text)


class CivicEmailRecognizer(_FinderRecognizer):
    ENTITY = "EMAIL_ADDRESS"

    def find(self, text: str, artifacts: NlpArtifacts | None) -> Iterable[Hit]:
        return uk_patterns.find_email(text)


class CivicDateOfBirthRecognizer(_FinderRecognizer):
    ENTITY = "DATE_OF_BIRTH"

    def find(self, text: str, artifacts: NlpArtifacts | None) -> Iterable[Hit]:
        return uk_patterns.find_dob(text)


class CivicCaseReferenceRecognizer(_FinderRecognizer):
    ENTITY = "CASE_REFERENCE"

    def find(self, text: str, artifacts: NlpArtifacts | None) -> Iterable[Hit]:
        return uk_patterns.find_case_reference(text)


class CivicUkDrivingLicenceRecognizer(_FinderRecognizer):
    ENTITY = "UK_DRIVING_LICENCE"

    def find(self, text: str, artifacts: NlpArtifacts | None) -> Iterable[Hit]:
        return uk_documents.find_driving_licence(text)


class CivicUkPassportRecognizer(_FinderRecognizer):
    ENTITY = "UK_PASSPORT"

    def find(self, text: str, artifacts: NlpArtifacts | None) -> Iterable[Hit]:
        return uk_documents.find_passport(text)


class CivicUkVehicleRegistrationRecognizer(_FinderRecognizer):
    ENTITY = "UK_VEHICLE_REGISTRATION"

    def find(self, text: str, artifacts: NlpArtifacts | None) -> Iterable[Hit]:
        return uk_documents.find_vehicle_registration(text)


class CivicAddressRecognizer(_FinderRecognizer):
    ENTITY = "ADDRESS"

    def find(self, text: str, artifacts: NlpArtifacts | None) -> Iterable[Hit]:
        return addresses.find_address(text)


class CivicUkPersonRecognizer(_FinderRecognizer):
    """spaCy PERSON entities filtered to plausible personal names, plus titles and named relatives."""

    ENTITY = "PERSON"

    def find(self, text: str, artifacts: NlpArtifacts | None) -> Iterator[Hit]:
        sdoc = artifacts.tokens if artifacts is not None else None
        for p in find_people(text, sdoc):
            if p.full and not p.public:  # an office holder or a professional at work is named in a public role
                yield p.start, p.end, p.score, p.explanation + (ADDRESSEE_NOTE if p.addressee else "")


# Marks the name a reply or comment opens by addressing: `personal_data.identifiers` reports it only beside
# personal information (the reader's own name on its own tells the public nothing they cannot see).
ADDRESSEE_NOTE = " (the person addressed)"


RECOGNIZERS: tuple[type[_FinderRecognizer], ...] = (
    CivicUkPersonRecognizer,
    CivicEmailRecognizer,
    CivicUkNhsRecognizer,
    CivicUkNinoRecognizer,
    CivicUkPostcodeRecognizer,
    CivicUkPhoneRecognizer,
    CivicDateOfBirthRecognizer,
    CivicCaseReferenceRecognizer,
    CivicAddressRecognizer,
    CivicOtherPhoneRecognizer,
    CivicPaymentCardRecognizer,
    CivicIbanCodeRecognizer,
    CivicIpAddressRecognizer,
    CivicUkDrivingLicenceRecognizer,
    CivicUkPassportRecognizer,
    CivicUkVehicleRegistrationRecognizer,
)

_LOCK = threading.Lock()
_ANALYZER: tuple[AnalyzerEngine, SharedSpacyNlpEngine] | None = None


def analyzer() -> tuple[AnalyzerEngine, SharedSpacyNlpEngine]:
    """The process's one AnalyzerEngine (and its NLP engine), built on first use."""
    global _ANALYZER
    with _LOCK:
        if _ANALYZER is None:
            engine = SharedSpacyNlpEngine(nlp.pipeline())
            registry = RecognizerRegistry(recognizers=[r() for r in RECOGNIZERS], supported_languages=["en"])
            built = AnalyzerEngine(
                registry=registry,
                nlp_engine=engine,
                supported_languages=["en"],
                context_aware_enhancer=_KeepScores(),
            )
            _ANALYZER = (built, engine)
        return _ANALYZER


def results_to_hits(results: Iterable[RecognizerResult]) -> list[tuple[str, int, int, float, str]]:
    out = []
    for r in results:
        expl: Any = r.analysis_explanation
        why = getattr(expl, "textual_explanation", "") or ""
        out.append((str(r.entity_type), int(r.start), int(r.end), float(r.score), str(why)))
    return out
