"""Offensive language and discrimination, on Davidson, HateCheck and MLMA, beside alt-profanity-check and
better-profanity and a majority-class baseline, all on the same rows.

CivicGuard here is what a council comment check runs: ``language.offensive`` and ``language.discrimination``
built with the St Helens pack's parameters (trained model and lexicon together). A text's score is the highest
confidence of the detections the task counts; it is flagged when the score reaches

* the pack's rule threshold (0.5, what the engine does today), and
* a threshold chosen on the ``validation`` split (best macro-F1 there, then applied unchanged to the reported
  split), which is how the issue asks thresholds to be chosen.

alt-profanity-check gets the same treatment (its own 0.5, and a threshold chosen on validation); better-profanity
gives a yes/no answer only. Every model-only detection is kept for scoring (``report_floor`` 0), so a threshold
below the engine's reporting floor can still be chosen.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from civicguard.engine.detectors.base import Detector, Document
from civicguard.engine.detectors.language.discrimination import CHARACTERISTICS, Discrimination
from civicguard.engine.detectors.language.offensive import OffensiveLanguage
from civicguard.engine.model import Content, Context
from civicguard.engine.packs.loader import pack_for
from civicguard.evaluation.base import EvalContext, Section, Table
from civicguard.evaluation.metrics import accuracy, macro_f1, majority, prf
from civicguard.evaluation.peers import alt_profanity_recipe, alt_profanity_scores, better_profanity_flags

PACK = "st-helens"
HATECHECK_TARGETS = {
    "women": "sex", "trans people": "gender_reassignment", "gay people": "sexual_orientation",
    "black people": "race", "disabled people": "disability", "Muslims": "religion_or_belief", "immigrants": "race",
}
# MLMA's "gender" covers women and trans people alike, so either characteristic counts as right for it.
MLMA_TARGETS: dict[str, tuple[str, ...]] = {
    "origin": ("race",), "disability": ("disability",), "gender": ("sex", "gender_reassignment"),
    "sexual_orientation": ("sexual_orientation",), "religion": ("religion_or_belief",),
}
NON_HATEFUL_HARD = ("counter_quote_nh", "counter_ref_nh", "slur_reclaimed_nh", "profanity_nh", "ident_neutral_nh",
                    "ident_pos_nh", "slur_homonym_nh", "negate_neg_nh", "target_obj_nh", "target_indiv_nh",
                    "target_group_nh")
VALIDATION_ROW = "CivicGuard, threshold chosen on validation"
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 20))


def pack_detectors(**overrides: Any) -> dict[str, Detector]:
    """The two language detectors with the St Helens rules' parameters (plus `overrides`)."""
    out: dict[str, Detector] = {}
    for rule in pack_for(PACK).rules:
        if rule.detector in ("language.offensive", "language.discrimination") and rule.detector not in out:
            cls: type[Detector] = OffensiveLanguage if rule.detector == "language.offensive" else Discrimination
            out[rule.detector] = cls(cls.Params(**{**rule.params, **overrides}))
    return out


def _doc(text: str) -> Document:
    return Document(Content(text=text), Context(council=PACK, channel="comment"), facts=pack_for(PACK).facts)


class Scorer:
    """Runs the detectors over texts once and keeps every detection, so sections can score them many ways."""

    def __init__(self, **overrides: Any) -> None:
        self.detectors = pack_detectors(report_floor=0.0, **overrides)
        self._cache: dict[str, dict[str, list[Any]]] = {}

    def detections(self, text: str) -> dict[str, list[Any]]:
        if text not in self._cache:
            doc = _doc(text)
            self._cache[text] = {name: det.detect(doc) for name, det in self.detectors.items()}
        return self._cache[text]

    def score(self, text: str, which: Sequence[str]) -> float:
        found = self.detections(text)
        return max((d.confidence for name in which for d in found[name]), default=0.0)

    def characteristic(self, text: str) -> str | None:
        found = self.detections(text)["language.discrimination"]
        if not found:
            return None
        return str(max(found, key=lambda d: d.confidence).label)


