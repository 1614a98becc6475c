"""consent.images with what the consent register says of each tagged person: a tagged child's name never with
their image (text or alt text), a child's public display needs its own permission, a looked-after child never."""

from __future__ import annotations

import pytest

from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.conduct.consent import ConsentParams, ImageConsentDetector
from civicguard.engine.model import Content, Context, ImageRef, ImageTag

JAYDEN = ImageTag("Jayden Smith", kind="child", consent="valid", public_display=True)
MARY = ImageTag("Mary Jones", kind="staff", consent="valid")


def hits(text: str, *images: ImageRef, labels: list[str] | None = None) -> list[tuple[str, str, str]]:
    det = ImageConsentDetector(ConsentParams(labels=labels) if labels else ConsentParams())
    doc = Document(Content(text, images=images), Context(council="sefton", channel="official"))
    return [(text[d.start:d.end], d.label, d.attributes.get("name") or d.attributes.get("people", ""))
            for d in det.detect(doc)]


def named(text: str, *tags: ImageTag, alt_text: str = "") -> list[tuple[str, str, str]]:
    return hits(text, ImageRef("a.jpg", alt_text=alt_text, tags=tags), labels=["child_named"])


@pytest.mark.parametrize(("text", "expected"), [
    ("Well done Jayden Smith on the reading challenge!", [("Jayden Smith", "child_named", "Jayden Smith")]),
    ("Well done Jayden on the reading challenge!", [("Jayden", "child_named", "Jayden")]),  # no child words needed
    ("The Smith family enjoyed the fun day.", [("Smith", "child_named", "Smith")]),  # surname alone
    ("Well done JAYDEN SMITH!", [("JAYDEN SMITH", "child_named", "JAYDEN SMITH")]),  # full name in any case
    ("Jayden's tree is growing well.", [("Jayden", "child_named", "Jayden")]),  # possessive
    ("A great day at the library.", []),
    ("Jaydens and Smithson", []),  # whole words only
    ("jayden planted a tree", []),  # a first name alone only as written (known miss, in the docstring)
])
def test_a_tagged_childs_name_in_the_text(text, expected):
    assert named(text, JAYDEN) == expected


def test_an_adults_name_in_the_text_is_not_a_childs():
    assert named("Thanks to Mary Jones for organising the day.", MARY) == []
    # ...unless the text puts the tagged name among children (the detector's earlier rule, kept)
    assert named("Mary and the other pupils planted trees.", ImageTag("Mary Jones")) == [
        ("Mary", "child_named", "Mary")]
    # ...but never a person the register says is an adult, whatever the sentence says
    assert named("Mary and the other pupils planted trees.", MARY) == []
    assert named("Mary and the other pupils planted trees.", ImageTag("Mary Jones", kind="public")) == []


def test_a_tagged_childs_name_in_the_alt_text_is_caught_too():
    assert named("Planting trees at the park.", JAYDEN, alt_text="Jayden planting an oak") == [
        ("", "child_named", "Jayden")]
    assert named("Planting trees at the park.", JAYDEN, alt_text="A child planting an oak") == []
    # An adult's name in the alt text is fine.
    assert named("Planting trees.", MARY, alt_text="Mary Jones planting an oak") == []


def test_the_same_child_in_two_images_is_reported_once():
    images = (ImageRef("a.jpg", alt_text="Jayden", tags=(JAYDEN,)), ImageRef("b.jpg", tags=(JAYDEN,)))
    assert hits("Trees!", *images, labels=["child_named"]) == [("", "child_named", "Jayden")]
    assert hits("Well done Jayden", *images, labels=["child_named"]) == [("Jayden", "child_named", "Jayden")]


def test_the_explanation_says_which_tagged_child_it_took_the_name_for():
    det = ImageConsentDetector(ConsentParams(labels=["child_named"]))
    doc = Document(Content("Cllr Smith opened the play area.", images=(ImageRef("a.jpg", tags=(JAYDEN,)),)),
                   Context(council="sefton", channel="official"))
    (d,) = det.detect(doc)
    assert "taken for Jayden Smith" in d.explanation


@pytest.mark.parametrize(("child", "expected"), [
    (ImageTag("Amy Lee", kind="child", consent="valid"), [("", "child_no_public_display", "Amy Lee")]),
    (ImageTag("Amy Lee", kind="child", consent="valid", public_display=True), []),
    (ImageTag("Amy Lee", kind="public", consent="valid"), []),  # not a child
    (ImageTag("Amy Lee", kind="staff", consent="valid"), []),
    # a looked-after child is reported once, by the rule nobody can override
    (ImageTag("Amy Lee", kind="child", consent="valid", looked_after=True), []),
])
def test_a_child_needs_the_separate_public_display_permission(child, expected):
    assert hits("Fun day!", ImageRef("a.jpg", tags=(MARY, child)), labels=["child_no_public_display"]) == expected


@pytest.mark.parametrize(("child", "expected"), [
    (ImageTag("Kai", kind="child", consent="valid", looked_after=True, public_display=True),
     [("", "looked_after_tagged", "Kai")]),
    (ImageTag("Kai", kind="child", consent="none", looked_after=True), [("", "looked_after_tagged", "Kai")]),
    # whoever recorded the kind, the flag alone decides
    (ImageTag("Kai", kind="unknown", looked_after=True), [("", "looked_after_tagged", "Kai")]),
    (ImageTag("Kai", kind="child", consent="valid", public_display=True), []),
])
def test_a_tagged_looked_after_child_whatever_else_is_recorded(child, expected):
    assert hits("Fun day!", ImageRef("a.jpg", tags=(child,)), labels=["looked_after_tagged"]) == expected


def test_register_findings_name_the_picture():
    kai = ImageTag("Kai", kind="child", consent="valid", looked_after=True)
    det = ImageConsentDetector(ConsentParams(labels=["looked_after_tagged"]))
    doc = Document(Content("x", images=(ImageRef("a.jpg"), ImageRef("uploads/b.jpg", tags=(kai,)))),
                   Context(council="sefton", channel="official"))
    (d,) = det.detect(doc)
    assert d.attributes == {"name": "Kai", "image": "uploads/b.jpg", "picture": "image 2 (b.jpg)"}


def test_the_tagged_person_reminder_is_only_for_people_the_register_was_not_asked_about():
    # names typed at the command line: the reminder, as before
    assert hits("Fun day", ImageRef("a.jpg", ("Mary Jones",)), labels=["tagged_person"]) == [
        ("", "tagged_person", "Mary Jones")]
    # the register answered: valid needs no reminder; refusals are images.faces' findings
    tags = (MARY, ImageTag("Jo Bloggs", consent="withdrawn"))
    assert hits("Fun day", ImageRef("a.jpg", tags=tags), labels=["tagged_person"]) == []
    mixed = (MARY, ImageTag("Ali Khan"))
    assert hits("Fun day with Ali", ImageRef("a.jpg", tags=mixed), labels=["tagged_person"]) == [
        ("Ali", "tagged_person", "Ali Khan")]


def test_the_new_labels_are_selectable_and_checked():
    assert ConsentParams(labels=["child_no_public_display", "looked_after_tagged"]).labels
    with pytest.raises(ValueError, match="unknown label"):
        ConsentParams(labels=["looked_after"])
