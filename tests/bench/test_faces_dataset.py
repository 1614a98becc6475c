"""The COCO converter keeps freely licensed images, derives face boxes from visible nose and eyes, turns every other
person into an ignore region, takes keypoints from YOLO-pose labels when a source has no keypoint file, scales
boxes and records credits."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from PIL import Image

BENCH = Path(__file__).resolve().parents[2] / "bench"
spec = importlib.util.spec_from_file_location("civicguard_bench_faces_dataset", BENCH / "faces_dataset.py")
assert spec is not None and spec.loader is not None
faces_dataset = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = faces_dataset  # its dataclasses look their module up there
spec.loader.exec_module(faces_dataset)

# An upright face: eyes 40 px apart at y=100, nose 26 px below their midpoint (0.65 of 40).
FACE = [200, 126, 2, 220, 100, 2, 180, 100, 2, 0, 0, 0, 0, 0, 0] + [0, 0, 0] * 12
ONE_EYE = [200, 126, 2, 220, 100, 2, 180, 100, 1] + [0, 0, 0] * 14


def _image(i: int, licence: int) -> dict:
    return {"id": i, "license": licence, "file_name": f"{i:012d}.jpg", "width": 1280, "height": 960,
            "flickr_url": f"http://farm1.staticflickr.com/1/{5550 + i}_abcdef0123_z.jpg"}


def _person(ann_id: int, image_id: int, bbox: list[float], crowd: int = 0) -> dict:
    return {"id": ann_id, "image_id": image_id, "category_id": 1, "bbox": bbox, "iscrowd": crowd}


def _source(root: Path, images: list[dict], people: list[dict], keypoints: dict[int, list[int]] | None) -> Path:
    (root / "annotations").mkdir(parents=True)
    (root / "val2017").mkdir()
    for meta in images:
        Image.new("RGB", (meta["width"], meta["height"])).save(root / "val2017" / meta["file_name"])
    (root / "annotations" / "instances_val2017.json").write_text(json.dumps({"images": images, "annotations": people}))
    if keypoints is not None:
        anns = [{**p, "keypoints": keypoints[p["id"]]} for p in people if p["id"] in keypoints]
        (root / "annotations" / "person_keypoints_val2017.json").write_text(
            json.dumps({"images": images, "annotations": anns}))
    return root


def test_face_box_follows_the_fixed_rule():
    x, y, w, h = faces_dataset.face_box(FACE)
    # Scale 40 (eyes apart; nose 26 / 0.65 = 40 too): a 100 px square, centred 12 px below the eyes' midpoint.
    assert (round(x), round(y), round(w), round(h)) == (150, 62, 100, 100)
    assert faces_dataset.face_box(ONE_EYE) is None  # an eye labelled but not visible: the face does not count


def test_builds_the_set(tmp_path):
    images = [_image(1, 4), _image(2, 5), _image(3, 1), _image(4, 7)]
    people = [_person(10, 1, [100, 50, 300, 800]), _person(11, 1, [600, 50, 300, 800]),
              _person(12, 1, [900, 500, 300, 400], crowd=1), _person(13, 3, [100, 50, 300, 800])]
    src = _source(tmp_path / "src", images, people, {10: FACE, 11: ONE_EYE, 13: FACE})
    out = tmp_path / "out"
    assert faces_dataset.main(["--source", f"someone/repo={src}", "--out", str(out)]) == 0
    rows = {r["source_id"]: r for r in map(json.loads, (out / "annotations.jsonl").read_text().splitlines())}
    # Image 3 is NonCommercial: left out. Image 1 is stored at 640x480 (half size): the face box halves with it,
    # the one-eyed person and the crowd become ignore regions. Images 2 and 4 have nobody: negatives.
    assert set(rows) == {"coco2017:1", "coco2017:2", "coco2017:4"}
    one = rows["coco2017:1"]
    assert (one["width"], one["height"], one["faces"]) == (640, 480, [[75, 31, 50, 50]])
    assert one["ignore"] == [[300, 25, 150, 400], [450, 250, 150, 200]]
    assert rows["coco2017:2"]["faces"] == rows["coco2017:2"]["ignore"] == []
    credits = (out / "CREDITS.csv").read_text()
    assert "images/000000000001.jpg,1,not recorded by COCO: see the page,CC BY 2.0," \
           "https://www.flickr.com/photo.gne?id=5551,someone/repo" in credits
    assert "No known copyright restrictions" in credits and "000000000003" not in credits


def test_keypoints_come_from_pose_labels_when_the_source_has_none(tmp_path):
    images = [_image(1, 4), _image(2, 4)]
    people = [_person(10, 1, [100, 50, 300, 800]), _person(20, 2, [100, 50, 300, 800])]
    src = _source(tmp_path / "src", images, people, None)
    labels = tmp_path / "labels" / "val2017"
    labels.mkdir(parents=True)
    w, h = 1280, 960
    row = [0, 250 / w, 450 / h, 300 / w, 800 / h]
    for j in range(17):
        x, y, v = FACE[3 * j:3 * j + 3]
        row += [x / w, y / h, v]
    (labels / "000000000001.txt").write_text(" ".join(f"{v:.6f}" for v in row) + "\n")
    # Image 2's person has no label row (no keypoint in COCO): it can only be ignored.
    out = tmp_path / "out"
    assert faces_dataset.main(["--source", str(src), "--keypoint-labels", str(tmp_path / "labels"),
                               "--out", str(out)]) == 0
    rows = {r["source_id"]: r for r in map(json.loads, (out / "annotations.jsonl").read_text().splitlines())}
    assert rows["coco2017:1"]["faces"] == [[75, 31, 50, 50]] and rows["coco2017:1"]["ignore"] == []
    assert rows["coco2017:2"]["faces"] == [] and rows["coco2017:2"]["ignore"] == [[50, 25, 150, 400]]


@pytest.mark.parametrize("moved", [False, True])
def test_an_image_two_sources_disagree_on_is_left_out(tmp_path, moved):
    images = [_image(1, 4)]
    a = _source(tmp_path / "a", images, [_person(10, 1, [100, 50, 300, 800])], {10: FACE})
    b = _source(tmp_path / "b", images, [_person(10, 1, [100 + 50 * moved, 50, 300, 800])], {10: FACE})
    out = tmp_path / "out"
    assert faces_dataset.main(["--source", str(a), "--source", str(b), "--out", str(out)]) == 0
    assert len((out / "annotations.jsonl").read_text().splitlines()) == (0 if moved else 1)