def choose_threshold(gold: Sequence[bool], scores: Sequence[float]) -> float:
    """The threshold with the best macro-F1 (ties: the higher threshold, fewer flags)."""
    best = max(THRESHOLDS, key=lambda t: (macro_f1(gold, [s >= t for s in scores], [True, False]), t))
    return best


def choose_rule_thresholds(gold: Sequence[bool], scores: Sequence[Sequence[float]]) -> tuple[float, ...]:
    """One threshold per rule (a pack sets each rule's own), chosen together for the best macro-F1 of "any rule
    fires" on `gold`; `scores` holds one list per rule. Ties: the higher thresholds."""
    import itertools

    import numpy as np

    y = np.asarray(gold, dtype=bool)
    cols = [np.asarray(s, dtype=np.float64) for s in scores]

    def f1(pred: np.ndarray) -> float:
        out = []
        for want in (True, False):
            tp = float(np.sum((pred == want) & (y == want)))
            p_n, g_n = float(np.sum(pred == want)), float(np.sum(y == want))
            out.append(2 * tp / (p_n + g_n) if p_n + g_n else 0.0)
        return sum(out) / 2

    best: tuple[float, tuple[float, ...]] = (-1.0, ())
    for combo in itertools.product(THRESHOLDS, repeat=len(cols)):
        pred = np.zeros(len(y), dtype=bool)
        for col, t in zip(cols, combo, strict=True):
            pred |= col >= t
        key = (round(f1(pred), 9), combo)
        if key > best:
            best = key
    return best[1]


def _row(name: str, gold: Sequence[bool], pred: Sequence[bool], note: str = "") -> list[Any]:
    pos = prf(gold, pred, True)
    return [name, round(pos.precision, 3), round(pos.recall, 3), round(pos.f1, 3),
            round(macro_f1(gold, pred, [True, False]), 3), round(accuracy(gold, pred), 3), note]


BINARY_COLUMNS = ["system", "precision", "recall", "F1 (positive)", "macro-F1", "accuracy", "decision rule"]


