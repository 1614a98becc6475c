"""Reading HR's export (a CSV file) into rows, for the command line and the import page alike.

Imports no Django, so `civicguard staff import` can refuse a file it cannot read before it opens the database.
The page passes the upload's bytes, read to one byte past the upload limit (CIVICGUARD_MAX_UPLOAD_BYTES).
"""

from __future__ import annotations

import csv
import io

from civicguard.common.uploads import ARCHIVE_MAGIC
from civicguard.errors import BadInput

COLUMNS = ("email", "name", "employment_type", "service_area", "line_manager_email", "politically_restricted",
           "hr_reference")
MAX_ROWS = 100_000


def parse_export(data: bytes, name: str, *, max_bytes: int | None = None) -> list[dict[str, str]]:
    """The rows of HR's CSV export (keyed by lower-case column names), or BadInput saying what is wrong."""
    if max_bytes is not None and len(data) > max_bytes:
        raise BadInput(f"{name} is larger than {max_bytes // (1024 * 1024)} MB: split the export and import each "
                       "part", field="file")
    if not data.strip():
        raise BadInput(f"{name} is empty", field="file")
    if data.startswith(ARCHIVE_MAGIC):
        raise BadInput(f"{name} is a compressed file (an Excel workbook?), not CSV: save the export as CSV UTF-8 "
                       "and try again", field="file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{name} is not UTF-8 text (byte {exc.start + 1} cannot be read): save the export as "
                       "CSV UTF-8 and try again", field="file") from None
    if "\x00" in text:
        raise BadInput(f"{name} is not a CSV file (it holds NUL characters): save the export as CSV UTF-8",
                       field="file")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        found = [(column or "").strip().lower() for column in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise BadInput(f"{name} is not a CSV file this can read (line 1: {exc})", field="file") from None
    missing = [c for c in COLUMNS if c not in found]
    if missing:
        raise BadInput(f"{name} has no column {', '.join(missing)}: the first line must name the columns "
                       f"{','.join(COLUMNS)}", field="file")
    reader.fieldnames = found
    rows: list[dict[str, str]] = []
    try:
        for row in reader:
            rows.append({k: v if isinstance(v, str) else "" for k, v in row.items() if k in COLUMNS})
            if len(rows) > MAX_ROWS:
                raise BadInput(f"{name} has more than {MAX_ROWS:,} rows: split the export and import each part",
                               field="file")
    except csv.Error as exc:
        raise BadInput(f"{name} is not a CSV file this can read (line {reader.line_num}: {exc})",
                       field="file") from None
    return rows
