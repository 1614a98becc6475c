"""Train the council heads (``engine/models/council.npz``) on ``data/council``'s train split.

    .venv/bin/python -m civicguard.training.council

1. IDF of the hashed n-grams over the train split (the heads read n-grams only: see engine/councilmodel.py for
   the sentence-encoder variants measured and why they are not shipped).
2. For each category: a logistic head on the train items of the channels where the category applies
   (class-balanced; ``C`` chosen on validation by average precision); Platt scaling fitted on validation; the
   decision point chosen on validation (the best F1, F2 for safeguarding where a miss costs most). Softmax heads
   for the protected characteristic and the kind of safeguarding risk. The test split is never read.
3. Each head's n-gram weights are pruned to the ``KEEP`` largest, which keeps the file small; validation
   figures are taken after pruning.

Needs scikit-learn (installed with the dev extras); the engine itself does not import it.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from civicguard.engine.councilmodel import MODEL_PATH, features
from civicguard.engine.textmodel import N_FEATURES, counts, prepare
from civicguard.evaluation.council_data import (
    CHARACTERISTICS,
    LABEL_CHANNELS,
    LABELS,
    SAFEGUARDING_KINDS,
    Item,
    load_split,
)

KEEP = 4000  # n-gram weights kept per head
C_GRID = (0.3, 1.0, 3.0, 10.0)
F_BETA = {"safeguarding": 2.0}
PRECISION_FLOOR = 0.85  # the precision each head's decision point must reach on validation (where it can)
PRECISION_FLOOR_FOR = {"safeguarding": 0.7}  # a safeguarding finding routes to a person: misses cost most


def _idf(raw: sparse.csr_matrix, n_docs: int) -> np.ndarray:
    df = np.bincount(raw.indices, minlength=raw.shape[1])
    return (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)


def _average_precision(y: np.ndarray, s: np.ndarray) -> float:
    from sklearn.metrics import average_precision_score

    return float(average_precision_score(y, s)) if y.any() else 0.0


def _decision(y: np.ndarray, p: np.ndarray, beta: float, precision_floor: float) -> float:
    """The decision point on validation: the lowest probability whose precision there reaches `precision_floor`
    (a head adds findings to patterns that already see most of their category, so a false alarm costs more than a
    miss), else the best F-beta."""
    best, best_t = -1.0, 0.5
    floor_t: float | None = None
    for t in sorted(np.unique(np.round(p, 4)), reverse=True):
        pred = p >= t
        tp = float((pred & (y == 1)).sum())
        prec = tp / max(pred.sum(), 1)
        rec = tp / max((y == 1).sum(), 1)
        if prec >= precision_floor and tp > 0:
            floor_t = float(t)
        f = (1 + beta**2) * prec * rec / (beta**2 * prec + rec) if prec + rec else 0.0
        if f > best:
            best, best_t = f, float(t)
    chosen = floor_t if floor_t is not None else best_t
    return min(max(chosen, 0.02), 0.98)


def _prune(coef: np.ndarray, keep: int) -> np.ndarray:
    if np.count_nonzero(coef) <= keep:
        return coef
    cut = np.partition(np.abs(coef), -keep)[-keep]
    return np.where(np.abs(coef) >= cut, coef, 0.0)


# HateCheck's targets as the set's characteristics (its rows join the discrimination heads' training: they teach
# the contrasts council text has too few of, counter-speech, negation, neutral mentions of a group).
_HATECHECK_TARGETS = {"women": "sex", "trans people": "gender_reassignment", "gay people": "sexual_orientation",
                      "disabled people": "disability", "Muslims": "religion_belief", "black people": "race",
                      "immigrants": "race"}
PUBLIC_HEADS = ("discrimination", "characteristic")


def hatecheck_items(split: str, data_dir: Path | None = None) -> list[Item]:
    """HateCheck's rows of `split` as comment items labelled for discrimination (empty when the data is absent)."""
    import csv

    from civicguard.evaluation.base import default_data_dir

    path = (data_dir or default_data_dir()) / "hatecheck" / f"{split}.csv"
    if not path.is_file():
        return []
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            hateful = row["label_gold"] == "hateful"
            char = _HATECHECK_TARGETS.get(row["target_ident"])
            out.append(Item(id=f"hatecheck-{row['case_id']}", group=f"hatecheck-{row['case_id']}",
                            council="st-helens", channel="comment", text=row["test_case"].strip(),
                            labels=frozenset({"discrimination"} if hateful else ()),
                            detail={"discrimination": [char]} if hateful and char else {}))
    return out


def _applies(item: Item, label: str) -> bool:
    """Whether `item` trains the head of `label`: the items of the channels where it applies, and the hard
    negatives of other channels written to look like it (an official election notice teaches the political head
    what is not campaigning)."""
    return item.channel in LABEL_CHANNELS[label] or (item.hard_negative and label in item.looks_like)


def _gold(item: Item, label: str, political_groups: set[str]) -> bool:
    """Whether the head should fire on `item`. The political head reads party-political *content*: a post by staff
    who are not restricted carries no political label, so an unrestricted copy of a political post (same group)
    counts as political content too; the detector applies the head only to restricted staff."""
    if label == "political":
        return "political" in item.labels or item.group in political_groups
    return label in item.labels


