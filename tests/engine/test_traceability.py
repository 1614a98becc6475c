"""Every shipped clause is classified without relying on rules, and two packs compare clause by clause."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from civicguard.engine.packs.loader import PACKS_DIR, load_pack
from civicguard.engine.packs.schema import Pack
from civicguard.engine.traceability import WORKFLOWS, clause_coverage, pack_diff


def clauses_only(pack_id: str, tmp_path: Path) -> Pack:
    """The shipped pack without its rules: its classification must stand on its own."""
    folder = tmp_path / pack_id
    folder.mkdir()
    for name in ("pack.yaml", "clauses.yaml", "logo.png"):  # pack.yaml names the logo file (facts.logo)
        shutil.copy(PACKS_DIR / pack_id / name, folder / name)
    return load_pack(folder)


@pytest.mark.parametrize("pack_id", ["st-helens", "sefton"])
def test_no_shipped_clause_is_unclassified(tmp_path: Path, pack_id: str) -> None:
    rows = clause_coverage(clauses_only(pack_id, tmp_path))
    assert rows and all(r["status"] in ("workflow", "informational") for r in rows)
    assert all(r["note"] for r in rows if r["status"] == "informational")
    assert all(w["name"] in WORKFLOWS for r in rows for w in r["workflows"])


@pytest.fixture
def diff(tmp_path: Path) -> dict:
    return pack_diff(clauses_only("st-helens", tmp_path), clauses_only("sefton", tmp_path))


def test_sefton_consent_clauses_have_no_st_helens_equivalent(diff: dict) -> None:
    consent = [r for r in diff["b_clauses"] if r["clause"].startswith("5.5") and r["requirements"]]
    assert len(consent) >= 20
    assert all(any(x.startswith("workflow:consent.") for x in r["not_in_other"]) for r in consent)
    assert "workflow:consent.children" in diff["only_in_b"]


def test_st_helens_political_restriction_has_no_sefton_equivalent(diff: dict) -> None:
    row = next(r for r in diff["a_clauses"] if r["clause"] == "5.7")
    assert "workflow:staff.political_restriction" in row["not_in_other"]
    assert row["citation"] == "St Helens 5.7" and row["best_match"].startswith("Sefton ")


def test_diff_lists_differing_facts(diff: dict) -> None:
    facts = {f["fact"]: (f["a"], f["b"]) for f in diff["facts"]}
    assert facts["business_case.approved_by"][1] == "Corporate Communications"
    assert facts["account_creation.created_by"][0] == "Service Delivery - Customer Services Section"
    assert facts["gross_misconduct.clauses"][1] == [f"Sefton 5.3{x}" for x in "abcd"]
    assert "reviews.policy_interval_months" not in facts
