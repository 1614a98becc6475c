"""Generic comment files: JSON (a list of objects, or {"comments": [...]}) and CSV with a header row.

Fields: id, text and created_at are required; account, account_id, platform, author, author_id, parent_id, url,
kind (comment, reply or mention; default comment) and edited_at (or updated_at: when the text was last edited,
which orders the versions of a comment imported more than once) are optional; any other field is kept in the
comment's raw record. CSV cells are only ever read as text, never evaluated.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from civicguard.apps.moderation.connectors.base import (
    Collector,
    Parsed,
    decode_text,
    json_type,
    load_json,
    plain,
    storable,
)
from civicguard.errors import BadInput

REQUIRED = ("id", "text", "created_at")
KINDS = ("comment", "reply", "mention")
JSON_WHAT = "JSON comment file"
CSV_WHAT = "CSV comment file"


def parse_json(body: bytes | str, *, platform: str = "") -> Parsed:
    payload = load_json(body, JSON_WHAT)
    if isinstance(payload, dict) and "comments" in payload:
        items = payload["comments"]
        if not isinstance(items, list):
            raise BadInput(f"The {JSON_WHAT} has 'comments' that is {json_type(items)}, not a list.")
    elif isinstance(payload, list):
        items = payload
    else:
        raise BadInput(f"The {JSON_WHAT} must be a list of comment objects or an object with a 'comments' list; "
                       f"it is {json_type(payload)}.")
    out = Collector()
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            _row(out, item, {_name(key): value for key, value in item.items() if isinstance(key, str)}, platform)
        else:
            out.reject(f"Item {number} is {json_type(item)}, not a comment object.", item)
    return out.parsed()


def parse_csv(body: bytes | str, *, platform: str = "") -> Parsed:
    text = storable(decode_text(body, CSV_WHAT))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip() for cell in next(reader)]
    except csv.Error as exc:
        raise BadInput(f"The {CSV_WHAT} header row could not be read: {exc}.") from exc
    names = [_name(cell) for cell in header]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise BadInput(f"The {CSV_WHAT} header row has no {', '.join(missing)} column"
                       f"{'s' if len(missing) > 1 else ''}; it needs {', '.join(REQUIRED)}.")
    out = Collector()
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            out.reject(f"CSV line {reader.line_num} could not be read: {exc}.", {"line": reader.line_num})
            continue
        if not any(cell.strip() for cell in cells):
            continue
        raw = {(header[i] if i < len(header) and header[i] else f"column_{i + 1}"): cell
               for i, cell in enumerate(cells)}
        fields: dict[str, str] = {}
        for name, cell in zip(names, cells, strict=False):
            fields.setdefault(name, cell)
        _row(out, raw, fields, platform)
    return out.parsed()


def _name(key: str) -> str:
    return key.strip().lower().replace(" ", "_").replace("-", "_")


def _row(out: Collector, raw: dict[str, Any], fields: dict[str, Any], platform: str) -> None:
    kind = plain(fields.get("kind")).lower()
    out.add(
        raw,
        platform=plain(fields.get("platform")).lower() or platform.strip().lower() or "other",
        platform_id=fields.get("id"),
        text=fields.get("text"),
        created_at=fields.get("created_at"),
        version_time=fields.get("edited_at") or fields.get("updated_at") or None,
        account_handle=plain(fields.get("account")).lstrip("@"),
        account_platform_id=fields.get("account_id"),
        author_id=fields.get("author_id"),
        author_name=fields.get("author"),
        parent_id=fields.get("parent_id"),
        kind=kind if kind in KINDS else "comment",
        url=fields.get("url"),
    )
