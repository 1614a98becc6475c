"""Personal data: span-level precision, recall and F1 for CivicGuard and Presidio on the same rows.

Two sections:

* ``presidio_synth`` (origin "real"): Presidio's own synthetic PII set (``presidio-synth-pii``: Faker-filled
  sentence templates, multi-locale names and addresses; public and labelled by its authors, not by us).
* ``uk_generated`` (origin "generated"): sentences from :mod:`civicguard.evaluation.ukgen` holding UK
  identifiers, invalid look-alikes and the councils' own published contact details.

CivicGuard is the ``personal_data.identifiers`` detector exactly as the St Helens pack configures it (its
``entities`` list, ``min_score`` and the rule's ``threshold``, with the pack's facts, so the council's own
published contacts are ignored); generated rows about Sefton run through the Sefton pack. Presidio is its
default ``AnalyzerEngine`` with the same spaCy model (``civicguard.evaluation.peers``), every result it returns.

Both systems' entity types, and the gold types, are mapped to one taxonomy: the personal data about an
individual that CivicGuard's packs act on. Types outside it are dropped from the gold and from both systems'
predictions before scoring (a dash below):

=================  ==========================  ==============================  ==================================
taxonomy type      Presidio synth gold         CivicGuard                      Presidio
=================  ==========================  ==============================  ==================================
PERSON             PERSON                      PERSON                          PERSON
ADDRESS            STREET_ADDRESS, ZIP_CODE    ADDRESS, UK_POSTCODE            - (LOCATION is a place: dropped)
EMAIL_ADDRESS      EMAIL_ADDRESS               EMAIL_ADDRESS                   EMAIL_ADDRESS, EMAIL
PHONE_NUMBER       PHONE_NUMBER                UK_PHONE, PHONE_NUMBER          PHONE_NUMBER
DATE_OF_BIRTH      DATE_TIME after a birth cue DATE_OF_BIRTH                   DATE_TIME after a birth cue
CREDIT_CARD        CREDIT_CARD                 CREDIT_CARD                     CREDIT_CARD
IBAN_CODE          IBAN_CODE                   IBAN_CODE                       IBAN_CODE
IP_ADDRESS         IP_ADDRESS                  IP_ADDRESS                      IP_ADDRESS
NATIONAL_ID        US_SSN, US_DRIVER_LICENSE   UK_NHS, UK_NINO                 UK_NHS, US_SSN, US_ITIN,
                                                                               US_PASSPORT, US_DRIVER_LICENSE
ACCOUNT_REFERENCE  (none)                      CASE_REFERENCE                  US_BANK_NUMBER
dropped            GPE, ORGANIZATION, TITLE,   (none)                          LOCATION, ORGANIZATION, NRP, AGE,
                   NRP, AGE, DOMAIN_NAME,                                      URL, CRYPTO, MEDICAL_LICENSE,
                   DATE_TIME without a cue                                     MAC_ADDRESS, UUID, ID, DATE_TIME
                                                                               without a cue
=================  ==========================  ==============================  ==================================

A date of birth is a DATE_TIME span holding a year or a day/month/year after a birth cue ("born", "date of
birth", "DOB", "birthday" or "birth date" within the 40 characters before it); the same rule is applied to the
gold and to Presidio's DATE_TIME results ("My birthday is on the weekend" is not a date of birth). In the
generated UK set the types stay finer: NHS_NUMBER (UK_NHS), NI_NUMBER (UK_NINO), POSTCODE (UK_POSTCODE) apart
from ADDRESS, and Presidio's US identifiers become OTHER_NATIONAL_ID (a false positive whenever they fire there).

The gold marks a courtesy title as its own TITLE span ("Mrs." then "Lennox"), so a leading title is trimmed from
every predicted PERSON span, of both systems, before matching. ``exact``: same start, end and type;
``overlap``: same type and at least one character in common (one-to-one), as in :func:`metrics.span_prf`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from civicguard.evaluation.base import SPLITS, EvalContext, Section, Table
from civicguard.evaluation.metrics import PRF, Span, span_prf
from civicguard.evaluation.peers import presidio_analyzer, presidio_spans

DATASET = "presidio-synth-pii"
# Presidio's best score threshold for overlap F1 on train + validation together (chosen there, never on test):
# 0.4 gave 0.533 against 0.493 with every result kept.
PRESIDIO_DEV_THRESHOLD = 0.4
COUNCIL = "st-helens"  # the pack whose configuration of personal_data.identifiers is measured
RULE_CHANNEL = "official"

_DATE = "DATE?"  # a date: DATE_OF_BIRTH after a birth cue, otherwise dropped

GOLD_MAP: dict[str, str | None] = {
    "PERSON": "PERSON",
    "STREET_ADDRESS": "ADDRESS",
    "ZIP_CODE": "ADDRESS",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "DATE_TIME": _DATE,
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN_CODE",
    "IP_ADDRESS": "IP_ADDRESS",
    "US_SSN": "OTHER_NATIONAL_ID",
    "US_DRIVER_LICENSE": "OTHER_NATIONAL_ID",
    "GPE": None,
    "ORGANIZATION": None,
    "TITLE": None,
    "NRP": None,
    "AGE": None,
    "DOMAIN_NAME": None,
}

CIVICGUARD_MAP: dict[str, str | None] = {
    "PERSON": "PERSON",
    "ADDRESS": "ADDRESS",
    "UK_POSTCODE": "POSTCODE",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "UK_PHONE": "PHONE_NUMBER",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "DATE_OF_BIRTH": "DATE_OF_BIRTH",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN_CODE",
    "IP_ADDRESS": "IP_ADDRESS",
    "UK_NHS": "NHS_NUMBER",
    "UK_NINO": "NI_NUMBER",
    "CASE_REFERENCE": "ACCOUNT_REFERENCE",
    # Driving licences and passports are national identity documents, as Presidio's US ones are mapped; a vehicle
    # registration has no counterpart in either data set's labels.
    "UK_DRIVING_LICENCE": "OTHER_NATIONAL_ID",
    "UK_PASSPORT": "OTHER_NATIONAL_ID",
    "UK_VEHICLE_REGISTRATION": None,
}

PRESIDIO_MAP: dict[str, str | None] = {
    "PERSON": "PERSON",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "EMAIL": "EMAIL_ADDRESS",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "DATE_TIME": _DATE,
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN_CODE",
    "IP_ADDRESS": "IP_ADDRESS",
    "UK_NHS": "NHS_NUMBER",
    "US_SSN": "OTHER_NATIONAL_ID",
    "US_ITIN": "OTHER_NATIONAL_ID",
    "US_PASSPORT": "OTHER_NATIONAL_ID",
    "US_DRIVER_LICENSE": "OTHER_NATIONAL_ID",
    "US_BANK_NUMBER": "ACCOUNT_REFERENCE",
    "LOCATION": None,
    "ORGANIZATION": None,
    "NRP": None,
    "AGE": None,
    "URL": None,
    "CRYPTO": None,
    "MEDICAL_LICENSE": None,
    "MAC_ADDRESS": None,
    "UUID": None,
    "ID": None,
}

# The Presidio synthetic set's coarser types (the finer UK types are kept for the generated set).
SYNTH_COARSE: dict[str, str] = {
    "POSTCODE": "ADDRESS",
    "NHS_NUMBER": "NATIONAL_ID",
    "NI_NUMBER": "NATIONAL_ID",
    "OTHER_NATIONAL_ID": "NATIONAL_ID",
}
SYNTH_TYPES: tuple[str, ...] = (
    "PERSON", "ADDRESS", "EMAIL_ADDRESS", "PHONE_NUMBER", "DATE_OF_BIRTH", "CREDIT_CARD", "IBAN_CODE",
    "IP_ADDRESS", "NATIONAL_ID", "ACCOUNT_REFERENCE",
)
UK_TYPES: tuple[str, ...] = (
    "NHS_NUMBER", "NI_NUMBER", "POSTCODE", "PHONE_NUMBER", "DATE_OF_BIRTH", "EMAIL_ADDRESS",
)

_BIRTH_CUE = re.compile(r"(?i)\b(?:born|date\s+of\s+birth|d\.?o\.?b\b|birth\s?days?|birth\s?date)")
_TITLE = re.compile(r"(?i)^(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame)\b\.?\s+")

Raw = tuple[int, int, str]  # start, end, a system's (or the gold's) own entity type


_DATE_SHAPE = re.compile(r"\b(?:1[89]|20)\d\d\b|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")


def birth_cue_before(text: str, start: int, window: int = 40) -> bool:
    return _BIRTH_CUE.search(text, max(0, start - window), start) is not None


def is_date_of_birth(text: str, start: int, end: int) -> bool:
    """A date (with a year, or day/month/year digits) after a birth cue: "born on 2/8/1935", not "the weekend"."""
    return _DATE_SHAPE.search(text[start:end]) is not None and birth_cue_before(text, start)


def map_spans(text: str, spans: Iterable[Raw], mapping: dict[str, str | None],
              coarse: dict[str, str] | None = None) -> list[Span]:
    """One system's (or the gold's) spans in the taxonomy; unmapped and dropped types are left out."""
    out: list[Span] = []
    for start, end, label in spans:
        kind = mapping.get(label)
        if kind == _DATE:
            kind = "DATE_OF_BIRTH" if is_date_of_birth(text, start, end) else None
        if kind is None:
            continue
        if coarse:
            kind = coarse.get(kind, kind)
        if kind == "PERSON":
            m = _TITLE.match(text[start:end])
            if m and start + m.end() < end:
                start += m.end()
        out.append((start, end, kind))
    return out


# ------------------------------------------------------------------------------------------- systems
def civicguard_runner(council: str) -> Callable[[Sequence[str]], list[list[tuple[int, int, str, float]]]]:
    """The pack's `personal_data.identifiers` detector as its official-channel rule runs it, batched."""
    from civicguard.engine.check import Engine
    from civicguard.engine.detectors.base import Document
    from civicguard.engine.model import Content, Context
    from civicguard.engine.nlp import SPACY_MEMO, pipeline

    engine = Engine.for_council(council)
    rule, detector = next(
        (r, d) for r, d in engine.rules_for(RULE_CHANNEL) if r.detector == "personal_data.identifiers"
    )
    detector.warm_up()
    facts = engine.pack.facts

    def run(texts: Sequence[str]) -> list[list[tuple[int, int, str, float]]]:
        out = []
        for text, sdoc in zip(texts, pipeline().pipe(texts, batch_size=64), strict=True):
            doc = Document(Content(text), Context(council=council, channel="official"), {SPACY_MEMO: sdoc}, facts)
            out.append([(d.start, d.end, d.label, d.confidence) for d in detector.detect(doc)
                        if d.confidence >= rule.threshold])
        return out

    return run


