"""Streaming CSV and JSON exports shared by every app that hands records out (audit, comments)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any


def safe_cell(value: Any) -> Any:
    """A cell that starts with = + - @ would run as a formula in a spreadsheet: quote it as text."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def csv_stream(rows: Iterable[Mapping[str, Any]], fieldnames: Sequence[str]) -> Iterator[str]:
    """CSV text in pieces, one row at a time; nested values are written as JSON."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(fieldnames), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        out = {}
        for key, value in row.items():
            if isinstance(value, (dict, list)):
                value = json.dumps(value, ensure_ascii=False)
            out[key] = safe_cell("" if value is None else value)
        writer.writerow(out)
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if buf.getvalue():
        yield buf.getvalue()


def json_stream(rows: Iterable[Any]) -> Iterator[str]:
    """A JSON array in pieces, one element at a time."""
    yield "[\n"
    for i, row in enumerate(rows):
        yield ("" if i == 0 else ",\n") + json.dumps(row, ensure_ascii=False, default=str)
    yield "\n]\n"
