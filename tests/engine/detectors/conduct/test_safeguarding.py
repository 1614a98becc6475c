from __future__ import annotations

import pytest

from civicguard.engine.councilmodel import KIND_WORDS
from civicguard.engine.detectors.conduct.safeguarding import SafeguardingDetector, SafeguardingParams

DET = SafeguardingDetector(SafeguardingParams())


def _hits(doc):
    return [(doc.text[d.start:d.end], d.label) for d in DET.detect(doc) if d.confidence >= 0.5]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My neighbour's little girl is left alone every night and I've seen bruises on her arms. "
         "I don't know who to tell.", [("little girl is left alone every night and I've seen bruises", "child_abuse")]),
        ("I want to end it all tonight, nobody at the council cares about people like me.",
         [("want to end it all", "self_harm")]),
        ("My friend says she's better off dead", [("better off dead", "self_harm")]),
        ("I've been cutting myself again", [("cutting myself", "self_harm")]),
        ("He took an overdose last night", [("took an overdose", "self_harm")]),
        ("My husband hits me when he's drunk", [("husband hits", "domestic_abuse")]),
        ("Her stepdad hits her and she's scared to go home", [("hits her and she's scared to go home", "child_abuse")]),
        ("The old lady next door has dementia and she has bruises",
         [("old lady next door has dementia and she has bruises", "adult_abuse")]),
        ("The county lines gang is using the flat next door", [("county lines", "exploitation")]),
    ],
)
def test_catches(doc_factory, text, expected):
    assert _hits(doc_factory(text, channel="comment")) == expected


@pytest.mark.parametrize(
    "text",
    [
        "this traffic is killing me",
        "I could kill for a coffee",
        "dead tired after that shift",
        "suicide prevention training for staff next week",
        "the safeguarding board meets on Tuesday",
        "If you are experiencing domestic abuse call 0800 123 456",
        "Kids hitting the ball in the park",
        "I kill myself laughing at this show",
        "Book your dog grooming session today",
        "I can't go on the trip on Friday",
    ],
)
def test_ignores(doc_factory, text):
    assert _hits(doc_factory(text, channel="comment")) == []


def test_a_disclosure_with_no_listed_wording_is_caught_by_the_council_model(doc_factory):
    text = "my sister's boyfriend checks her phone and won't let her leave the house, she's terrified of him"
    [found] = DET.detect(doc_factory(text, channel="comment"))
    kind = found.attributes["kind"]
    assert found.confidence >= 0.5 and "council model" in found.explanation
    assert kind in (KIND_WORDS["emotional_abuse"], KIND_WORDS["domestic_abuse"]) and kind in found.explanation


def test_a_council_county_lines_awareness_post_is_not_blocked(doc_factory):
    text = ("County lines: know the signs. Gangs use children to move drugs between towns, and new phones, cash or "
            "trainers they can't explain, or going missing, can all be signs. Worried about a young person? "
            "Talk to us or call Crimestoppers anonymously.")
    assert _hits(doc_factory(text, channel="official")) == []


@pytest.mark.parametrize(
    ("channel", "text"),
    [
        ("official", "Well done to Kayden, 11, who lives with his foster carers in Rainford, for his swimming badge!"),
        ("reply", "Hi Sue, yes that's Morgan from our children's home in Newton, she's 15 now and loving college."),
        ("official", "Our care leaver Jess Holt has just got the keys to her first flat on Duke Street 🔑"),
        ("personal",
         "So proud of one of the children looked after on my caseload, Tyler, aged 14, who passed his exams"),
    ],
)
def test_a_child_in_care_made_identifiable_is_caught(doc_factory, channel, text):
    labels = [label for _, label in _hits(doc_factory(text, channel=channel))]
    assert labels == ["looked_after_identified"]


