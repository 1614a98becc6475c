"""Train the shipped text model (``engine/models/language.npz``) from the public ``train`` splits.

    python -m civicguard.training.language [--data ../shared/data] [--out src/civicguard/engine/models]

Reproducible: a fixed seed, deterministic solvers, and data read in file order, so a fresh clone with the same data
writes the same coefficients. What it does, head by head (see :mod:`civicguard.engine.textmodel`):

1. Fits a logistic regression on hashed word and character n-grams (TF-IDF weighted, IDF from all training texts)
   on each task's ``train`` split. For a binary head it may first scale each feature by its naive Bayes
   log-count ratio on ``train`` (NB-LR, Wang and Manning 2012), which lets rare but telling n-grams weigh more;
   the scaling folds into the head's coefficients, so checking costs the same. The regularisation strength, and
   for binary heads whether to scale, are chosen from a small grid by the score on the ``validation`` split
   (macro-F1 at the best threshold, or accuracy for the softmax head).
2. For each binary head, fits a stacker on 5-fold out-of-fold logits of the ``train`` split together with the
   rule-based detectors' evidence (their lexicon weights, the models switched off), so the detectors' final
   confidence is a calibrated probability. Calibration is then reported on ``validation``.
3. Writes the artefact and ``PROVENANCE.md`` (data sources, commits, licences, rows, seed, validation scores).

The test splits are never read here.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import html
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from civicguard.engine import textmodel
from civicguard.engine.textmodel import Head, TextModel, counts, prepare, stack_inputs, weigh

SEED = 20261121
GRID = (1.0, 3.0, 10.0)
NB_GRID = (False, True)  # binary heads: with and without the naive Bayes scaling
NB_ALPHA = 0.25  # smoothing of the naive Bayes counts
FOLDS = 5

# HateCheck target groups and MLMA target attributes, as the protected characteristics of St Helens 7.5.
HATECHECK_TARGETS = {
    "women": "sex", "trans people": "gender_reassignment", "gay people": "sexual_orientation",
    "black people": "race", "disabled people": "disability", "Muslims": "religion_or_belief", "immigrants": "race",
}
MLMA_TARGETS = {
    "origin": "race", "disability": "disability", "gender": "sex", "sexual_orientation": "sexual_orientation",
    "religion": "religion_or_belief",
}
CHARACTERISTIC_LABELS = ("race", "religion_or_belief", "sex", "gender_reassignment", "disability",
                         "sexual_orientation")

STACK_FEATURES = {
    "offensive": ("logit", "offensive_lexicon", "discrimination_lexicon", "offensive_hits"),
    "hateful": ("logit", "discrimination_lexicon", "offensive_lexicon"),
    "complaint": ("logit",),
}


@dataclass
class Task:
    head: str
    dataset: str
    kind: str
    train: tuple[list[str], list[Any]]
    validation: tuple[list[str], list[Any]]
    labels: tuple[str, ...]
    groups: list[str] | None = None  # near-duplicate groups (templates) kept in one fold


def _csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _tweet(text: str) -> str:
    return html.unescape(text)


def load_tasks(data: Path) -> list[Task]:
    tasks = []

    def split(ds: str, name: str, pick: Callable[[dict[str, str]], tuple[str, Any] | None]) -> tuple[list[str], list]:
        xs, ys = [], []
        for row in _csv(data / ds / f"{name}.csv"):
            got = pick(row)
            if got is not None:
                xs.append(got[0])
                ys.append(got[1])
        return xs, ys

    def davidson(r: dict[str, str]) -> tuple[str, int]:
        return _tweet(r["tweet"]), int(r["class"] != "2")

    def hatecheck(r: dict[str, str]) -> tuple[str, int]:
        return r["test_case"], int(r["label_gold"] == "hateful")

    def complaint(r: dict[str, str]) -> tuple[str, int]:
        return _tweet(r["tweet"]), int(r["label"] == "1")

    for name, ds, pick in (("offensive", "davidson", davidson), ("hateful", "hatecheck", hatecheck),
                           ("complaint", "x-ci-complaints", complaint)):
        task = Task(name, ds, "binary", split(ds, "train", pick), split(ds, "validation", pick), (name,))
        if ds == "hatecheck":
            # HateCheck cases are written from templates: out-of-fold scores are only honest when a template's
            # cases stay in one fold (the public splits are made the same way).
            task.groups = [r["templ_id"] for r in _csv(data / ds / "train.csv")]
        tasks.append(task)

    def characteristic(name: str) -> tuple[list[str], list[str]]:
        hx, hy = split("hatecheck", name, lambda r: (r["test_case"], HATECHECK_TARGETS[r["target_ident"]])
                       if r["target_ident"] in HATECHECK_TARGETS else None)
        mx, my = split("mlma-en", name, lambda r: (_tweet(r["tweet"]), MLMA_TARGETS[r["target"]])
                       if r["target"] in MLMA_TARGETS else None)
        return hx + mx, hy + my

    tasks.append(Task("characteristic", "hatecheck+mlma-en", "softmax", characteristic("train"),
                      characteristic("validation"), CHARACTERISTIC_LABELS))
    return tasks


def nb_ratio(x: sparse.csr_matrix, y: Sequence[Any]) -> np.ndarray:
    """Each feature's naive Bayes log-count ratio, log(P(feature | positive) / P(feature | negative)), smoothed."""
    y_arr = np.asarray(y, dtype=bool)
    pos = np.asarray(x[y_arr].sum(axis=0), dtype=np.float64).ravel() + NB_ALPHA
    neg = np.asarray(x[~y_arr].sum(axis=0), dtype=np.float64).ravel() + NB_ALPHA
    return np.log((pos / pos.sum()) / (neg / neg.sum()))


