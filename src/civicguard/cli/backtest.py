"""`civicguard policy backtest`: how a threshold change or an edited pack would change verdicts on labelled posts."""

from __future__ import annotations

import json
import math
from pathlib import Path

import click

from civicguard.cli.errors import handle_errors
from civicguard.engine.backtest import BacktestReport, RowOutcome, backtest, proposal, read_rows
from civicguard.engine.model import CHANNELS
from civicguard.engine.packs.loader import load_pack, pack_for
from civicguard.errors import BadInput

TEXT_WIDTH = 70


def _thresholds(specs: tuple[str, ...]) -> dict[str, float]:
    out: dict[str, float] = {}
    for spec in specs:
        rule, sep, raw = spec.rpartition("=")
        rule = rule.strip()
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not sep or not rule or math.isnan(value):
            raise BadInput(f"Give --threshold as RULE=VALUE with VALUE from 0 to 1, not {spec!r}")
        if rule in out and out[rule] != value:
            raise BadInput(f"--threshold gives {rule} twice ({out[rule]:g} and {value:g}): give each rule once")
        out[rule] = value
    return out


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _short(text: str, width: int = TEXT_WIDTH) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _table(rows: list[list[str]], headers: list[str]) -> list[str]:
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for row in [headers, *rows]:
        cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  " + "  ".join(cells).rstrip())
    lines.insert(1, ("  " + "  ".join(("-" if h else " ") * w for h, w in zip(headers, widths, strict=True))).rstrip())
    return lines


def _value(value: object) -> str:
    return _short(json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value, 50)


def _changes(report: BacktestReport) -> list[str]:
    changes = report.changes
    lines = [f"  {c['rule']}: threshold {c['before']:g} -> {c['after']:g}" for c in changes["thresholds"]]
    for key, label in (("rules_added", "added"), ("rules_removed", "removed")):
        lines += [f"  {rule}: {label}" for rule in changes[key]]
    for change in changes["rules_changed"]:
        fields = "; ".join(f"{name} {_value(v['before'])} -> {_value(v['after'])}"
                           for name, v in change["fields"].items())
        lines.append(f"  {change['rule']}: {fields}")
    if changes["facts_changed"]:
        lines.append("  the pack's facts")
    return lines or ["  nothing (both sides are the same pack)"]


def _right(ok: bool) -> str:
    return "right" if ok else "wrong"


def _row_lines(row: RowOutcome) -> list[str]:
    change = f"{row.verdict_before} -> {row.verdict_after}" if row.verdict_changed else row.verdict_after
    expected = ""
    if row.expected_verdict is not None:
        was, now = (_right(v == row.expected_verdict) for v in (row.verdict_before, row.verdict_after))
        expected = f", expected {row.expected_verdict} ({'was ' + was + ', now ' if was != now else ''}{now})"
    head = f"  {row.id} (line {row.line}, {row.channel}): {change}{expected}"
    lines = [head, f"    {_short(row.text)}"]
    if row.categories_changed:
        before = ", ".join(sorted(row.categories_before)) or "none"
        after = ", ".join(sorted(row.categories_after)) or "none"
        lines.append(f"    categories: {before} -> {after}")
    for sign, findings in (("-", row.dropped), ("+", row.added)):
        for f in findings:
            lines.append(f"    {sign} {f.rule} {f.severity.value} \"{_short(f.text, 40)}\" ({f.confidence:.2f})")
    return lines


def render_report(report: BacktestReport, data: str, *, show_all: bool = False) -> str:
    pack = report.pack
    lines = [f"backtest of {pack.id} ({pack.council}, version {pack.version}) on {data}", "proposed change:"]
    lines += _changes(report)
    skipped = ", ".join(f"{c} {n}" for c, n in report.skipped.items())
    lines.append(f"rows checked: {len(report.rows)}" + (f" (skipped, other councils: {skipped})" if skipped else ""))
    lines.append("")
    changed = report.changed_rows
    lines.append(f"verdict changes: {len(changed)} of {len(report.rows)} rows")
    lines += [f"  {t.replace('->', ' -> '):<16}{n:>6}" for t, n in report.transitions.items()]
    category_only = sum(r.categories_changed and not r.verdict_changed for r in report.rows)
    if category_only:
        lines.append(f"  categories change, verdict does not: {category_only}")
    acc = report.accuracy()
    if acc is None:
        lines.append("accuracy: no row has an expected verdict")
    else:
        lines.append(f"verdict accuracy ({acc['labelled']} labelled rows): "
                     f"before {acc['before']:.1%} ({acc['correct_before']}/{acc['labelled']}), "
                     f"after {acc['after']:.1%} ({acc['correct_after']}/{acc['labelled']})")
    scores = report.category_scores()
    if scores:
        lines += ["", "categories on labelled rows (P precision, R recall; - nothing to divide; * scores change):"]
        table = []
        for name, (b, a) in scores.items():
            table.append([name, str(b.tp + b.fn), _pct(b.precision), _pct(b.recall), _pct(b.f1),
                          _pct(a.precision), _pct(a.recall), _pct(a.f1), "*" if b != a else ""])
        lines += _table(table, ["category", "expected", "P before", "R before", "F1 before", "P after", "R after",
                                "F1 after", ""])
    shown = list(report.rows) if show_all else changed
    lines.append("")
    if show_all:
        lines.append(f"all rows ({len(shown)}):")
    else:
        lines.append(f"rows whose verdict changes ({len(shown)}):" if shown else "no verdict changes")
    for row in shown:
        lines += _row_lines(row)
    return "\n".join(lines)


@click.command("backtest")
@click.argument("pack_id", metavar="ID")
@click.option("--data", "data", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="Labelled posts: JSONL, or CSV with a header (a .csv name).")
@click.option("--threshold", "thresholds", multiple=True, metavar="RULE=VALUE",
              help="Propose a rule's confidence threshold, 0 to 1 (repeatable).")
@click.option("--proposed", type=click.Path(path_type=Path, exists=True),
              help="Propose a whole pack: an edited copy of the pack folder (or its pack.yaml).")
@click.option("--as", "channel", type=click.Choice(CHANNELS), default="official", show_default=True,
              help="Channel for rows that name none.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
@click.option("--show-all", is_flag=True, help="List every row, not only those whose verdict changes.")
@handle_errors
def backtest_command(pack_id: str, data: Path, thresholds: tuple[str, ...], proposed: Path | None, channel: str,
                     as_json: bool, show_all: bool) -> None:
    """Check labelled posts in --data with pack ID and with a proposed change, and compare the verdicts.

    Rows for another council are skipped and counted. Exit status: 0 on success, 2 for bad input (a
    malformed row, with its line number; an unknown rule; a threshold outside 0..1; a proposed pack for
    another council).
    """
    pack = pack_for(pack_id)
    overrides = _thresholds(thresholds)
    proposed_pack = None
    if proposed is not None:
        proposed_pack = load_pack(proposed.parent if proposed.name == "pack.yaml" else proposed)
    proposal(pack, thresholds=overrides, proposed_pack=proposed_pack)  # reject a bad proposal before reading
    rows = read_rows(data, default_channel=channel)
    report = backtest(pack, rows, thresholds=overrides, proposed_pack=proposed_pack)
    if as_json:
        click.echo(json.dumps({"data": str(data), **report.to_dict()}, ensure_ascii=False, indent=2))
    else:
        click.echo(render_report(report, data.name, show_all=show_all))
