"""personal_data.identifiers: valid and invalid inputs side by side, asserting labels and exact spans."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from civicguard.engine.detectors.personal_data.identifiers import IdentifiersParams, PersonalIdentifiers
from civicguard.engine.detectors.personal_data.recognizers import ENTITY_NAMES, RECOGNIZERS, analyzer
from civicguard.engine.nlp import pipeline

ST_HELENS = {
    "ignore": ["01744 676789", "contactcentre@sthelens.gov.uk"],
    "ignore_domains": ["sthelens.gov.uk"],
}
SEFTON = {
    "ignore": ["0345 140 0845", "0151 934 2000", "contactsefton@sefton.gov.uk"],
    "ignore_domains": ["sefton.gov.uk"],
}


def nhs(nine: str, *, valid: bool = True, sep: str = " ") -> str:
    """An NHS number from nine digits with a correct (or deliberately wrong) mod 11 check digit."""
    check = (11 - sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True)) % 11) % 11
    assert check != 10, "pick nine digits whose check digit exists"
    digits = nine + str(check if valid else (check + 1) % 10)
    return sep.join((digits[:3], digits[3:6], digits[6:]))


def found(doc_factory, text: str, **params: object) -> list[tuple[str, str]]:
    det = PersonalIdentifiers(IdentifiersParams(**params))  # type: ignore[arg-type]
    return [(d.label, text[d.start : d.end]) for d in det.detect(doc_factory(text))]


@pytest.mark.parametrize("number", [nhs("943476591"), nhs("401023213", sep="-"), nhs("485777345", sep="")])
def test_valid_nhs_numbers(doc_factory, number):
    assert ("UK_NHS", number) in found(doc_factory, f"Patient NHS no {number} moved ward.")


@pytest.mark.parametrize("number", [nhs("943476591", valid=False), nhs("401023213", valid=False), "111 111 1111"])
def test_invalid_nhs_checksum_is_not_an_nhs_number(doc_factory, number):
    assert all(label != "UK_NHS" for label, _ in found(doc_factory, f"Patient NHS no {number} moved ward."))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Test results for Ms Laila Rahman, NHS 943 476 5919, are ready.",
            [("PERSON", "Ms Laila Rahman"), ("UK_NHS", "943 476 5919")],
        ),
        (
            "Update: Mr K. Owusu, NHS number 485 777 3457, has moved.",
            [("PERSON", "Mr K. Owusu"), ("UK_NHS", "485 777 3457")],
        ),
        (
            "Contact me on 07700 900123 or j.bloggs1987@gmail.com please.",
            [("UK_PHONE", "07700 900123"), ("EMAIL_ADDRESS", "j.bloggs1987@gmail.com")],
        ),
        (
            "Mrs Patricia Hollins of 14 Greenfield Road, WA10 3BD, won.",
            [
                ("PERSON", "Mrs Patricia Hollins"),
                ("ADDRESS", "14 Greenfield Road"),
                ("UK_POSTCODE", "WA10 3BD"),
            ],
        ),
        (
            "Reminder to the family at flat 2b Linacre Lane: your son Jayden's form is overdue.",
            [("ADDRESS", "flat 2b Linacre Lane"), ("PERSON", "Jayden")],
        ),
        ("NI number AB 12 34 56 C and ab123456d.", [("UK_NINO", "AB 12 34 56 C"), ("UK_NINO", "ab123456d")]),
        (
            "My name is Anđa Tomić; please reply to Mr Zoë Smith-Jones.",
            [("PERSON", "Anđa Tomić"), ("PERSON", "Mr Zoë Smith-Jones")],
        ),
        (
            "Send it to wa103bd or m1 1ae or GIR 0AA.",
            [("UK_POSTCODE", "wa103bd"), ("UK_POSTCODE", "m1 1ae"), ("UK_POSTCODE", "GIR 0AA")],
        ),
        (
            "Ring +44 (0)151 496 0000, 0044 7911 123456 or 020 7946 0958.",
            [
                ("UK_PHONE", "+44 (0)151 496 0000"),
                ("UK_PHONE", "0044 7911 123456"),
                ("UK_PHONE", "020 7946 0958"),
            ],
        ),
        (
            "DOB 12/03/1987; date of birth: 12-03-1987; born on 3rd March 1987.",
            [
                ("DATE_OF_BIRTH", "12/03/1987"),
                ("DATE_OF_BIRTH", "12-03-1987"),
                ("DATE_OF_BIRTH", "3rd March 1987"),
            ],
        ),
        (
            "Your case ref 12345678, claim no. HB/123456 and account number 87654321.",
            [("CASE_REFERENCE", "12345678"), ("CASE_REFERENCE", "HB/123456"), ("CASE_REFERENCE", "87654321")],
        ),
        # phone numbers next to a birth cue stay phone numbers, never dates
        (
            "Date of birth queries: 0151 934 2000, DOB 01744 676789.",
            [("UK_PHONE", "0151 934 2000"), ("UK_PHONE", "01744 676789")],
        ),
    ],
)
def test_finds(doc_factory, text, expected):
    assert found(doc_factory, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Thank you to everyone who came to the Bootle food bank collection. Contact us on our website.",
        "Meet our apprentice of the year, Sophie! Sophie joined the highways team in 2025.",
        "The NHS and St Helens Council are running a vaccine clinic at Victoria Park.",
        # bad prefix or suffix
        "NI numbers QQ 12 34 56 C, BG123456A, DA123456A and AB123456E are not allocated.",
        "Parking in zone WA10 only, and on Greenfield Road.",  # outward code alone; street without a number
        "Events on 12/03/1987 and 3rd March 2026 at the town hall.",  # dates without a birth cue
        "SSN 123-45-6789, driver licence D1234567, ITIN 912-70-1234.",  # US identifiers are not looked for
        "Councillor Dave Marsh opened the new Sherdley Park cafe.",  # elected member in their public role
        "Budget 2027/28 account 2024-2025.",
    ],
)
def test_clear(doc_factory, text):
    assert found(doc_factory, text) == []


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("Call our contact centre on 01744 676789 or +44 1744 676789.", ST_HELENS),
        ("Email contactcentre@sthelens.gov.uk or revenues@sthelens.gov.uk.", ST_HELENS),
        ("Ring 0345 140 0845 or Bootle Town Hall on 0151 934 2000.", SEFTON),
    ],
)
def test_council_published_contacts_are_ignored(doc_factory, text, params):
    assert found(doc_factory, text, **params) == []


def test_d04_still_personal_data_without_the_council_number(doc_factory):
    text = (
        "Reminder to the family at flat 2b Linacre Lane: your son Jayden's school transport form is overdue, "
        "call 0151 934 2000."
    )
    assert [label for label, _ in found(doc_factory, text, **SEFTON)] == ["ADDRESS", "PERSON"]


def test_detection_carries_redaction_and_entity(doc_factory):
    text = "NHS 943 476 5919 ready."
    [d] = PersonalIdentifiers(IdentifiersParams()).detect(doc_factory(text))
    assert (d.redacted, d.attributes, d.confidence) == (
        "NHS [NHS number] ready.",
        {"entity": "NHS number"},
        0.95,
    )


def test_entities_param_limits_and_validates(doc_factory):
    assert found(doc_factory, "Ms Laila Rahman, NHS 943 476 5919", entities=["UK_NHS"]) == [("UK_NHS", "943 476 5919")]
    with pytest.raises(ValueError, match="US_SSN"):
        IdentifiersParams(entities=["US_SSN"])


@pytest.mark.parametrize("council", ["st-helens", "sefton"])
def test_rule_file_params_are_valid(council):
    path = Path(__file__).parents[4] / "src/civicguard/policies" / council / "rules/personal_data.yaml"
    rules = yaml.safe_load(path.read_text())["rules"]
    for rule in (r for r in rules if r["detector"] == "personal_data.identifiers"):
        IdentifiersParams.model_validate(rule["params"])


def test_presidio_holds_only_our_recognisers():
    engine, nlp_engine = analyzer()
    assert sorted(engine.get_supported_entities("en")) == sorted(ENTITY_NAMES)  # no US_*, no DATE_TIME
    assert nlp_engine.nlp is not None and nlp_engine.nlp["en"] is pipeline()  # the engine's one spaCy model


def test_recogniser_class_names_do_not_shadow_presidios():
    import presidio_analyzer.predefined_recognizers as predefined

    assert not {r.__name__ for r in RECOGNIZERS} & set(dir(predefined))
