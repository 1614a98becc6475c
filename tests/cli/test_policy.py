"""`civicguard policy`: list, show, validate, coverage, diff and import."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from civicguard.cli.policy import policy
from civicguard.engine.packs.loader import PACKS_DIR

SEFTON_DOC = PACKS_DIR / "sefton" / "sefton-social-media-policy.md"


def run(*args: str):
    return CliRunner().invoke(policy, list(args))


def test_list_shows_shipped_packs() -> None:
    result = run("list")
    assert result.exit_code == 0
    assert "St Helens Council" in result.stdout and "July 2023" in result.stdout


def test_show_pack_and_clause() -> None:
    assert "Corporate Communications" in run("show", "sefton").stdout
    result = run("show", "st-helens", "9.7")
    assert result.exit_code == 0
    assert "Social Media Moderator" in result.stdout and "moderation.queue" in result.stdout


def test_unknown_pack_or_clause_exits_2() -> None:
    for args in (("show", "nowhere"), ("show", "sefton", "99.9"), ("coverage", "nowhere")):
        result = run(*args)
        assert result.exit_code == 2 and "error" in result.stderr


def test_coverage_json_lists_every_clause_and_no_unclassified() -> None:
    result = run("coverage", "sefton", "--json")
    rows = json.loads(result.stdout)["clauses"]
    assert {"5.3a", "5.5.4.10", "13.2"} <= {r["clause"] for r in rows}
    assert "unclassified" not in result.stdout


def test_diff_json() -> None:
    diff = json.loads(run("diff", "st-helens", "sefton", "--json").stdout)
    assert diff["a"]["id"] == "st-helens" and "workflow:consent.records" in diff["only_in_b"]
    assert "Sefton 5.5.4.10" in run("diff", "st-helens", "sefton").stdout


def test_import_then_validate(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    result = run("import", str(SEFTON_DOC), "--council", "sefton", "--out", str(out))
    assert result.exit_code == 0 and "found 57 clauses" in result.stderr
    result = run("validate", str(out))
    assert result.exit_code == 0 and result.stdout.startswith("valid: sefton")
    assert run("import", str(SEFTON_DOC), "--council", "sefton").stdout.startswith("id: sefton")


def test_validate_reports_problems_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "pack.yaml"
    bad.write_text("id: x\nclauses: [\n")
    result = run("validate", str(bad))
    assert result.exit_code == 2 and "not valid YAML" in result.stdout