@dataclass
class Fitted:
    """A fitted head before it is packed: coefficients over the unscaled features (the NB scaling folded in)."""

    coef: np.ndarray  # (k, N_FEATURES)
    intercept: np.ndarray
    classes: np.ndarray

    def decision(self, x: sparse.csr_matrix) -> np.ndarray:
        z = np.asarray(x @ self.coef.T, dtype=np.float64) + self.intercept
        return z[:, 0] if z.shape[1] == 1 else z


def _fit(x: sparse.csr_matrix, y: Sequence[Any], c: float, nb: bool = False) -> Fitted:
    from sklearn.linear_model import LogisticRegression

    if not nb:
        model = LogisticRegression(C=c, max_iter=4000, random_state=SEED).fit(x, y)
        return Fitted(model.coef_, model.intercept_, model.classes_)
    r = nb_ratio(x, y)
    model = LogisticRegression(C=c, max_iter=4000, random_state=SEED).fit(
        sparse.csr_matrix(x.multiply(r[None, :])), y)
    return Fitted(model.coef_ * r[None, :], model.intercept_, model.classes_)


def best_threshold_macro_f1(y: Sequence[Any], scores: np.ndarray) -> float:
    """The macro-F1 at the best cut of `scores` (the eval chooses each rule's threshold the same way)."""
    from sklearn.metrics import f1_score

    cuts = np.unique(np.quantile(scores, np.linspace(0.01, 0.99, 99)))
    return max(float(f1_score(y, scores >= t, average="macro")) for t in cuts)


def _score(task: Task, model: Fitted, x: sparse.csr_matrix, y: Sequence[Any]) -> float:
    from sklearn.metrics import accuracy_score

    z = model.decision(x)
    if task.kind == "softmax":
        return float(accuracy_score(y, model.classes[np.argmax(z, axis=1)]))
    return best_threshold_macro_f1(y, z)


def lexicon_evidence(texts: Sequence[str]) -> list[tuple[list[float], list[float]]]:
    """The rule-based detectors' weights for each text, with their trained-model parts switched off."""
    from civicguard.engine.detectors.base import Document
    from civicguard.engine.detectors.language._model import lexicon_weights
    from civicguard.engine.model import Content, Context

    return [lexicon_weights(Document(Content(text=t), Context(council="st-helens", channel="comment")))
            for t in texts]


def _stack_matrix(head: str, logits: np.ndarray, evidence: list[tuple[list[float], list[float]]]) -> np.ndarray:
    rows = []
    for z, (off, dis) in zip(logits, evidence, strict=True):
        inputs = stack_inputs(float(z), off, dis)
        rows.append([inputs[f] for f in STACK_FEATURES[head]])
    return np.array(rows, dtype=np.float64)


