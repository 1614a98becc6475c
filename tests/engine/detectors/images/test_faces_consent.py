"""images.faces against the consent register: faces count only against people whose consent counts, and a person
tagged whose consent is missing, expired, withdrawn or for another platform is named with the reason."""

from __future__ import annotations

import pytest

from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.images.faces import FacesDetector, FacesParams, picture_name
from civicguard.engine.detectors.images.people_personal import PeoplePersonalDetector, PeoplePersonalParams
from civicguard.engine.images.facts import FaceBox, ImageFacts
from civicguard.engine.model import Content, Context, ImageRef, ImageTag


def faces(n: int) -> ImageFacts:
    return ImageFacts(640, 480, tuple(FaceBox(10 + 60 * i, 10, 50, 50, 3.0) for i in range(n)))


def tag(name: str, consent: str = "valid", kind: str = "public", **kw) -> ImageTag:
    return ImageTag(name=name, kind=kind, consent=consent, **kw)


MARY, JO, ALI = tag("Mary Jones", kind="staff"), tag("Jo Bloggs"), tag("Ali Khan")


def detect(*images: ImageRef, platform: str | None = "facebook", labels: list[str] | None = None):
    det = FacesDetector(FacesParams(labels=labels) if labels else FacesParams())
    doc = Document(Content("Fun day at the park", images=images),
                   Context(council="sefton", channel="official", platform=platform))
    return det.detect(doc)


def counted(*images: ImageRef, **kw) -> list[tuple[str, str, str]]:
    """(image, faces, consented) for each untagged_faces finding."""
    return [(d.attributes["image"], d.attributes["faces"], d.attributes["consented"])
            for d in detect(*images, labels=["untagged_faces"], **kw)]


@pytest.mark.parametrize(("n_faces", "tags", "expected"), [
    (2, (MARY, JO), []),  # every face covered by valid consent
    (2, (MARY,), [("a.jpg", "2", "1")]),  # one face without anyone tagged
    (2, (MARY, tag("Jo Bloggs", "withdrawn")), [("a.jpg", "2", "1")]),  # tagged but withdrawn covers no face
    (1, (tag("Jo Bloggs", "expired"),), [("a.jpg", "1", "0")]),
    (1, (tag("Jo Bloggs", "none"),), [("a.jpg", "1", "0")]),
    (1, (tag("Jo Bloggs", "not-for-platform"),), [("a.jpg", "1", "0")]),
    (1, (tag("Jo Bloggs", "unknown"),), []),  # a typed name: the tagged-person reminder asks instead
    (1, (tag("Kai", "valid", kind="child", looked_after=True),), [("a.jpg", "1", "0")]),  # never consented
    (3, (MARY, JO, ALI), []),
    (3, (MARY, JO, ALI, tag("Extra Person")), []),  # more consented tags than faces found: the cascade missed one
    (2, (MARY, MARY), [("a.jpg", "2", "1")]),  # one person tagged twice covers one face
    (0, (), []),  # nobody in it
    (0, (tag("Jo Bloggs", "withdrawn"),), []),  # no face found: the count has nothing to say (the tag does)
])
def test_faces_count_against_people_with_consent_that_counts(n_faces, tags, expected):
    assert counted(ImageRef("a.jpg", facts=faces(n_faces), tags=tags)) == expected


def test_each_image_is_counted_on_its_own():
    images = (ImageRef("a.jpg", facts=faces(1), tags=(MARY,)), ImageRef("b.jpg", facts=faces(2), tags=(JO,)))
    assert counted(*images) == [("b.jpg", "2", "1")]


def test_typed_names_without_a_register_still_count_as_before():
    # The command line and the API give names only: their tags say consent "unknown", which counts.
    assert counted(ImageRef("a.jpg", ("Mary Jones", "mary jones "), facts=faces(2))) == [("a.jpg", "2", "1")]


def words(image: ImageRef) -> str:
    (d,) = detect(image, labels=["untagged_faces"])
    return f"{d.attributes['faces_text']}, but {d.attributes['consented_text']}"


