"""The faces section: boxes matched at IoU 0.5, figures computed from the rows, the test split never tuned on."""

import io
import json
import sys
from pathlib import Path

import pytest
from PIL import Image

from civicguard.engine.images.facts import FaceBox, ImageFacts
from civicguard.evaluation.base import EvalContext
from civicguard.evaluation.images import Item, analyser, choose_settings, load, match, run, score, split_for

sys.path.insert(0, str(Path(__file__).parents[1] / "engine"))
from drawn_faces import drawn  # noqa: E402


def _write_set(folder, rows):
    (folder / "images" / "faces").mkdir(parents=True)
    with open(folder / "images" / "faces" / "annotations.jsonl", "w") as fh:
        for i, (split, faces) in enumerate(rows):
            buf = io.BytesIO()
            Image.new("RGB", (320, 240), (128, 128, 128)).save(buf, "JPEG")
            (folder / "images" / "faces" / f"{i}.jpg").write_bytes(buf.getvalue())
            fh.write(json.dumps({"file": f"{i}.jpg", "split": split, "faces": faces}) + "\n")
    return folder


def test_match_is_one_to_one_at_iou_half():
    truth = [(0, 0, 10, 10), (100, 100, 10, 10)]
    assert match([(0, 0, 10, 10), (1, 1, 10, 10), (50, 50, 5, 5)], truth) == 1
    assert match([(0, 0, 10, 10), (101, 100, 10, 10)], truth) == 2


def test_score_counts_from_what_the_analyser_returns(tmp_path):
    data = _write_set(tmp_path, [("test", [[0, 0, 10, 10], [100, 100, 10, 10]]), ("test", [])])
    items = load(data / "images" / "faces", ["test"])
    answers = iter([ImageFacts(320, 240, (FaceBox(0, 0, 10, 10), FaceBox(200, 0, 10, 10))),
                    ImageFacts(320, 240, (FaceBox(5, 5, 10, 10),))])
    figures = score(items, lambda data: next(answers))
    assert (figures["tp"], figures["fp"], figures["fn"]) == (1, 2, 1)
    assert (figures["precision"], figures["recall"], figures["negatives_with_a_face_found"]) == (0.3333, 0.5, 1)


def test_section_runs_the_real_detector_on_validation_and_test(tmp_path):
    data = _write_set(tmp_path, [("validation", [[10, 10, 60, 60]]), ("validation", []), ("test", []),
                                 ("train", [[1, 1, 5, 5]])])
    section = run(EvalContext(data))
    val, test = section.metrics["validation"], section.metrics["test"]
    assert (val["images"], val["faces"], val["recall"], val["fn"], test["images"]) == (2, 1, 0.0, 1, 1)
    assert val["ms_per_image"] > 0 and section.rows == 3


def test_settings_are_never_chosen_on_test():
    with pytest.raises(ValueError, match="never on test"):
        choose_settings([Item(path=None, split="test", faces=())])  # type: ignore[arg-type]


def test_split_is_stable_and_roughly_60_20_20():
    splits = [split_for(f"img{i}") for i in range(1000)]
    assert splits == [split_for(f"img{i}") for i in range(1000)]
    assert 550 < splits.count("train") < 650 and 150 < splits.count("test") < 250


def test_the_real_detector_scores_full_marks_on_drawn_faces(tmp_path):
    folder = tmp_path / "images" / "faces"
    folder.mkdir(parents=True)
    lines = []
    for n in (0, 1, 2):
        data, boxes = drawn(n)
        (folder / f"{n}.jpg").write_bytes(data)
        lines.append(json.dumps({"file": f"{n}.jpg", "split": "validation", "faces": boxes}))
    (folder / "annotations.jsonl").write_text("\n".join(lines) + "\n")
    figures = score(load(folder, ["validation"]), analyser())
    assert (figures["tp"], figures["fp"], figures["fn"], figures["precision"], figures["recall"]) == (3, 0, 0, 1.0, 1.0)
    assert figures["negatives"] == 1 and figures["negatives_with_a_face_found"] == 0


def test_a_face_found_on_an_ignored_person_is_neither_a_hit_nor_a_false_alarm(tmp_path):
    folder = tmp_path / "images" / "faces"
    folder.mkdir(parents=True)
    rows = [{"file": "0.jpg", "split": "test", "faces": [[0, 0, 10, 10]], "ignore": [[100, 100, 50, 100]]},
            {"file": "1.jpg", "split": "test", "faces": [], "ignore": [[0, 0, 50, 50]]},
            {"file": "2.jpg", "split": "test", "faces": []}]
    for row in rows:
        Image.new("RGB", (320, 240)).save(folder / row["file"])
    (folder / "annotations.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    items = load(folder, ["test"])
    assert items[0].ignore == ((100, 100, 50, 100),) and items[2].ignore == ()
    # Image 0: one hit, one box on the ignored person (centre inside), one false box elsewhere. Image 1: a box on
    # its ignored person only, so it is not a negative. Image 2, with nobody in it, is the only negative.
    answers = iter([ImageFacts(320, 240, (FaceBox(0, 0, 10, 10), FaceBox(110, 150, 20, 20), FaceBox(200, 0, 10, 10))),
                    ImageFacts(320, 240, (FaceBox(10, 10, 20, 20),)), ImageFacts(320, 240, ())])
    figures = score(items, lambda data: next(answers))
    assert (figures["tp"], figures["fp"], figures["fn"], figures["ignored"]) == (1, 1, 0, 2)
    assert (figures["negatives"], figures["negatives_with_a_face_found"]) == (1, 0)
