from __future__ import annotations

import pytest

from civicguard.engine.detectors import registry
from civicguard.engine.detectors.disclosure.political import PoliticalDetector, PoliticalParams

DET = PoliticalDetector(PoliticalParams(parties=["St Helens Independents"]))

D10 = "Everyone please get out and vote Labour on Thursday, we need a change in this town!"
D11 = "Went to the hustings at the town hall last night, interesting debate about bus services."


def spans(doc, threshold: float = 0.5):
    return [(d.label, doc.text[d.start : d.end]) for d in DET.detect(doc) if d.confidence >= threshold]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (D10, [("vote_call", "vote Labour")]),
        ("vote L4bour!!", [("vote_call", "vote L4bour")]),
        ("Kick the Tories out!", [("opposition", "Kick the Tories out")]),
        ("Tories out. #VoteLabour", [("opposition", "Tories out"), ("vote_call", "#VoteLabour")]),
        ("Don't vote Reform, they're a joke", [("opposition", "Don't vote Reform")]),
        ("The Lib Dems are the only party that cares", [("endorsement", "Lib Dems are the only party")]),
        ("Please SUPPORT the Greens", [("endorsement", "SUPPORT the Greens")]),
        ("Join the Green Party campaign this weekend", [("campaigning", "Join the Green Party campaign")]),
        ("Out canvassing in Thatto Heath this morning", [("campaigning", "canvassing")]),
        ("Please back St Helens Independents on 7 May", [("endorsement", "back St Helens Independents")]),
        ("Re-elect Cllr Smith on Thursday", [("endorsement", "Re-elect Cllr Smith")]),
        ("Vote Green on Thursday", [("vote_call", "Vote Green")]),
    ],
)
def test_flags(doc_factory, text, expected):
    assert spans(doc_factory(text, channel="personal", politically_restricted=True)) == expected


@pytest.mark.parametrize(
    "text",
    [
        D11,
        "Polling stations open 7am to 10pm on Thursday.",
        "Register to vote by 16 April.",
        "Labour won the by-election, the BBC reports",  # a neutral mention: low confidence only
        "Vote for the green space project in the budget poll",
        "We support reform of adult social care funding",
        "Labour market statistics out today",
        "Conservative estimate: 400 people came",
    ],
)
def test_passes(doc_factory, text):
    assert spans(doc_factory(text, channel="personal", politically_restricted=True)) == []


def test_only_when_politically_restricted(doc_factory):
    assert DET.detect(doc_factory(D10, channel="personal")) == []


def test_neutral_mention_is_low_confidence(doc_factory):
    found = DET.detect(doc_factory("Labour won the by-election", politically_restricted=True))
    assert [(d.label, d.confidence, d.attributes["party"]) for d in found] == [("mention", 0.3, "Labour")]


def test_registered():
    assert registry.detector_class("conduct.political") is PoliticalDetector
