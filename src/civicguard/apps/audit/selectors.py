"""Reading the audit trail: per council, filtered, for the browse page and the exports."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date

from django.db.models import QuerySet

from civicguard.apps.audit.models import AuditEntry

EXPORT_FIELDS = ["seq", "created", "actor", "council", "event", "object_type", "object_id", "before", "after",
                 "correlation", "prev_hash", "hash"]


def audit_entries(*, council: str, event: str = "", actor: str = "", since: date | None = None,
                  until: date | None = None) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.filter(council=council)
    if event:
        qs = qs.filter(event__startswith=event)
    if actor:
        qs = qs.filter(actor=actor)
    if since:
        qs = qs.filter(created__date__gte=since)
    if until:
        qs = qs.filter(created__date__lte=until)
    return qs.order_by("-seq")


def _row(entry: AuditEntry) -> dict[str, object]:
    return {
        "seq": entry.seq, "created": entry.created.isoformat(), "actor": entry.actor_label,
        "council": entry.council, "event": entry.event, "object_type": entry.object_type,
        "object_id": entry.object_id, "before": entry.before, "after": entry.after,
        "correlation": entry.correlation, "prev_hash": entry.prev_hash, "hash": entry.hash,
    }


def export_json(entries: Iterable[AuditEntry]) -> Iterator[str]:
    yield "[\n"
    for i, entry in enumerate(entries):
        yield ("" if i == 0 else ",\n") + json.dumps(_row(entry), ensure_ascii=False)
    yield "\n]\n"


def export_csv(entries: Iterable[AuditEntry]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for entry in entries:
        row = _row(entry)
        row["before"] = json.dumps(row["before"], ensure_ascii=False) if row["before"] is not None else ""
        row["after"] = json.dumps(row["after"], ensure_ascii=False) if row["after"] is not None else ""
        # A cell that starts with = + - @ would run as a formula in a spreadsheet: quote it as text.
        for key, value in row.items():
            if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
                row[key] = "'" + value
        writer.writerow(row)
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if buf.getvalue():
        yield buf.getvalue()