def test_the_counts_read_as_words():
    (d,) = detect(ImageRef("photos/fun-day.jpg", facts=faces(3), tags=(MARY, tag("Jo", "withdrawn"))),
                  labels=["untagged_faces"])
    assert {k: d.attributes[k] for k in ("picture", "untagged_text", "tagged", "consented")} == {
        "picture": "image 1 (fun-day.jpg)", "untagged_text": "2 people", "tagged": "2", "consented": "1"}
    assert words(ImageRef("a.jpg", facts=faces(3), tags=(MARY, tag("Jo", "withdrawn")))) == (
        "3 faces, but only 1 person tagged in it has consent on record for this platform")
    assert words(ImageRef("a.jpg", facts=faces(1))) == "1 face, but nobody in it is tagged"
    assert words(ImageRef("a.jpg", facts=faces(1), tags=(tag("Jo", "none"),))) == (
        "1 face, but nobody tagged in it has consent on record for this platform")
    assert words(ImageRef("a.jpg", facts=faces(4), tags=(MARY, JO))) == (
        "4 faces, but only 2 people tagged in it have consent on record for this platform")
    # names typed where no register was asked: only that they are tagged, never "consent on record"
    assert words(ImageRef("a.jpg", ("Mary Jones",), facts=faces(2))) == "2 faces, but only 1 person is tagged in it"
    assert words(ImageRef("a.jpg", ("Mary Jones", "Jo Bloggs"), facts=faces(3))) == (
        "3 faces, but only 2 people are tagged in it")


@pytest.mark.parametrize(("consent", "platform", "reason", "fix_starts"), [
    ("none", "facebook", "there is no written consent from them on the consent register", "Record their signed"),
    ("expired", "facebook", "their consent has expired", "Ask them to renew"),
    ("withdrawn", "facebook", "they have withdrawn their consent", "Respect their withdrawal"),
    ("not-for-platform", "instagram", "their consent does not cover Instagram", "Ask them for consent that covers "
                                                                                "Instagram"),
    ("not-for-platform", "x", "their consent does not cover X", "Ask them for consent that covers X"),
    ("not-for-platform", None, "their consent does not cover the platform this post is for", "Ask them"),
])
def test_a_tagged_person_without_consent_is_named_with_the_reason(consent, platform, reason, fix_starts):
    image = ImageRef("a.jpg", facts=faces(1), tags=(MARY, tag("Jo Bloggs", consent)))
    (d,) = detect(image, platform=platform, labels=["consent_refused"])
    assert (d.label, d.attributes["name"], d.attributes["consent"], d.attributes["reason"]) == (
        "consent_refused", "Jo Bloggs", consent, reason)
    assert d.attributes["fix"].startswith(fix_starts) and (d.start, d.end) == (0, 0)


@pytest.mark.parametrize("consent", ["valid", "unknown"])
def test_consent_that_counts_is_not_refused(consent):
    assert detect(ImageRef("a.jpg", facts=faces(1), tags=(tag("Jo", consent),)), labels=["consent_refused"]) == []


def test_the_registers_note_is_in_the_explanation():
    image = ImageRef("a.jpg", facts=faces(1), tags=(tag("Jo Bloggs", "withdrawn", note="withdrawn on 3 May 2026"),))
    (d,) = detect(image, labels=["consent_refused"])
    assert "withdrawn on 3 May 2026" in d.explanation and "Jo Bloggs" in d.explanation


def test_a_refused_tag_is_reported_even_when_the_image_cannot_be_read():
    image = ImageRef("a.jpg", facts=ImageFacts.failed("could not be read: damaged"), tags=(tag("Jo", "expired"),))
    assert [(d.label, d.needs_human) for d in detect(image)] == [("consent_refused", False), ("unreadable", True)]


def test_every_refused_person_in_every_image_is_named():
    images = (ImageRef("a.jpg", facts=faces(2), tags=(tag("Jo", "expired"), tag("Ali", "withdrawn"))),
              ImageRef("b.jpg", facts=faces(1), tags=(tag("Sam", "none"),)))
    assert [(d.attributes["picture"], d.attributes["name"]) for d in detect(*images, labels=["consent_refused"])] == [
        ("image 1 (a.jpg)", "Jo"), ("image 1 (a.jpg)", "Ali"), ("image 2 (b.jpg)", "Sam")]