def civicguard_predictions(ctx: EvalContext, texts: Sequence[str], councils: Sequence[str]) -> list[list[Raw]]:
    preds: list[list[Raw]] = [[] for _ in texts]
    for council in sorted(set(councils)):
        run = ctx.shared(f"civicguard.identifiers.{council}", lambda c=council: civicguard_runner(c))
        idx = [i for i, c in enumerate(councils) if c == council]
        for i, spans in zip(idx, run([texts[i] for i in idx]), strict=True):
            preds[i] = [(s, e, label) for s, e, label, _ in spans]
    return preds


def presidio_predictions(ctx: EvalContext, texts: Sequence[str], min_score: float = 0.0) -> list[list[Raw]]:
    """Presidio's default analyser on each text (results below `min_score` dropped; 0 keeps everything)."""
    analyzer = ctx.shared("presidio", presidio_analyzer)
    return [[(s, e, label) for s, e, label, score in presidio_spans(analyzer, t) if score >= min_score]
            for t in texts]


# ------------------------------------------------------------------------------------------- scoring
def _fmt(x: float) -> str:
    return f"{x:.3f}"


def scores(gold: Sequence[Sequence[Span]], pred: Sequence[Sequence[Span]]) -> dict[str, Any]:
    ex, ov = span_prf(gold, pred, "exact"), span_prf(gold, pred, "overlap")
    return {
        "exact_precision": round(ex.precision, 4), "exact_recall": round(ex.recall, 4),
        "exact_f1": round(ex.f1, 4), "overlap_precision": round(ov.precision, 4),
        "overlap_recall": round(ov.recall, 4), "overlap_f1": round(ov.f1, 4),
        "predicted": ov.tp + ov.fp, "gold": ov.tp + ov.fn,
    }


