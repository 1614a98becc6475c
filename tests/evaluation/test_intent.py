"""The intent sections run on a tiny data folder (no shared data needed)."""

from __future__ import annotations

import csv
import json

import pytest

from civicguard.evaluation import intent
from civicguard.evaluation.base import EvalContext

COMPLAINTS = [
    ("@Help I've complained three times and nobody has done anything. Disgraceful service.", "1"),
    ("@Shop still waiting for my refund after six weeks, worst service ever", "1"),
    ("@Rail train cancelled again, fed up of this", "1"),
    ("@Shop thanks so much, the new jacket is lovely", "0"),
    ("@Help happy new year to all the staff!", "0"),
    ("Lovely sunny day at the beach", "0"),
]
POSTS = [
    {"id": "a", "text": "I'm a reporter at the Liverpool Echo. Could the council give us a statement on the pier?",
     "expect": {"categories": ["press_enquiry"]}},
    {"id": "b", "text": "Great job on the new playground in Victoria Park, the kids love it!",
     "expect": {"categories": []}},
]


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "x-ci-complaints"
    folder.mkdir()
    for split in ("validation", "test"):
        with open(folder / f"{split}.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "tweet", "label"])
            w.writerows([i, t, y] for i, (t, y) in enumerate(COMPLAINTS))
    (tmp_path / "council-posts").mkdir()
    (tmp_path / "council-posts" / "dev.jsonl").write_text("".join(json.dumps(p) + "\n" for p in POSTS))
    return tmp_path


def test_complaints_section(data):
    section = intent.complaints(EvalContext(data, split="test"))
    assert section.origin == "real" and section.rows == 6
    m = section.metrics
    assert m["majority"]["f1"] == 0.0 and m["majority"]["tp"] == 0
    assert m["civicguard"]["recall"] >= 2 / 3 and m["civicguard"]["fp"] == 0
    assert 0.1 <= m["validation_threshold"]["civicguard"] <= 0.9
    assert len(section.tables[0].rows) == 5


def test_best_threshold_is_chosen_on_scores():
    assert intent.best_threshold([True, False, True], [0.8, 0.2, 0.45]) == 0.25


def test_generated_section(data):
    section = intent.generated(EvalContext(data, split="validation", limit=60))
    assert section.origin == "generated" and section.rows == 60
    assert set(section.metrics["generated"]) == {"service_request", "complaint", "press_enquiry", "safeguarding"}
    assert section.metrics["generated"]["press_enquiry"]["recall"] > 0.8
    posts = section.metrics["council_posts"]["press_enquiry"]
    assert (posts["tp"], posts["fp"], posts["fn"]) == (1, 0, 0)
    assert len(section.tables) == 2
