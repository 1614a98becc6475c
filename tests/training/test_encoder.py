"""The encoder's adapters train reproducibly from the train splits alone (needs the CPU build of PyTorch, which
only training uses: `pip install torch==2.13.0`)."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "evaluation"))
from conftest import write_tiny_data  # noqa: E402

pytest.importorskip("torch")

from civicguard.engine.embedding import TaskEncoder  # noqa: E402
from civicguard.training.encoder import main  # noqa: E402


def test_training_twice_gives_identical_adapters_without_the_test_split(tmp_path):
    data = write_tiny_data(tmp_path / "data")
    for ds in ("davidson", "hatecheck", "mlma-en", "x-ci-complaints"):
        (data / ds / "test.csv").unlink()
    for out in ("a", "b"):
        (tmp_path / out).mkdir()
        assert main(["--data", str(data), "--out", str(tmp_path / out), "--epochs", "1"]) == 0
    a, b = np.load(tmp_path / "a" / "encoder.npz"), np.load(tmp_path / "b" / "encoder.npz")
    assert set(a.files) == set(b.files)
    for name in a.files:
        if name != "meta":
            assert np.array_equal(a[name], b[name]), name
    tuned = TaskEncoder(tmp_path / "a" / "encoder.npz")
    assert set(tuned.labels) == {"hateful", "characteristic"}
    assert tuned.logits(["any text"])["characteristic"].shape == (1, 6)
    assert "test` is never read" in (tmp_path / "a" / "PROVENANCE-encoder.md").read_text()
