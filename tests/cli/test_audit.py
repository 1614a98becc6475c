"""`civicguard audit verify` and `civicguard audit export`."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from click.testing import CliRunner
from django.db import connection
from django.utils import timezone

from civicguard.apps.audit.services import audit_record
from civicguard.cli.audit import audit

pytestmark = pytest.mark.django_db


def run(*args: str):
    return CliRunner().invoke(audit, list(args))


@pytest.fixture
def council():
    from tests.apps.factories import council

    return council("st-helens")


def entries(n: int = 3, council: str = "st-helens"):
    return [audit_record(event="test.thing.do", actor="alice", council=council, after={"n": i}) for i in range(n)]


def test_verify_passes_on_a_clean_chain():
    entries(3)
    result = run("verify")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "audit log verified: 3 entries, chain intact"


def test_verify_passes_on_an_empty_log():
    result = run("verify")
    assert result.exit_code == 0 and "verified: 0 entries" in result.stdout


def test_verify_fails_naming_a_row_changed_with_raw_sql():
    changed = entries(3)[1]
    with connection.cursor() as cur:
        cur.execute("UPDATE audit_auditentry SET event = %s WHERE id = %s", ["test.thing.undone", changed.pk])
    result = run("verify")
    assert result.exit_code == 1
    assert f"entry {changed.seq}: altered: its content no longer matches its hash" in result.stdout
    assert "NOT verified: 3 entries, 1 problem" in result.stdout


def test_verify_json_lists_each_problem():
    made = entries(4)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditentry WHERE id = %s", [made[-1].pk])
    result = run("verify", "--json")
    report = json.loads(result.stdout)
    assert result.exit_code == 1 and report["entries"] == 3 and report["ok"] is False
    assert [(p["seq"], p["kind"]) for p in report["problems"]] == [(made[-2].seq, "tip")]
    assert json.loads(run("verify", "--json").stdout)["problems"][0]["detail"].startswith("the log ends at")


def test_verify_json_on_a_clean_chain():
    entries(2)
    result = run("verify", "--json")
    report = json.loads(result.stdout)
    assert result.exit_code == 0 and (report["entries"], report["ok"], report["problems"]) == (2, True, [])
    assert report["checkpoints"] == [] and report["key"]["source"] in ("file", "environment")


def test_a_database_that_cannot_be_read_exits_2(monkeypatch):
    from django.db import OperationalError

    from civicguard.apps.audit import services

    def broken(**_):
        raise OperationalError("unable to open database file")

    monkeypatch.setattr(services, "audit_verify_report", broken)
    result = run("verify")
    assert result.exit_code == 2 and result.stdout == ""
    assert "the database could not be read" in result.stderr and "unable to open database file" in result.stderr


def test_export_csv_to_stdout_holds_only_that_council(council):
    from tests.apps.factories import council as make_council

    make_council("sefton")
    entries(2)
    entries(1, council="sefton")
    result = run("export", "--council", "st-helens")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["council"] for r in rows} == {"st-helens"}
    assert [r["after"] for r in rows if r["event"] == "test.thing.do"] == ['{"n": 0}', '{"n": 1}']
    assert [int(r["seq"]) for r in rows] == sorted(int(r["seq"]) for r in rows)


def test_export_json_to_a_file_with_dates(council, tmp_path):
    entries(2)
    out = tmp_path / "audit.json"
    today = timezone.localdate()
    result = run("export", "--council", "st-helens", "--format", "json", "--since", today.isoformat(),
                 "--until", today.isoformat(), "--output", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert "test.thing.do" in {r["event"] for r in rows} and all(len(r["hash"]) == 64 for r in rows)
    assert f"exported {len(rows)} entries of st-helens to {out}" in result.stderr
    tomorrow = (today + timedelta(days=1)).isoformat()
    later = run("export", "--council", "st-helens", "--format", "json", "--since", tomorrow)
    assert json.loads(later.stdout) == []


@pytest.mark.parametrize(("args", "says"), [
    (("export", "--council", "nowhere"), "no council 'nowhere'"),
    (("export", "--council", "st-helens", "--since", "2026-02-01", "--until", "2026-01-01"), "--since must be"),
    (("export", "--council", "st-helens", "--since", "1 March"), "Invalid value for '--since'"),
    (("export", "--council", "st-helens", "--format", "xml"), "Invalid value for '--format'"),
    (("export",), "Missing option '--council'"),
])
def test_export_bad_input_exits_2(council, args, says):
    result = run(*args)
    assert result.exit_code == 2 and says in result.stderr


def test_export_to_an_unwritable_place_exits_2(council, tmp_path):
    result = run("export", "--council", "st-helens", "--output", str(tmp_path / "no" / "such" / "dir.csv"))
    assert result.exit_code == 2 and "Cannot write" in result.stderr


def test_a_database_file_that_cannot_be_opened_exits_2(tmp_path):
    """For real, in a fresh process: DATABASE_URL names a file in a folder that does not exist."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, CIVICGUARD_HOME=str(tmp_path), CIVICGUARD_SECRET_KEY="test",
               DJANGO_SETTINGS_MODULE="civicguard.config.settings.base",
               DATABASE_URL=f"sqlite:///{tmp_path}/missing/folder/civicguard.sqlite3")
    done = subprocess.run([sys.executable, "-c", "from civicguard.cli.audit import audit; audit()", "verify"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "civicguard: error: the database could not be read" in done.stderr and done.stdout == ""
