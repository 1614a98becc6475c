"""Backtest a change to a policy pack on labelled posts before the council makes it.

An officer who wants to raise a rule's confidence `threshold` (or try an edited copy of the pack) gives a file
of posts, optionally labelled with the verdict and categories they should get. Every row is checked with the
current pack and with the proposed one, and the report says which verdicts change (pass -> block, ...), and,
where rows are labelled, the verdict accuracy and per-category precision, recall and F1 before and after.

When the proposal differs from the pack only in thresholds (the usual case), each row is checked once: the
rules run at the lower of the two thresholds, and each side keeps the findings at or above its own threshold
(exactly what the engine would report, since the threshold only decides which detections survive). Any other
change (severities, parameters, rules added or removed, facts) checks each row with both packs, sharing the
spaCy parse.

Rows name their council or take the pack's; rows for another shipped council are skipped and counted (a file
may mix councils); a council that is neither the pack's nor a shipped one is bad input.
"""

from __future__ import annotations

import csv
import difflib
import functools
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from civicguard.engine.check import Engine
from civicguard.engine.inputs import CheckRequest, check_request, csv_records, json_lines
from civicguard.engine.model import CATEGORIES, CHANNELS, Finding
from civicguard.engine.nlp import SPACY_MEMO
from civicguard.engine.packs.loader import pack_for, shipped_pack_ids
from civicguard.engine.packs.schema import Pack, Rule
from civicguard.engine.verdict import verdict_of
from civicguard.errors import BadInput, CivicGuardError

VERDICTS: tuple[str, ...] = ("pass", "warn", "block")
BATCH = 32
_MAX_PROBLEMS = 20  # malformed lines listed in one error; the rest are counted


# ---------------------------------------------------------------------------------------------------------------
# Labelled rows


@dataclass(frozen=True)
class LabelledRow:
    """One row of the data file: what to check, where, and (optionally) what the verdict should be."""

    line: int
    id: str
    council: str | None  # as given in the row; None means "the pack's council"
    request: CheckRequest  # validated; its context is re-bound to the pack under test
    expected_verdict: str | None = None
    expected_categories: frozenset[str] | None = None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _expected_categories(value: Any, *, verdict_labelled: bool) -> frozenset[str] | None:
    if value is None:
        return None  # not labelled
    if _blank(value):
        # An empty CSV cell next to an expected verdict means "no category expected"; alone, not labelled.
        return frozenset() if verdict_labelled else None
    if isinstance(value, str):
        items = [c.strip() for c in value.split(";") if c.strip()]
    elif isinstance(value, list) and all(isinstance(c, str) for c in value):
        items = [c.strip() for c in value]
    else:
        raise BadInput("expected categories must be a list of names or a ;-separated string")
    unknown = sorted(set(items) - CATEGORIES)
    if unknown:
        raise BadInput(f"unknown expected categor{'y' if len(unknown) == 1 else 'ies'} {', '.join(unknown)} "
                       f"(known: {', '.join(sorted(CATEGORIES))})")
    return frozenset(items)


