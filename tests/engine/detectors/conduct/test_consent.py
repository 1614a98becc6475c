from __future__ import annotations

import pytest

from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.conduct.consent import ConsentParams, ImageConsentDetector
from civicguard.engine.model import Content, Context, ImageRef

DET = ImageConsentDetector(ConsentParams())


def _doc(text, *images):
    return Document(Content(text, images=tuple(images)), Context(council="sefton", channel="official"))


def _hits(doc):
    return [(doc.text[d.start:d.end], d.label, d.attributes.get("people")) for d in DET.detect(doc)]


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (_doc("Great day at the park", ImageRef("a.jpg", ("Mary Jones",))), [("", "tagged_person", "Mary Jones")]),
        (_doc("Cllr Burns opened the cafe today.", ImageRef("a.jpg", ("Anthony Burns", "Jo Bloggs")), ImageRef("b")),
         [("Burns", "tagged_person", "Anthony Burns, Jo Bloggs")]),
        (_doc("Well done to the pupils who planted trees today, including Jayden!",
              ImageRef("a.jpg", ("Jayden Smith",))),
         [("Jayden", "tagged_person", "Jayden Smith"), ("Jayden", "child_named", "Jayden")]),
        (_doc("Jayden, aged 7, with the Mayor at the opening.", ImageRef("a.jpg")),
         [("Jayden", "child_named", "Jayden")]),
        (_doc("Pictured: pupil Sophie with her award."), [("Sophie", "child_named", "Sophie")]),
        (_doc("Our foster children enjoying the summer fun day!", ImageRef("a.jpg")),
         [("Our foster children", "looked_after_child", "Our foster children")]),
    ],
)
def test_catches(doc, expected):
    assert _hits(doc) == expected


@pytest.mark.parametrize(
    "doc",
    [
        _doc("Could you be a foster carer? Find out more.", ImageRef("a.jpg")),
        _doc("Meet our apprentice of the year, Sophie! Sophie joined the highways team in 2025."),
        _doc("Thanks to Dave Smith, 45, from Bootle", ImageRef("a.jpg")),
        _doc("Jayden, aged 7, won the reading challenge."),  # no image and no photo mentioned
    ],
)
def test_ignores(doc):
    assert _hits(doc) == []


def test_labels_param_selects():
    det = ImageConsentDetector(ConsentParams(labels=["looked_after_child"]))
    assert [d.label for d in det.detect(_doc("Jayden, aged 7, and our foster children", ImageRef("a")))] == [
        "looked_after_child"
    ]
    with pytest.raises(ValueError):
        ConsentParams(labels=["nope"])
