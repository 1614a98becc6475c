"""`civicguard policy`: list, show, validate, compare and import policy packs."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from civicguard.cli.backtest import backtest_command
from civicguard.cli.errors import EXIT_BAD_INPUT, handle_errors
from civicguard.engine.packs.errors import PackError
from civicguard.engine.packs.history import UnknownVersion, clause_changes, find_version, pack_versions, render_words
from civicguard.engine.packs.importer import dump_pack_yaml, import_document
from civicguard.engine.packs.loader import load_pack, pack_for, shipped_pack_ids
from civicguard.engine.packs.schema import Pack
from civicguard.engine.traceability import WORKFLOWS, clause_coverage, pack_diff
from civicguard.errors import BadInput


@click.group("policy")
def policy() -> None:
    """Policy packs: the councils' policies as validated data."""


def _table(rows: list[list[str]], headers: list[str]) -> str:
    # The last column is free text: never let one long cell stretch the rule under the header.
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    widths[-1] = min(widths[-1], max(len(headers[-1]), 60))
    lines = []
    for row in [headers, *rows]:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


@policy.command("list")
@handle_errors
def list_command() -> None:
    """List the shipped packs with their version and clause and rule counts."""
    rows = []
    for pack_id in shipped_pack_ids():
        pack = pack_for(pack_id)
        rows.append([pack.id, pack.council, pack.version, str(len(pack.clauses)), str(len(pack.rules))])
    click.echo(_table(rows, ["id", "council", "version", "clauses", "rules"]))


def _show_pack(pack: Pack) -> None:
    doc = pack.document
    counts: dict[str, int] = {}
    for row in clause_coverage(pack):
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    click.echo(f"{pack.id}: {pack.council} ({pack.status})")
    click.echo(f"  document: {doc.title}, version {doc.version} [{doc.source}]")
    if doc.issued:
        click.echo(f"  issued: {doc.issued.isoformat()}")
    if doc.amended:
        click.echo(f"  amended: {', '.join(doc.amended)}")
    if doc.approved_by:
        click.echo(f"  approved by: {doc.approved_by}")
    click.echo(f"  clauses: {len(pack.clauses)} ({', '.join(f'{n} {s}' for s, n in sorted(counts.items()))})")
    click.echo(f"  rules: {len(pack.rules)}")
    if pack.facts is not None:
        f = pack.facts
        click.echo(f"  business case: completed by {f.business_case.completed_by}, "
                   f"approved by {f.business_case.approved_by}")
        click.echo(f"  accounts created by: {f.account_creation.created_by}")
        click.echo(f"  gross misconduct: {', '.join(pack.cite(c) for c in f.gross_misconduct.clauses)}")
        click.echo(f"  policy review: every {f.reviews.policy_interval_months} months by "
                   f"{', '.join(f.reviews.policy_reviewed_by)}")


def _show_clause(pack: Pack, number: str) -> None:
    clause = pack.clause(number)
    if clause is None:
        raise BadInput(f"{pack.id} has no clause {number!r}: see its clauses with "
                       f"`civicguard policy coverage {pack.id}`")
    click.echo(f"{pack.cite(clause.number)}: {clause.heading}")
    click.echo("")
    for line in clause.text.splitlines():
        click.echo(f"  {line}")
    rules = [r for r in pack.rules if clause.number in r.clauses]
    click.echo("")
    click.echo(f"rules ({len(rules)}):")
    for r in rules:
        state = "" if r.enabled else " (disabled)"
        click.echo(f"  {r.id}{state}: {r.severity} on {', '.join(r.applies_to)} [{r.category}, {r.detector}]")
        click.echo(f"    message: {r.message}")
        click.echo(f"    remedy: {r.remedy}")
    enf = clause.enforcement
    click.echo(f"workflows ({len(enf.workflows)}):")
    for name in enf.workflows:
        wf = WORKFLOWS.get(name)
        click.echo(f"  {name}: {wf.description} ({wf.status})" if wf else f"  {name}")
    if enf.informational:
        click.echo("informational")
    if enf.note:
        click.echo(f"note: {enf.note}")