def labelled_row(data: Any, line: int, *, default_channel: str = "official") -> LabelledRow:
    """Validate one row (a JSON object or a CSV record). Raises BadInput (without the line number)."""
    if not isinstance(data, Mapping):
        raise BadInput("a row must be a JSON object")
    if default_channel not in CHANNELS:
        raise BadInput(f"the default channel must be one of {', '.join(CHANNELS)}, not {default_channel!r}")
    expect = data.get("expect")
    if expect is not None and not isinstance(expect, Mapping):
        raise BadInput("expect must be an object with verdict and categories")
    expect = expect or {}
    verdict = expect.get("verdict", data.get("expect.verdict", data.get("expected_verdict")))
    categories = expect.get("categories", data.get("expect.categories", data.get("expected_categories")))
    if _blank(verdict):
        verdict = None
    elif not isinstance(verdict, str) or verdict.strip().lower() not in VERDICTS:
        raise BadInput(f"expected verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
    else:
        verdict = verdict.strip().lower()
    expected = _expected_categories(categories, verdict_labelled=verdict is not None)

    council = data.get("council")
    if _blank(council):
        council = None
    elif not isinstance(council, str):
        raise BadInput(f"council must be a council id, not {council!r}")
    channel = data.get("as")
    if _blank(channel):
        channel = data.get("channel")
    if _blank(channel):
        channel = default_channel
    # check_request validates the council against the shipped packs, but the pack under test may be an
    # unshipped folder: validate the rest of the row with any shipped id and bind the council at check time.
    fields = {k: v for k, v in data.items() if k not in ("council", "as", "channel", "id", "expect")}
    fields = {k: v for k, v in fields.items() if not (isinstance(v, str) and not v.strip() and k != "text")}
    request = check_request({**fields, "as": channel, "council": _probe_council()})
    row_id = data.get("id")
    return LabelledRow(line=line, id=f"#{line}" if _blank(row_id) else str(row_id), council=council,
                       request=request, expected_verdict=verdict, expected_categories=expected)


@functools.cache
def _probe_council() -> str:
    return shipped_pack_ids()[0]


def _raise_problems(problems: list[str], source: str) -> None:
    if not problems:
        return
    shown = problems[:_MAX_PROBLEMS]
    more = len(problems) - len(shown)
    lines = "\n".join(f"  {p}" for p in shown) + (f"\n  ... and {more} more" if more else "")
    raise BadInput(f"{source}: {len(problems)} malformed row(s), nothing was checked:\n{lines}",
                   problems=problems)


def _row_or_problem(data: Any, line: int, default_channel: str, problems: list[str]) -> LabelledRow | None:
    try:
        return labelled_row(data, line, default_channel=default_channel)
    except CivicGuardError as exc:
        problems.append(f"line {line}: {exc.message}")
        return None


def parse_jsonl(lines: Iterable[str], *, default_channel: str = "official", source: str = "data") -> list[LabelledRow]:
    """Rows from JSON Lines (blank lines ignored). Every malformed line is reported in one BadInput."""
    rows: list[LabelledRow] = []
    problems: list[str] = []
    for number, data in json_lines(lines, problems):
        row = _row_or_problem(data, number, default_channel, problems)
        if row is not None:
            rows.append(row)
    _raise_problems(problems, source)
    return rows


def parse_csv(handle: IO[str], *, default_channel: str = "official", source: str = "data") -> list[LabelledRow]:
    """Rows from CSV with a header naming at least `text`; labels as `expected_verdict` and
    `expected_categories` (;-separated), or `expect.verdict` and `expect.categories`."""
    reader = csv.DictReader(handle)
    if "text" not in (reader.fieldnames or []):
        found = ", ".join(reader.fieldnames or []) or "no header"
        raise BadInput(f"{source}: the CSV header must name a text column (found: {found})")
    rows: list[LabelledRow] = []
    problems: list[str] = []
    for line, record in csv_records(reader, problems):
        row = _row_or_problem(record, line, default_channel, problems)
        if row is not None:
            rows.append(row)
    _raise_problems(problems, source)
    return rows


def read_rows(path: str | Path, *, default_channel: str = "official") -> list[LabelledRow]:
    """Read a labelled file: CSV when its name ends in .csv, JSON Lines otherwise."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            if path.suffix.lower() == ".csv":
                return parse_csv(handle, default_channel=default_channel, source=str(path))
            return parse_jsonl(handle, default_channel=default_channel, source=str(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"cannot read {path}: {exc}") from None


# ---------------------------------------------------------------------------------------------------------------
# The proposal


def with_thresholds(pack: Pack, thresholds: Mapping[str, float]) -> Pack:
    """`pack` with the given rules' thresholds overridden; unknown rule ids and values outside 0..1 are
    BadInput."""
    known = {r.id for r in pack.rules}
    for rule_id, value in thresholds.items():
        if rule_id not in known:
            near = difflib.get_close_matches(rule_id, sorted(known), n=1)
            hint = f"; did you mean {near[0]}?" if near else f" (rules: {', '.join(sorted(known))})"
            raise BadInput(f"{pack.id} has no rule {rule_id!r}{hint}", field="thresholds")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value) \
                or not 0.0 <= value <= 1.0:
            raise BadInput(f"the threshold for {rule_id} must be a number from 0 to 1, not {value!r}",
                           field="thresholds")
    rules = [r.model_copy(update={"threshold": float(thresholds[r.id])}) if r.id in thresholds else r
             for r in pack.rules]
    return pack.model_copy(update={"rules": rules})


def proposal(pack: Pack, *, thresholds: Mapping[str, float] | None = None, proposed_pack: Pack | None = None) -> Pack:
    """The pack to compare with `pack`: `proposed_pack` (default `pack`) with `thresholds` applied. BadInput for
    a proposed pack of another council, an unknown rule id or a threshold outside 0..1."""
    if proposed_pack is not None and proposed_pack.id != pack.id:
        raise BadInput(f"the proposed pack is for {proposed_pack.id} ({proposed_pack.council}), not {pack.id}",
                       field="proposed_pack")
    return with_thresholds(proposed_pack or pack, thresholds or {})


def _without_threshold(rules: list[Rule]) -> dict[str, dict[str, Any]]:
    return {r.id: r.model_dump(exclude={"threshold"}) for r in rules}


def _thresholds_only(a: Pack, b: Pack) -> bool:
    """True when checking with `b` differs from checking with `a` only by rule thresholds."""
    return (a.facts == b.facts and a.citation == b.citation
            and [r.id for r in a.rules] == [r.id for r in b.rules]
            and _without_threshold(a.rules) == _without_threshold(b.rules))


def _field_changes(a: dict[str, Any], b: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k: {"before": a.get(k), "after": b.get(k)} for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)}


def pack_changes(a: Pack, b: Pack) -> dict[str, Any]:
    """What the proposal changes: thresholds, rules added, removed or otherwise changed, and facts."""
    ra, rb = {r.id: r for r in a.rules}, {r.id: r for r in b.rules}
    da, db = _without_threshold(a.rules), _without_threshold(b.rules)
    return {
        "thresholds": [{"rule": i, "before": ra[i].threshold, "after": rb[i].threshold}
                       for i in ra if i in rb and ra[i].threshold != rb[i].threshold],
        "rules_added": [i for i in rb if i not in ra],
        "rules_removed": [i for i in ra if i not in rb],
        "rules_changed": [{"rule": i, "fields": _field_changes(da[i], db[i])}
                          for i in ra if i in rb and da[i] != db[i]],
        "facts_changed": a.facts != b.facts,
    }


# ---------------------------------------------------------------------------------------------------------------
# The report


@dataclass(frozen=True)
class Score:
    """Counts for one category over the labelled rows; a ratio with nothing to divide is None."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        # 2PR / (P + R), written so that it is 0 (not undefined) when nothing expected was found.
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else None

    def to_dict(self) -> dict[str, Any]:
        return {"precision": _round(self.precision), "recall": _round(self.recall), "f1": _round(self.f1),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _brief(f: Finding) -> dict[str, Any]:
    return {"rule": f.rule, "category": f.category, "severity": f.severity.value, "text": f.text,
            "confidence": round(f.confidence, 3), "needs_human": f.needs_human}


def _key(f: Finding) -> tuple[str, int, int, str]:
    return (f.rule, f.start, f.end, f.label)


@dataclass(frozen=True)
class RowOutcome:
    line: int
    id: str
    channel: str
    text: str
    expected_verdict: str | None
    expected_categories: frozenset[str] | None
    verdict_before: str
    verdict_after: str
    categories_before: frozenset[str]
    categories_after: frozenset[str]
    dropped: tuple[Finding, ...] = ()  # reported before, not after
    added: tuple[Finding, ...] = ()  # reported after, not before

    @property
    def verdict_changed(self) -> bool:
        return self.verdict_before != self.verdict_after

    @property
    def categories_changed(self) -> bool:
        return self.categories_before != self.categories_after

    @property
    def transition(self) -> str:
        return f"{self.verdict_before}->{self.verdict_after}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line, "id": self.id, "channel": self.channel, "text": self.text,
            "expected_verdict": self.expected_verdict,
            "expected_categories": None if self.expected_categories is None else sorted(self.expected_categories),
            "verdict_before": self.verdict_before, "verdict_after": self.verdict_after,
            "verdict_changed": self.verdict_changed,
            "categories_before": sorted(self.categories_before), "categories_after": sorted(self.categories_after),
            "categories_changed": self.categories_changed,
            "dropped": [_brief(f) for f in self.dropped], "added": [_brief(f) for f in self.added],
        }


@dataclass(frozen=True)
class BacktestReport:
    pack: Pack
    proposed: Pack
    rows: tuple[RowOutcome, ...]
    skipped: dict[str, int] = field(default_factory=dict)  # rows for other councils, by council

    @property
    def changes(self) -> dict[str, Any]:
        return pack_changes(self.pack, self.proposed)

    @property
    def changed_rows(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.verdict_changed]

    @property
    def transitions(self) -> dict[str, int]:
        counts = Counter(r.transition for r in self.changed_rows)
        order = {f"{a}->{b}": i for i, (a, b) in enumerate((a, b) for a in VERDICTS for b in VERDICTS)}
        return dict(sorted(counts.items(), key=lambda kv: order[kv[0]]))

    def accuracy(self) -> dict[str, Any] | None:
        """Share of verdict-labelled rows whose verdict matches, before and after; None when none is labelled."""
        labelled = [r for r in self.rows if r.expected_verdict is not None]
        if not labelled:
            return None
        before = sum(r.verdict_before == r.expected_verdict for r in labelled)
        after = sum(r.verdict_after == r.expected_verdict for r in labelled)
        n = len(labelled)
        return {"labelled": n, "correct_before": before, "correct_after": after,
                "before": round(before / n, 4), "after": round(after / n, 4)}

    def category_scores(self) -> dict[str, tuple[Score, Score]]:
        """Per category (expected or found on a category-labelled row): (before, after) counts."""
        labelled = [r for r in self.rows if r.expected_categories is not None]
        names: set[str] = set()
        for r in labelled:
            assert r.expected_categories is not None
            names |= r.expected_categories | r.categories_before | r.categories_after
        out: dict[str, tuple[Score, Score]] = {}
        for name in sorted(names):
            sides = []
            for attr in ("categories_before", "categories_after"):
                tp = fp = fn = 0
                for r in labelled:
                    expected = name in (r.expected_categories or ())
                    found = name in getattr(r, attr)
                    tp += expected and found
                    fp += found and not expected
                    fn += expected and not found
                sides.append(Score(tp, fp, fn))
            out[name] = (sides[0], sides[1])
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "pack": {"id": self.pack.id, "council": self.pack.council, "version": self.pack.version},
            "proposed": {"id": self.proposed.id, "version": self.proposed.version},
            "changes": self.changes,
            "rows_checked": len(self.rows),
            "skipped": dict(self.skipped),
            "verdict_changes": self.transitions,
            "rows_with_verdict_change": len(self.changed_rows),
            "rows_with_category_change": sum(r.categories_changed for r in self.rows),
            "accuracy": self.accuracy(),
            "categories": {name: {"before": b.to_dict(), "after": a.to_dict()}
                           for name, (b, a) in self.category_scores().items()},
            "rows": [r.to_dict() for r in self.rows],
        }


