"""The image-text section: reading accuracy and findings computed from what the reader returns; the committed set."""

import json
from pathlib import Path

import pytest

from civicguard.engine.images.ocr import OcrSettings
from civicguard.evaluation.images_text import Item, char_accuracy, choose_settings, edit_distance, load, score

DATA = Path(__file__).resolve().parents[2] / "data" / "images" / "text"


@pytest.mark.parametrize(("a", "b", "d"), [("", "", 0), ("kitten", "sitting", 3), ("WA10 5EA", "WA10 SEA", 1),
                                           ("abc", "", 3), ("flaw", "lawn", 2)])
def test_edit_distance(a, b, d):
    assert edit_distance(a, b) == d == edit_distance(b, a)


def test_char_accuracy_ignores_how_whitespace_is_laid_out():
    assert char_accuracy("Dear Sir,\nYours", "Dear  Sir,\n\nYours") == (0, len("Dear Sir, Yours"))


def _items(tmp_path, texts):
    items = []
    for i, (text, personal) in enumerate(texts):
        (tmp_path / f"{i}.png").write_bytes(b"x")
        items.append(Item(tmp_path / f"{i}.png", "validation", "letter", text, personal))
    return items


def test_score_compares_findings_on_the_words_read_with_the_words_drawn(tmp_path):
    items = _items(tmp_path, [("Dear Amy Hughes", True), ("Bins today", False), ("Call Jo Patel", True)])
    reads = iter(["Dear Amy Hughes", "Bins today", "Cal1 J0 Pate1"])
    found = {"Dear Amy Hughes": {("personal_data", "PERSON")}, "Call Jo Patel": {("personal_data", "PERSON")}}
    m = score(items, lambda _data: next(reads), lambda text: found.get(text, set()))
    assert m["personal_data_findings"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "tp": 1, "fp": 0, "fn": 1}
    assert m["images_flagged_for_personal_data"]["recall"] == 0.5
    assert m["char_accuracy"] == round(1 - 3 / 38, 4)  # three characters misread and m["images"] == 3


def test_an_image_that_could_not_be_read_counts_as_read_as_nothing(tmp_path):
    def broken(_data):
        raise RuntimeError("tesseract crashed")

    m = score(_items(tmp_path, [("Hello", False)]), broken)
    assert (m["unreadable"], m["char_accuracy"]) == (1, 0.0)


def test_settings_are_never_chosen_on_test(tmp_path):
    item = Item(tmp_path / "a.png", "test", "letter", "x", False)
    with pytest.raises(ValueError, match="never on test"):
        choose_settings([item], [], lambda text: set())


def test_settings_that_find_something_in_a_photo_without_text_are_not_chosen(tmp_path, monkeypatch):
    from civicguard.engine.images import ocr

    # Pictures of text read perfectly at any confidence; the photo's marks are read only below 50.
    words = {b"text": [ocr.Word("Bins", 95, 1, 1, 1), ocr.Word("today", 90, 1, 1, 1)],
             b"photo": [ocr.Word("Ms", 40, 1, 1, 1), ocr.Word("Ae", 35, 1, 1, 1)]}
    monkeypatch.setattr(ocr, "read_words", lambda image, settings: words[image.info["kind"]])
    monkeypatch.setattr("civicguard.engine.images.decode.decode_image",
                        lambda data, at_least=None: type("D", (), {"image": type("I", (), {"info": {"kind": data}})()}))
    (tmp_path / "t.png").write_bytes(b"text")
    (tmp_path / "p.jpg").write_bytes(b"photo")
    item = Item(tmp_path / "t.png", "train", "clean", "Bins today", False)
    best, tried = choose_settings([item], [tmp_path / "p.jpg"], lambda text: {("personal_data", "PERSON")} if "Ms" in
                                  text else set(), psms=(6,), sides=(0,), confidences=(0.0, 50.0))
    assert best == OcrSettings(psm=6, min_long_side=0, min_confidence=50.0)
    assert [t["photos_with_a_finding"] for t in tried] == [1, 0]


def test_the_committed_set_is_complete_and_its_split_fixed():
    rows = [json.loads(line) for line in (DATA / "annotations.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [sum(r["split"] == s for r in rows) for s in ("train", "validation", "test")] == [30, 30, 60]
    for r in rows:
        assert (DATA / r["file"]).is_file()
        assert r["personal"] == bool(r["planted"]) and all(p["value"] in r["text"] for p in r["planted"])
    assert {r["kind"] for r in rows if not r["personal"]} >= {"clean"}
    assert len(load(DATA, ["test"], limit=5)) == 5


def test_photos_without_text_count_findings_words_and_failures(tmp_path):
    from civicguard.evaluation.images_text import negatives

    paths = []
    for name in ("a", "b", "c", "d"):
        (tmp_path / f"{name}.jpg").write_bytes(name.encode())
        paths.append(tmp_path / f"{name}.jpg")
    reads = {b"a": "", b"b": "~ |", b"c": "Ms Ae Lo", b"d": None}

    def read(data):
        if reads[data] is None:
            raise TimeoutError("slow")
        return reads[data]

    m = negatives(paths, read, lambda text: {("personal_data", "PERSON")} if "Ms" in text else set())
    assert (m["photos"], m["with_a_finding"], m["with_words"], m["not_read"]) == (4, 1, 1, 1)