@policy.command("show")
@click.argument("pack_id", metavar="ID")
@click.argument("clause", required=False)
@handle_errors
def show_command(pack_id: str, clause: str | None) -> None:
    """Show a pack's summary, or one CLAUSE with its text, the rules citing it and its workflows."""
    pack = pack_for(pack_id)
    if clause is None:
        _show_pack(pack)
    else:
        _show_clause(pack, clause)


@policy.command("validate")
@click.argument("file", type=click.Path(path_type=Path, exists=True))
@handle_errors
def validate_command(file: Path) -> None:
    """Validate a pack folder, its pack.yaml, or a single-file pack; exit 2 when it is invalid."""
    target = file.parent if file.name == "pack.yaml" else file
    try:
        pack = load_pack(target)
    except PackError as exc:
        click.echo(f"invalid: {target} ({len(exc.problems)} problem(s))")
        for problem in exc.problems:
            click.echo(f"  {problem}")
        sys.exit(EXIT_BAD_INPUT)
    click.echo(f"valid: {pack.id} ({pack.council}, {pack.status}, version {pack.version}, "
               f"{len(pack.clauses)} clauses, {len(pack.rules)} rules)")


@policy.command("coverage")
@click.argument("pack_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the coverage as JSON.")
@handle_errors
def coverage_command(pack_id: str, as_json: bool) -> None:
    """Per clause: whether a rule, a workflow or nothing (informational) puts it into practice."""
    pack = pack_for(pack_id)
    rows = clause_coverage(pack)
    if as_json:
        click.echo(json.dumps({"pack": pack.id, "version": pack.version, "clauses": rows}, indent=2))
        return
    table = []
    for r in rows:
        workflows = [w["name"] + ("" if w["status"].startswith("built") else " (planned)") for w in r["workflows"]]
        enforced_by = ", ".join(r["rules"] + workflows)
        table.append([r["clause"], r["status"], enforced_by or r["note"] or ""])
    click.echo(_table(table, ["clause", "status", "rules / workflows"]))
    planned = sorted({w["name"] for r in rows for w in r["workflows"] if not w["status"].startswith("built")})
    if planned:
        click.echo(f"\nnot built yet ({len(planned)}): {', '.join(planned)}")


def _requirement(req: str) -> str:
    return req.split(":", 1)[1]


@policy.command("diff")
@click.argument("first", metavar="ID")
@click.argument("second", metavar="[ID]", required=False)
@click.option("--from", "from_version", metavar="V1", help="Compare one council's versions: the older version.")
@click.option("--to", "to_version", metavar="V2", help="The newer version (default: the pack's current version).")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@handle_errors
def diff_command(first: str, second: str | None, from_version: str | None, to_version: str | None,
                 as_json: bool) -> None:
    """Compare two councils' packs (ID ID), or one council's clause wording between two versions of its pack
    (ID --from V1 --to V2: added, removed and changed clauses, changed words marked [-removed-] {+added+})."""
    if from_version is not None or to_version is not None:
        if second is not None:
            raise BadInput("Compare two councils (ID ID) or two versions of one council (ID --from V1 --to V2), "
                           "not both")
        if from_version is None:
            raise BadInput("Name the older version with --from")
        _version_diff(first, from_version, to_version, as_json)
        return
    if second is None:
        raise BadInput("Name a second council to compare with, or versions with --from and --to")
    a, b = pack_for(first), pack_for(second)
    diff = pack_diff(a, b)
    if as_json:
        click.echo(json.dumps(diff, indent=2, default=str))
        return
    for side, this, other in (("a_clauses", a, b), ("b_clauses", b, a)):
        click.echo(f"{this.council} requires, and nothing in {other.council} enforces:")
        rows = [r for r in diff[side] if r["not_in_other"]]
        for r in rows:
            near = ""
            if r["best_match"]:
                near = f" (nearest: {r['best_match']}, similarity {r['similarity']:.2f})"
            click.echo(f"  {r['citation']}: {', '.join(_requirement(x) for x in r['not_in_other'])}{near}")
        if not rows:
            click.echo("  nothing")
        click.echo("")
    if diff["rules"]:
        click.echo(f"checks at different severities ({a.council} / {b.council}):")
        for r in diff["rules"]:
            click.echo(f"  {r['check']}: {r['a'] or '-'} / {r['b'] or '-'}")
        click.echo("")
    click.echo(f"facts that differ ({a.council} / {b.council}):")
    for f in diff["facts"]:
        click.echo(f"  {f['fact']}: {_fact(f['a'])} / {_fact(f['b'])}")