def binary_comparison(texts: list[str], gold: list[bool], val_texts: list[str], val_gold: list[bool],
                      which: Sequence[str], scorer: Scorer,
                      headline: tuple[list[bool], str] | None = None,
                      more_peers: dict[str, tuple[list[bool], str]] | None = None) -> tuple[Table, dict[str, Any]]:
    """CivicGuard beside the peers on the same rows. CivicGuard's row uses thresholds chosen on validation, unless
    a `headline` (predictions, decision rule) is given: then that is the CivicGuard row, the validation-chosen one
    follows it, and the pack-threshold row says it is at the pack's base rate. `more_peers` (predictions, decision
    rule) follow alt-profanity-check's rows."""
    ours = [scorer.score(t, which) for t in texts]
    # Each rule's threshold chosen on validation (a pack sets one per rule); a text is flagged when any rule fires.
    per_rule = choose_rule_thresholds(val_gold, [[scorer.score(t, (name,)) for t in val_texts] for name in which])
    flagged = [any(scorer.score(t, (name,)) >= th for name, th in zip(which, per_rule, strict=True)) for t in texts]
    rule_note = ", ".join(f"{name.split('.')[-1]} >= {th}" for name, th in zip(which, per_rule, strict=True))
    alt = alt_profanity_scores(texts)
    alt_val = alt_profanity_scores(val_texts)
    t_alt = choose_threshold(val_gold, alt_val)
    better = better_profanity_flags(texts)
    maj = majority(val_gold)
    chosen = (flagged, f"{rule_note} (chosen on validation)")
    pack = ([s >= 0.5 for s in ours], "score >= 0.5 (the rules' threshold)")
    ours_rows = {"CivicGuard": chosen, "CivicGuard, pack threshold": pack} if headline is None else {
        "CivicGuard": headline, VALIDATION_ROW: (chosen[0], f"{chosen[1]}, council base rate 0.1"),
        "CivicGuard, council base rate, rule's 0.5": pack}
    systems: dict[str, tuple[list[bool], str]] = {
        **ours_rows,
        "alt-profanity-check": ([s >= t_alt for s in alt], f"probability >= {t_alt} (chosen on validation)"),
        "alt-profanity-check, default": ([s >= 0.5 for s in alt], "probability >= 0.5"),
        **(more_peers or {}),
        "better-profanity": (better, "contains a listed word"),
        "majority class": ([bool(maj)] * len(gold), f"always {'positive' if maj else 'negative'}"),
    }
    table = Table("", BINARY_COLUMNS, [_row(n, gold, p, note) for n, (p, note) in systems.items()])
    metrics = {
        name: {"macro_f1": round(macro_f1(gold, pred, [True, False]), 4), **prf(gold, pred, True).as_dict()}
        for name, (pred, _) in systems.items()
    }
    metrics["thresholds"] = {"alt-profanity-check": t_alt}
    val_flagged = [any(scorer.score(t, (name,)) >= th for name, th in zip(which, per_rule, strict=True))
                   for t in val_texts]
    metrics["validation_macro_f1"] = {"CivicGuard": round(macro_f1(val_gold, val_flagged, [True, False]), 4)}
    metrics["validation_macro_f1"]["alt-profanity-check"] = round(
        macro_f1(val_gold, [s >= t_alt for s in alt_val], [True, False]), 4)
    metrics["rule_thresholds"] = dict(zip(which, per_rule, strict=True))
    return table, {"systems": metrics, "predictions": {n: p for n, (p, _) in systems.items()}}


def _davidson_rows(ctx: EvalContext, split: str) -> tuple[list[str], list[bool], list[dict[str, str]]]:
    rows = ctx.read_csv("davidson", split)
    return [html.unescape(r["tweet"]) for r in rows], [r["class"] != "2" for r in rows], rows


RECIPE = "alt-profanity-check's recipe, fit on train"


def _agreement(row: dict[str, str]) -> float | None:
    """The share of a row's annotators who chose its gold label (offensive-or-hate vs neither), or None when the
    file has no annotator counts."""
    try:
        count, neither = int(row["count"]), int(row["neither"])
    except (KeyError, TypeError, ValueError):
        return None
    if count <= 0:
        return None
    return (count - neither) / count if row["class"] != "2" else neither / count


def _agreement_table(rows: list[dict[str, str]], gold: list[bool], preds: dict[str, list[bool]]) -> Table | None:
    """Errors of each system on the rows every annotator agreed on, and on the contested ones."""
    shares = [_agreement(r) for r in rows]
    if any(s is None for s in shares):
        return None
    groups = {"every annotator agreed": [i for i, s in enumerate(shares) if s == 1.0],
              "annotators split (majority label)": [i for i, s in enumerate(shares) if s is not None and s < 1.0]}
    table_rows = []
    for name, idx in groups.items():
        if not idx:
            continue
        cells: list[Any] = [name, len(idx)]
        for pred in preds.values():
            errors = sum(pred[i] != gold[i] for i in idx)
            cells.append(f"{errors} ({1 - errors / len(idx):.3f})")
        table_rows.append(cells)
    return Table("Davidson: errors by annotator agreement (accuracy in brackets)", ["rows", "count", *preds],
                 table_rows,
                 note="A model that was fitted on these rows has learnt their labels, contested ones included; one "
                      "that has not must guess where the annotators themselves disagreed.")


