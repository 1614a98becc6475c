"""Intent routing (service request, complaint, press enquiry) and safeguarding disclosures in citizen comments.

Two sections:

* ``complaints`` (origin "real"): the complaint class of X-CI (``x-ci-complaints``: tweets to consumer brands'
  support accounts, labelled complaint / not complaint by Preoţiuc-Pietro et al., public). CivicGuard is the
  ``intent.routing`` detector as the St Helens pack's complaint rule configures it for comments (its params, so
  the trained ``complaint`` head is on), reporting a complaint when a detection's confidence is at least the
  rule's threshold (0.5); the same detector with ``use_model=False`` is the rules-only line, and "always
  not-complaint" the majority-class baseline. A second threshold is chosen on the ``validation`` split (the best
  complaint F1 there) and applied unchanged to the reported split, so the test rows are never tuned on.
* ``generated`` (origin "generated"): messages from :mod:`civicguard.evaluation.intentgen`, scored per label for
  the three ``intent.routing`` rules and ``conduct.safeguarding``, as the St Helens pack runs them on comments;
  then the same four categories on the hand-written council examples (``council-posts/dev.jsonl``, 30 rows,
  ``expect.categories``), real but tiny.

Tweet text is HTML-unescaped as at training; the @-handles are kept (the model reads them as a placeholder).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any, Literal

from civicguard.evaluation.base import SPLITS, EvalContext, Section, Table
from civicguard.evaluation.metrics import PRF, macro_f1, prf

DATASET = "x-ci-complaints"
COUNCIL = "st-helens"
CHANNEL: Literal["comment"] = "comment"
INTENTS: tuple[str, ...] = ("service_request", "complaint", "press_enquiry")
CATEGORIES: tuple[str, ...] = (*INTENTS, "safeguarding")
GENERATED_ROWS = 600
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 19))  # 0.10 ... 0.90, searched on validation

Scorer = Callable[[str], float]  # a text -> the highest detection confidence (0 when nothing is reported)


def _scorer(council: str, category: str, **override: Any) -> tuple[Scorer, float]:
    """The pack rule of `category` on comments (its detector built with the rule's params, plus `override`),
    as a text -> confidence function, and the rule's threshold."""
    from civicguard.engine.check import Engine
    from civicguard.engine.detectors.base import Document
    from civicguard.engine.model import Content, Context

    engine = Engine.for_council(council)
    rule, detector = next((r, d) for r, d in engine.rules_for(CHANNEL) if r.category == category)
    if override:
        detector = type(detector)(type(detector.params).model_validate({**rule.params, **override}))
    facts = engine.pack.facts

    def score(text: str) -> float:
        doc = Document(Content(text), Context(council=council, channel=CHANNEL), None, facts)
        return max((d.confidence for d in detector.detect(doc)), default=0.0)

    return score, rule.threshold


def _row(name: str, gold: Sequence[bool], pred: Sequence[bool]) -> list[Any]:
    p = prf(gold, pred)
    return [name, p.tp + p.fp, f"{p.precision:.3f}", f"{p.recall:.3f}", f"{p.f1:.3f}",
            f"{macro_f1(gold, pred, [True, False]):.3f}"]


def _metrics(gold: Sequence[bool], pred: Sequence[bool]) -> dict[str, Any]:
    return {**prf(gold, pred).as_dict(), "macro_f1": round(macro_f1(gold, pred, [True, False]), 4)}


def best_threshold(gold: Sequence[bool], scores: Sequence[float]) -> float:
    """The threshold of :data:`THRESHOLDS` with the best complaint F1 (the lowest when tied)."""
    return max(THRESHOLDS, key=lambda t: (prf(gold, [s >= t for s in scores]).f1, -t))


def _xci(ctx: EvalContext, split: str) -> tuple[list[str], list[bool]]:
    rows = ctx.read_csv(DATASET, split)
    return [html.unescape(r["tweet"]) for r in rows], [r["label"] == "1" for r in rows]


# ------------------------------------------------------------------------------------------------ X-CI
def complaints(ctx: EvalContext) -> Section:
    model, threshold = ctx.shared(f"intent.complaint.{COUNCIL}", lambda: _scorer(COUNCIL, "complaint"))
    rules, _ = ctx.shared(f"intent.complaint.rules.{COUNCIL}",
                          lambda: _scorer(COUNCIL, "complaint", use_model=False))
    texts, gold = _xci(ctx, ctx.split)
    s_model, s_rules = [model(t) for t in texts], [rules(t) for t in texts]
    if ctx.split == "validation":
        v_gold, v_model, v_rules = gold, s_model, s_rules
    else:
        v_texts, v_gold = _xci(ctx, "validation")
        v_model, v_rules = [model(t) for t in v_texts], [rules(t) for t in v_texts]
    t_model, t_rules = best_threshold(v_gold, v_model), best_threshold(v_gold, v_rules)

    systems = {
        "civicguard": [s >= threshold for s in s_model],
        "civicguard_tuned": [s >= t_model for s in s_model],
        "rules_only": [s >= threshold for s in s_rules],
        "rules_only_tuned": [s >= t_rules for s in s_rules],
        "majority": [False] * len(gold),
    }
    names = {
        "civicguard": f"CivicGuard (St Helens complaint rule, model on), threshold {threshold:g}",
        "civicguard_tuned": f"CivicGuard, threshold {t_model:g} chosen on validation",
        "rules_only": f"Rules only (use_model=False), threshold {threshold:g}",
        "rules_only_tuned": f"Rules only, threshold {t_rules:g} chosen on validation",
        "majority": "Majority class (never a complaint)",
    }
    section = Section(
        name="intent.complaints",
        title="Complaint detection on X-CI complaint tweets",
        dataset=DATASET,
        split=ctx.split,
        rows=len(texts),
        origin="real",
    )
    section.tables.append(Table(
        "Complaint class (positive = complaint) and macro-F1 over complaint / not complaint",
        ["system", "predicted", "P", "R", "F1", "macro-F1"],
        [_row(names[k], gold, pred) for k, pred in systems.items()],
        note=f"{sum(gold)} complaints in {len(gold)} rows. Thresholds chosen on validation from "
             f"{THRESHOLDS[0]:g}-{THRESHOLDS[-1]:g} by complaint F1; the test split is never used to choose.",
    ))
    section.metrics = {
        **{k: _metrics(gold, pred) for k, pred in systems.items()},
        "rule_threshold": threshold,
        "validation_threshold": {"civicguard": t_model, "rules_only": t_rules},
        "complaint_share": round(sum(gold) / len(gold), 4) if gold else 0.0,
    }
    section.notes += [
        "CivicGuard: `intent.routing` with the St Helens pack's complaint rule (comments), i.e. the rule cues "
        "combined with the trained `complaint` head: the confidence is the head's calibrated probability at the "
        "rule's base rate (0.3), and an explicit cue of weight 0.7 or more keeps at least that weight.",
        "The `complaint` head was trained on X-CI's train split only; validation and test rows are unseen.",
        "X-CI is consumer-brand customer service (apparel, telecoms, transport...), not council traffic, and "
        "counts any reported problem as a complaint; the majority-class line has F1 0 for the complaint class.",
    ]
    return section


# ------------------------------------------------------------------------------------------- generated
def generated_seed(ctx: EvalContext) -> int:
    """A different seed per split, so the messages developed on are never the ones reported."""
    return ctx.seed * 10 + SPLITS.index(ctx.split) if ctx.split in SPLITS else ctx.seed


def _scorers(ctx: EvalContext) -> dict[str, tuple[Scorer, float]]:
    return {c: ctx.shared(f"intent.scorer.{COUNCIL}.{c}", lambda c=c: _scorer(COUNCIL, c)) for c in CATEGORIES}


def _per_label(texts: Sequence[str], gold: Sequence[set[str]], scorers: dict[str, tuple[Scorer, float]]
               ) -> tuple[list[list[Any]], dict[str, dict[str, Any]]]:
    rows: list[list[Any]] = []
    metrics: dict[str, dict[str, Any]] = {}
    for cat, (score, threshold) in scorers.items():
        g = [cat in labels for labels in gold]
        pred = [score(t) >= threshold for t in texts]
        p: PRF = prf(g, pred)
        detector = "conduct.safeguarding" if cat == "safeguarding" else "intent.routing"
        rows.append([cat, detector, sum(g), p.tp + p.fp, f"{p.precision:.3f}", f"{p.recall:.3f}", f"{p.f1:.3f}"])
        metrics[cat] = p.as_dict()
    return rows, metrics


_COLUMNS = ["label", "detector", "gold", "predicted", "P", "R", "F1"]


def generated(ctx: EvalContext) -> Section:
    from civicguard.evaluation import intentgen

    seed = generated_seed(ctx)
    rows = intentgen.generate(seed, ctx.limit or GENERATED_ROWS)
    scorers = _scorers(ctx)
    gen_rows, gen_metrics = _per_label([r["text"] for r in rows], [set(r["labels"]) for r in rows], scorers)
    section = Section(
        name="intent.generated",
        title="Intent routing and safeguarding on generated citizen messages",
        dataset=f"civicguard.evaluation.intentgen (seed {seed})",
        split=ctx.split,
        rows=len(rows),
        origin="generated",
    )
    section.tables.append(Table(
        "Per label on generated messages (origin: generated)", _COLUMNS, gen_rows,
        note="A message can hold two labels (a complaint that a reported problem is still not fixed is also a "
             "service request); each label is scored on its own over every row.",
    ))
    section.metrics = {"seed": seed, "generated": gen_metrics}

    posts_path = ctx.data_dir / "council-posts" / "dev.jsonl"
    if posts_path.is_file():
        posts = list(ctx.read_jsonl("council-posts", "dev.jsonl"))
        post_rows, post_metrics = _per_label([p["text"] for p in posts],
                                             [set(p["expect"]["categories"]) for p in posts], scorers)
        section.tables.append(Table(
            f"Per category on the council examples (council-posts/dev.jsonl, {len(posts)} rows; origin: real, "
            "tiny)", _COLUMNS, post_rows,
            note="Every post is scored as a comment whatever its channel; each category has one or two gold "
                 "posts, so these figures only show the examples are handled, not a rate.",
        ))
        section.metrics["council_posts"] = post_metrics
        section.metrics["council_posts_rows"] = len(posts)
    section.notes += [
        f"{len(rows)} messages from `civicguard.evaluation.intentgen.generate({seed}, {len(rows)})` (the seed "
        "depends on the split). They are generated from our own templates, not real messages: the figures "
        "show which written phrasings the detectors handle, not how they do on real council traffic.",
        "Detectors as the St Helens pack runs them on comments (rule params and threshold 0.5); the complaint "
        "rule uses the trained model, the other intents and safeguarding are rules only.",
        "council-posts/dev.jsonl is a handful of hand-written examples (real wording but tiny: one to two "
        "positives per category), used while building the packs.",
    ]
    return section
