"""What an uploaded file is, judged by its bytes, and the clean copy (civicguard.apps.media.content, no Django)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from civicguard.apps.media.content import examine
from civicguard.common.uploads import UploadRefused
from tests.apps.media import images

LIMIT = 10 * 1024 * 1024


def test_a_jpeg_with_gps_comes_back_without_it_its_device_or_any_exif_and_the_right_way_up():
    original = images.jpeg_with_gps(size=(40, 20), orientation=6)
    exif, gps, _ = images.exif_of(original)
    assert gps and exif[0x0110] == "Phone 9 Pro"  # the test file really carries them
    result = examine(original, max_bytes=LIMIT)
    exif, gps, info = images.exif_of(result.clean)
    assert gps == {} and exif == {} and "exif" not in info and "icc_profile" not in info
    assert (result.width, result.height) == (20, 40)  # orientation 6 applied: turned a quarter
    assert result.had_location and result.had_device and result.format == "JPEG"
    assert result.clean_content_type == "image/jpeg" and result.size == len(original)


def test_a_png_s_text_is_not_copied_and_a_plain_png_has_no_location_to_remove():
    result = examine(images.png(Author="Joan Hughes", Comment="taken at 12 Kiln Lane"), max_bytes=LIMIT)
    with Image.open(io.BytesIO(result.clean)) as img:
        assert "Author" not in img.info and "Comment" not in img.info
    assert result.had_metadata and not result.had_location and result.clean_content_type == "image/png"


def test_a_gif_s_first_frame_becomes_a_png_and_webp_stays_webp():
    first = examine(images.gif(frames=3), max_bytes=LIMIT)
    assert first.format == "GIF" and first.clean_content_type == "image/png"
    with Image.open(io.BytesIO(first.clean)) as img:
        assert getattr(img, "n_frames", 1) == 1 and img.size == (10, 10)
    assert examine(images.webp(), max_bytes=LIMIT).clean_content_type == "image/webp"


def test_a_decompression_bomb_is_refused_from_its_header_with_a_clear_message():
    bomb = images.png_bomb()
    assert len(bomb) < 2000
    with pytest.raises(UploadRefused) as refused:
        examine(bomb, max_bytes=LIMIT, max_pixels=40_000_000)
    assert refused.value.reason == "too_many_pixels"
    assert "the 40,000,000 allowed" in refused.value.message and "decompression bomb" in refused.value.message


def test_an_image_over_the_pixel_limit_is_refused_however_small_the_file():
    with pytest.raises(UploadRefused) as refused:
        examine(images.png(size=(50, 50)), max_bytes=LIMIT, max_pixels=2000)
    assert "50 × 50 pixels, more than the 2,000 allowed" in refused.value.message


@pytest.mark.parametrize(("data", "words"), [(images.PDF, "a PDF document"), (b"hello", "not an image"),
                                              (b"PK\x03\x04" + b"\x00" * 40, "a zip file")])
def test_a_file_that_is_not_an_image_is_refused_whatever_it_is_called(data, words):
    with pytest.raises(UploadRefused) as refused:
        examine(data, max_bytes=LIMIT)
    assert refused.value.reason == "not_image" and words in refused.value.message


@pytest.mark.parametrize(("data", "kind"), [(images.MP4, "MP4"), (images.WEBM, "WebM")])
def test_a_video_container_with_nothing_playable_in_it_is_refused_as_damaged(data, kind):
    # Video is judged by tests/apps/media/test_video.py; these are only the first bytes of an MP4 and a WebM.
    with pytest.raises(UploadRefused) as refused:
        examine(data, max_bytes=LIMIT)
    assert refused.value.reason == "unreadable" and "the video file is damaged" in refused.value.message


def test_a_damaged_jpeg_is_refused_and_empty_and_oversize_files_too():
    with pytest.raises(UploadRefused) as damaged:
        examine(images.jpeg_with_gps()[:200], max_bytes=LIMIT)
    assert damaged.value.reason == "unreadable" and "damaged or incomplete" in damaged.value.message
    with pytest.raises(UploadRefused, match="empty"):
        examine(b"", max_bytes=LIMIT)
    with pytest.raises(UploadRefused, match="larger than 100 bytes"):
        examine(images.png(size=(40, 40)), max_bytes=100)


def test_a_colour_profile_is_applied_and_dropped_and_transparency_and_cmyk_are_handled():
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (90, 20, 200)).save(buf, format="JPEG", icc_profile=profile)
    result = examine(buf.getvalue(), max_bytes=LIMIT)
    with Image.open(io.BytesIO(result.clean)) as img:
        assert "icc_profile" not in img.info and img.mode == "RGB"
    assert result.had_metadata and not result.had_location
    buf = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 0, 0)).save(buf, format="PNG")
    with Image.open(io.BytesIO(examine(buf.getvalue(), max_bytes=LIMIT).clean)) as img:
        assert img.mode == "RGBA" and img.getpixel((0, 0))[3] == 0
    buf = io.BytesIO()
    Image.new("CMYK", (8, 8), (0, 255, 255, 0)).save(buf, format="JPEG")
    with Image.open(io.BytesIO(examine(buf.getvalue(), max_bytes=LIMIT).clean)) as img:
        assert img.mode == "RGB"


def test_xmp_with_a_position_counts_as_location_and_is_not_copied():
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="53,27.2N" '
           b'exif:GPSLongitude="2,44.0W"/></rdf:RDF></x:xmpmeta>')
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(buf, format="JPEG", xmp=xmp)
    with Image.open(io.BytesIO(buf.getvalue())) as img:
        assert "xmp" in img.info  # the test file really carries it
    result = examine(buf.getvalue(), max_bytes=LIMIT)
    assert result.had_location
    with Image.open(io.BytesIO(result.clean)) as img:
        assert "xmp" not in img.info and b"GPS" not in result.clean


def test_the_content_check_imports_no_django():
    import subprocess
    import sys

    code = ("import sys, civicguard.apps.media.content; "
            "sys.exit(1 if any(m.split('.')[0] == 'django' for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
