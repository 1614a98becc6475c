"""Reading the audit trail: per council, filtered, for the browse page (in plain English) and the exports (as
recorded, codes and all)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from civicguard.apps.audit import labels
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


# ---- the browse page: each entry as a person reads it --------------------------------------------------------

NOTHING = "(none)"


@dataclass(frozen=True)
class Change:
    """One field of an entry: `before` and/or `after` in words (None: that side did not record the field)."""

    label: str
    before: str | None
    after: str | None

    @property
    def changed(self) -> bool:
        return self.before is not None and self.after is not None


@dataclass(frozen=True)
class ReadableEntry:
    entry: AuditEntry
    event: str  # the event's plain-English name
    object_name: str  # "Post 7", "" when the entry is about no one object
    object_url: str  # its page, "" when it has none
    changes: list[Change]
    only_before: bool  # the entry records what was there before (a withdrawal, a role taken away) and no after


def _words(value: Any, *, event: str, key: str, council: str) -> str:
    if value is None or value == "":
        return NOTHING
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(_words(v, event=event, key=key, council=council) for v in value) if value else NOTHING
    if isinstance(value, dict):
        return "; ".join(f"{labels.field_label(str(k), event)}: {_words(v, event=event, key=str(k), council=council)}"
                         for k, v in value.items()) if value else NOTHING
    return labels.value_label(event=event, key=key, value=value, council=council) or str(value)


def entry_changes(entry: AuditEntry) -> tuple[list[Change], bool]:
    """Before and after as a list of fields in words: unchanged fields are left out, and so are empty fields
    that only one side records (an approval's blank comment, a role given for no one account). The second value
    is True when only `before` was recorded."""
    before = entry.before if isinstance(entry.before, dict) else ({} if entry.before is None else
                                                                    {"value": entry.before})
    after = entry.after if isinstance(entry.after, dict) else ({} if entry.after is None else {"value": entry.after})
    only_before = bool(before) and entry.after is None

    def say(value: Any, key: str) -> str:
        return _words(value, event=entry.event, key=key, council=entry.council)

    def name(key: str) -> str:
        return labels.field_label(key, entry.event)

    changes: list[Change] = []
    for key in [*before, *(k for k in after if k not in before)]:
        had, has = key in before, key in after
        if had and has:
            if before[key] == after[key]:
                continue
            changes.append(Change(name(key), say(before[key], key), say(after[key], key)))
            continue
        value = before[key] if had else after[key]
        if value in (None, "", [], {}):
            continue
        both_sides = entry.before is not None and entry.after is not None
        if had:  # gone from `after` (shown as before -> none), or an entry that records only what was there
            changes.append(Change(name(key), say(value, key), NOTHING if both_sides else None))
        else:  # new in `after`: its value alone
            changes.append(Change(name(key), None, say(value, key)))
    return changes, only_before


def readable(entry: AuditEntry) -> ReadableEntry:
    changes, only_before = entry_changes(entry)
    name = labels.object_name(entry.object_type)
    return ReadableEntry(
        entry=entry,
        event=labels.event_label(entry.event),
        object_name=f"{name} {entry.object_id}".strip() if name else "",
        object_url=labels.object_url(entry.object_type, entry.object_id) if entry.object_type else "",
        changes=changes,
        only_before=only_before,
    )
