from __future__ import annotations

import io

from PIL import Image

from civicguard.engine.images.analyse import facts_from_bytes, facts_from_path, ref_from_path
from civicguard.engine.images.facts import FaceBox


def _png(size=(64, 48)):
    buf = io.BytesIO()
    Image.new("RGB", size, (90, 120, 150)).save(buf, "PNG")
    return buf.getvalue()


def test_facts_of_a_plain_image():
    facts = facts_from_bytes(_png())
    assert (facts.ok, facts.width, facts.height, facts.faces) == (True, 64, 48, ())


def test_fails_closed_on_bad_bytes_a_missing_file_and_the_pixel_limit(tmp_path):
    assert "could not be read" in (facts_from_bytes(b"GIF89a broken").error or "")
    assert facts_from_path(tmp_path / "nope.jpg").error == f"no image file at {tmp_path / 'nope.jpg'}"
    assert facts_from_bytes(_png(), max_pixels=100).faces is None


def test_reads_a_file(tmp_path):
    (tmp_path / "a.png").write_bytes(_png((30, 20)))
    assert facts_from_path(tmp_path / "a.png").width == 30


def test_ref_from_path_carries_the_bytes_or_the_failure(tmp_path):
    (tmp_path / "a.png").write_bytes(_png())
    ref = ref_from_path(tmp_path / "a.png", ("Mary Jones",))
    assert (ref.data == _png(), ref.tagged_people, ref.facts) == (True, ("Mary Jones",), None)
    assert "could not be opened" in (ref_from_path(tmp_path / "nope.png").facts.error or "")
    assert "over the limit" in (ref_from_path(tmp_path / "a.png", max_bytes=10).facts.error or "")


def test_finds_drawn_faces_where_they_are():
    from drawn_faces import drawn

    data, boxes = drawn(2)
    faces = facts_from_bytes(data).faces or ()
    assert len(faces) == 2
    assert all(face.iou(FaceBox(*box)) > 0.8 for face, box in zip(faces, boxes, strict=True))


def test_boxes_are_in_the_original_pixels_when_a_large_jpeg_is_decoded_small():
    import io as _io

    from drawn_faces import drawn

    small = Image.open(_io.BytesIO(drawn(1)[0]))
    buf = _io.BytesIO()
    small.resize((2560, 1920)).save(buf, "JPEG", quality=85)
    facts = facts_from_bytes(buf.getvalue())
    (face,) = facts.faces or ()
    assert (facts.width, facts.height) == (2560, 1920) and face.iou(FaceBox(53 * 4, 104 * 4, 234 * 4, 234 * 4)) > 0.8