def per_type_table(title: str, gold: Sequence[Sequence[Span]], systems: Mapping[str, Sequence[Sequence[Span]]],
                   types: Sequence[str], note: str = "") -> Table:
    """Per type and micro overall: gold count, then per system predicted count and exact / overlap P, R, F1."""
    columns = ["type", "gold"]
    for name in systems:
        columns += [f"{name} pred", f"{name} exact P/R/F1", f"{name} overlap P/R/F1"]
    present = Counter(s[2] for spans in gold for s in spans)
    predicted = Counter(s[2] for preds in systems.values() for spans in preds for s in spans)
    others = sorted((set(present) | set(predicted)) - set(types))  # types outside the list: false positives only
    rows: list[list[Any]] = []
    for kind in [*(t for t in types if present[t] or predicted[t]), *others, None]:
        row: list[Any] = ["overall (micro)" if kind is None else kind,
                          sum(present.values()) if kind is None else present[kind]]
        for preds in systems.values():
            ex: PRF = span_prf(gold, preds, "exact", kind)
            ov: PRF = span_prf(gold, preds, "overlap", kind)
            row += [ov.tp + ov.fp, "/".join(_fmt(x) for x in (ex.precision, ex.recall, ex.f1)),
                    "/".join(_fmt(x) for x in (ov.precision, ov.recall, ov.f1))]
        rows.append(row)
    return Table(title, columns, rows, note)