def _version_diff(council: str, from_version: str, to_version: str | None, as_json: bool) -> None:
    pack = pack_for(council)
    versions = pack_versions(council)
    try:
        old = find_version(versions, from_version)
        new = find_version(versions, to_version) if to_version is not None else versions[-1]
    except UnknownVersion as exc:
        raise BadInput(f"{pack.council}: {exc.message}. Old wording is kept in "
                       f"policies/{council}/versions/<version>/clauses.yaml") from None
    changes = clause_changes(old, new)
    if as_json:
        click.echo(json.dumps({"council": pack.id, **changes}, indent=2))
        return
    click.echo(f"{pack.council}: version {old.version} -> {new.version}")
    if not (changes["added"] or changes["removed"] or changes["changed"]):
        click.echo("  the wording of every clause is the same")
        return
    for title, key in (("added", "added"), ("removed", "removed")):
        if changes[key]:
            click.echo(f"\nclauses {title} ({len(changes[key])}):")
            for c in changes[key]:
                click.echo(f"  {pack.cite(c['number'])} {c['heading']}: {c['text']}")
    if changes["changed"]:
        click.echo(f"\nclauses changed ({len(changes['changed'])}), removed words in [-...-], added in {{+...+}}:")
        for c in changes["changed"]:
            heading = c["heading"] if c["heading_before"] is None else f"[-{c['heading_before']}-] {{+{c['heading']}+}}"
            click.echo(f"  {pack.cite(c['number'])} {heading}:")
            click.echo(f"    {render_words(c['words'])}")
    click.echo(f"\nunchanged: {changes['unchanged']} clauses")


def _fact(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "-"
    return "-" if value is None else str(value)


@policy.command("import")
@click.argument("document", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--council", "council_id", required=True, help="Id for the new pack, e.g. st-helens.")
@click.option("--name", help="The council's name, e.g. 'St Helens Council' (default: from the document).")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="Write here, not stdout.")
@handle_errors
def import_command(document: Path, council_id: str, name: str | None, out: Path | None) -> None:
    """Turn a policy DOCUMENT (text or Markdown) into a draft pack with every numbered clause."""
    try:
        text = document.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"Cannot read {document}: {exc}") from None
    draft = import_document(text, council_id=council_id, council_name=name, source=document.name)
    if not draft["clauses"]:
        raise BadInput(f"No numbered clauses found in {document}: number them as the published policy does "
                       "(1, 1.1, 1.2 ...)")
    yaml_text = dump_pack_yaml(draft)
    if out is None:
        click.echo(yaml_text, nl=False)
    else:
        try:
            out.write_text(yaml_text, encoding="utf-8")
        except OSError as exc:
            raise BadInput(f"Cannot write {out}: {exc}") from None
    where = f" to {out}" if out else ""
    click.echo(f"found {len(draft['clauses'])} clauses in {document.name}; draft written{where} "
               "(classify each clause before setting status: active)", err=True)


policy.add_command(backtest_command)


def _review_commands() -> None:
    from civicguard.cli.policy_reviews import COMMANDS

    for command in COMMANDS:
        policy.add_command(command)


_review_commands()
