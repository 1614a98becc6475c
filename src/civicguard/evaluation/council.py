"""The council section: every category the packs use, on hand-written council text (``data/council``).

Each item is checked as the engine checks it in production: the shipped pack of its council, its channel, and for
personal posts whether the author's post is politically restricted. A category is predicted for an item when any
finding of that category is reported (at the rule's threshold, whatever its severity); personal-data findings from
the special-category rules count as ``special_category``, and the image-consent rule's looked-after-child finding
as ``safeguarding``. Precision, recall and F1 are per item and per category, over the items of the channels where
the category applies (SPEC.md); the per-channel table splits the same counts by channel. A hard negative is
"blocked" when the check's verdict is ``block`` though the item carries no label that the pack blocks on.

The test split is never read by training or by any choice of threshold (``council_data`` splits by a hash of
each paraphrase group). This set is written by hand for this project: it measures what the public benchmarks do
not, but it is not text the detectors have never met in kind; the council holds back its own set for that.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache
from typing import Any

from civicguard.evaluation.base import EvalContext, Section, Table
from civicguard.evaluation.council_data import (
    CHANNELS,
    CHARACTERISTICS,
    LABEL_CHANNELS,
    LABELS,
    SAFEGUARDING_KINDS,
    Item,
    load_split,
)
from civicguard.evaluation.metrics import PRF

# The engine's finding label for each characteristic as the set spells it.
_ENGINE_CHARACTERISTIC = {"religion_belief": "religion_or_belief"}
_BATCH = 64


def labels_of(result: Any) -> tuple[set[str], set[str]]:
    """The set's labels a check result predicts, and the characteristics its discrimination findings name."""
    labels: set[str] = set()
    named: set[str] = set()
    for f in result.findings:
        if f.needs_human and f.label == "detector_error":
            continue
        if f.category == "personal_data" and ".special-category" in f.rule:
            labels.add("special_category")
        elif f.category == "consent":
            if f.label == "looked_after_child":
                labels.add("safeguarding")
        elif f.category in LABEL_CHANNELS:
            labels.add(f.category)
        if f.category == "discrimination":
            named.add(f.label)
    return labels, named


def check_items(items: Sequence[Item]) -> list[Any]:
    from civicguard.engine import Content, Context, check_many

    out: list[Any] = []
    for at in range(0, len(items), _BATCH):
        batch = items[at:at + _BATCH]
        out.extend(check_many([(Content(text=i.text), Context(council=i.council, channel=i.channel,  # type: ignore[arg-type]
                                                               politically_restricted=i.politically_restricted))
                               for i in batch]))
    return out


@cache
def _rule_labels(council: str, channel: str) -> frozenset[str]:
    """The set's labels that the council's pack checks in this channel (Sefton has no political-restriction rule:
    its policy has no such clause, so a Sefton item's political label is not counted)."""
    from civicguard.engine import Engine

    out = set()
    for rule, _ in Engine.for_council(council).rules_for(channel):
        if rule.detector.startswith("elections."):
            continue  # they report only in a pre-election period (Context.election); the set's items are in none
        if rule.category == "personal_data" and ".special-category" in rule.id:
            out.add("special_category")
        elif rule.category == "consent":
            out.add("safeguarding")
        elif rule.category in LABEL_CHANNELS:
            out.add(rule.category)
    return frozenset(out)


def counted(item: Item, label: str) -> bool:
    """Whether `label` is measured on `item`: the category applies in its channel and its council's pack checks it."""
    return item.channel in LABEL_CHANNELS[label] and label in _rule_labels(item.council, item.channel)


def _prf(items: Sequence[Item], predicted: Sequence[set[str]], label: str, channel: str | None = None) -> PRF:
    tp = fp = fn = 0
    for item, pred in zip(items, predicted, strict=True):
        if not counted(item, label) or (channel and item.channel != channel):
            continue
        gold, got = label in item.labels, label in pred
        tp += gold and got
        fp += got and not gold
        fn += gold and not got
    return PRF(tp, fp, fn)


