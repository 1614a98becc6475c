"""`elections.councillor_quote`: quotes of councillors and candidates, and images tagged as one, only in a period."""

from __future__ import annotations

import pytest

from civicguard.engine.detectors.base import Document, NoParams
from civicguard.engine.detectors.elections.councillor_quote import CouncillorQuoteDetector
from civicguard.engine.model import Content, Context, ImageRef, ImageTag

DETECTOR = CouncillorQuoteDetector(NoParams())
PERIOD = "Borough council elections"


def spans(text, election=PERIOD, images=()):
    doc = Document(Content(text=text, images=tuple(images)),
                   Context(council="st-helens", channel="official", election=election))
    return [(text[d.start:d.end], d.label) for d in DETECTOR.detect(doc)]


@pytest.mark.parametrize(("text", "who"), [
    ('Cllr Sarah Whitfield said: "The park is open."', "Cllr Sarah Whitfield"),
    ('"We are proud of our record," said Councillor Tom Ashby.', "Councillor Tom Ashby"),
    ("The Mayor said the market would bring jobs.", "Mayor"),
    ('Cllr Mahmood: "Our recycling rate is the best it has ever been."', "Cllr Mahmood"),
    ("According to Cllr Bell, the centre opens in spring.", "Cllr Bell"),
    ("Candidate for Haydock ward, Peter Moss, said the council should fix potholes.", "Candidate"),
    ("Local MP Helen Carr said she was delighted.", "MP Helen Carr"),
])
def test_a_councillor_or_candidate_quoted_is_found_with_their_title_and_name(text, who):
    assert spans(text) == [(who, "quote")]


@pytest.mark.parametrize("text", [
    '"The new timetable means fewer missed collections," said Karen Hughes, the waste services manager.',
    'Resident Maureen Kelly said: "The new crossing makes the school run safer."',
    "The council's cabinet member for children's services will visit three schools next week.",
    "Councillors will vote on the budget on 1 March; watch it live online.",
    "Nominations for candidates close at 4pm on 8 April.",
    "The Mayor's Parlour is closed for refurbishment until June.",
    'Dr Ruth Evans said: "Ask the Mayor about it," and smiled.',
])
def test_officers_residents_and_councillors_not_speaking_are_left_alone(text):
    assert spans(text) == []


def test_nothing_is_reported_outside_a_period():
    assert spans('Cllr Sarah Whitfield said: "The park is open."', election=None) == []


def test_an_image_tagged_as_a_councillor_is_found_and_an_untitled_tag_is_not():
    councillor = ImageRef(ref="a.jpg", tags=(ImageTag(name="Cllr Ann Lowe", kind="public", consent="valid"),))
    noted = ImageRef(ref="b.jpg", tags=(ImageTag(name="Ann Lowe", note="ward councillor", consent="valid"),))
    resident = ImageRef(ref="c.jpg", tags=(ImageTag(name="Ann Lowe", kind="public", consent="valid"),))
    assert spans("Our new library.", images=[councillor, noted, resident]) == [("", "image"), ("", "image")]