def davidson(ctx: EvalContext) -> Section:
    texts, gold, rows = _davidson_rows(ctx, ctx.split)
    val_texts, val_gold, _ = _davidson_rows(ctx, "validation")
    train_texts, train_gold, _ = _davidson_rows(ctx, "train")
    scorer = ctx.shared("language.scorer", Scorer)
    # The peer as it scores rows it has never seen: its own recipe fit on the train split, its threshold chosen on
    # validation like every other system's.
    recipe = alt_profanity_recipe(train_texts, train_gold)
    more: dict[str, tuple[list[bool], str]] = {}
    recipe_val: float | None = None
    if recipe is not None:
        val_scores = recipe(val_texts)
        t_recipe = choose_threshold(val_gold, val_scores)
        recipe_val = round(macro_f1(val_gold, [s >= t_recipe for s in val_scores], [True, False]), 4)
        more[RECIPE] = ([s >= t_recipe for s in recipe(texts)], f"probability >= {t_recipe} (chosen on validation)")
    table, result = binary_comparison(texts, gold, val_texts, val_gold,
                                      ("language.offensive", "language.discrimination"), scorer, more_peers=more)
    table.title = "Davidson: offensive or hate vs neither"
    sysm = result["systems"]
    ours, alt, better = sysm["CivicGuard"], sysm["alt-profanity-check"], sysm["better-profanity"]
    best_alt = max(alt["macro_f1"], sysm["alt-profanity-check, default"]["macro_f1"])
    # alt-profanity-check on its own training rows and on rows held out from us: a model that has seen every row
    # scores the same on each split.
    t_alt = sysm["thresholds"]["alt-profanity-check"]
    alt_train = round(macro_f1(train_gold, [s >= t_alt for s in alt_profanity_scores(train_texts)], [True, False]), 4)
    splits = list(dict.fromkeys(["train", "validation", ctx.split]))
    by_split_values: dict[str, dict[str, Any]] = {
        "alt-profanity-check (packaged model)": {"train": alt_train,
                                                 "validation": sysm["validation_macro_f1"]["alt-profanity-check"],
                                                 ctx.split: alt["macro_f1"]},
        RECIPE: {"train": "fitted on these rows", "validation": recipe_val if recipe_val is not None else "-",
                 ctx.split: sysm[RECIPE]["macro_f1"] if RECIPE in sysm else "-"},
        "CivicGuard": {"train": "fitted on these rows", "validation": sysm["validation_macro_f1"]["CivicGuard"],
                       ctx.split: ours["macro_f1"]},
    }
    by_split = Table(
        "Davidson: macro-F1 by split (each system's decision rule, chosen on validation)", ["system", *splits],
        [[name, *(values[sp] for sp in splits)] for name, values in by_split_values.items()],
        note="A model fitted on train only loses some score on rows it has not seen; the packaged "
             "alt-profanity-check scores the same on every split because its training data held every row of the "
             "corpus, test rows included.")
    tables = [table, by_split]
    shown = ["CivicGuard", "alt-profanity-check", *more, "better-profanity"]
    agreement = _agreement_table(rows, gold, {n: result["predictions"][n] for n in shown})
    if agreement is not None:
        tables.append(agreement)
    metrics = {**sysm, "macro_f1_gap_to_alt_points": round(100 * (ours["macro_f1"] - best_alt), 2),
               "macro_f1_gain_over_better_points": round(100 * (ours["macro_f1"] - better["macro_f1"]), 2),
               "alt_macro_f1_by_split": by_split_values["alt-profanity-check (packaged model)"]}
    if RECIPE in sysm:
        metrics["macro_f1_gap_to_alt_recipe_fit_on_train_points"] = round(
            100 * (ours["macro_f1"] - sysm[RECIPE]["macro_f1"]), 2)
    return Section(
        "davidson", "Offensive language: Davidson et al. tweets", "davidson", ctx.split, len(texts), "real",
        tables=tables, metrics=metrics,
        notes=["Positive = offensive or hate (class 0 or 1); negative = neither (class 2). Classes are unbalanced "
               "(about 83% positive), so macro-F1 is the headline.",
               "alt-profanity-check's packaged model was trained on this corpus, every split included: it scores "
               "the same on train, validation and test (table 2). Fit on the train split alone, its own recipe "
               f"('{RECIPE}') shows how it does on rows it has not seen.",
               "CivicGuard flags a text when either the offensive-language or the discrimination rule would."],
    )