# ---------------------------------------------------------------------------------------------------------------
# Running it


def _select(rows: Iterable[LabelledRow], pack: Pack) -> tuple[list[LabelledRow], dict[str, int]]:
    shipped = set(shipped_pack_ids())
    kept: list[LabelledRow] = []
    skipped: Counter[str] = Counter()
    problems: list[str] = []
    for row in rows:
        if row.council is None or row.council == pack.id:
            kept.append(row)
        elif row.council in shipped:
            skipped[row.council] += 1
        else:
            problems.append(f"line {row.line}: unknown council {row.council!r} (the pack is {pack.id}; "
                            f"shipped: {', '.join(sorted(shipped))})")
    _raise_problems(problems, "data")
    if not kept:
        other = ", ".join(f"{c} {n}" for c, n in sorted(skipped.items()))
        raise BadInput(f"no rows for {pack.id} to check" + (f" (rows for other councils: {other})" if other else ""))
    return kept, dict(sorted(skipped.items()))


def _parses(rows: list[LabelledRow]) -> Iterator[Any]:
    from civicguard.engine.nlp import pipeline

    # One spaCy pass over the batch, shared by every check of a row (as `civicguard scan` does).
    return iter(pipeline().pipe([r.request.content.text for r in rows], batch_size=BATCH))


