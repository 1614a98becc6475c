from __future__ import annotations

import pytest

from civicguard.engine.detectors.conduct.personal_view import PersonalViewDetector, PersonalViewParams

DET = PersonalViewDetector(PersonalViewParams())


def _hits(doc):
    return [(doc.text[d.start:d.end], d.label) for d in DET.detect(doc) if d.confidence >= 0.5]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Speaking for Sefton Council, I can tell you we think the new parking charges are a terrible idea.",
         [("Speaking for Sefton Council, I can tell you we think the new parking charges are a terrible idea",
           "speaking_for_council")]),
        ("As a council officer I can tell you the bin changes are a disaster.",
         [("As a council officer I can tell you the bin changes are a disaster", "speaking_for_council")]),
        ("We at the council think the new scheme is brilliant.",
         [("We at the council think the new scheme is brilliant", "speaking_for_council")]),
        ("Honestly the council thinks residents should pay more.",
         [("the council thinks residents should", "council_view")]),
    ],
)
def test_catches(doc_factory, text, expected):
    assert _hits(doc_factory(text, council="sefton", channel="personal")) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I work for the council and I'm proud of our libraries",
        "The council has announced new parking charges from May (link)",
        "Officially, the library opens at 9.",
        "The council says the bins will be collected on Tuesday.",
    ],
)
def test_ignores(doc_factory, text):
    assert _hits(doc_factory(text, channel="personal")) == []
