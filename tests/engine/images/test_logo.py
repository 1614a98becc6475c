from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from civicguard.engine.images.analyse import facts_from_bytes, logos_from_bytes
from civicguard.engine.images.facts import box_iou
from civicguard.engine.images.logo import LogoError, describe_logo, reference_for
from civicguard.engine.packs.loader import PACKS_DIR

LOGOS = {c: (PACKS_DIR / c / "logo.png").read_bytes() for c in ("st-helens", "sefton")}


def _scene(council: str | None, *, width: float = 0.3, angle: float = 0.0, quality: int = 70,
           cover: bool = False) -> tuple[bytes, tuple[int, int, int, int]]:
    """A 800x600 JPEG of random shapes with the council's logo pasted at a known place; and where it is."""
    rng = np.random.default_rng(5)
    image = Image.fromarray(rng.integers(90, 170, (600, 800, 3), dtype=np.uint8)).resize((800, 600))
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.integers(0, 780, 2)
        draw.rectangle([int(x), int(y), int(x) + 20, int(y) + 14], fill=tuple(int(v) for v in rng.integers(0, 255, 3)))
    box = (0, 0, 0, 0)
    if council:
        logo = Image.open(io.BytesIO(LOGOS[council])).convert("RGBA")
        w = round(800 * width)
        logo = logo.resize((w, round(logo.size[1] * w / logo.size[0]))).rotate(angle, expand=True)
        image.paste(logo, (300, 150), logo)
        x0, y0, x1, y1 = logo.getchannel("A").getbbox() or (0, 0, 0, 0)
        box = (300 + x0, 150 + y0, x1 - x0, y1 - y0)
        if cover:
            draw.rectangle([box[0], box[1], box[0] + box[2] // 3, box[1] + box[3] // 3], fill=(200, 30, 30))
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=quality)
    return buf.getvalue(), box


@pytest.mark.parametrize(("width", "angle", "quality", "cover"), [
    (0.3, 0.0, 85, False),
    (0.15, 35.0, 60, False),
    (0.25, -120.0, 45, True),
])
def test_the_logo_is_found_where_it_is_whatever_its_size_angle_or_cover(width, angle, quality, cover):
    data, box = _scene("st-helens", width=width, angle=angle, quality=quality, cover=cover)
    found = logos_from_bytes(data, [reference_for(LOGOS["st-helens"], "st-helens")]).logos
    assert found is not None and len(found) == 1
    match = found[0]
    assert match.council == "st-helens"
    assert box_iou((match.x, match.y, match.w, match.h), box) > 0.6
    assert abs((match.rotation - (-angle) + 180) % 360 - 180) < 10  # image y runs down: a turn left is negative


@pytest.mark.parametrize("council", [None, "sefton"])
def test_no_logo_or_another_councils_logo_is_not_a_match(council):
    data, _ = _scene(council)
    facts = logos_from_bytes(data, [reference_for(LOGOS["st-helens"], "st-helens")])
    assert facts.ok and facts.logos == ()


def test_facts_hold_logos_only_when_asked_for():
    data, _ = _scene("sefton")
    ref = reference_for(LOGOS["sefton"], "sefton")
    assert facts_from_bytes(data, nudity=False, text=False).logos is None
    assert [m.council for m in facts_from_bytes(data, nudity=False, text=False, logos=[ref]).logos or ()] == ["sefton"]


def test_an_unreadable_image_is_an_error_not_no_logo():
    facts = logos_from_bytes(b"\x89PNG not really", [reference_for(LOGOS["sefton"], "sefton")])
    assert not facts.ok and facts.logos is None


def test_a_logo_is_described_once_and_kept():
    assert reference_for(LOGOS["sefton"], "sefton") is reference_for(LOGOS["sefton"], "sefton")


def _png(image: Image.Image, fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt)
    return buf.getvalue()


@pytest.mark.parametrize(("data", "reason"), [
    (_png(Image.new("RGB", (300, 150), "white"), "JPEG"), "must be a PNG"),
    (_png(Image.new("RGB", (300, 150), "white")), "too little detail"),
    (b"\x89PNG\r\n\x1a\n broken", "cannot be read"),
])
def test_a_logo_that_cannot_be_used_says_why(data, reason):
    with pytest.raises(LogoError, match=reason):
        describe_logo(data, "x")
