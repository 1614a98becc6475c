"""The generated intent set: deterministic per seed, labelled by construction."""

from __future__ import annotations

from civicguard.evaluation.intentgen import LABELS, generate


def test_same_seed_same_rows():
    assert generate(7, 40) == generate(7, 40)
    assert generate(7, 40) != generate(8, 40)


def test_rows_are_labelled_and_varied():
    rows = generate(3, 400)
    assert len(rows) == 400
    assert all(set(r["labels"]) <= set(LABELS) and r["text"] for r in rows)
    kinds = {r["kind"] for r in rows}
    assert kinds == {"service_request", "complaint", "complaint_repeat", "press_enquiry", "safeguarding", "neutral"}
    assert any(r["text"] == r["text"].lower() for r in rows)  # some lower-cased
    assert len({r["text"] for r in rows}) > 300


def test_labels_follow_the_kind():
    for r in generate(11, 200):
        expected = {"service_request": ["service_request"], "complaint": ["complaint"],
                    "complaint_repeat": ["complaint", "service_request"], "press_enquiry": ["press_enquiry"],
                    "safeguarding": ["safeguarding"], "neutral": []}[r["kind"]]
        assert r["labels"] == expected
    press = next(r for r in generate(11, 200) if r["kind"] == "press_enquiry")
    assert any(w in press["text"].lower() for w in ("comment", "statement", "quote", "press office", "respond"))
