from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw, ImageFont

from civicguard.engine.images import ocr
from civicguard.engine.images.analyse import facts_from_bytes

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
needs_tesseract = pytest.mark.skipif(ocr.tesseract_command() is None, reason="tesseract-ocr is not installed "
                                     "(make install installs it)")


def _page(lines, size=22, width=700):
    img = Image.new("RGB", (width, 60 + len(lines) * size * 2), "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((30, 30 + i * size * 2), line, font=ImageFont.truetype(FONT, size), fill="black")
    return img


def _png(img):
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


@needs_tesseract
def test_reads_the_words_of_a_letter():
    text = ocr.read_text(_page(["Dear Mr Tomasz Kowalski,", "45 Rainford Crescent, St Helens WA10 4QT"]))
    assert "Tomasz Kowalski" in text and "Rainford Crescent" in text and "WA10 4QT" in text


@needs_tesseract
def test_a_blank_image_has_no_text():
    assert ocr.read_text(Image.new("RGB", (300, 200), "white")) == ""


def test_no_tesseract_is_an_error_with_a_reason_never_no_text(monkeypatch, tmp_path):
    monkeypatch.setenv("CIVICGUARD_TESSERACT", str(tmp_path / "tesseract"))
    with pytest.raises(ocr.OcrError, match="tesseract .* is not installed"):
        ocr.read_text(_page(["Hello"]))
    facts = facts_from_bytes(_png(_page(["Hello"])), nudity=False)
    assert facts.ok and facts.text is None and facts.faces is not None


@needs_tesseract
def test_a_reading_over_its_time_limit_is_an_error():
    with pytest.raises(ocr.OcrError, match="within"):
        ocr.read_text(_page(["word"] * 30, width=2000), ocr.OcrSettings(time_limit=0.01))


@pytest.mark.parametrize(("raw", "tidy"), [
    ("Dear Sir,\n\n\n\nYours \n\f", "Dear Sir,\n\nYours"),
    ("  \n\n", ""),
    ("one\ntwo", "one\ntwo"),
])
def test_tidy_keeps_line_breaks_and_drops_runs_of_blank_lines(raw, tidy):
    assert ocr.tidy(raw) == tidy


@pytest.mark.parametrize(("size", "expected"), [((500, 300), (500, 300)), ((4000, 1000), (2000, 500)),
                                               ((1500, 900), (1500, 900))])
def test_the_image_is_scaled_into_the_readable_range(size, expected):
    assert ocr.prepared(Image.new("RGB", size), ocr.OcrSettings()).size == expected


@needs_tesseract
def test_a_large_photo_decoded_small_for_the_faces_is_read_at_a_size_its_print_survives():
    # 20 px print on a 4000x3000 photo: at the quarter size decoded for the faces (1000x750) it is 5 px and reads as
    # nonsense; decoded again at half size for the reading, it reads.
    img = Image.new("RGB", (4000, 3000), "white")
    ImageDraw.Draw(img).text((300, 1400), "Ms Priya Hughes, 233 Church Street", fill="black",
                             font=ImageFont.truetype(FONT, 20))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    facts = facts_from_bytes(buf.getvalue(), nudity=False)
    assert facts.width == 4000 and facts.text is not None and "Priya Hughes, 233 Church Street" in facts.text


def test_assemble_keeps_lines_and_paragraphs_and_drops_unsure_words():
    words = [ocr.Word("Dear", 95, 1, 1, 1), ocr.Word("Sir,", 93, 1, 1, 1), ocr.Word("~", 12, 1, 1, 1),
             ocr.Word("Yours", 90, 1, 2, 1), ocr.Word("truly", 91, 1, 2, 2), ocr.Word("%&", 20, 2, 1, 1)]
    assert ocr.assemble(words, 50) == "Dear Sir,\n\nYours\ntruly"
    assert ocr.assemble(words, 0) == "Dear Sir, ~\n\nYours\ntruly\n\n%&"
