"""`civicguard report`: writes the dashboard's figures as PDF, XLSX or CSV, for the group or as the system."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pypdf import PdfReader

from civicguard.apps.audit.models import AuditEntry
from civicguard.cli.main import cli
from tests.apps.factories import council, person

pytestmark = pytest.mark.django_db


def run(*args):
    return CliRunner().invoke(cli, ["report", *args])


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "csv"])
def test_each_format_is_written(tmp_path, fmt):
    member = person("img")
    out = tmp_path / f"pack.{fmt}"
    result = run("--council", "st-helens", "--from", "2026-01-01", "--to", "2026-01-31", "--format", fmt,
                 "--output", str(out), "--as", member.username)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote {out} (")
    data = out.read_bytes()
    if fmt == "pdf":
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
        assert "1 January 2026 to 31 January 2026" in " ".join(text.split())
    elif fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(data))["Figures"]
        assert ("Period", "1 January 2026 to 31 January 2026") in [r[:2] for r in sheet.iter_rows(values_only=True)]
    else:
        rows = list(csv.reader(io.StringIO(data.decode())))
        assert ["Report", "Council", "St Helens Council"] in rows
    entry = AuditEntry.objects.get(event="dashboard.report.download")
    assert entry.actor == member.username and entry.after["via"] == "cli" and entry.after["format"] == fmt


def test_without_as_the_system_writes_it(tmp_path):
    council("st-helens")
    out = tmp_path / "pack.csv"
    result = run("--council", "st-helens", "--from", "2026-01-01", "--to", "2026-01-31", "--format", "csv",
                 "--output", str(out))
    assert result.exit_code == 0, result.output
    assert out.exists()


def test_bad_input_and_people_without_the_dashboard_are_refused(tmp_path):
    out = tmp_path / "x.csv"
    employee = person("employee")
    refused = run("--council", "st-helens", "--from", "2026-01-01", "--to", "2026-01-31", "--format", "csv",
                  "--output", str(out), "--as", employee.username)
    assert refused.exit_code == 2 and "do not allow" in refused.output
    backwards = run("--council", "st-helens", "--from", "2026-02-01", "--to", "2026-01-01", "--format", "csv",
                    "--output", str(out))
    assert backwards.exit_code == 2 and "--to must be the same day as --from or after it" in backwards.output
    not_a_date = run("--council", "st-helens", "--from", "1/1/2026", "--to", "2026-01-01", "--format", "csv",
                     "--output", str(out))
    assert not_a_date.exit_code == 2 and "--from must be a date written YYYY-MM-DD" in not_a_date.output
    elsewhere = run("--council", "sefton", "--from", "2026-01-01", "--to", "2026-01-31", "--format", "csv",
                    "--output", str(out), "--as", person("img").username)
    assert elsewhere.exit_code == 2 and "has no role in a council 'sefton'" in elsewhere.output
    assert not out.exists()
