from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw, ImageFont

from civicguard.engine.check import Engine
from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.images.text import ImageTextDetector, ImageTextParams
from civicguard.engine.images import ocr
from civicguard.engine.images.facts import ImageFacts
from civicguard.engine.model import Content, Context, ImageRef
from civicguard.engine.packs.loader import pack_for

_ENGINES: dict[str, Engine] = {}


def _engine(council: str) -> Engine:
    # No time limits: a loaded test machine must not turn a slow detector into a failed check.
    if council not in _ENGINES:
        _ENGINES[council] = Engine(pack_for(council), timeouts=False)
    return _ENGINES[council]

LETTER = "Dear Ms Laila Rahman,\nYour NHS number 943 476 5919 is on our records."
CLEAN = "Bins will be collected a day later next week because of the bank holiday."


def _read(text, ref="letter.jpg"):
    # Scored for nudity and looked at for logos, so only the words decide.
    return ImageRef(ref, facts=ImageFacts(800, 1000, (), nudity=0.01, logos=(), text=text))


def _check(*images, council="st-helens", text="Update from the team", channel="official"):
    return _engine(council).check(Content(text, images=images), Context(council=council, channel=channel))


@pytest.mark.parametrize("council", ["st-helens", "sefton"])
def test_personal_data_in_a_picture_blocks_like_the_words_would(council):
    result = _check(_read(LETTER), council=council)
    found = [f for f in result.findings if f.category == "personal_data" and f.severity.value == "block"]
    assert result.verdict == "block"
    assert {f.label for f in found} >= {"PERSON", "UK_NHS"}
    for f in found:
        assert f.message.startswith("In image 1 (letter.jpg), the words “")
        assert (f.start, f.end, f.text) == (0, 0, "")  # spans and text are the post's, not the picture's
        assert f.redacted is None  # never the whole text read, with its other details in the clear


def test_which_image_the_words_were_in_is_named():
    result = _check(_read(CLEAN, "poster.png"), _read(LETTER, "letter.jpg"))
    blocks = [f for f in result.findings if f.severity.value == "block"]
    assert blocks and all("image 2 (letter.jpg)" in f.message for f in blocks)


def test_a_clean_picture_passes_with_a_note_that_its_words_were_read():
    result = _check(_read(CLEAN))
    assert result.verdict == "pass"
    (note,) = result.findings
    assert note.rule == "sth.images.text.read" and note.severity.value == "info" and "Bins will be" in note.message


def test_only_the_named_categories_run_on_a_pictures_words():
    long_text = " ".join(["Road closed on Church Street for repairs."] * 20)  # far over X's length limit
    result = _engine("st-helens").check(
        Content("Roadworks", images=(_read(long_text),)), Context(council="st-helens", channel="official",
                                                                  platform="x"))
    assert {f.category for f in result.findings} == {"personal_data"}  # the info note only, no platform_fit


def test_a_picture_whose_words_could_not_be_read_goes_to_a_person(monkeypatch, tmp_path):
    monkeypatch.setenv("CIVICGUARD_TESSERACT", str(tmp_path / "none"))
    result = _check(ImageRef("scan.jpg", facts=ImageFacts(800, 600, (), nudity=0.01, logos=())))
    (found,) = [f for f in result.findings if f.rule == "sth.images.text.unreadable"]
    assert result.verdict == "warn" and found.needs_human and "not installed" in found.message


@pytest.mark.parametrize(("text", "found"), [("", []), ("|~", []), ("Hi there", ["text_read"])])
def test_stray_marks_are_not_text(text, found):
    doc = Document(Content("x", images=(_read(text),)), Context(council="sefton", channel="official"))
    assert [d.label for d in ImageTextDetector(ImageTextParams()).detect(doc)] == found


def test_an_unknown_category_is_refused():
    with pytest.raises(ValueError, match="unknown categor"):
        ImageTextParams(categories=["gossip"])


@pytest.mark.skipif(ocr.tesseract_command() is None, reason="tesseract-ocr is not installed (make install)")
def test_a_photo_of_a_letter_is_read_and_blocked_end_to_end():
    img = Image.new("RGB", (900, 300), (246, 244, 238))
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 24)
    for i, line in enumerate(LETTER.splitlines()):
        ImageDraw.Draw(img).text((40, 60 + 50 * i), line, font=font, fill=(30, 30, 30))
    buf = io.BytesIO()
    img.rotate(2, expand=True, fillcolor=(120, 120, 120)).save(buf, "JPEG", quality=80)
    result = _check(ImageRef("letter.jpg", data=buf.getvalue()), council="sefton")
    assert result.verdict == "block"
    assert any(f.label == "UK_NHS" and "image 1 (letter.jpg)" in f.message for f in result.findings)
