"""Reliability tables: confidence bins against the share truly positive."""

from civicguard.evaluation.base import EvalContext
from civicguard.evaluation.calibration import reliability, run


def test_reliability_bins_and_ece():
    rows, ece = reliability([0.05, 0.05, 0.95, 0.95], [False, False, True, True])
    assert [r[0] for r in rows] == ["0.0-0.1", "0.9-1.0"] and round(ece, 3) == 0.05


def test_a_confident_wrong_model_has_a_large_error():
    _, ece = reliability([0.95, 0.95], [False, False])
    assert ece > 0.9


def test_section_reads_validation_whatever_the_split(tiny_data):
    section = run(EvalContext(tiny_data, split="test"))
    public = {"offensive", "hateful", "complaint"}
    assert section.split == "validation" and public <= set(section.metrics)
    # The council heads are reported too, on the council set's validation split, each on its own channels.
    council = {k for k in section.metrics if k.startswith("council ")}
    assert {"council safeguarding", "council discrimination", "council complaint"} <= council
    assert section.metrics["council criticism"]["texts"] < section.metrics["council safeguarding"]["texts"]
    assert all(0 <= m["ece"] < 0.2 for m in section.metrics.values())