def hatecheck(ctx: EvalContext) -> Section:
    rows = ctx.read_csv("hatecheck")
    val = ctx.read_csv("hatecheck", "validation")
    texts = [r["test_case"] for r in rows]
    gold = [r["label_gold"] == "hateful" for r in rows]
    scorer = ctx.shared("language.scorer", Scorer)
    # The headline: the detector's calibrated probability read at HateCheck's own base rate (the training data's
    # share of hateful cases) against the rule's own 0.5, so nothing is chosen on any split. A threshold chosen on
    # validation is shown beside it, at the council's base rate; see the note on validation below.
    native = ctx.shared("language.scorer.native", lambda: Scorer(base_rate=None))
    native_pred = [native.score(t, ("language.discrimination",)) >= 0.5 for t in texts]
    table, result = binary_comparison(
        texts, gold, [r["test_case"] for r in val], [r["label_gold"] == "hateful" for r in val],
        ("language.discrimination",), scorer,
        headline=(native_pred, "probability >= 0.5 (the rule's threshold) at HateCheck's own base rate; nothing "
                               "chosen"))
    table.title = "HateCheck: hateful vs non-hateful"
    preds: dict[str, list[bool]] = result["predictions"]
    shown = ["CivicGuard", VALIDATION_ROW, "alt-profanity-check", "better-profanity"]
    by_func: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_func[r["functionality"]].append(i)
    func_rows = []
    for func in sorted(by_func):
        idx = by_func[func]
        cells: list[Any] = [func, "hateful" if func.endswith("_h") else "non-hateful", len(idx)]
        for name in shown:
            cells.append(round(sum(preds[name][i] == gold[i] for i in idx) / len(idx), 3))
        func_rows.append(cells)
    fpr_rows = []
    for func in NON_HATEFUL_HARD:
        idx = by_func.get(func, [])
        if idx:
            fpr_rows.append([func, len(idx), *[round(sum(preds[n][i] for i in idx) / len(idx), 3) for n in shown]])
    # The characteristic named for hateful items CivicGuard found.
    named = correct = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for i, r in enumerate(rows):
        if gold[i] and preds["CivicGuard"][i] and r["target_ident"] in HATECHECK_TARGETS:
            got = native.characteristic(texts[i])
            want = HATECHECK_TARGETS[r["target_ident"]]
            named += 1
            correct += int(got == want)
            if got != want:
                confusion[(want, str(got))] += 1
    char_acc = correct / named if named else 0.0
    sysm = result["systems"]
    better_peer = max(sysm["alt-profanity-check"]["macro_f1"], sysm["alt-profanity-check, default"]["macro_f1"],
                      sysm["better-profanity"]["macro_f1"])
    return Section(
        "hatecheck", "Discrimination: HateCheck functional tests", "hatecheck", ctx.split, len(rows), "real",
        tables=[
            table,
            Table("HateCheck: accuracy per functional test", ["functional test", "gold", "cases", *shown], func_rows),
            Table("HateCheck non-hateful hard cases: false-positive rate (lower is better)",
                  ["functional test", "cases", *shown], fpr_rows),
            Table("HateCheck: protected characteristic named for hateful items found",
                  ["items found with a target", "characteristic right", "share right", "commonest confusions"],
                  [[named, correct, round(char_acc, 3),
                    "; ".join(f"{a}->{b} x{n}" for (a, b), n in confusion.most_common(3)) or "-"]]),
        ],
        metrics={**sysm, "characteristic_accuracy": round(char_acc, 4), "characteristic_items": named,
                 "macro_f1_gain_over_better_peer_points": round(100 * (sysm["CivicGuard"]["macro_f1"] - better_peer),
                                                                2)},
        notes=["HateCheck is templated, not real traffic; its split keeps each template in one split.",
               "Validation is not an unseen split for the discrimination lexicon: its rules were written while "
               "reading validation's misses (rules alone score about 0.998 there). Any threshold chosen on "
               "validation therefore trusts the rules and silences the fine-tuned encoder, which is the part that "
               "carries to templates nobody tuned on. The headline row instead reads each part's calibrated "
               "probability as it was fitted, on data it is not judged by (the n-gram stacker on out-of-fold "
               "train predictions, the encoder's Platt scaling on validation), at HateCheck's own base rate, "
               "against the rule's 0.5: no threshold is chosen on any split.",
               "Target groups map to St Helens 7.5 characteristics: women->sex, trans people->gender reassignment, "
               "gay people->sexual orientation, black people and immigrants->race, disabled people->disability, "
               "Muslims->religion or belief."],
    )


