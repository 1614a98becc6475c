"""`civicguard policy diff COUNCIL --from V1 --to V2`: one council's clause wording between two versions."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from civicguard.cli.policy import policy
from tests.policy_versions import ADDED_TEXT, BROKEN, NEW, OLD, kept_file, sefton_with_history  # noqa: F401


def run(*args: str):
    return CliRunner().invoke(policy, list(args))


def test_changed_wording_added_and_removed_clauses(sefton_with_history):  # noqa: F811
    result = run("diff", "sefton", "--from", OLD, "--to", NEW)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"Sefton Council: version {OLD} -> {NEW}" in out
    assert f"clauses added (1):\n  Sefton 11.9 Summary: {ADDED_TEXT}" in out
    assert "clauses removed (1):\n  Sefton 1.4 Introduction: The policy must be read" in out
    assert "Sefton 1.3 Introduction:" in out
    assert "use of [-traditional-] {+printed and telephone+} communication methods" in out


def test_to_defaults_to_the_current_version_and_json(sefton_with_history):  # noqa: F811
    result = run("diff", "sefton", "--from", "july 2023", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["council"], data["from"], data["to"]) == ("sefton", OLD, NEW)
    assert [c["number"] for c in data["added"]] == ["11.9"]
    assert [c["number"] for c in data["removed"]] == ["1.4"]
    [changed] = data["changed"]
    assert changed["number"] == "1.3"
    assert {"op": "removed", "text": "traditional"} in changed["words"]
    assert {"op": "added", "text": "printed and telephone"} in changed["words"]


def test_same_version_has_no_changes(sefton_with_history):  # noqa: F811
    result = run("diff", "sefton", "--from", NEW, "--to", NEW)
    assert result.exit_code == 0
    assert "the wording of every clause is the same" in result.stdout


def test_a_version_with_no_wording_kept_exits_2_naming_the_kept_ones(sefton_with_history):  # noqa: F811
    result = run("diff", "sefton", "--from", "June 2019")
    assert result.exit_code == 2
    assert "no wording is kept for version 'June 2019'" in result.stderr
    assert f"kept: {OLD}, {NEW}" in result.stderr


def test_versions_and_a_second_council_together_or_neither_exit_2():
    assert run("diff", "sefton", "st-helens", "--from", "July 2023").exit_code == 2
    assert run("diff", "sefton").exit_code == 2
    assert run("diff", "sefton", "--to", "July 2023").exit_code == 2


def test_comparing_two_councils_still_works():
    result = run("diff", "st-helens", "sefton")
    assert result.exit_code == 0 and "Sefton 5.5.4.10" in result.stdout


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_kept_file_that_cannot_be_read_exits_2_naming_the_file(case, sefton_with_history):  # noqa: F811
    text, reason, line = BROKEN[case]
    kept_file().write_text(text, encoding="utf-8")
    result = run("diff", "sefton", "--from", OLD)
    assert result.exit_code == 2
    assert f"{kept_file()}:{line}: " in result.stderr and reason in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_two_files_naming_one_version_exit_2(sefton_with_history):  # noqa: F811
    (kept_file("copy").parent).mkdir()
    kept_file("copy").write_text(kept_file().read_text(encoding="utf-8"), encoding="utf-8")
    result = run("diff", "sefton", "--from", OLD)
    assert result.exit_code == 2
    assert f"{kept_file()}: field version: names version {OLD}, as {kept_file('copy')} does already" in result.stderr