def per_type_metrics(gold: Sequence[Sequence[Span]], pred: Sequence[Sequence[Span]],
                     types: Sequence[str]) -> dict[str, dict[str, float]]:
    present = {s[2] for spans in gold for s in spans} | {s[2] for spans in pred for s in spans}
    out = {}
    for kind in (t for t in types if t in present):
        ex, ov = span_prf(gold, pred, "exact", kind), span_prf(gold, pred, "overlap", kind)
        out[kind] = {"exact_f1": round(ex.f1, 4), "overlap_f1": round(ov.f1, 4),
                     "overlap_precision": round(ov.precision, 4), "overlap_recall": round(ov.recall, 4)}
    return out


_MAPPING_NOTE = (
    "Taxonomy mapping (gold / CivicGuard / Presidio): PERSON; ADDRESS = STREET_ADDRESS+ZIP_CODE / ADDRESS+"
    "UK_POSTCODE / none (Presidio's LOCATION is a place and is dropped); EMAIL_ADDRESS; PHONE_NUMBER = "
    "PHONE_NUMBER / UK_PHONE+PHONE_NUMBER / PHONE_NUMBER; DATE_OF_BIRTH = DATE_TIME after a birth cue / "
    "DATE_OF_BIRTH / DATE_TIME after a birth cue; CREDIT_CARD; IBAN_CODE; IP_ADDRESS; NATIONAL_ID = US_SSN+"
    "US_DRIVER_LICENSE / UK_NHS+UK_NINO / UK_NHS+US_SSN+US_ITIN+US_PASSPORT+US_DRIVER_LICENSE; "
    "ACCOUNT_REFERENCE = none / CASE_REFERENCE / US_BANK_NUMBER. Dropped from gold and predictions: GPE, "
    "ORGANIZATION, TITLE, NRP, AGE, DOMAIN_NAME, DATE_TIME without a birth cue (gold); LOCATION, ORGANIZATION, "
    "NRP, AGE, URL, CRYPTO, MEDICAL_LICENSE, MAC_ADDRESS, UUID, ID, DATE_TIME without a cue (Presidio). "
    "A leading courtesy title is trimmed from predicted PERSON spans of both systems (the gold labels it TITLE)."
)