@pytest.mark.parametrize(("ref", "name"), [
    ("posts/2026/12/fun-day.jpg", "image 3 (fun-day.jpg)"),
    ("C:\\Users\\me\\photo.png", "image 3 (photo.png)"),
    ("media:42", "image 3 (media:42)"),
    ("", "image 3"),
])
def test_pictures_are_named_by_their_place_and_file_name(ref, name):
    assert picture_name(2, ImageRef(ref)) == name


# ---- images.people_personal: an employee's personal post (Sefton 5.5.2.2) -------------------------------------

def personal(*images: ImageRef, labels: list[str] | None = None):
    det = PeoplePersonalDetector(PeoplePersonalParams(labels=labels) if labels else PeoplePersonalParams())
    doc = Document(Content("Great team day", images=images), Context(council="sefton", channel="personal"))
    return [(d.label, d.attributes.get("people"), d.attributes.get("permitted"), d.attributes.get("names"))
            for d in det.detect(doc)]


PERMITTED = tag("Mary Jones", kind="staff", comms_permission=True)


@pytest.mark.parametrize(("image", "expected"), [
    (ImageRef("a.jpg", facts=faces(0)), []),  # no people: nothing to ask
    (ImageRef("a.jpg", facts=faces(1)), [("needs_permission", "1", "0", "")]),
    (ImageRef("a.jpg", facts=faces(1), tags=(PERMITTED,)), []),  # every face covered
    (ImageRef("a.jpg", facts=faces(2), tags=(PERMITTED,)), [("needs_permission", "2", "1", "")]),
    (ImageRef("a.jpg", facts=faces(2), tags=(PERMITTED, tag("Jo Bloggs"))),  # consent alone is not permission
     [("needs_permission", "2", "1", "Jo Bloggs")]),
    (ImageRef("a.jpg", facts=faces(1), tags=(PERMITTED, tag("Jo Bloggs"))),  # a tagged person the cascade missed
     [("needs_permission", "2", "1", "Jo Bloggs")]),
    (ImageRef("a.jpg", ("Mary Jones",), facts=faces(1)), [("needs_permission", "1", "0", "Mary Jones")]),  # typed
    (ImageRef("a.jpg", facts=faces(2), tags=(PERMITTED, tag("Jo", comms_permission=True))), []),
    (ImageRef("a.jpg", facts=faces(2), tags=(PERMITTED, PERMITTED)), [("needs_permission", "2", "1", "")]),
])
def test_personal_post_people_need_comms_permission(image, expected):
    assert personal(image) == expected


def test_personal_unreadable_image_goes_to_a_person_and_its_tags_still_count():
    broken = ImageFacts.failed("could not be read: damaged")
    assert personal(ImageRef("a.jpg", facts=broken)) == [("unreadable", None, None, None)]
    assert personal(ImageRef("a.jpg", facts=broken, tags=(tag("Jo Bloggs"),))) == [
        ("unreadable", None, None, None), ("needs_permission", "1", "0", "Jo Bloggs")]
    assert personal(ImageRef("a.jpg", facts=broken, tags=(PERMITTED,)), labels=["needs_permission"]) == []


def test_personal_words_for_the_message():
    det = PeoplePersonalDetector(PeoplePersonalParams(labels=["needs_permission"]))
    image = ImageRef("team.jpg", facts=faces(3), tags=(PERMITTED,))
    (d,) = det.detect(Document(Content("x", images=(image,)), Context(council="sefton", channel="personal")))
    assert (d.attributes["people_text"], d.attributes["permitted_text"], d.attributes["without"]) == (
        "3 recognisable people", "only 1 of them has", "2")


def test_the_two_detectors_share_one_analysis_of_the_bytes(monkeypatch):
    from civicguard.engine.images import analyse

    calls = []

    def fake(data, *a, **kw):
        calls.append(data)
        return faces(1)

    monkeypatch.setattr(analyse, "facts_from_bytes", fake)
    doc = Document(Content("x", images=(ImageRef("a.jpg", data=b"bytes"),)), Context(council="sefton",
                                                                                     channel="personal"))
    FacesDetector(FacesParams()).detect(doc)
    assert PeoplePersonalDetector(PeoplePersonalParams()).detect(doc)[0].label == "needs_permission"
    assert calls == [b"bytes"]


def test_unknown_labels_are_refused():
    with pytest.raises(ValueError, match="unknown label"):
        PeoplePersonalParams(labels=["selfie"])
