from __future__ import annotations

import pytest

from civicguard.engine.detectors.conduct.criticism import CriticismDetector, CriticismParams

DET = CriticismDetector(CriticismParams())


def _hits(doc):
    return [(doc.text[d.start:d.end], d.label, d.attributes["target"]) for d in DET.detect(doc) if d.confidence >= 0.5]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Honestly the council I work for is run by clowns, my manager Gary is a useless idiot and everyone knows it.",
         [("the council I work for is run by clowns", "council", "the council I work for"),
          ("my manager Gary is a useless idiot", "colleague", "my manager Gary")]),
        ("The contractor doing the resurfacing is a complete shambles.",
         [("The contractor doing the resurfacing is a complete shambles", "supplier", "The contractor")]),
        ("Customers are idiots.", [("Customers are idiots", "service_user", "Customers")]),
        ("The council, honestly, is a disgrace.", [("The council, honestly, is a disgrace", "council", "The council")]),
        ("My colleagues are absolutely awful.", [("My colleagues are absolutely awful", "colleague", "My colleagues")]),
    ],
)
def test_catches(doc_factory, text, expected):
    assert _hits(doc_factory(text, channel="personal")) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Proud of my colleagues in the bins team today",
        "Lovely walk along Crosby beach with the dog this morning. Another Place looking great in the sun.",
        "The council collects rubbish every Tuesday.",
        "My boss told a joke at the party.",
        "Work is no joke this week.",
        "Speaking for Sefton Council, I can tell you we think the new parking charges are a terrible idea.",
        "Sefton Council replied to the Echo's piece about the library. It's lazy journalism.",
    ],
)
def test_ignores(doc_factory, text):
    assert _hits(doc_factory(text, channel="personal")) == []


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("My colleague Dean thinks he's God's gift since his regrade, he's a thick useless pillock.", "colleague"),
        ("Certain knobhead on my team has taken credit for my report again in front of the director.", "colleague"),
        ("Dear tenant who rang me today: back atcha, you toothless gobshite.", "service_user"),
        ("Rota changed again with no notice, the gaffers at the depot are proper muppets.", "colleague"),
        # the verdict in the next sentence, pointing back or on its own
        ("My supervisor moved my leave again without asking. He's clueless.", "colleague"),
        ("Sefton Council spent £80k on a new logo and froze our pay. Farce.", "council"),
        ("The tenants we deal with in Netherton are spongers, every one of them.", "service_user"),
        ("The latest contractor on the cemetery paths is a joke.", "supplier"),
        # contempt for a group by a protected characteristic, aimed at colleagues
        ("My team is full of pregnant women who should be sent home.", "colleague"),
    ],
)
def test_an_insult_aimed_at_a_colleague_or_a_service_user_is_criticism(doc_factory, text, target):
    assert target in [label for _, label, _ in _hits(doc_factory(text, channel="personal"))]


@pytest.mark.parametrize(
    "text",
    [
        "Proud of my team today, we cleared every missed bin in Bootle by 3pm.",
        "My colleague Sam ran the Great North Run in under two hours, absolute legend.",
        "Some absolute idiot parked across my drive again.",
    ],
)
def test_praise_and_insults_with_no_one_from_work_are_not_criticism(doc_factory, text):
    assert _hits(doc_factory(text, channel="personal")) == []
