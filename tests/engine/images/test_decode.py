from __future__ import annotations

import io

import pytest
from PIL import Image

from civicguard.engine.images.decode import ImageDecodeError, decode_image, scale_for_analysis


def _bytes(size=(40, 30), fmt="PNG", exif=None, mode="RGB"):
    buf = io.BytesIO()
    image = Image.new(mode, size, 0)
    image.save(buf, fmt, **({"exif": exif} if exif is not None else {}))
    return buf.getvalue()


def test_decodes_to_rgb_with_size_and_format():
    decoded = decode_image(_bytes(mode="L"))
    assert (decoded.size, decoded.image.mode, decoded.format) == ((40, 30), "RGB", "PNG")


def test_orientation_is_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90 degrees: the person sees it 30 wide and 40 high
    assert decode_image(_bytes(fmt="JPEG", exif=exif)).size == (30, 40)


@pytest.mark.parametrize(("data", "why"), [
    (b"", "empty"),
    (b"not an image at all", "not an image"),
    (_bytes()[:60], "damaged"),
    (_bytes(fmt="TIFF"), "not accepted"),
])
def test_refuses_what_is_not_a_good_image(data, why):
    with pytest.raises(ImageDecodeError, match=why):
        decode_image(data)


def test_refuses_over_the_pixel_limit_before_decoding():
    with pytest.raises(ImageDecodeError, match="over the limit of 1,000 pixels"):
        decode_image(_bytes(size=(50, 50)), max_pixels=1000)


def test_refuses_a_decompression_bomb():
    # A small PNG that claims 20000x20000 pixels: over Pillow's own bomb limit and ours.
    with pytest.raises(ImageDecodeError, match="over the limit|decompression bomb"):
        decode_image(_bytes(size=(20000, 20000), mode="1"))


def test_refuses_over_the_byte_limit():
    with pytest.raises(ImageDecodeError, match="bytes, over the limit"):
        decode_image(_bytes(), max_bytes=10)


def test_scales_the_long_side_and_returns_the_factor_back():
    grey, factor = scale_for_analysis(Image.new("RGB", (1280, 960)), long_side=640)
    assert grey.shape == (480, 640) and factor == 2.0
    grey, factor = scale_for_analysis(Image.new("RGB", (320, 200)), long_side=640)
    assert grey.shape == (200, 320) and factor == 1.0


def test_a_large_jpeg_is_decoded_at_reduced_size_but_keeps_its_real_size():
    exif = Image.Exif()
    exif[0x0112] = 6
    decoded = decode_image(_bytes(size=(4000, 3000), fmt="JPEG", exif=exif), at_least=640)
    assert decoded.size == (3000, 4000) and decoded.image.size == (750, 1000) and decoded.shrink == 4.0
    assert decode_image(_bytes(size=(4000, 3000), fmt="PNG"), at_least=640).image.size == (4000, 3000)
