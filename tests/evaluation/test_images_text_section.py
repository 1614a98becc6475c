"""The image-text section end to end on two pictures a split and two photos (needs tesseract, as CI has)."""

import pytest

from civicguard.engine.images.ocr import tesseract_command
from civicguard.evaluation.base import EvalContext
from civicguard.evaluation.images_text import run


@pytest.mark.skipif(tesseract_command() is None, reason="tesseract-ocr is not installed (make install)")
def test_the_section_reads_the_committed_pictures(tmp_path):
    section = run(EvalContext(data_dir=tmp_path, limit=2))
    assert section.name == "images_text" and section.rows == 6  # 2 validation, 2 test, 2 photos without text
    assert all(section.metrics[s]["char_accuracy"] > 0.5 for s in ("validation", "test"))
    assert section.metrics["photos_without_text"]["with_a_finding"] == 0
