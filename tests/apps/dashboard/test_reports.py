"""The reports hold the page's figures: the spreadsheet opens with openpyxl, the PDF's text (pypdf) and the CSV
carry every figure the dashboard shows; each download is audited."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook
from pypdf import PdfReader

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.dashboard import reports
from tests.apps.dashboard import factories as make
from tests.apps.dashboard.helpers import board
from tests.apps.factories import AccountFactory, person


def _some_records(council):
    make.checked_post(verdict="block")
    make.checked_post(verdict="warn", findings=[make.finding("criticism", "5.3", "warn")])
    make.comment(account=AccountFactory(council=council), categories="offensive", hours_ago=3, decided_after=1)
    make.case()
    make.breach()


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_the_spreadsheet_holds_every_figure(st_helens):
    _some_records(st_helens)
    found = board(person("img"), st_helens)
    book = load_workbook(io.BytesIO(reports.to_xlsx(found)))
    sheet = book["Figures"]
    values = {row[1]: row[2] for row in sheet.iter_rows(values_only=True) if len(row) > 2 and row[1]}
    for section in found.sections:
        for f in section.figures:
            assert values[f.label] == f.value, f.label
    by_category = next(ws for ws in book.worksheets if ws["A1"].value == "Official post checks by category of finding")
    assert list(by_category.iter_rows(min_row=2, values_only=True)) == [("Category", "Checks"), ("Criticism", 1),
                                                                        ("Personal data", 1)]


def test_the_csv_holds_every_figure_and_every_chart_number(st_helens):
    _some_records(st_helens)
    found = board(person("img"), st_helens)
    rows = list(csv.reader(io.StringIO(reports.to_csv(found).decode())))
    assert rows[0] == ["Section", "Figure", "Value"]
    written = {(r[0], r[1]): r[2] for r in rows[1:]}
    for section, label, value in found.rows():
        assert written[(section, label)] == str(value)


def test_the_pdf_meeting_pack_holds_the_same_figures(st_helens):
    _some_records(st_helens)
    found = board(person("img"), st_helens)
    text = pdf_text(reports.to_pdf(found))
    assert "St Helens Council: social media policy meeting pack" in text
    for section in found.sections:
        assert section.title in text
        for f in section.figures:
            label = re.escape(" ".join(f.label.split()))
            assert re.search(rf"{label} {re.escape(str(f.value))}(?!\w)", text), (f.label, f.value)


def test_a_download_is_audited_without_its_figures(client, st_helens):
    manager = person("service-manager")
    client.force_login(manager)
    response = client.get("/dashboard/report.xlsx?from=2026-01-01&to=2026-01-31")
    assert response.status_code == 200
    assert response["Content-Disposition"] == ('attachment; filename="civicguard-st-helens-2026-01-01-to-'
                                               '2026-01-31.xlsx"')
    load_workbook(io.BytesIO(response.content))
    entry = AuditEntry.objects.filter(event="dashboard.report.download").get()
    assert entry.actor == manager.username and entry.council == "st-helens"
    assert entry.after == {"format": "xlsx", "period_from": "2026-01-01", "period_to": "2026-01-31",
                           "service_area": "All service areas", "via": "page"}
