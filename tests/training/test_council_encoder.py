"""The council encoder trains from the council set's train split, and validation alone chooses its calibration,
decision points, which reading the engine trusts and the gate (needs the CPU build of PyTorch, training only)."""

import json

import numpy as np
import pytest

pytest.importorskip("torch")

from civicguard.engine.councilmodel import CouncilEncoder  # noqa: E402
from civicguard.evaluation.council_data import LABELS, load_split  # noqa: E402
from civicguard.training import council_encoder  # noqa: E402


def test_one_epoch_on_a_slice_writes_a_model_the_engine_loads(tmp_path, monkeypatch):
    train_items = load_split("train")[:48]
    validation = load_split("validation")[:160]
    monkeypatch.setattr(council_encoder, "load_split",
                        lambda split: {"train": train_items, "validation": validation}[split])
    out = tmp_path / "council-encoder.npz"
    assert council_encoder.main(["--epochs", "1", "--out", str(out)]) == 0
    enc = CouncilEncoder(out)
    assert enc.labels["category"] == LABELS
    meta = json.loads(bytes(np.load(out)["meta"]).decode())
    assert meta["trained_on"] == {"council_train": 48, "council_validation": 160}
    assert meta["report"]["gate"]["labelled_through"] >= 0.97
    provenance = (tmp_path / "PROVENANCE-council-encoder.md").read_text()
    assert "`test` is never read" in provenance
    assert enc.task.logits(["any text"])["category"].shape == (1, len(LABELS))
