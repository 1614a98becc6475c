"""The dashboard's figures as files: CSV, a spreadsheet (openpyxl) and the PDF meeting pack (WeasyPrint from
dashboard/pack.html). Each takes one `Dashboard`, so every file holds exactly what the page shows."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.template.loader import render_to_string

from civicguard.apps.dashboard import charts
from civicguard.apps.dashboard.figures import Dashboard
from civicguard.common.exports import safe_cell

FORMATS = ("csv", "xlsx", "pdf")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "pdf": "application/pdf"}


@dataclass(frozen=True)
class Report:
    content: bytes
    media_type: str
    filename: str


def _header(board: Dashboard) -> list[tuple[str, str]]:
    flt = board.filters
    return [("Council", board.council.name), ("Period", flt.period_label), ("Service area", flt.area_label),
            ("Pre-election period", _election(board)), ("Drawn up", f"{board.generated:%-d %B %Y %H:%M} UTC")]


def _election(board: Dashboard) -> str:
    return {True: "On", False: "Not on", None: "Not known"}[board.election_period]


def to_csv(board: Dashboard) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["Section", "Figure", "Value"])
    for name, said in _header(board):
        writer.writerow(["Report", name, safe_cell(said)])
    for section, label, value in board.rows():
        writer.writerow([section, safe_cell(label), safe_cell(value)])
    return buf.getvalue().encode("utf-8")


def to_xlsx(board: Dashboard) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Figures"
    bold = Font(bold=True)
    for name, value in _header(board):
        sheet.append([name, value])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append([])
    sheet.append(["Section", "Figure", "Value"])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for section in board.sections:
        for f in section.figures:
            sheet.append([section.title, safe_cell(f.label), safe_cell(f.value)])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 20
    for section in board.sections:
        for chart in section.charts:
            ws = book.create_sheet(_sheet_name(book, chart.title))
            ws.append([chart.title])
            ws["A1"].font = Font(bold=True, size=14)
            ws.append([chart.label_heading or "Label", *[name for name, _ in chart.series]])
            for cell in ws[2]:
                cell.font = bold
            for i, label in enumerate(chart.labels):
                ws.append([safe_cell(label), *[values[i] for _, values in chart.series]])
            ws.column_dimensions["A"].width = 40
        for table in section.tables:
            ws = book.create_sheet(_sheet_name(book, table.caption))
            ws.append([table.caption])
            ws["A1"].font = Font(bold=True, size=14)
            ws.append(table.head)
            for cell in ws[2]:
                cell.font = bold
            for row in table.rows:
                ws.append([safe_cell(text) for text, _ in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(book: object, title: str) -> str:
    """A sheet's name: at most 31 characters, none of : \\ / ? * [ ], and not one the book has."""
    base = "".join(" " if c in ':\\/?*[]' else c for c in title)[:31].strip()
    name, n = base, 2
    while name in book.sheetnames:  # type: ignore[attr-defined]
        name = f"{base[:27]} ({n})"
        n += 1
    return name


def to_html(board: Dashboard) -> str:
    """The meeting pack as one printable HTML page (what the PDF is made from)."""
    blocks = {c.id: charts.figure(c) for s in board.sections for c in s.charts}
    return render_to_string("dashboard/pack.html", {"board": board, "blocks": blocks, "header": _header(board)})


def to_pdf(board: Dashboard) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(board)).write_pdf()


def render(board: Dashboard, fmt: str) -> Report:
    if fmt not in FORMATS:
        raise ValueError(f"{fmt!r} is not a report format (csv, xlsx or pdf)")
    content = {"csv": to_csv, "xlsx": to_xlsx, "pdf": to_pdf}[fmt](board)
    flt = board.filters
    area = f"-{flt.service_area.slug}" if flt.service_area is not None else ""
    name = f"civicguard-{board.council.slug}{area}-{flt.start.isoformat()}-to-{flt.end.isoformat()}.{fmt}"
    return Report(content, MEDIA_TYPES[fmt], name)