def mlma(ctx: EvalContext) -> Section:
    rows = [r for r in ctx.read_csv("mlma-en") if r["target"] in MLMA_TARGETS]
    scorer = ctx.shared("language.scorer", Scorer)
    from civicguard.engine.detectors.language._model import characteristic_probabilities

    texts = [html.unescape(r["tweet"]) for r in rows]
    wanted = [MLMA_TARGETS[r["target"]] for r in rows]
    got_finding: list[str | None] = [scorer.characteristic(t) for t in texts]
    got_model = [max(p.items(), key=lambda kv: kv[1])[0] for p in characteristic_probabilities(texts)]
    # What a moderator sees: the finding's characteristic; for items with no discrimination finding, the one the
    # model names (shown in the moderation queue as the likely target).
    got = [f if f is not None else m for f, m in zip(got_finding, got_model, strict=True)]
    right = [g in w for g, w in zip(got, wanted, strict=True)]
    with_finding = [i for i, f in enumerate(got_finding) if f is not None]
    maj = Counter(w[0] for w in wanted).most_common(1)[0][0]
    per_target = []
    for target in MLMA_TARGETS:
        idx = [i for i, r in enumerate(rows) if r["target"] == target]
        if idx:
            per_target.append([target, " or ".join(CHARACTERISTICS[c] for c in MLMA_TARGETS[target]), len(idx),
                               round(sum(right[i] for i in idx) / len(idx), 3)])
    acc = sum(right) / len(right) if right else 0.0
    acc_found = sum(right[i] for i in with_finding) / len(with_finding) if with_finding else 0.0
    maj_acc = sum(maj in w for w in wanted) / len(wanted) if wanted else 0.0
    return Section(
        "mlma", "Discrimination: which characteristic is targeted (MLMA tweets)", "mlma-en", ctx.split, len(rows),
        "real",
        tables=[
            Table("MLMA: characteristic right, items whose target is a protected characteristic",
                  ["system", "items", "share right"],
                  [["CivicGuard (finding, else the model's characteristic)", len(rows), round(acc, 3)],
                   ["CivicGuard, items with a discrimination finding", len(with_finding), round(acc_found, 3)],
                   [f"majority class (always {maj})", len(rows), round(maj_acc, 3)]],
                  note="alt-profanity-check and better-profanity name no characteristic, so they have no row."),
            Table("MLMA: share right per target", ["MLMA target", "counts as", "items", "share right"], per_target),
        ],
        metrics={"characteristic_accuracy": round(acc, 4), "with_finding_accuracy": round(acc_found, 4),
                 "with_finding": len(with_finding), "majority_accuracy": round(maj_acc, 4)},
        notes=["MLMA targets map to: origin->race, disability->disability, gender->sex or gender reassignment, "
               "sexual_orientation->sexual orientation, religion->religion or belief; 'other' is left out.",
               "Almost every MLMA row is offensive (keyword-gathered tweets), so it measures the characteristic, "
               "not false alarms."],
    )
