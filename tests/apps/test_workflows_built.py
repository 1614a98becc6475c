"""`civicguard policy coverage` says a workflow is built only where the pages, API and commands it names exist,
and the governance clauses issue 16 names are all enforced by built workflows (none "planned")."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from django.urls import Resolver404, resolve

from civicguard.cli.main import cli
from civicguard.engine.packs.loader import pack_for
from civicguard.engine.traceability import WORKFLOWS, clause_coverage
from tests.apps.test_url_coverage import named_patterns

BUILT = {name: w for name, w in WORKFLOWS.items() if w.status.startswith("built")}
# Issue 16: every clause it names is put into practice by a workflow that exists.
ISSUE_16 = {
    "st-helens": ["4.1", "5.7", "6.1", "6.2", "6.3", "6.5", "6.7", "6.8", "6.9", "6.10", "6.11", "6.12", "6.13",
                  "6.14", "6.15", "6.19", "7.7", "8.3", "9.4", "9.8", "9.9", "9.11", "9.12", "9.14", "10.1",
                  "10.2"],
    "sefton": ["4.1", "4.2", "5.1", "5.2", "5.4", "5.5", "9.1"],
}
# Named by these clauses but built by a later issue (none now).
LATER: set[str] = set()
# Issue 18: the clauses on concerns, cases, evidence, removal requests, notices, personal data breaches and RIPA.
ISSUE_18 = {
    "st-helens": ["6.15", "6.21", "7.8", "8.1", "8.2", "8.3", "9.10", "11.1", "11.2", "11.3"],
    "sefton": ["6.4", "7.2", "8.1", "13.1", "13.2"],
}
# Issue 19: the Information Management Group governs and monitors the policy (St Helens 9.3-9.5, 10.1; Sefton 10.1).
ISSUE_19 = {"st-helens": ["9.3", "9.4", "9.5"], "sefton": ["10.1"]}


def _paths(status: str) -> list[str]:
    found = re.findall(r"(/[a-z0-9/_<>.-]*)", status.split(":", 1)[1])
    return [p.replace("<council>", "st-helens") for p in found]


@pytest.mark.parametrize("name", sorted(BUILT))
def test_every_page_and_endpoint_a_built_workflow_names_exists(name: str) -> None:
    routes = ["/" + route for _, route, _ in named_patterns()]
    for path in _paths(BUILT[name].status):
        # a page or endpoint, or the start of some (/api/v1/policy: its endpoints)
        found = any(_resolves(p) for p in (path, path + "/")) or any(r.startswith(path) for r in routes)
        assert found, f"{name} names {path}, which is not a page or endpoint"


def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


@pytest.mark.parametrize("name", sorted(BUILT))
def test_every_command_a_built_workflow_names_exists(name: str) -> None:
    for command in re.findall(r"civicguard ([a-z-]+(?: [a-z-]+)?)", BUILT[name].status):
        words = command.split()
        result = CliRunner().invoke(cli, [*words, "--help"])
        if result.exit_code != 0 and len(words) > 1:  # "civicguard policy versions|reviews": the group is enough
            result = CliRunner().invoke(cli, [words[0], "--help"])
        assert result.exit_code == 0, f"{name} names `civicguard {command}`: {result.output}"


@pytest.mark.parametrize("pack_id", sorted(ISSUE_16))
def test_the_governance_clauses_are_enforced_by_built_workflows(pack_id: str) -> None:
    rows = {row["clause"]: row for row in clause_coverage(pack_for(pack_id))}
    for clause in ISSUE_16[pack_id]:
        row = rows[clause]
        workflows = [w for w in row["workflows"] if w["name"] not in LATER]
        assert row["rules"] or workflows, f"{pack_id} {clause}: nothing enforces it"
        planned = [w["name"] for w in workflows if not w["status"].startswith("built")]
        assert not planned, f"{pack_id} {clause}: {planned} not built"


@pytest.mark.parametrize("pack_id", sorted(ISSUE_18))
def test_the_clauses_on_cases_breaches_and_investigations_are_enforced_by_built_workflows(pack_id: str) -> None:
    _all_built(pack_id, ISSUE_18[pack_id])


@pytest.mark.parametrize("pack_id", sorted(ISSUE_19))
def test_the_oversight_clauses_are_enforced_by_built_workflows(pack_id: str) -> None:
    _all_built(pack_id, ISSUE_19[pack_id])


def _all_built(pack_id: str, clauses: list[str]) -> None:
    rows = {row["clause"]: row for row in clause_coverage(pack_for(pack_id))}
    for clause in clauses:
        workflows = rows[clause]["workflows"]
        assert workflows, f"{pack_id} {clause}: no workflow puts it into practice"
        planned = [w["name"] for w in workflows if not w["status"].startswith("built")]
        assert not planned, f"{pack_id} {clause}: {planned} not built"


def test_the_coverage_command_shows_the_cases_and_investigations_clauses_as_built() -> None:
    result = CliRunner().invoke(cli, ["policy", "coverage", "sefton"])
    assert result.exit_code == 0, result.output
    assert "planned" not in "\n".join(line for line in result.output.splitlines()
                                        if any(name in line for name in ("cases.", "investigations.", "breaches.")))