def train(data: Path, log: Callable[[str], None] = print) -> tuple[TextModel, dict[str, Any]]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    tasks = load_tasks(data)
    prepared = {t.head: ([prepare(x) for x in t.train[0]], [prepare(x) for x in t.validation[0]]) for t in tasks}
    raw = {h: (counts(tr), counts(va)) for h, (tr, va) in prepared.items()}
    # One IDF over every training text (the heads share the features of a check).
    df = np.zeros(textmodel.N_FEATURES, dtype=np.float64)
    n_docs = 0
    for (w, c), _ in raw.values():
        both = sparse.hstack([w, c], format="csr")
        df += np.bincount(both.indices, minlength=textmodel.N_FEATURES)
        n_docs += both.shape[0]
    idf = (np.log((1 + n_docs) / (1 + df)) + 1.0).astype(np.float32)

    heads: dict[str, Head] = {}
    report: dict[str, Any] = {}
    for task in tasks:
        (w_tr, c_tr), (w_va, c_va) = raw[task.head]
        x_tr, x_va = weigh((w_tr, c_tr), idf), weigh((w_va, c_va), idf)
        y_tr, y_va = task.train[1], task.validation[1]
        options = [(c, nb) for nb in (NB_GRID if task.kind == "binary" else (False,)) for c in GRID]
        scores = {opt: round(_score(task, _fit(x_tr, y_tr, *opt), x_va, y_va), 5) for opt in options}
        best_c, best_nb = max(options, key=lambda o: (scores[o], not o[1], -o[0]))
        model = _fit(x_tr, y_tr, best_c, best_nb)
        log(f"{task.head}: (C, NB) by validation {scores} -> {(best_c, best_nb)}")
        if task.kind == "binary":
            coef = sparse.csr_matrix(model.coef.astype(np.float32))
            intercept = model.intercept.astype(np.float64)
            labels = task.labels
        else:
            labels = tuple(lab for lab in task.labels if lab in set(model.classes))
            order = [list(model.classes).index(lab) for lab in labels]
            coef = sparse.csr_matrix(model.coef[order].astype(np.float32))
            intercept = model.intercept[order].astype(np.float64)
        coef.data[np.abs(coef.data) < 1e-3] = 0.0
        coef.eliminate_zeros()
        head = Head(task.head, labels, task.kind, coef, intercept)
        if task.kind == "binary":
            head.prior = round(float(np.mean(y_tr)), 4)
        entry: dict[str, Any] = {"dataset": task.dataset, "train_rows": len(y_tr), "validation_rows": len(y_va),
                                 "C": best_c, "naive_bayes_scaling": best_nb,
                                 "validation_score_by_C_and_NB": {f"C={c}{', NB' if nb else ''}": v
                                                                  for (c, nb), v in scores.items()}}
        if task.kind == "binary":
            oof = np.zeros(len(y_tr))
            y_arr = np.array(y_tr)
            # Five folds, fewer only for a tiny data set (tests) where a class has fewer than five rows.
            n_folds = max(2, min(FOLDS, int(min(np.bincount(y_arr)))))
            if task.groups is not None:
                splits = GroupKFold(n_splits=n_folds).split(np.zeros(len(y_arr)), y_arr, task.groups)
            else:
                splits = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=SEED).split(
                    np.zeros(len(y_arr)), y_arr)
            for a, b in splits:
                oof[b] = _fit(x_tr[a], y_arr[a], best_c, best_nb).decision(x_tr[b])
            ev_tr = lexicon_evidence(task.train[0])
            stacker = LogisticRegression(C=1.0, max_iter=2000, random_state=SEED).fit(
                _stack_matrix(task.head, oof, ev_tr), y_arr)
            head.stack_features = STACK_FEATURES[task.head]
            head.stack_coef = stacker.coef_[0].astype(np.float64)
            head.stack_intercept = float(stacker.intercept_[0])
            ev_va = lexicon_evidence(task.validation[0])
            z_va = head.logits(x_va)[:, 0]
            p_va = np.array([textmodel.calibrated(head, stack_inputs(float(z), o, d))
                             for z, (o, d) in zip(z_va, ev_va, strict=True)])
            from sklearn.metrics import f1_score

            entry["validation_macro_f1_stacked_at_0.5"] = round(float(f1_score(y_va, p_va >= 0.5,
                                                                               average="macro")), 4)
            entry["stacker"] = dict(zip(head.stack_features, [round(float(v), 4) for v in head.stack_coef],
                                        strict=True)) | {"intercept": round(head.stack_intercept, 4)}
        else:
            entry["validation_accuracy"] = round(scores[(best_c, best_nb)], 4)
        log(f"{task.head}: {entry}")
        heads[task.head] = head
        report[task.head] = entry
    import sklearn

    meta = {"seed": SEED, "trained": dt.date.today().isoformat(), "scikit_learn": sklearn.__version__,
            "features": {"word_ngrams": [1, 2], "char_wb_ngrams": [2, 5], "word_buckets": textmodel.WORD_FEATURES,
                         "char_buckets": textmodel.CHAR_FEATURES, "weighting": "sublinear tf-idf, l2 per block"},
            "heads_report": report}
    return TextModel(idf, heads, meta), report


