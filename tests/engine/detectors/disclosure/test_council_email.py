from __future__ import annotations

import pytest

from civicguard.engine.detectors import registry
from civicguard.engine.detectors.disclosure.council_email import CouncilEmailDetector, CouncilEmailParams

DET = CouncilEmailDetector(CouncilEmailParams(domains=["sthelens.gov.uk", "sefton.gov.uk"]))

D09 = ("Questions about your council tax? Email our team at revenues.officer@sefton.gov.uk and Jan will "
       "reply personally.")
FULLWIDTH = "jan\uff20sthelens\uff0egov\uff0euk"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (D09, [("address", "revenues.officer@sefton.gov.uk", "revenues.officer@sefton.gov.uk")]),
        ("Mail jan [at] sthelens [dot] gov [dot] uk",
         [("obfuscated", "jan [at] sthelens [dot] gov [dot] uk", "jan@sthelens.gov.uk")]),
        ("name at sefton dot gov dot uk",
         [("obfuscated", "name at sefton dot gov dot uk", "name@sefton.gov.uk")]),
        ("write to jan (at) sefton (dot) gov (dot) uk please",
         [("obfuscated", "jan (at) sefton (dot) gov (dot) uk", "jan@sefton.gov.uk")]),
        ("email me: Jan.Smith@Mail.StHelens.Gov.UK!",
         [("address", "Jan.Smith@Mail.StHelens.Gov.UK", "jan.smith@mail.sthelens.gov.uk")]),
        ("jan @ sthelens.gov.uk", [("address", "jan @ sthelens.gov.uk", "jan@sthelens.gov.uk")]),
        (FULLWIDTH, [("address", FULLWIDTH, "jan@sthelens.gov.uk")]),
        ("jan dot smith at sthelens.gov.uk",
         [("obfuscated", "jan dot smith at sthelens.gov.uk", "jan.smith@sthelens.gov.uk")]),
    ],
)
def test_flags(doc_factory, text, expected):
    doc = doc_factory(text)
    found = [(d.label, text[d.start : d.end], d.attributes["address"]) for d in DET.detect(doc)]
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "Find out more at sthelens.gov.uk/bins",
        "Visit us at www.sthelens.gov.uk",
        "x@sthelens.gov.uk.evil.com",
        "Email me at jan.smith@gmail.com",
        "info@notsthelens.gov.uk",
        "a@b-sefton.gov.uk",
        "",
    ],
)
def test_passes(doc_factory, text):
    assert DET.detect(doc_factory(text)) == []


def test_allow_list_and_no_domains(doc_factory):
    allowing = CouncilEmailDetector(CouncilEmailParams(domains=["sthelens.gov.uk"],
                                                       allow=["ContactCentre@sthelens.gov.uk"]))
    assert allowing.detect(doc_factory("Write to contactcentre@sthelens.gov.uk")) == []
    assert len(allowing.detect(doc_factory("Write to jan@sthelens.gov.uk"))) == 1
    assert CouncilEmailDetector(CouncilEmailParams()).detect(doc_factory(D09)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Please send the photos of the wasp nest to pestcontrol@sthelens.gov.uk and the team will book a visit.",
        "Our Democratic Services team can explain what's involved: democratic.services@sthelens.gov.uk",
        "Taxi drivers: please send licence renewals to licensing@sthelens.gov.uk, not to individual officers.",
        "Contact Cllr Paul Ashworth at cllr.paul.ashworth@sthelens.gov.uk",
        "Questions about an EHCP? Email the SEND team at send@sthelens.gov.uk",
        "Thinking about fostering? Email fostering@sefton.gov.uk for an information pack.",
        "What's on at your local hub: familyhubs@sthelens.gov.uk",
    ],
)
def test_a_services_shared_inbox_or_a_councillors_published_address_is_not_reported(doc_factory, text):
    assert DET.detect(doc_factory(text)) == []


def test_an_officers_own_mailbox_is_reported_though_it_names_the_service(doc_factory):
    found = DET.detect(doc_factory("Email the housing officer direct: housing.officer.jones@sefton.gov.uk"))
    assert [d.attributes["address"] for d in found] == ["housing.officer.jones@sefton.gov.uk"]


def test_a_person_whose_surname_looks_like_a_service_word_is_still_reported(doc_factory):
    found = DET.detect(doc_factory("You can email Jane directly on jane.foster@sefton.gov.uk"))
    assert [d.attributes["address"] for d in found] == ["jane.foster@sefton.gov.uk"]


def test_registered():
    assert registry.detector_class("disclosure.council_email") is CouncilEmailDetector
