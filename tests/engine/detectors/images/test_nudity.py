from __future__ import annotations

import pytest

from civicguard.engine.check import Engine
from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.images.nudity import NudityDetector, NudityParams
from civicguard.engine.images.facts import ImageFacts
from civicguard.engine.model import Content, Context, ImageRef, ImageTag
from civicguard.engine.packs.loader import pack_for

_ENGINES: dict[str, Engine] = {}


def _engine(council: str) -> Engine:
    # No time limits: a loaded test machine must not turn a slow detector into a failed check.
    if council not in _ENGINES:
        _ENGINES[council] = Engine(pack_for(council), timeouts=False)
    return _ENGINES[council]

CHILD = (ImageTag("Amy", kind="child", consent="valid"),)
ADULT = (ImageTag("Jo Bloggs", kind="staff", consent="valid"),)


def _scored(score, tags=()):
    return ImageRef("fun-day.jpg", facts=ImageFacts(640, 480, (), nudity=score, logos=(), text=""), tags=tags)


def _hits(*images, params=None):
    det = NudityDetector(params or NudityParams())
    doc = Document(Content("Fun day", images=images), Context(council="sefton", channel="official"))
    return [(d.label, d.attributes.get("score"), d.attributes.get("limit")) for d in det.detect(doc)]


@pytest.mark.parametrize(("image", "expected"), [
    (_scored(0.93), [("nudity", "0.93", "0.5")]),
    (_scored(0.5), [("nudity", "0.50", "0.5")]),
    (_scored(0.49), []),
    (_scored(0.3, ADULT), []),
    (_scored(0.3, CHILD), [("nudity_child", "0.30", "0.2")]),  # Sefton 5.5.4.4: stricter with a child tagged
    (_scored(0.93, CHILD), [("nudity_child", "0.93", "0.2")]),  # one finding, not two
    (_scored(0.1, CHILD), []),
])
def test_reports_a_score_at_or_over_the_limit(image, expected):
    assert _hits(image) == expected


@pytest.mark.parametrize("image", [
    ImageRef("a.jpg"),  # no data, no facts: never opened by the engine
    ImageRef("a.jpg", facts=ImageFacts.failed("could not be read: damaged")),
    ImageRef("a.jpg", facts=ImageFacts(640, 480, ())),  # decoded, but the model did not run
])
def test_an_image_that_could_not_be_scored_goes_to_a_person(image):
    det = NudityDetector(NudityParams())
    (found,) = det.detect(Document(Content("x", images=(image,)), Context(council="sefton", channel="official")))
    assert (found.label, found.needs_human) == ("unreadable", True) and found.attributes["reason"]


@pytest.mark.parametrize(("params", "error"), [
    ({"labels": ["porn"]}, "unknown label"),
    ({"threshold": 0.3, "child_threshold": 0.6}, "must not be above"),
    ({"threshold": 0.0}, "above 0"),
])
def test_bad_parameters_are_refused(params, error):
    with pytest.raises(ValueError, match=error):
        NudityParams(**params)


@pytest.mark.parametrize(("council", "rule", "clause"), [("st-helens", "sth.images.nudity", "St Helens 9.7"),
                                                         ("sefton", "sef.images.nudity", "Sefton 5.3a")])
def test_a_pack_blocks_a_sexual_image_citing_its_clause(council, rule, clause):
    result = _engine(council).check(Content("Lovely day", images=(_scored(0.97),)),
                                             Context(council=council, channel="official"))
    (found,) = [f for f in result.findings if f.category == "sexual_image"]
    assert result.verdict == "block" and found.rule == rule and clause in found.clauses
    assert "image 1 (fun-day.jpg)" in found.message and "0.97" in found.message


def test_sefton_cites_the_childrens_protocol_when_a_child_is_tagged():
    result = _engine("sefton").check(Content("Lovely day", images=(_scored(0.3, CHILD),)),
                                              Context(council="sefton", channel="official"))
    (found,) = [f for f in result.findings if f.category == "sexual_image"]
    assert found.rule == "sef.images.nudity.child" and "Sefton 5.5.4.4" in found.clauses
    assert result.verdict == "block"
