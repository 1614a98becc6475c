"""The export of a disclosure request: one zip holding records.csv, records.json and summary.pdf, all three made
from the same rows (search.rows), so the PDF's text and the CSV hold the same records."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from civicguard.apps.disclosure.search import COLUMNS, TYPES, flat, group


def csv_bytes(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow(flat(row))
    return out.getvalue().encode("utf-8")


def json_bytes(request: Any, rows: list[dict[str, Any]], redaction: str) -> bytes:
    doc = {"reference": request.reference, "kind": request.get_kind_display(), "council": request.council.name,
           "made": timezone.now().isoformat(), "redaction": redaction,
           "counts": {TYPES[k]: sum(1 for r in rows if r["record_type"] == k) for k in TYPES},
           "records": [{k: r[k] for k in ("record_type", "record_id", "date", "title", "text", "details")}
                       for r in rows]}
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def pdf_bytes(request: Any, rows: list[dict[str, Any]], redaction: str, by: Any) -> bytes:
    from weasyprint import HTML

    html = render_to_string("disclosure/summary_pdf.html", {
        "request": request, "groups": group(rows), "total": len(rows), "redaction": redaction,
        "made": timezone.localtime(), "by": by})
    return HTML(string=html).write_pdf()


def build(*, request: Any, rows: list[dict[str, Any]], redaction: str, by: Any) -> tuple[bytes, str]:
    """The zip and its SHA-256."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("records.csv", csv_bytes(rows))
        z.writestr("records.json", json_bytes(request, rows, redaction))
        z.writestr("summary.pdf", pdf_bytes(request, rows, redaction, by))
    data = buf.getvalue()
    return data, hashlib.sha256(data).hexdigest()
