from __future__ import annotations

import pytest

from civicguard.engine.detectors.conduct.defamation import DefamationDetector, DefamationParams

DET = DefamationDetector(DefamationParams())


def _hits(doc):
    return [(doc.text[d.start:d.end], d.label, d.attributes["target"]) for d in DET.detect(doc) if d.confidence >= 0.5]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Councillor Dave Marsh took bribes from the developer of the Ravenhead site, everyone knows he's a crook.",
         [("took bribes from the developer of the Ravenhead site, everyone knows he's a crook", "person",
           "Councillor Dave Marsh")]),
        ("My manager Gary has been fiddling his expenses for years.",
         [("fiddling his expenses", "person", "My manager Gary")]),
        ("Marsh Builders Ltd are a bunch of crooks who stole from pensioners.",
         [("crooks who stole", "business", "Marsh Builders Ltd")]),
        ("The head of planning is on the take.", [("on the take", "person", "The head of planning")]),
        ("I met Cllr Smith today. He is a crook.", [("crook", "person", "Cllr Smith")]),
        ("Peter Rogers is a liar and a thief.", [("liar and a thief", "person", "Peter Rogers")]),
    ],
)
def test_catches(doc_factory, text, expected):
    assert _hits(doc_factory(text, channel="comment")) == expected


@pytest.mark.parametrize(
    "text",
    [
        "John Smith was convicted of fraud at Liverpool Crown Court last year.",
        "The plan is a scandal.",
        "They're all crooks down there.",
        "Cllr Jones never took bribes.",
        "The council is corrupt.",
        "Parking charges are daylight theft.",
    ],
)
def test_ignores(doc_factory, text):
    assert _hits(doc_factory(text, channel="comment")) == []


def test_court_report_is_low(doc_factory):
    [d] = DET.detect(doc_factory("John Smith was convicted of fraud at Liverpool Crown Court last year."))
    assert d.confidence < 0.5


@pytest.mark.parametrize(
    ("text", "allegation", "target"),
    [
        ("That builder on Church St (Pennington Building Services) is ripping off pensioners, crooks.",
         "ripping off pensioners", "Pennington Building Services"),
        ("The woman who runs Haydock Helping Hands has been pocketing the tin collection money for years.",
         "pocketing the tin collection money", "The woman who runs Haydock Helping Hands"),
        ("The independent candidate for Derby ward forged half the signatures on his nomination form.",
         "forged half the signatures", "The independent candidate for Derby ward"),
        ("The manager at Dunes leisure centre kept every penny of the cash memberships.",
         "kept every penny", "The manager at Dunes leisure centre"),
        # favours for friends, undeclared interests, where the money goes, sales to children, dumping
        ("Cllr Platt handed the footpath contract to his brother-in-law's firm and never declared it.",
         "never declared", "Cllr Platt"),
        ("Kath in the allocations team gives the best bungalows to her own family, every time.",
         "gives the best bungalows to her own family", "Kath in the allocations team"),
        ("The Prescot Road garage owner sells vapes to school kids with no ID checks at all.",
         "sells vapes to school kids with no ID", "The Prescot Road garage owner"),
        ("White Transit YX19 KLM dumping builders waste down Gorsey Lane again.",
         "dumping builders waste", "YX19 KLM"),
        ("Our glorious director is lining his own pockets with the regeneration money.",
         "lining his own pockets", "Our glorious director"),
    ],
)
def test_allegations_in_plain_words_against_someone_identifiable(doc_factory, text, allegation, target):
    hits = _hits(doc_factory(text, channel="comment"))
    assert any(allegation in found and who.lower() == target.lower() for found, _, who in hits), hits


@pytest.mark.parametrize(
    "text",
    [
        "Parking at £5 an hour in the town centre is a rip off.",
        "Great day at the car boot, picked up a fake Christmas tree for a fiver.",
        "Someone nicked my bike from outside the library, gutted.",
        # a service that fights fraud, stolen property, a warning with no one accused
        "Thanks to PC Dale Hunt, who marked 40 bikes today. Stolen bikes that are marked get home.",
        "Had a scam text? Report it to Action Fraud or our fraud team on 0151 934 4000.",
    ],
)
def test_prices_bargains_and_unknown_thieves_are_not_defamation(doc_factory, text):
    assert _hits(doc_factory(text, channel="comment")) == []
