"""Council set (train) causes: people in a public role, addressees, organisations' numbers and references are not
a private individual's personal data; special-category facts about people identified by role, place or first name."""

from __future__ import annotations

import pytest

from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.personal_data.identifiers import IdentifiersParams, PersonalIdentifiers
from civicguard.engine.detectors.personal_data.special_category import SpecialCategory, SpecialCategoryParams
from civicguard.engine.model import Content, Context
from civicguard.engine.packs.loader import pack_for


def _doc(text: str) -> Document:
    return Document(Content(text), Context(council="sefton", channel="reply"), facts=pack_for("sefton").facts)


def identifiers(text: str) -> list[tuple[str, str]]:
    return [(d.label, text[d.start : d.end]) for d in PersonalIdentifiers(IdentifiersParams()).detect(_doc(text))]


def special(text: str) -> list[str]:
    return [d.label for d in SpecialCategory(SpecialCategoryParams()).detect(_doc(text))]


@pytest.mark.parametrize(
    "text",
    [
        "Our Labour candidate Ruth Pemberton is on the stall at the market on Saturday.",  # a candidate
        "Vote Kath Bellingham, Independent. She has lived here 40 years.",
        "Darren Kellet, of Haydock, was sentenced at Liverpool Crown Court today.",  # a court result
        "Wei Chen, 38, has been fined £8,000 at the magistrates' court.",
        "For a chat about the role contact Service Manager Rachel Coyne.",  # staff in their work role
        "Well done to Mike Rimmer from our Environmental Health team.",
        "Hi Mr Griffiths, your grandson was offered a place at Cowley.",  # the addressee, nothing else
        "Evening Dan, the noise service runs on Friday nights.",
        "Eid Mubarak to everyone celebrating today!",  # a greeting, not a name
        "The report came from Wigan Council, so please report it to them on 01942 244991.",
        "Anyone with footage should call 101 quoting reference 25000123456.",
        "Road closures on Saturday 12 July. Lord Street will be closed.",
        # staff named with their job after the name, a service they lead, a retirement
        "Congratulations to Priya Chandran, deputy headteacher at Grange Park Primary, on her award.",
        "A big thank you to Owen Tallis (site supervisor) for opening up early.",
        "The Youth Service, run by Dom Kearsley, has won a regional award.",
        "Best wishes to Pauline Greaves, who retires on Friday after 35 years on our switchboard.",
        # a court or tribunal's order against someone, and a police appeal for a missing person
        "The magistrates made a closure order against Bootle trader Ryan Mercer after repeated sales to children.",
        "Police are appealing for help to find Kelsey Ord, 15, who is missing from Kirkby.",
        # what a court heard, a fine in the sentence after the conviction, a head teacher or GP partner at work
        "Wigan Magistrates heard Colin Bright, 57, of Elm Road, had no waste carrier's licence.",
        "A trader was convicted on Monday. Gary Fenton, 44, was fined £900 and ordered to pay costs.",
        "The Head Teacher of Grange Park, Mrs Alison Birch, has thanked parents for their patience.",
        "Dr Femi Adeyemi, senior partner at Rainhill Medical Practice, welcomed the new clinic.",
        # not a person or a postcode: the path of a link, a baby's name after 'Baby'
        "Results by area are at https://example.org/data/LS11AB/sthelens-north and the map is linked below.",
        "Baby Maisie says thank you to everyone who covered my shifts!",
        # an organisation's number: a service or team named before it
        "For a booking call Knowsley Adult Services on 0151 443 3000.",
        "Give the bereavement team a ring on 01704 533443 and they'll help.",
    ],
)
def test_not_a_private_individuals_data(text):
    assert identifiers(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi Mrs Kershaw, we've checked Blue Badge number BB40917263.",
         [("PERSON", "Mrs Kershaw"), ("CASE_REFERENCE", "BB40917263")]),  # the addressee beside their data
        ("Hi Mr Rimmer. For account 6012 4471 9, the disregard applies.",
         [("PERSON", "Mr Rimmer"), ("CASE_REFERENCE", "6012 4471 9")]),
        ("Bryan Maclean's killers were sentenced at court.", [("PERSON", "Bryan Maclean")]),  # not the subject
        # a resident named in a link's words is still a person outside it; a number the writer makes their own
        ("Ask Gareth Lomax, he'll know: www.example.org/street-party", [("PERSON", "Gareth Lomax")]),
        ("The team said ring me on 07700 900461 if it happens again.", [("UK_PHONE", "07700 900461")]),
    ],
)
def test_still_found(text, expected):
    assert identifiers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("our receptionist Amira is pregnant again!!", ["pregnancy"]),
        ("Our Kirsty in Children's Services had a miscarriage at the weekend.", ["health"]),
        ("Sharon in payroll is 6 months sober today!", ["health"]),
        ("pretty sure the new manager at Thatto Heath library is gay", ["sexuality"]),
        ("The lollipop lady outside Rectory school is pregnant.", ["pregnancy"]),
        ("Mrs Kaur next door has had MS for years.", ["health"]),
        ("Lol at Lucy the trans lass on the bins round Litherland", ["gender_reassignment"]),
        ("our Shannon keeps going on about her anxiety like nobody else has it", ["health"]),
        ("the tall fella who runs the chippy on Duke Street is on methadone", ["health"]),
        ("Keith at no. 4 is registered partially sighted now, bless him", ["disability"]),
        ("Sat next to Bilal Khan all week. He's fasting for Ramadan so no lunch breaks together.", ["religion"]),
        ("the Polish lad at the car wash on Church Road never says a word", ["ethnicity"]),
        # the person a reply addresses, in a later sentence about "you" or "your" family
        ("Hi Maxine. As you're 32 weeks pregnant we've moved your application up a band.", ["pregnancy"]),
        ("New team leader Sunita is a Jehovah's Witness apparently.", ["religion"]),
    ],
)
def test_special_category_about_an_identifiable_person(text, expected):
    assert special(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Everyone knows Mick, he came out at 10pm on a Sunday when our fuse board went.",
        "Jade Foster was banned after selling sick puppies.",
        "Wishing a happy Diwali to our Hindu, Sikh and Jain communities.",
        "Get a free NHS Health Check at St Helens Central Library: diabetes risk in 20 minutes.",
        "Hi Ms Hughes, your bin will be delivered on Thursday.",
        "Ill be writing to Joe Parry about this, the bins are a disgrace.",  # "I'll", not "ill"
        "Hi Nadia, the Muslim burial section at Anfield cemetery is open to all families.",
        "Gypsy, Roma and Traveller History Month starts with a talk by Amy Lowe at the library.",
        "Ramadan food appeal: drop tins at the library, thanks to Ian Cole and the volunteers.",
        "Tonight at Youth Council a talk on teenage pregnancy.",
    ],
)
def test_special_category_clear(text):
    assert special(text) == []
