from __future__ import annotations

import pytest

from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.images.faces import FacesDetector, FacesParams
from civicguard.engine.images.facts import FaceBox, ImageFacts
from civicguard.engine.model import Content, Context, ImageRef

DET = FacesDetector(FacesParams())
TWO = ImageFacts(640, 480, (FaceBox(10, 10, 50, 50, 4.0), FaceBox(300, 10, 50, 50, 2.0)))
NONE = ImageFacts(640, 480, ())


def _hits(*images, params=None):
    det = FacesDetector(params) if params else DET
    doc = Document(Content("Opening day", images=images), Context(council="sefton", channel="official"))
    return [(d.label, d.attributes.get("faces"), d.attributes.get("tagged")) for d in det.detect(doc)]


@pytest.mark.parametrize(("images", "expected"), [
    ((ImageRef("a.jpg", ("Mary Jones",), facts=TWO),),
     [("people_in_image", "2", "1"), ("untagged_faces", "2", "1")]),
    ((ImageRef("a.jpg", facts=TWO), ImageRef("b.jpg", facts=NONE)),
     [("people_in_image", "2", "0"), ("untagged_faces", "2", "0")]),
    ((ImageRef("a.jpg", ("Mary Jones", "Jo Bloggs"), facts=TWO),), [("people_in_image", "2", "2")]),
    ((ImageRef("b.jpg", facts=NONE),), []),
])
def test_counts_faces_against_tagged_people(images, expected):
    assert _hits(*images) == expected


def test_min_score_leaves_out_weak_faces():
    params = FacesParams(labels=["untagged_faces"], min_score=3.0)
    assert _hits(ImageRef("a.jpg", ("Mary Jones",), facts=TWO), params=params) == []


@pytest.mark.parametrize("image", [
    ImageRef("/etc/passwd"),  # a bare reference is never opened by the engine
    ImageRef("missing.jpg"),
    ImageRef("upload", data=b"\x89PNG not really"),
    ImageRef("a.jpg", facts=ImageFacts.failed("could not be read: damaged")),
])
def test_an_image_that_cannot_be_read_goes_to_a_person(image):
    assert _hits(image) == [("unreadable", None, None)]


def test_unknown_label_is_refused():
    with pytest.raises(ValueError, match="unknown label"):
        FacesParams(labels=["smiles"])


def test_computes_facts_from_the_bytes_given(tmp_path):
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 120, 150)).save(buf, "PNG")
    assert _hits(ImageRef("upload.png", data=buf.getvalue())) == []


def test_through_the_engine_untagged_faces_block_an_official_post_and_unreadable_needs_a_person(tmp_path):
    from factories import rule, write_pack

    from civicguard.engine import Engine, load_pack

    r = rule("t.faces", "images.faces", params={"labels": ["untagged_faces", "unreadable"]}, category="consent",
             applies_to=("official",))
    engine = Engine(load_pack(write_pack(tmp_path, [{**r, "message": "{faces} faces, {tagged} tagged."}])))
    official = Context(council="testshire", channel="official")
    result = engine.check(Content("Opening day", images=(ImageRef("a.jpg", ("Mary Jones",), facts=TWO),)), official)
    assert (result.verdict, [f.message for f in result.findings]) == ("block", ["2 faces, 1 tagged."])
    (finding,) = engine.check(Content("Opening day", images=(ImageRef("a.jpg"),)), official).findings
    assert finding.needs_human and finding.label == "unreadable"
    personal = Context(council="testshire", channel="personal")
    assert engine.check(Content("Opening day", images=(ImageRef("a.jpg", facts=TWO),)), personal).findings == ()


def test_two_drawn_faces_one_tagged_is_one_untagged_face():
    from drawn_faces import drawn

    data, _ = drawn(2)
    assert _hits(ImageRef("upload.jpg", ("Mary Jones",), data=data), params=FacesParams(labels=["untagged_faces"])
                 ) == [("untagged_faces", "2", "1")]