def _outcome(row: LabelledRow, channel: str, before: list[Finding], after: list[Finding]) -> RowOutcome:
    keys_before, keys_after = {_key(f) for f in before}, {_key(f) for f in after}
    return RowOutcome(
        line=row.line, id=row.id, channel=channel, text=row.request.content.text,
        expected_verdict=row.expected_verdict, expected_categories=row.expected_categories,
        verdict_before=verdict_of(before), verdict_after=verdict_of(after),
        categories_before=frozenset(f.category for f in before), categories_after=frozenset(f.category for f in after),
        dropped=tuple(f for f in before if _key(f) not in keys_after),
        added=tuple(f for f in after if _key(f) not in keys_before),
    )


def backtest(pack_id_or_pack: str | Pack, rows: Iterable[LabelledRow | Mapping[str, Any]], *,
             thresholds: Mapping[str, float] | None = None, proposed_pack: Pack | None = None) -> BacktestReport:
    """Check every row with the current pack and the proposed one and compare.

    The proposal is `proposed_pack` (default: the current pack) with `thresholds` ({rule id: 0..1}) applied.
    Rows may be LabelledRow or plain mappings (validated as data rows). Raises BadInput for unknown rule ids,
    thresholds outside 0..1, a proposed pack for another council, bad rows or no rows for the pack.
    """
    pack = pack_for(pack_id_or_pack) if isinstance(pack_id_or_pack, str) else pack_id_or_pack
    proposed = proposal(pack, thresholds=thresholds, proposed_pack=proposed_pack)
    parsed: list[LabelledRow] = []
    problems: list[str] = []
    for i, row in enumerate(rows, start=1):
        if isinstance(row, LabelledRow):
            parsed.append(row)
        else:
            found = _row_or_problem(row, i, "official", problems)
            if found is not None:
                parsed.append(found)
    _raise_problems(problems, "rows")
    selected, skipped = _select(parsed, pack)

    outcomes: list[RowOutcome] = []
    if _thresholds_only(pack, proposed):
        before_t = {r.id: r.threshold for r in pack.rules}
        after_t = {r.id: r.threshold for r in proposed.rules}
        lowest = {k: min(v, after_t[k]) for k, v in before_t.items()}
        engine = Engine(with_thresholds(pack, lowest))
        for row, parse in zip(selected, _parses(selected), strict=True):
            context = replace(row.request.context, council=pack.id)
            result = engine.check(row.request.content, context, memo={SPACY_MEMO: parse})
            before = [f for f in result.findings if f.needs_human or f.confidence >= before_t[f.rule]]
            after = [f for f in result.findings if f.needs_human or f.confidence >= after_t[f.rule]]
            outcomes.append(_outcome(row, context.channel, before, after))
    else:
        engine_before, engine_after = Engine(pack), Engine(proposed)
        for row, parse in zip(selected, _parses(selected), strict=True):
            context = replace(row.request.context, council=pack.id)
            before_r = engine_before.check(row.request.content, context, memo={SPACY_MEMO: parse})
            after_r = engine_after.check(row.request.content, context, memo={SPACY_MEMO: parse})
            outcomes.append(_outcome(row, context.channel, list(before_r.findings), list(after_r.findings)))
    return BacktestReport(pack=pack, proposed=proposed, rows=tuple(outcomes), skipped=skipped)
