"""Append to the audit chain, prove it has not been altered, and take signed checkpoints of its head.

Every service that changes state calls `audit_record` inside its own transaction, so the entry and the change
commit together or not at all. The chain is keyed with the audit key (keys.py, chain.py); a checkpoint kept
outside the database (checkpoints.py) pins its head, so the newest entries cannot be cut off unseen either.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from civicguard.apps.audit.chain import GENESIS, Problem, Walk, append
from civicguard.apps.audit.checkpoints import (
    Checkpoint,
    checkpoint_file_name,
    checkpoint_files,
    checkpoint_folder,
    checkpoint_keep,
    checkpoint_newest_time,
    checkpoint_sign,
    checkpoint_write,
)
from civicguard.apps.audit.keys import AuditKey, audit_key
from civicguard.apps.audit.models import AuditEntry, AuditHead

__all__ = ["GENESIS", "Problem", "audit_record", "audit_verify", "audit_verify_report", "audit_checkpoint",
           "audit_checkpoint_save", "audit_checkpoint_if_due", "audit_export_noted"]

log = logging.getLogger(__name__)

# How many times the walk follows entries appended while it ran before it compares its end with the head row.
_CATCH_UP_ROUNDS = 5
# A checkpoint a day: the scheduler looks every hour and writes one when the newest in the folder is this old, so
# the hourly looks never drift past a day and a restarted server neither skips a day nor writes twice.
CHECKPOINT_EVERY = timedelta(hours=23)


def _plain(value: Any) -> Any:
    """JSON as the database will give it back (dates as strings), so the hash can be recomputed later."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


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
    key = audit_key()  # before the transaction: a key that cannot be used stops the change with a clear error
    with transaction.atomic():
        fields = dict(created=timezone.now(), actor=_actor_name(actor), council=council_slug, event=event,
                      object_type=object_type, object_id=object_id, before=_plain(before), after=_plain(after),
                      correlation=correlation or uuid.uuid4().hex)
        entry: AuditEntry = append(AuditEntry, AuditHead, key, fields)
    return entry


@dataclass(frozen=True)
class CheckpointResult:
    """One checkpoint compared with the log: held, or the problem that says why not."""

    checkpoint: Checkpoint
    name: str
    problem: Problem | None


@dataclass
class Verification:
    count: int
    problems: list[Problem]
    notes: list[str]
    key: AuditKey
    tip_seq: int
    tip_hash: str
    tip_created: datetime | None
    checkpoints: list[CheckpointResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _walk(key: AuditKey) -> Walk:
    """Walk the whole chain in seq order. Entries appended while the walk runs are followed before the end is
    compared with the head row, so a busy site is not reported as truncated."""
    walk = Walk(key=key)
    head = None
    for _ in range(_CATCH_UP_ROUNDS):
        for entry in AuditEntry.objects.filter(seq__gt=walk.last_seq).order_by("seq").iterator(chunk_size=2000):
            walk.feed(entry)
        head = AuditHead.objects.filter(pk=1).first()
        if head is None or head.seq <= walk.last_seq or not AuditEntry.objects.filter(seq__gt=walk.last_seq).exists():
            break
    walk.finish(head)
    return walk


def _held(checkpoint: Checkpoint, name: str) -> Problem | None:
    """Whether the log still holds the checkpoint's entry with the checkpoint's hash. With the chain walked from
    the start, that entry's hash holding means nothing up to it was changed either."""
    when = checkpoint.created
    if checkpoint.seq == 0:
        return None
    entry = AuditEntry.objects.filter(seq=checkpoint.seq).only("seq", "hash").first()
    if entry is None:
        newest = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        return Problem(checkpoint.seq, "checkpoint",
                       f"the checkpoint {name} of {when} holds entry {checkpoint.seq}, but the log now ends at entry "
                       f"{newest} (the newest entries were deleted)" if newest < checkpoint.seq else
                       f"the checkpoint {name} of {when} holds entry {checkpoint.seq}, which is no longer in the log "
                       "(deleted)")
    if entry.hash != checkpoint.hash:
        return Problem(checkpoint.seq, "checkpoint",
                       f"entry {checkpoint.seq} no longer has the hash the checkpoint {name} of {when} holds: it, or "
                       "an entry before it, was rewritten")
    return None


def audit_verify_report(*, checkpoints: Sequence[tuple[str, Checkpoint]] = ()) -> Verification:
    """Walk the chain, and compare it with each (name, checkpoint) given (read them with checkpoint_load)."""
    key = audit_key()
    walk = _walk(key)
    results = [CheckpointResult(cp, name, _held(cp, name)) for name, cp in checkpoints]
    problems = walk.problems + [r.problem for r in results if r.problem is not None]
    return Verification(count=walk.count, problems=problems, notes=walk.notes, key=key, tip_seq=walk.last_seq,
                        tip_hash=walk.last_hash, tip_created=walk.last_created, checkpoints=results)


def audit_verify() -> tuple[int, list[Problem]]:
    """Walk the chain in order. Returns (entries checked, problems); no problems means nothing was altered."""
    report = audit_verify_report()
    return report.count, report.problems


def audit_checkpoint(*, now: datetime | None = None) -> tuple[Checkpoint, Verification]:
    """Sign the head of the whole log (every council's entries: the chain is one). The chain is walked first, and
    the result says whether it held; the checkpoint is made either way, since it pins what is there now."""
    report = audit_verify_report()
    checkpoint = checkpoint_sign(seq=report.tip_seq, hash=report.tip_hash, entry_created=report.tip_created,
                                 key=report.key, now=now)
    return checkpoint, report


def audit_checkpoint_save(*, folder: Path | None = None, keep: int | None = None,
                          now: datetime | None = None) -> Path:
    """The scheduler's checkpoint: written into the checkpoints folder, keeping only the newest `keep` there."""
    folder = folder or checkpoint_folder()
    keep = keep or checkpoint_keep()
    checkpoint, report = audit_checkpoint(now=now)
    path = folder / checkpoint_file_name(checkpoint)
    folder.mkdir(parents=True, exist_ok=True)
    checkpoint_write(checkpoint, path)
    for old in checkpoint_files(folder)[:-keep]:
        old.unlink(missing_ok=True)
    if report.ok:
        log.info("audit checkpoint of entry %d written to %s", checkpoint.seq, path)
    else:
        log.error("audit checkpoint of entry %d written to %s, but the audit chain has %d problem(s): run "
                  "`civicguard audit verify`", checkpoint.seq, path, len(report.problems))
    return path


def audit_checkpoint_if_due(*, every: timedelta = CHECKPOINT_EVERY, folder: Path | None = None,
                            now: datetime | None = None) -> Path | None:
    """A checkpoint when the newest in the folder was made `every` ago or earlier (or there is none). Judged from
    the folder, not from memory, so a restarted server neither skips a day nor writes twice."""
    folder = folder or checkpoint_folder()
    now = now or datetime.now(UTC)
    newest = checkpoint_newest_time(folder)
    if newest is not None and now - newest < every:
        return None
    return audit_checkpoint_save(folder=folder, now=now)


def audit_export_noted(*, actor: Any, council: Any, fmt: str, filters: dict[str, Any]) -> AuditEntry:
    """Who took a copy of the audit trail, and of what: an export is itself a decision worth recording."""
    return audit_record(event="audit.log.export", actor=actor, council=council,
                        after={"format": fmt, **{k: v for k, v in filters.items() if v}})