def _source_line(data: Path, dataset: str) -> str:
    text = (data / dataset / "SOURCE.md").read_text(encoding="utf-8")
    repo = re.search(r"\*\*Source repository:\*\*\s*(\S+)", text)
    commit = re.search(r"\*\*Commit:\*\*\s*`([0-9a-f]+)`", text)
    licence = re.search(r"\*\*Licence:\*\*\s*([^(\n,;]+)", text)
    return (f"| `{dataset}` | {repo.group(1) if repo else '?'} | `{commit.group(1) if commit else '?'}` | "
            f"{licence.group(1).strip() if licence else '?'} |")


def write_provenance(out: Path, data: Path, report: dict[str, Any], size: int) -> None:
    import sklearn

    lines = [
        "# Provenance of `language.npz`",
        "",
        "Written by `python -m civicguard.training.language` (src/civicguard/training/language.py); do not edit by",
        "hand. The model is a set of linear heads over hashed n-grams; no text from the data is stored in it, only",
        "hashed feature weights.",
        "",
        f"- Seed: {SEED}; scikit-learn {sklearn.__version__}; size {size / 1024:.0f} KiB.",
        "- Read: the `train` splits (fit) and `validation` splits (choice of C, stacker check). `test` is never read.",
        "",
        "| data | source | commit | licence |",
        "| --- | --- | --- | --- |",
    ]
    for ds in ("davidson", "hatecheck", "mlma-en", "x-ci-complaints"):
        lines.append(_source_line(data, ds))
    lines += [
        "",
        "Licence notes: HateCheck is CC BY 4.0 (attribution: Röttger et al., ACL 2021); Davidson, MLMA and X-CI are",
        "MIT-licensed datasets of tweets (X/Twitter terms apply to the tweet text, which is not redistributed here;",
        "X-CI's underlying complaints corpus states no licence; see its SOURCE.md).",
        "",
        "| head | data | train rows | validation rows | C | NB scaling | validation |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for head, entry in report.items():
        score = entry.get("validation_macro_f1_stacked_at_0.5", entry.get("validation_accuracy"))
        what = "accuracy" if "validation_accuracy" in entry else "macro-F1 (stacked, at 0.5)"
        lines.append(f"| {head} | {entry['dataset']} | {entry['train_rows']} | {entry['validation_rows']} | "
                     f"{entry['C']} | {'yes' if entry.get('naive_bayes_scaling') else 'no'} | {what} {score} |")
    (out / "PROVENANCE.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    from civicguard.evaluation.base import default_data_dir

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="data folder laid out like ../shared/data")
    parser.add_argument("--out", type=Path, default=textmodel.MODEL_PATH.parent)
    args = parser.parse_args(argv)
    data = args.data or default_data_dir()
    if not (data / "davidson").is_dir():
        print(f"no training data at {data} (set --data or CIVICGUARD_DATA)", file=sys.stderr)
        return 2
    model, report = train(data)
    path = args.out / "language.npz"
    model.save(path)
    write_provenance(args.out, data, report, path.stat().st_size)
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
