"""Append to the audit chain, and prove it has not been altered.

Every service that changes state calls `audit_record` inside its own transaction, so the entry and the change
commit together or not at all.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def _plain(value: Any) -> Any:
    """JSON as the database will give it back (dates as strings), so the hash can be recomputed later."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def entry_digest(*, seq: int, created: datetime, actor: str, council: str, event: str, object_type: str,
                 object_id: str, before: Any, after: Any, correlation: str, prev_hash: str) -> str:
    body = {
        "seq": seq,
        "created": created.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor,
        "council": council,
        "event": event,
        "object_type": object_type,
        "object_id": object_id,
        "before": before,
        "after": after,
        "correlation": correlation,
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _actor_name(actor: Any) -> str:
    if actor is None:
        return ""
    if isinstance(actor, str):
        return actor
    return str(getattr(actor, "username", "") or "")


def _subject(subject: models.Model | tuple[str, str] | None) -> tuple[str, str]:
    if subject is None:
        return "", ""
    if isinstance(subject, tuple):
        return subject
    return subject._meta.label_lower, str(subject.pk)


def audit_record(*, event: str, actor: Any = None, council: Any = None,
                 subject: models.Model | tuple[str, str] | None = None,
                 before: Any = None, after: Any = None, correlation: str = "") -> AuditEntry:
    """Append one entry (event names are namespaced: `posts.post.approve`). `actor` None means the system."""
    council_slug = council if isinstance(council, str) else getattr(council, "slug", "") or ""
    object_type, object_id = _subject(subject)
    with transaction.atomic():
        # The UPDATE comes first: it takes the write lock, so the tip read next is ours alone.
        if not AuditHead.objects.filter(pk=1).update(seq=F("seq") + 1):
            AuditHead.objects.get_or_create(pk=1)
            AuditHead.objects.filter(pk=1).update(seq=F("seq") + 1)
        head = AuditHead.objects.select_for_update().get(pk=1)
        created = timezone.now()
        fields = dict(seq=head.seq, created=created, actor=_actor_name(actor), council=council_slug, event=event,
                      object_type=object_type, object_id=object_id, before=_plain(before), after=_plain(after),
                      correlation=correlation or uuid.uuid4().hex, prev_hash=head.last_hash)
        digest = entry_digest(**fields)
        entry = AuditEntry.objects.create(**fields, hash=digest)
        AuditHead.objects.filter(pk=1).update(last_hash=digest)
    return entry


@dataclass(frozen=True)
class Problem:
    seq: int
    kind: str  # altered | missing | reordered | tip
    detail: str

    def __str__(self) -> str:
        return f"entry {self.seq}: {self.kind}: {self.detail}"


def audit_verify() -> tuple[int, list[Problem]]:
    """Walk the chain in order. Returns (entries checked, problems); no problems means nothing was altered."""
    problems: list[Problem] = []
    expected_seq, prev_hash, count = 1, GENESIS, 0
    for entry in _in_order():
        count += 1
        if entry.seq != expected_seq:
            if entry.seq > expected_seq:
                gone = f"{expected_seq}" if entry.seq == expected_seq + 1 else f"{expected_seq}-{entry.seq - 1}"
                problems.append(Problem(entry.seq, "missing", f"entries {gone} are not in the log (deleted)"))
            else:
                problems.append(Problem(entry.seq, "reordered", f"sequence went back from {expected_seq - 1}"))
        recomputed = entry_digest(seq=entry.seq, created=entry.created, actor=entry.actor, council=entry.council,
                                  event=entry.event, object_type=entry.object_type, object_id=entry.object_id,
                                  before=entry.before, after=entry.after, correlation=entry.correlation,
                                  prev_hash=entry.prev_hash)
        if recomputed != entry.hash:
            problems.append(Problem(entry.seq, "altered", "its content no longer matches its hash"))
        if entry.prev_hash != prev_hash:
            problems.append(Problem(entry.seq, "reordered",
                                    "it does not chain to the entry before it (an entry was removed, inserted or "
                                    "moved, or a hash rewritten)"))
        prev_hash, expected_seq = entry.hash, entry.seq + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != expected_seq - 1 or head.last_hash != prev_hash):
        problems.append(Problem(expected_seq - 1, "tip",
                                f"the log ends at entry {expected_seq - 1} but {head.seq} were written "
                                "(the newest entries were deleted or the tip was rewritten)"))
    return count, problems


def _in_order() -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)


def audit_export_noted(*, actor: Any, council: Any, fmt: str, filters: dict[str, Any]) -> AuditEntry:
    """Who took a copy of the audit trail, and of what: an export is itself a decision worth recording."""
    return audit_record(event="audit.log.export", actor=actor, council=council,
                        after={"format": fmt, **{k: v for k, v in filters.items() if v}})