def run(ctx: EvalContext) -> Section:
    items = load_split(ctx.split)
    if ctx.limit:
        items = items[: ctx.limit]
    results = check_items(items)
    read = [labels_of(r) for r in results]
    predicted = [labels for labels, _ in read]
    named = [names for _, names in read]
    section = Section(name="council", title="Council text: every category, hand-written posts and comments",
                      dataset="data/council (this repository)", split=ctx.split, rows=len(items),
                      origin="written for this project (data/council/SOURCE.md)")

    rows: list[list[Any]] = []
    per_label: dict[str, Any] = {}
    for label in LABELS:
        score = _prf(items, predicted, label)
        support = score.tp + score.fn
        per_label[label] = {**score.as_dict(), "support": support}
        rows.append([label, support, score.precision, score.recall, score.f1, score.tp, score.fp, score.fn])
    section.tables.append(Table("Per category (items of the channels where it applies)",
                                ["category", "items", "precision", "recall", "F1", "tp", "fp", "fn"], rows))

    rows = []
    for label in LABELS:
        row: list[Any] = [label]
        for channel in CHANNELS:
            if channel not in LABEL_CHANNELS[label]:
                row.append("n/a")
                continue
            s = _prf(items, predicted, label, channel)
            row.append(f"{s.precision:.2f} / {s.recall:.2f} / {s.f1:.2f} ({s.tp + s.fn})")
        rows.append(row)
    section.tables.append(Table("Per category and channel: precision / recall / F1 (items with the label)",
                                ["category", *CHANNELS], rows))

    rows = []
    char_recall: dict[str, Any] = {}
    for char in CHARACTERISTICS:
        engine_name = _ENGINE_CHARACTERISTIC.get(char, char)
        these = [(i, p, n) for i, p, n in zip(items, predicted, named, strict=True)
                 if char in i.characteristics and counted(i, "discrimination")]
        found = sum(1 for _, p, _ in these if "discrimination" in p)
        right = sum(1 for _, p, n in these if "discrimination" in p and engine_name in n)
        char_recall[char] = {"items": len(these), "found": found, "named": right}
        rows.append([char, len(these), found / len(these) if these else 0.0, right / len(these) if these else 0.0])
    section.tables.append(Table("Discrimination by protected characteristic",
                                ["characteristic", "items", "recall (found)", "recall (characteristic named)"],
                                rows))

    rows = []
    kinds: dict[str, Any] = {}
    for kind in SAFEGUARDING_KINDS:
        these_p = [p for i, p in zip(items, predicted, strict=True)
                   if i.safeguarding_kind == kind and counted(i, "safeguarding")]
        found = sum(1 for p in these_p if "safeguarding" in p)
        kinds[kind] = {"items": len(these_p), "found": found}
        rows.append([kind, len(these_p), found / len(these_p) if these_p else 0.0])
    section.tables.append(Table("Safeguarding by kind of risk", ["kind", "items", "recall"], rows))

    confusion: Counter[tuple[str, str]] = Counter()
    for item, pred in zip(items, predicted, strict=True):
        gold = sorted(item.labels) or ["(none)"]
        got = sorted(pred & {lab for lab in LABELS if counted(item, lab)}) or ["(none)"]
        for g in gold:
            for p in got:
                confusion[(g, p)] += 1
    shown = [lab for lab in (*LABELS, "(none)") if any(k[0] == lab or k[1] == lab for k in confusion)]
    section.tables.append(Table(
        "Confusion: items with each label (rows) by the categories reported (columns)",
        ["label", *shown], [[g, *[confusion.get((g, p), 0) for p in shown]] for g in shown],
        note="An item with two labels or two reported categories counts in each pair; (none) is no label or "
             "nothing reported."))

    hard = [(i, r, p) for i, r, p in zip(items, results, predicted, strict=True) if i.hard_negative]
    # Blocked in error: a block though nothing reported is something the item is labelled with.
    blocked = [i.id for i, r, p in hard if r.verdict == "block" and not p & i.labels]
    flagged = [i.id for i, r, p in hard if (p - set(i.labels)) and r.verdict != "pass"]
    section.tables.append(Table("Hard negatives", ["hard negatives", "blocked", "flagged (any new category)"],
                                [[len(hard), len(blocked), len(flagged)]],
                                note="Blocked: " + (", ".join(blocked) if blocked else "none")))
    section.metrics = {"per_category": per_label, "characteristics": char_recall, "safeguarding_kinds": kinds,
                       "hard_negatives": len(hard), "hard_negatives_blocked": blocked,
                       "hard_negatives_flagged": len(flagged)}
    return section