@pytest.mark.parametrize(
    ("channel", "text"),
    [
        ("official",
         "Congratulations to foster carers Pat and Brian, who have cared for 90 children over 30 years!"),
        ("official", "It's Fostering Fortnight: 140 foster families in the borough open their homes to children."),
        ("reply", "Hi Stephen, that slip road is looked after by National Highways: ring them on 0300 123 5000."),
        ("official", "Puppy dealer sentenced: Jade Foster, 31, of Thatto Heath, received a suspended sentence."),
        # Not the council's voice:
        ("comment", "Lily, 12, from the children's home by us is always out late on her own"),
    ],
)
def test_care_words_with_no_child_in_care_named_are_not_this_finding(doc_factory, channel, text):
    assert "looked_after_identified" not in [label for _, label in _hits(doc_factory(text, channel=channel))]


@pytest.mark.parametrize(
    "text",
    [
        "I won't be around much longer so it doesn't matter what the council does",
        "I've been saving up my tablets, I'm going to end it",
        "Honestly nobody would miss me if I was gone",
        "Life isn't worth living since my son died",
    ],
)
def test_suicide_risk_said_without_the_word(doc_factory, text):
    assert "self_harm" in [label for _, label in _hits(doc_factory(text, channel="comment"))]


@pytest.mark.parametrize(
    "text",
    [
        "Young people leaving our care can get free bus travel until they're 21: care leavers aged 16 to 21 "
        "apply here.",
        "Our local offer for care leavers now covers everyone up to age 25, wherever they live.",
        "Care-experienced adults 18+ can book a free session with the leaving care team.",
    ],
)
def test_an_age_range_in_an_offer_to_care_leavers_names_no_one(doc_factory, text):
    assert "looked_after_identified" not in [label for _, label in _hits(doc_factory(text, channel="official"))]


@pytest.mark.parametrize(
    "text",
    [
        "Has anyone seen our Jade (14)? She hasn't come home from school and her phone is off, please share",
        "My nan has dementia and she's been missing since this morning, last seen near the precinct in a blue coat",
        "Lad from our street, only 12, ran away from home again last night, police are out looking",
    ],
)
def test_a_missing_child_or_adult_at_risk_is_caught(doc_factory, text):
    assert "missing_person" in [label for _, label in _hits(doc_factory(text, channel="comment"))]


@pytest.mark.parametrize(
    "text",
    [
        "Our cat Biscuit (3) has been missing since Tuesday, ginger tabby, please check your sheds",
        "The missing bin lid has been found, thanks to whoever returned it",
        "Missing persons week: if someone you know goes missing, call 101 or Missing People on 116 000.",
        "My son hasn't come back from uni for Christmas yet, can't wait to see him Friday",
    ],
)
def test_missing_pets_things_and_awareness_posts_are_not_a_missing_person(doc_factory, text):
    assert "missing_person" not in [label for _, label in _hits(doc_factory(text, channel="comment"))]


def test_a_farewell_beside_despair_is_a_suicide_risk_and_a_farewell_alone_is_not(doc_factory):
    worried = "Sorry for going quiet. Can't do any of it anymore. Said my goodbyes to the dog this morning."
    assert "self_harm" in [label for _, label in _hits(doc_factory(worried, channel="personal"))]
    funeral = "We said our goodbyes to Grandad today at St Mary's, a lovely service, thank you all for coming."
    assert _hits(doc_factory(funeral, channel="personal")) == []


def test_a_foster_child_named_with_an_age_is_identified_but_a_foster_carer_is_not(doc_factory):
    proud = "Proud foster mum moment! Our Tyler (11) scored twice for Rainford Juniors this morning."
    assert "looked_after_identified" in [label for _, label in _hits(doc_factory(proud, channel="personal"))]
    recruit = "Meet Sarah, 45, a proud foster mum from Rainhill: could you foster too? Info evening Thursday."
    assert "looked_after_identified" not in [label for _, label in _hits(doc_factory(recruit, channel="official"))]
