from __future__ import annotations

import numpy as np

from civicguard.engine.images.faces import FaceSettings, detect_faces, nms
from civicguard.engine.images.facts import FaceBox


def test_nms_keeps_the_best_of_overlapping_boxes_and_drops_boxes_inside_others():
    boxes = [FaceBox(10, 10, 50, 50, 3.0), FaceBox(12, 12, 50, 50, 5.0), FaceBox(20, 20, 20, 20, 9.0, "profile"),
             FaceBox(200, 10, 40, 40, 1.0)]
    assert nms(boxes, 0.3) == [FaceBox(20, 20, 20, 20, 9.0, "profile"), FaceBox(200, 10, 40, 40, 1.0)]


def test_iou():
    assert FaceBox(0, 0, 10, 10).iou(FaceBox(5, 0, 10, 10)) == 50 / 150
    assert FaceBox(0, 0, 10, 10).iou(FaceBox(20, 20, 5, 5)) == 0.0


def test_no_faces_in_a_flat_or_noisy_image():
    rng = np.random.default_rng(1)
    assert detect_faces(np.full((480, 640), 128, np.uint8)) == ()
    noise = rng.integers(0, 255, (480, 640), dtype=np.uint8)
    assert len(detect_faces(noise, 1.0, FaceSettings(profile=False))) <= 1
