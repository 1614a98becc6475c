"""personal_data.special_category: a special-category fact about a named person, and generic statements."""

from __future__ import annotations

import pytest

from civicguard.engine.detectors.personal_data.special_category import SpecialCategory, SpecialCategoryParams


def found(doc_factory, text: str, **params: object) -> list[tuple[str, str]]:
    det = SpecialCategory(SpecialCategoryParams(**params))  # type: ignore[arg-type]
    return [(d.label, text[d.start : d.end]) for d in det.detect(doc_factory(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Our customer service team member Aisha has been off sick with depression for three months, "
            "so response times are slower.",
            [("health", "Our customer service team member Aisha has been off sick with depression")],
        ),
        ("Mrs Jane Black is pregnant with twins.", [("pregnancy", "Mrs Jane Black is pregnant")]),
        ("Mr K. Owusu has cancer.", [("health", "Mr K. Owusu has cancer")]),
        ("John Smith, our union rep, says hi.", [("trade_union", "John Smith, our union rep")]),
        (
            "Well done to our colleague Sam, who is transitioning this year.",
            [("gender_reassignment", "our colleague Sam, who is transitioning")],
        ),
        (
            "Dr Patel is Muslim and is autistic.",
            [("religion", "Dr Patel is Muslim"), ("disability", "Dr Patel is Muslim and is autistic")],
        ),
    ],
)
def test_named_person_with_special_category_fact(doc_factory, text, expected):
    assert found(doc_factory, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Depression affects 1 in 6 adults; talk to your GP.",
        "Our mosque open day is on Saturday, all welcome.",
        "Meet our apprentice of the year, Sophie! Sophie joined the highways team in 2025.",
        # an event, not a fact
        "Well done to our colleague Jo, who ran the Mental Health Awareness Week stall.",
        "Sarah Jones from our Disability Services team will be at the library.",  # a service name
        "Mr K. Owusu has moved to the Haydock centre. Depression is common in winter.",  # another sentence
        # a group named by religion or health is not a fact about the person in the sentence
        "Cllr Mike Ward joined our Muslim community for Eid celebrations.",
        "Sarah Jones ran the tea dance for people living with dementia and their carers.",
        "Thanks to Sarah Jones, residents with a disability can now use the lift.",
        "Mrs Jane Black welcomed Jewish families to the Hanukkah lights.",
    ],
)
def test_clear(doc_factory, text):
    assert found(doc_factory, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sarah Jones is Jewish.", [("religion", "Sarah Jones is Jewish")]),
        ("Mrs Jane Black, a Muslim woman, was attacked.", [("religion", "Mrs Jane Black, a Muslim")]),
        # hidden characters hide nothing; the span covers them
        ("Mr K. Owusu has can\u200bcer.", [("health", "Mr K. Owusu has can\u200bcer")]),
    ],
)
def test_a_person_is_not_a_group(doc_factory, text, expected):
    assert found(doc_factory, text) == expected


def test_categories_param(doc_factory):
    text = "Mrs Jane Black is pregnant and registered blind."
    assert found(doc_factory, text, categories=["disability"]) == [
        ("disability", "Mrs Jane Black is pregnant and registered blind")
    ]
    with pytest.raises(ValueError, match="criminal"):
        SpecialCategoryParams(categories=["criminal"])


def test_detection_attributes(doc_factory):
    [d] = SpecialCategory(SpecialCategoryParams()).detect(doc_factory("Mr K. Owusu has cancer."))
    assert (d.attributes["category"], d.redacted) == ("health", "[health information about a person].")
