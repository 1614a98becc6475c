"""Broken packs are refused with every problem named by file, line, rule id and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from civicguard.engine.detectors.base import Detector, Document, Params
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import Detection
from civicguard.engine.packs.errors import PackError, PackProblem
from civicguard.engine.packs.loader import load_pack


class AlwaysParams(Params):
    limit: int = 1


@register
class AlwaysDetector(Detector):
    name = "test.always"
    Params = AlwaysParams

    def detect(self, doc: Document) -> list[Detection]:
        return [Detection(0, len(doc.text), 1.0, label="always")]


FACTS = {
    "email_domains": ["testshire.gov.uk"],
    "business_case": {"completed_by": "manager", "approved_by": "comms", "approver_role": "approver",
                      "clauses": ["1.1"]},
    "account_creation": {"created_by": "comms", "creator_role": "approver", "clauses": ["1.1"]},
    "gross_misconduct": {"description": "serious breaches", "clauses": ["1.1"], "cited_in": ["1.1"]},
    "reviews": {"policy_interval_months": 12, "policy_reviewed_by": ["comms"], "clauses": ["1.1"]},
    "approver_name": "Comms",
    "block_override_role": "approver",
}


def make_rule(rule_id: str = "r1", **overrides: Any) -> dict[str, Any]:
    return {"id": rule_id, "clauses": ["1.1"], "category": "offensive", "applies_to": ["official"],
            "detector": "test.always", "params": {"limit": 2}, "severity": "block", "message": "Bad.",
            "remedy": "Remove it.", **overrides}


def write_pack(tmp_path: Path, *, rules: list[dict[str, Any]] | None = None, **overrides: Any) -> Path:
    data: dict[str, Any] = {
        "id": "testshire", "council": "Testshire Council", "citation": "Testshire", "status": "active",
        "document": {"title": "Test policy", "source": "test.md", "version": "1"}, "facts": FACTS,
        "clauses": [{"number": "1.1", "heading": "Intro", "text": "Be nice.",
                     "enforcement": {"informational": True}}],
        "rules": [make_rule()] if rules is None else rules,
    }
    data.update(overrides)
    path = tmp_path / "pack.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def problems(path: Path) -> list[PackProblem]:
    with pytest.raises(PackError) as info:
        load_pack(path)
    return info.value.problems


def line_of(path: Path, needle: str, nth: int = 0) -> int:
    return [i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line][nth]


def test_valid_pack_loads(tmp_path: Path) -> None:
    assert load_pack(write_pack(tmp_path)).rules[0].id == "r1"


def test_malformed_yaml_reports_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text("id: x\nclauses:\n  - number: '1.1'\n    heading: [unclosed\n")
    (problem,) = problems(path)
    assert problem.file == str(path) and problem.line is not None and "not valid YAML" in problem.message


@pytest.mark.parametrize(
    ("rule", "field", "needle", "says"),
    [
        (make_rule(detector="test.nope"), "detector", "detector: test.nope", "unknown detector"),
        (make_rule(params={"limit": "many"}), "params.limit", "limit: many", "integer"),
        (make_rule(params={"limt": 1}), "params.limt", "limt: 1", "Extra inputs"),
        (make_rule(category="rudeness"), "category", "category: rudeness", "rudeness"),
        (make_rule(clauses=["9.9"]), "clauses", "- '9.9'", "clause 9.9 is not in this pack"),
        (make_rule(severity="warn", model_only="info"), "model_only", "model_only: info", "needs severity block"),
    ],
)
def test_rule_problem_names_file_line_rule_and_field(
    tmp_path: Path, rule: dict[str, Any], field: str, needle: str, says: str
) -> None:
    path = write_pack(tmp_path, rules=[make_rule("ok"), rule])
    (problem,) = problems(path)
    assert (problem.file, problem.rule, problem.field) == (str(path), "r1", field)
    assert problem.line == line_of(path, needle)
    assert says in problem.message
    assert f"{path}:{problem.line}: rule r1: field {field}: " in str(problem)


def test_duplicate_rule_id(tmp_path: Path) -> None:
    path = write_pack(tmp_path, rules=[make_rule(), make_rule()])
    (problem,) = problems(path)
    assert (problem.rule, problem.field) == ("r1", "id") and "used twice" in problem.message
    assert problem.line == line_of(path, "id: r1", 1)


def test_unclassified_clause_in_active_pack(tmp_path: Path) -> None:
    clauses = [{"number": "1.1", "heading": "Intro", "text": "Be nice."},
               {"number": "1.2", "heading": "Intro", "text": "Be kind.", "enforcement": {}}]
    path = write_pack(tmp_path, clauses=clauses, rules=[make_rule()])
    (problem,) = problems(path)
    assert problem.field == "enforcement" and "clause 1.2 is unclassified" in problem.message
    assert problem.line == line_of(path, "enforcement: {}")
    load_pack(write_pack(tmp_path, clauses=clauses, rules=[make_rule()], status="draft", facts=None))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = write_pack(tmp_path, rules=[make_rule(detector="test.nope"), make_rule("r2", clauses=["7.7"])])
    assert {(p.rule, p.field) for p in problems(path)} == {("r1", "detector"), ("r2", "clauses")}
