"""The nudity section: false alarms at the detector's limits on safe proxies; the committed set's provenance."""

import json
from pathlib import Path

import pytest

from civicguard.evaluation.base import EvalContext
from civicguard.evaluation.images_nudity import Item, measure, run, summarise, wilson_upper

DATA = Path(__file__).resolve().parents[2] / "data" / "images" / "nudity"


@pytest.mark.parametrize(("k", "n", "upper"), [(0, 10, 0.2775), (0, 100, 0.037), (5, 10, 0.7634), (0, 0, 1.0)])
def test_wilson_upper_bound(k, n, upper):
    assert wilson_upper(k, n) == pytest.approx(upper, abs=1e-3)


def test_false_alarms_are_counted_at_each_limit():
    m = summarise([(0.9, 1.0), (0.3, 3.0), (0.1, 2.0), (0.0, 2.0)], (0.5, 0.2))
    assert (m["at_0.5"]["false_alarms"], m["at_0.2"]["false_alarms"], m["max_score"], m["ms_per_image"]) == (
        1, 2, 0.9, 2.0)
    assert m["at_0.2"]["fpr"] == 0.5


def test_measure_times_the_scorer_on_each_file(tmp_path):
    (tmp_path / "a.jpg").write_bytes(b"abc")
    assert [s for s, _ in measure([Item(tmp_path / "a.jpg", "test", "photo")], lambda data: len(data) / 10)] == [0.3]


def test_the_committed_set_has_no_train_split_and_a_licence_for_every_image():
    rows = [json.loads(line) for line in (DATA / "annotations.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["split"] for r in rows} == {"validation", "test"}
    assert {r["group"] for r in rows} == {"photo", "closeup", "skin_texture"}
    for r in rows:
        assert (DATA / r["file"]).is_file() and r["licence"] and r["source"]


def test_the_section_reports_the_detectors_limits_on_the_committed_set(tmp_path):
    section = run(EvalContext(data_dir=tmp_path, limit=2))
    assert section.name == "images_nudity" and section.rows == 6  # 2 validation, 2 test, 2 documents
    header = section.tables[0].columns
    assert "false alarms at 0.5" in header and "false alarms at 0.2 (child tagged)" in header
    assert all(0.0 <= m["max_score"] <= 1.0 for m in section.metrics.values())
