"""Training is reproducible: the same data and seed give the same model; the test split is never read."""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parents[1] / "evaluation"))
from conftest import write_tiny_data  # noqa: E402

from civicguard.engine.textmodel import TextModel  # noqa: E402
from civicguard.training.language import main  # noqa: E402


def test_training_twice_gives_identical_artefacts(tmp_path):
    data = write_tiny_data(tmp_path / "data")
    for split in ("test",):  # prove the test split is never read: remove it
        for ds in ("davidson", "hatecheck", "mlma-en", "x-ci-complaints"):
            (data / ds / f"{split}.csv").unlink()
    for ds in ("davidson", "hatecheck", "mlma-en", "x-ci-complaints"):
        (data / ds / "SOURCE.md").write_text("- **Commit:** `abc123`\n- **Licence:** MIT\n")
    assert main(["--data", str(data), "--out", str(tmp_path / "a")]) == 0
    assert main(["--data", str(data), "--out", str(tmp_path / "b")]) == 0
    a, b = TextModel.load(tmp_path / "a" / "language.npz"), TextModel.load(tmp_path / "b" / "language.npz")
    assert set(a.heads) == {"offensive", "hateful", "complaint", "characteristic"}
    for name in a.heads:
        assert np.array_equal(a.heads[name].coef.toarray(), b.heads[name].coef.toarray())
    assert "abc123" in (tmp_path / "a" / "PROVENANCE.md").read_text()
