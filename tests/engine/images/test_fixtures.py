"""The committed test photos (tests/fixtures/images/SOURCE.md) hold the number of faces other tests rely on."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from civicguard.engine.images.analyse import facts_from_bytes

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "images"


@cache
def _faces(name: str):
    # Faces only: the nudity score and the text reading do not change what is found, and take most of the time.
    facts = facts_from_bytes((FIXTURES / name).read_bytes(), nudity=False, text=False)
    assert facts.ok, facts.error
    assert facts.faces is not None
    return facts


@pytest.mark.parametrize(("name", "count"), [("eight_faces.jpg", 8), ("two_faces.jpg", 2), ("one_face.jpg", 1),
                                             ("no_face.jpg", 0)])
def test_each_photo_has_its_known_number_of_faces(name, count):
    assert len(_faces(name).faces) == count


def test_the_faces_are_found_where_the_people_are():
    one = _faces("one_face.jpg")
    (face,) = one.faces
    # The astronaut's face: left of centre, in the upper third of the 512x512 portrait.
    assert (one.width, one.height) == (512, 512)
    assert 150 <= face.x <= 200 and 40 <= face.y <= 90 and 80 <= face.w <= 120
    left, right = sorted(_faces("two_faces.jpg").faces, key=lambda f: f.x)
    assert left.x + left.w <= 512 < right.x  # one face in each half of the composite
    # The cameraman's face (in the right half at x 190-265, y 115-190 of his own photo) holds the box's centre.
    cx, cy = right.x - 512 + right.w / 2, right.y + right.h / 2
    assert 190 <= cx <= 265 and 115 <= cy <= 190


def test_the_group_photo_has_one_box_per_person():
    faces = _faces("eight_faces.jpg").faces
    # Five people stand at the back (faces in the top third), three sit at the table (faces lower down).
    assert sorted(f.y < 694 / 3 for f in faces) == [False] * 3 + [True] * 5
    assert all(60 <= f.w <= 140 for f in faces)


def test_the_photos_are_small_enough_to_keep_in_the_repository():
    for name in ("eight_faces.jpg", "two_faces.jpg", "one_face.jpg", "no_face.jpg"):
        assert (FIXTURES / name).stat().st_size < 150_000