# ------------------------------------------------------------------------------- Presidio synthetic
def presidio_synth(ctx: EvalContext) -> Section:
    rows = ctx.read_json(DATASET)
    texts = [r["full_text"] for r in rows]
    gold = [
        map_spans(t, ((s["start_position"], s["end_position"], s["entity_type"]) for s in r["spans"]),
                  GOLD_MAP, SYNTH_COARSE)
        for t, r in zip(texts, rows, strict=True)
    ]
    cg_raw = civicguard_predictions(ctx, texts, [COUNCIL] * len(texts))
    analyzer = ctx.shared("presidio", presidio_analyzer)
    pr_scored = [presidio_spans(analyzer, t) for t in texts]
    pr_raw = [[(s, e, label) for s, e, label, _ in p] for p in pr_scored]
    cg = [map_spans(t, p, CIVICGUARD_MAP, SYNTH_COARSE) for t, p in zip(texts, cg_raw, strict=True)]
    pr = [map_spans(t, p, PRESIDIO_MAP, SYNTH_COARSE) for t, p in zip(texts, pr_raw, strict=True)]
    pr_tuned = [
        map_spans(t, [(s, e, label) for s, e, label, score in p if score >= PRESIDIO_DEV_THRESHOLD],
                  PRESIDIO_MAP, SYNTH_COARSE)
        for t, p in zip(texts, pr_scored, strict=True)
    ]
    # Sensitivity: Presidio with its LOCATION results counted as addresses instead of dropped.
    loc_map = {**PRESIDIO_MAP, "LOCATION": "ADDRESS"}
    pr_loc = [map_spans(t, p, loc_map, SYNTH_COARSE) for t, p in zip(texts, pr_raw, strict=True)]
    nothing: list[list[Span]] = [[] for _ in texts]

    section = Section(
        name="personal_data.presidio_synth",
        title="Personal data spans on Presidio's synthetic PII set",
        dataset=DATASET,
        split=ctx.split,
        rows=len(rows),
        origin="real",
    )
    systems = {"CivicGuard": cg, "Presidio": pr}
    section.tables.append(per_type_table(
        "Per entity type (exact and overlap precision / recall / F1)", gold, systems, SYNTH_TYPES,
        note=_MAPPING_NOTE,
    ))
    overall = [
        ["CivicGuard (St Helens pack configuration)", *_overall_cells(gold, cg)],
        ["Presidio default AnalyzerEngine", *_overall_cells(gold, pr)],
        [f"Presidio, score >= {PRESIDIO_DEV_THRESHOLD} (its best threshold on train + validation)",
         *_overall_cells(gold, pr_tuned)],
        ["Presidio, LOCATION counted as ADDRESS", *_overall_cells(gold, pr_loc)],
        ["predict nothing", *_overall_cells(gold, nothing)],
    ]
    section.tables.append(Table(
        "Overall (micro over the mapped types)",
        ["system", "predicted", "exact P", "exact R", "exact F1", "overlap P", "overlap R", "overlap F1"],
        overall,
        note="'Predict nothing' is the trivial baseline (every row has no personal data: F1 0). The threshold "
             "line keeps only Presidio results scoring at least the threshold that gave it the best overlap F1 on "
             "train + validation (no tuning on this split). The LOCATION "
             "line is a sensitivity check only: Presidio has no street-address recogniser, and its LOCATION "
             "(cities, countries, spaCy GPE/LOC/FAC) is a place, not an individual's address.",
    ))
    section.metrics = {
        "civicguard": scores(gold, cg),
        "presidio": scores(gold, pr),
        "presidio_dev_threshold": {"min_score": PRESIDIO_DEV_THRESHOLD, **scores(gold, pr_tuned)},
        "presidio_location_as_address": scores(gold, pr_loc),
        "margin_overlap_f1_points": round(100 * (span_prf(gold, cg, "overlap").f1
                                                 - span_prf(gold, pr, "overlap").f1), 1),
        "predict_nothing": scores(gold, nothing),
        "civicguard_per_type": per_type_metrics(gold, cg, SYNTH_TYPES),
        "presidio_per_type": per_type_metrics(gold, pr, SYNTH_TYPES),
        "gold_spans": sum(len(g) for g in gold),
        "gold_spans_dropped": sum(len(r["spans"]) for r in rows) - sum(len(g) for g in gold),
    }
    section.notes += [
        "CivicGuard: `personal_data.identifiers` with the St Helens pack's parameters (its `entities` list, "
        "min_score 0.5, rule threshold 0.5) and the pack's facts. Presidio: the default AnalyzerEngine with the "
        "same spaCy model, every result it returns (no score threshold), run on the same rows in the same run.",
        _MAPPING_NOTE,
        "The data are Faker-filled templates: multi-locale names and foreign street addresses, often split by the "
        "gold into several spans (house number, street, suite, zip); overlap matching is one-to-one, so a single "
        "predicted span over a whole address matches one of them.",
        "CivicGuard reports a single name only when it repeats part of a full name in the same text or is given "
        "as a surname ('her maiden name is Clark'); a lone first name ('Leif, can I speak to your boss?') is not "
        "personal data by its design, so the gold's lone first names count as its misses, while Presidio "
        "reports every PERSON entity spaCy finds.",
    ]
    return section


