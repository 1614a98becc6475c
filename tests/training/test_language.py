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


def test_naive_bayes_ratio_favours_the_class_a_feature_comes_from():
    from scipy import sparse

    from civicguard.training.language import nb_ratio

    # Feature 0 only in positives, feature 1 only in negatives, feature 2 in both alike.
    x = sparse.csr_matrix(np.array([[1.0, 0.0, 1.0], [1.0, 0.0, 1.0], [0.0, 1.0, 1.0], [0.0, 1.0, 1.0]]))
    r = nb_ratio(x, [1, 1, 0, 0])
    assert r[0] > 0 > r[1] and abs(r[2]) < 1e-9


def test_naive_bayes_scaling_is_folded_into_the_coefficients():
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    from civicguard.training.language import SEED, _fit, nb_ratio

    rng = np.random.default_rng(0)
    x = sparse.csr_matrix(rng.random((40, 6)) * (rng.random((40, 6)) > 0.5))
    y = (x[:, 0].toarray().ravel() > 0.3).astype(int)
    folded = _fit(x, y, 1.0, nb=True)
    scaled = sparse.csr_matrix(x.multiply(nb_ratio(x, y)[None, :]))
    direct = LogisticRegression(C=1.0, max_iter=4000, random_state=SEED).fit(scaled, y)
    # Scoring the raw features with the folded weights is scoring the scaled features with the fitted ones.
    assert np.allclose(folded.decision(x), direct.decision_function(scaled))
