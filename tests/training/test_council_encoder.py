"""The council encoder trains from the council set's train split, and validation alone chooses its calibration,
decision points, which reading the engine trusts and the gate (needs the CPU build of PyTorch, training only)."""

import json

import numpy as np
import pytest

pytest.importorskip("torch")

from civicguard.engine.councilmodel import CouncilEncoder  # noqa: E402
from civicguard.evaluation.council_data import LABELS, load_split  # noqa: E402
from civicguard.training import council_encoder  # noqa: E402


def trained_on_a_slice(tmp_path, monkeypatch, n_train: int, n_validation: int):
    """A model trained for one epoch on the first items of train, chosen on the first of validation; the test
    split is not offered, so a read of it fails."""
    train_items, validation = load_split("train")[:n_train], load_split("validation")[:n_validation]
    monkeypatch.setattr(council_encoder, "load_split",
                        lambda split: {"train": train_items, "validation": validation}[split])
    out = tmp_path / "council-encoder.npz"
    assert council_encoder.main(["--epochs", "1", "--no-public", "--out", str(out)]) == 0
    return out


def test_one_epoch_on_a_slice_writes_a_model_the_engine_loads(tmp_path, monkeypatch):
    out = trained_on_a_slice(tmp_path, monkeypatch, 48, 160)
    enc = CouncilEncoder(out)
    assert enc.labels["category"] == LABELS
    meta = json.loads(bytes(np.load(out)["meta"]).decode())
    assert meta["trained_on"] == {"council_train": 48, "hatecheck_train": 0, "council_validation": 160}
    assert meta["layers"] == council_encoder.LAYERS
    assert all(share >= council_encoder.GATE_RECALL_FOR.get(name, council_encoder.GATE_RECALL)
               for name, share in meta["report"]["gate"]["positives_through"].items())
    assert set(meta["gates"]) <= set(council_encoder.TRUST)  # the scan affords the encoder only behind these
    assert set(meta["gates"]) == {name for name, cal in meta["binary"].items() if cal["use"]}
    provenance = (tmp_path / "PROVENANCE-council-encoder.md").read_text()
    assert "`test` is never read" in provenance
    assert enc.task.logits(["any text"])["category"].shape == (1, len(LABELS))


def test_the_engine_reads_a_trained_file_only_past_its_gate_and_only_where_validation_chose_it(tmp_path, monkeypatch):
    from civicguard.engine.councilmodel import CouncilReader, shared_council_model

    enc = CouncilEncoder(trained_on_a_slice(tmp_path, monkeypatch, 32, 120))
    texts = ["Thanks", "The two little ones next door have been left on their own since Friday with no food",
             "Happy Christmas from all of us at the town hall"]
    ngram = shared_council_model().scores(texts)
    both = CouncilReader(shared_council_model(), enc).scores(texts)
    for n, b in zip(ngram, both, strict=True):
        if not enc.opens(n):
            assert b == n  # below the gate the n-gram reading stands, kind and characteristic included
            continue
        for name, cal in enc.binary.items():
            if not cal["use"]:
                assert b.confidence[name] == n.confidence[name]
        assert b.safeguarding_kind[0] in enc.labels["safeguarding_kind"]
    assert not enc.opens(ngram[0])  # "Thanks" stays with the n-gram reading
    # Whatever a one-epoch slice trusts, a category whose gate a text passes takes the encoder's reading.
    name = next(iter(enc.binary))
    enc.gates = {name: 0.0}
    enc.binary[name].update(use=True, either=False)
    forced = CouncilReader(shared_council_model(), enc).scores(texts)
    assert all(enc.opens(n) for n in ngram)
    assert all(f.confidence[name] != n.confidence[name] for f, n in zip(forced, ngram, strict=True))
    # Where the file says "either" (safeguarding: recall first), the larger of the two readings stands.
    enc.binary[name]["either"] = True
    larger = CouncilReader(shared_council_model(), enc).scores(texts)
    assert all(g.confidence[name] == max(f.confidence[name], n.confidence[name])
               for g, f, n in zip(larger, forced, ngram, strict=True))
