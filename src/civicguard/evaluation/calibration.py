"""Calibration: is a finding's confidence a probability you can act on? Reliability tables on ``validation``.

For each trained task the texts of the validation split are scored by the detector (its highest confidence, the
model's part kept even below the reporting floor), binned by confidence, and each bin's mean confidence is set
beside the share of its texts that are truly positive. The expected calibration error (ECE) is the
items-weighted mean gap.

Confidences are computed at the data's own base rate (``base_rate`` unset): a pack's ``base_rate`` then moves
them to the council's traffic by Bayes' rule, which changes the prior, not the evidence, so the table checks the
part that was learnt. This section always reads ``validation``, whatever split the report is on: the stackers
were fitted on out-of-fold ``train`` predictions, so validation is unseen by them.
"""

from __future__ import annotations

import html
from typing import Any

from civicguard.evaluation.base import EvalContext, Section, Table
from civicguard.evaluation.language import Scorer

BINS = 10


def reliability(scores: list[float], gold: list[bool]) -> tuple[list[list[Any]], float]:
    rows: list[list[Any]] = []
    ece = 0.0
    for b in range(BINS):
        lo, hi = b / BINS, (b + 1) / BINS
        idx = [i for i, s in enumerate(scores) if lo <= s < hi or (b == BINS - 1 and s == 1.0)]
        if not idx:
            continue
        mean = sum(scores[i] for i in idx) / len(idx)
        rate = sum(gold[i] for i in idx) / len(idx)
        ece += len(idx) / len(scores) * abs(mean - rate)
        rows.append([f"{lo:.1f}-{hi:.1f}", len(idx), round(mean, 3), round(rate, 3), round(rate - mean, 3)])
    return rows, ece


def _complaint_scores(texts: list[str]) -> list[float]:
    from civicguard.engine.textmodel import calibrated, shared_model, stack_inputs

    model = shared_model()
    head = model.heads["complaint"]
    logits = model.logits(texts)["complaint"][:, 0]
    return [calibrated(head, stack_inputs(float(z), [], [])) for z in logits]


def _council_tasks() -> list[tuple[str, str, list[float], list[bool]]]:
    """The council heads (engine/models/council.npz) on the council set's validation split: each binary head's
    Platt-calibrated probability on the items of the channels where its category applies. Validation chose the
    Platt scaling and the decision points, so these tables show how well the scaling fits, not unseen data."""
    from civicguard.engine.councilmodel import shared_council_model
    from civicguard.evaluation.council_data import LABEL_CHANNELS, load_split

    items = load_split("validation")
    if not items:
        return []
    model = shared_council_model()
    probs = model.probabilities([i.text for i in items])
    political_groups = {i.group for i in items if "political" in i.labels}
    tasks = []
    for head in model.binary:
        idx = [k for k, i in enumerate(items) if i.channel in LABEL_CHANNELS.get(head, frozenset())]
        if not idx:
            continue
        gold = [head in items[k].labels or (head == "political" and items[k].group in political_groups)
                for k in idx]
        tasks.append((f"council {head.replace('_', ' ')}", "council", [float(probs[head][k]) for k in idx], gold))
    return tasks


def run(ctx: EvalContext) -> Section:
    scorer = ctx.shared("calibration.scorer", lambda: Scorer(base_rate=None))
    tasks: list[tuple[str, str, list[float], list[bool]]] = []
    if ctx.has("davidson"):
        rows = ctx.read_csv("davidson", "validation")
        texts = [html.unescape(r["tweet"]) for r in rows]
        tasks.append(("offensive", "davidson", [scorer.score(t, ("language.offensive", "language.discrimination"))
                                                for t in texts], [r["class"] != "2" for r in rows]))
    if ctx.has("hatecheck"):
        rows = ctx.read_csv("hatecheck", "validation")
        tasks.append(("hateful", "hatecheck", [scorer.score(r["test_case"], ("language.discrimination",))
                                               for r in rows], [r["label_gold"] == "hateful" for r in rows]))
    if ctx.has("x-ci-complaints"):
        rows = ctx.read_csv("x-ci-complaints", "validation")
        tasks.append(("complaint", "x-ci-complaints", _complaint_scores([html.unescape(r["tweet"]) for r in rows]),
                      [r["label"] == "1" for r in rows]))
    tasks.extend(_council_tasks())
    tables, metrics = [], {}
    for name, dataset, scores, gold in tasks:
        rows_out, ece = reliability(scores, gold)
        tables.append(Table(f"Reliability, {name} ({dataset} validation, {len(gold)} texts, ECE {ece:.3f})",
                            ["confidence", "texts", "mean confidence", "share truly positive", "gap"], rows_out))
        metrics[name] = {"ece": round(ece, 4), "texts": len(gold)}
    return Section("calibration", "Calibrated confidence: reliability on validation",
                   "+".join(dict.fromkeys(t[1] for t in tasks)),
                   "validation", sum(len(t[3]) for t in tasks), "real", tables=tables, metrics=metrics,
                   notes=["Offensive: the language.offensive and language.discrimination detectors' highest "
                          "confidence. A listed word never scores below its lexicon weight (a masked swear word "
                          "the model cannot read is still a breach), which shows as over-confidence in the "
                          "upper bins where the annotators disagreed with the word list.",
                          "Council heads: each head's Platt-calibrated probability (before the shift that puts its "
                          "decision point at 0.5) on the council validation items of the channels where its "
                          "category applies. Validation fitted the scaling and chose the decision points, so these "
                          "tables show the fit; the council section's test figures show what generalises."])