def _overall_cells(gold: Sequence[Sequence[Span]], pred: Sequence[Sequence[Span]]) -> list[Any]:
    ex, ov = span_prf(gold, pred, "exact"), span_prf(gold, pred, "overlap")
    return [ov.tp + ov.fp, *(_fmt(x) for x in (ex.precision, ex.recall, ex.f1, ov.precision, ov.recall, ov.f1))]


# ------------------------------------------------------------------------------------ generated UK set
UK_ROWS = 600


def uk_seed(ctx: EvalContext) -> int:
    """A different seed per split, so the sentences developed on are never the ones reported."""
    return ctx.seed * 10 + SPLITS.index(ctx.split) if ctx.split in SPLITS else ctx.seed


def _overlaps(a: tuple[int, int], spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    return [s for s in spans if s[0] < a[1] and a[0] < s[1]]


def uk_generated(ctx: EvalContext) -> Section:
    from civicguard.evaluation import ukgen

    seed = uk_seed(ctx)
    rows = ukgen.generate(seed, ctx.limit or UK_ROWS)
    texts = [r["text"] for r in rows]
    councils = [r["council"] for r in rows]
    gold = [[(s["start"], s["end"], s["label"]) for s in r["spans"]] for r in rows]
    cg_all = [map_spans(t, p, CIVICGUARD_MAP) for t, p in zip(texts, civicguard_predictions(ctx, texts, councils),
                                                                strict=True)]
    pr_all = [map_spans(t, p, PRESIDIO_MAP) for t, p in zip(texts, presidio_predictions(ctx, texts), strict=True)]

    def split_contacts(preds: list[list[Span]]) -> tuple[list[list[Span]], int, Counter[str]]:
        """Predictions on a council's published contacts are taken out and counted on their own."""
        kept: list[list[Span]] = []
        hits = 0
        kinds: Counter[str] = Counter()
        for row, spans in zip(rows, preds, strict=True):
            contacts = [(d["start"], d["end"]) for d in row["decoys"] if d["kind"] == "council_contact"]
            on_contact = [s for s in spans if any(s[0] < c[1] and c[0] < s[1] for c in contacts)]
            hits += sum(1 for c in contacts if _overlaps(c, spans))
            kinds.update(s[2] for s in on_contact)
            kept.append([s for s in spans if s not in on_contact])
        return kept, hits, kinds

    cg, cg_contacts, cg_contact_kinds = split_contacts(cg_all)
    pr, pr_contacts, pr_contact_kinds = split_contacts(pr_all)
    n_contacts = sum(1 for r in rows for d in r["decoys"] if d["kind"] == "council_contact")

    def decoy_hits(preds: list[list[Span]], kind: str, as_type: str | None) -> int:
        return sum(
            1
            for row, spans in zip(rows, preds, strict=True)
            for d in row["decoys"]
            if d["kind"] == kind and any(as_type is None or s[2] == as_type for s in _overlaps((d["start"], d["end"]),
                                                                                              spans))
        )

    decoy_kinds = sorted({d["kind"] for r in rows for d in r["decoys"]} - {"council_contact"})
    decoy_rows: list[list[Any]] = []
    for kind in decoy_kinds:
        total = sum(1 for r in rows for d in r["decoys"] if d["kind"] == kind)
        decoy_rows.append([kind, total, decoy_hits(cg, kind, None), decoy_hits(pr, kind, None)])
    invalid_nhs_total = sum(1 for r in rows for d in r["decoys"] if d["kind"] == "invalid_nhs")
    invalid = {
        "total": invalid_nhs_total,
        "civicguard": decoy_hits(cg_all, "invalid_nhs", "NHS_NUMBER"),
        "presidio": decoy_hits(pr_all, "invalid_nhs", "NHS_NUMBER"),
    }

    section = Section(
        name="personal_data.uk_generated",
        title="UK identifiers in generated posts (NHS, NI, postcodes, phones, dates of birth, council contacts)",
        dataset=f"civicguard.evaluation.ukgen (seed {seed})",
        split=ctx.split,
        rows=len(rows),
        origin="generated",
    )
    section.tables.append(per_type_table(
        "Per entity type (exact and overlap precision / recall / F1)", gold, {"CivicGuard": cg, "Presidio": pr},
        UK_TYPES,
        note="Spans on the councils' own published contact details are left out here and counted below. "
             "Anything else either system reports where the gold has nothing (an invalid NHS number, a "
             "near-miss postcode, a US-identifier guess) is a false positive of its type.",
    ))
    section.tables.append(Table(
        "Look-alikes that are not personal data (how many each system reported, as any type)",
        ["kind", "in the set", "CivicGuard reported", "Presidio reported"],
        [*decoy_rows,
         ["invalid_nhs reported as an NHS number", invalid_nhs_total, invalid["civicguard"], invalid["presidio"]],
         ["council_contact (published by the pack's council)", n_contacts, cg_contacts, pr_contacts]],
    ))
    section.metrics = {
        "seed": seed,
        "civicguard": scores(gold, cg),
        "presidio": scores(gold, pr),
        "civicguard_per_type": per_type_metrics(gold, cg, UK_TYPES),
        "presidio_per_type": per_type_metrics(gold, pr, UK_TYPES),
        "invalid_nhs_reported": invalid,
        "council_contacts_reported": {"total": n_contacts, "civicguard": cg_contacts, "presidio": pr_contacts,
                                      "civicguard_types": dict(cg_contact_kinds),
                                      "presidio_types": dict(pr_contact_kinds)},
        "lookalikes_reported": {row[0]: {"total": row[1], "civicguard": row[2], "presidio": row[3]}
                                for row in decoy_rows},
    }
    section.notes += [
        f"{len(rows)} sentences from `civicguard.evaluation.ukgen.generate({seed}, {len(rows)})` (the seed "
        "depends on the split, so the report's sentences are not the ones the detectors were developed on). "
        "Generated data test the patterns the generator writes, not the variety of real posts.",
        "CivicGuard runs each row through its council's pack (St Helens or Sefton), so each council's own "
        "published numbers and e-mail addresses (pack facts) are known to it; Presidio has no such notion.",
        "Mapping: UK_NHS -> NHS_NUMBER (both systems), UK_NINO -> NI_NUMBER, UK_POSTCODE -> POSTCODE, UK_PHONE "
        "and PHONE_NUMBER -> PHONE_NUMBER, DATE_OF_BIRTH (Presidio: DATE_TIME after a birth cue), EMAIL_ADDRESS; "
        "other types keep their synthetic-set mapping (Presidio's US identifiers become OTHER_NATIONAL_ID).",
    ]
    return section