def train(train_items: list[Item], validation: list[Item], out: Path = MODEL_PATH) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression

    political_groups = {i.group for i in [*train_items, *validation] if "political" in i.labels}
    raw_word, raw_char = counts([prepare(i.text) for i in train_items])
    idf = np.concatenate([_idf(raw_word, len(train_items)), _idf(raw_char, len(train_items))])
    public_train, public_val = hatecheck_items("train"), hatecheck_items("validation")
    n_train, n_val = len(train_items), len(validation)
    train_items = [*train_items, *public_train]
    validation = [*validation, *public_val]
    x_train = features([i.text for i in train_items], idf)
    x_val = features([i.text for i in validation], idf)
    outputs: list[str] = []
    coefs: list[np.ndarray] = []
    biases: list[float] = []
    binary: dict[str, dict[str, float]] = {}
    report: dict[str, Any] = {}

    for label in LABELS:
        public = label in PUBLIC_HEADS
        tr = [k for k, i in enumerate(train_items) if _applies(i, label) and (public or k < n_train)]
        va = [k for k, i in enumerate(validation) if _applies(i, label) and (public or k < n_val)]
        y_tr = np.array([_gold(train_items[k], label, political_groups) for k in tr], dtype=int)
        y_va = np.array([_gold(validation[k], label, political_groups) for k in va], dtype=int)
        if y_tr.sum() < 3 or y_tr.sum() == len(y_tr):
            report[label] = {"skipped": f"{int(y_tr.sum())} positives in train"}
            continue
        best: tuple[float, Any] = (-1.0, None)
        for c in C_GRID:
            clf = LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit(x_train[tr], y_tr)
            ap = _average_precision(y_va, clf.decision_function(x_val[va])) if len(va) else 0.0
            if ap > best[0]:
                best = (ap, clf)
        clf = best[1]
        coef = clf.coef_[0].copy()
        coef[:N_FEATURES] = _prune(coef[:N_FEATURES], KEEP)
        z_va = x_val[va] @ coef + clf.intercept_[0]
        if y_va.any() and not y_va.all():
            platt = LogisticRegression(C=100.0).fit(z_va.reshape(-1, 1), y_va)
            a, b = float(platt.coef_[0][0]), float(platt.intercept_[0])
        else:
            a, b = 1.0, 0.0
        p_va = 1 / (1 + np.exp(-(a * z_va + b)))
        t = (_decision(y_va, p_va, F_BETA.get(label, 1.0), PRECISION_FLOOR_FOR.get(label, PRECISION_FLOOR))
             if y_va.any() else 0.5)
        outputs.append(label)
        coefs.append(coef)
        biases.append(float(clf.intercept_[0]))
        binary[label] = {"platt_a": a, "platt_b": b, "decision": t}
        pred = p_va >= t
        tp = int((pred & (y_va == 1)).sum())
        report[label] = {"C": clf.C, "train_pos": int(y_tr.sum()), "train": len(tr), "val_pos": int(y_va.sum()),
                         "val_ap": round(best[0], 3), "decision": round(t, 3),
                         "val_precision": round(tp / max(int(pred.sum()), 1), 3),
                         "val_recall": round(tp / max(int(y_va.sum()), 1), 3),
                         "val_brier": round(float(np.mean((p_va - y_va) ** 2)), 4) if len(va) else None}

    softmax: dict[str, list[str]] = {}
    for head, labels, pick in (
        ("characteristic", CHARACTERISTICS, lambda i: i.characteristics[0] if i.characteristics else None),
        ("safeguarding_kind", SAFEGUARDING_KINDS, lambda i: i.safeguarding_kind),
    ):
        picked_tr = [(k, g) for k, i in enumerate(train_items) if (g := pick(i))]
        present = [lab for lab in labels if any(g == lab for _, g in picked_tr)]
        clf = LogisticRegression(C=3.0, max_iter=3000).fit(x_train[[k for k, _ in picked_tr]],
                                                           [g for _, g in picked_tr])
        softmax[head] = present
        picked_va = [(k, g) for k, i in enumerate(validation) if (g := pick(i))]
        if picked_va:
            guess = clf.predict(x_val[[k for k, _ in picked_va]])
            right = [g == p for (_, g), p in zip(picked_va, guess, strict=True)]
            report[head] = {"val_accuracy": round(float(np.mean(right)), 3), "val_items": len(picked_va)}
        for lab in present:
            row = list(clf.classes_).index(lab)
            coef = clf.coef_[row].copy()
            coef[:N_FEATURES] = _prune(coef[:N_FEATURES], KEEP)
            outputs.append(f"{head}:{lab}")
            coefs.append(coef)
            biases.append(float(clf.intercept_[row]))

    w = np.vstack(coefs)  # (k, N_FEATURES)
    w_ngram = sparse.csr_matrix(w.T)
    arrays = {
        "idf": idf.astype(np.float16),
        "w_ngram.data": w_ngram.data.astype(np.float16),
        "w_ngram.indices": w_ngram.indices.astype(np.int32),
        "w_ngram.indptr": w_ngram.indptr.astype(np.int32),
        "bias": np.asarray(biases, dtype=np.float64),
    }
    meta = {"outputs": outputs, "binary": binary, "softmax": softmax,
            "trained_on": {"council_train": n_train, "council_validation": n_val,
                           "hatecheck_train": len(public_train), "hatecheck_validation": len(public_val)},
            "validation": report}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        np.savez_compressed(fh, **arrays)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args(argv)
    report = train(load_split("train"), load_split("validation"))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
