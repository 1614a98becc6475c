"""Reading the audit trail: per council, filtered, for the browse page and the exports."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.db.models import QuerySet

from civicguard.apps.audit.models import AuditEntry
from civicguard.common.exports import csv_stream, json_stream

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
    return json_stream(_row(entry) for entry in entries)


def export_csv(entries: Iterable[AuditEntry]) -> Iterator[str]:
    def as_json(value: Any) -> str:
        return "" if value is None else json.dumps(value, ensure_ascii=False)

    rows = ({**_row(e), "before": as_json(e.before), "after": as_json(e.after)} for e in entries)
    return csv_stream(rows, EXPORT_FIELDS)
