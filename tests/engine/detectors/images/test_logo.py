from __future__ import annotations

import pytest

from civicguard.engine import Engine
from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.images.logo import LogoDetector, LogoParams, NoLogo
from civicguard.engine.images.facts import ImageFacts, LogoMatch
from civicguard.engine.model import Content, Context, ImageRef
from civicguard.engine.packs.loader import pack_for

DET = LogoDetector(LogoParams())
FOUND = ImageFacts(640, 480, faces=(), nudity=0.0, text="", logos=(LogoMatch("st-helens", 40, 30, 200, 100, 60),))
CLEAN = ImageFacts(640, 480, faces=(), nudity=0.0, text="", logos=())


def _hits(*images, council="st-helens"):
    doc = Document(Content("Day out", images=images), Context(council=council, channel="personal"),
                   facts=pack_for(council).facts)
    return [(d.label, d.attributes.get("box"), d.needs_human) for d in DET.detect(doc)]


@pytest.mark.parametrize(("images", "expected"), [
    ((ImageRef("a.jpg", facts=FOUND),), [("logo", "40,30,200,100", False)]),
    ((ImageRef("a.jpg", facts=CLEAN), ImageRef("b.jpg", facts=FOUND)), [("logo", "40,30,200,100", False)]),
    ((ImageRef("a.jpg", facts=CLEAN),), []),
])
def test_reports_each_picture_showing_the_councils_logo(images, expected):
    assert _hits(*images) == expected


def test_another_councils_logo_is_not_this_councils():
    assert _hits(ImageRef("a.jpg", facts=FOUND), council="sefton") == []


@pytest.mark.parametrize("image", [
    ImageRef("/etc/passwd"),  # a bare reference is never opened by the engine
    ImageRef("upload", data=b"\x89PNG not really"),
    ImageRef("a.jpg", facts=ImageFacts.failed("could not be read: damaged")),
    ImageRef("a.jpg", facts=ImageFacts(640, 480, faces=())),  # facts made without looking for the logo
])
def test_a_picture_not_searched_goes_to_a_person(image):
    assert _hits(image) == [("unreadable", None, True)]


def test_without_a_pack_logo_the_detector_fails_closed():
    doc = Document(Content("x", images=(ImageRef("a.jpg", facts=FOUND),)), Context(council="sefton",
                                                                                    channel="personal"))
    with pytest.raises(NoLogo):
        DET.detect(doc)


def test_unknown_label_is_refused():
    with pytest.raises(ValueError, match="unknown label"):
        LogoParams(labels=["crest"])


@pytest.mark.parametrize(("council", "channel", "expected"), [
    ("st-helens", "personal", [("sth.images.logo.personal", "warn")]),
    ("sefton", "personal", [("sef.images.logo.personal", "info")]),
    ("st-helens", "official", []),
])
def test_the_logo_on_a_personal_post_is_reported_by_each_councils_rule(council, channel, expected):
    match = LogoMatch(council, 40, 30, 200, 100, 60)
    facts = ImageFacts(640, 480, faces=(), nudity=0.0, text="", logos=(match,))
    result = Engine.for_council(council).check(Content("Day out", images=(ImageRef("fun-day.jpg", facts=facts),)),
                                               Context(council=council, channel=channel))
    found = [(f.rule, str(f.severity)) for f in result.findings if "logo" in f.rule]
    assert found == expected
    assert all("fun-day.jpg" in f.message for f in result.findings if "logo" in f.rule)
