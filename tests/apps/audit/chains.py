"""Building and tampering with audit chains under the application, as a database administrator could."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.utils import timezone

from civicguard.apps.audit.chain import GENESIS, LEGACY, legacy_digest
from civicguard.apps.audit.models import AuditEntry, AuditHead
from civicguard.apps.audit.services import audit_record

KEY = "test-audit-key-" + "k" * 40
OTHER_KEY = "another-audit-key-" + "o" * 40


def sql(statement: str, *params: Any) -> None:
    with connection.cursor() as cur:
        cur.execute(statement, list(params))


def chain(n: int = 4) -> list[AuditEntry]:
    return [audit_record(event="test.thing.do", actor="alice", council="st-helens", after={"n": i}) for i in range(n)]


def found(problems: list[Any]) -> list[tuple[int, str]]:
    return [(p.seq, p.kind) for p in problems]


def old_fields(seq: int, prev: str, **extra: Any) -> dict[str, Any]:
    return dict(seq=seq, created=timezone.now(), actor="alice", council="st-helens", event="test.old.thing",
                object_type="", object_id="", before=None, after={"n": seq}, correlation=uuid.uuid4().hex,
                prev_hash=prev, **extra)


def legacy_chain(n: int, *, create: Callable[..., Any] | None = None, head_model: Any = AuditHead) -> list[str]:
    """The chain CivicGuard wrote before the audit key: plain SHA-256 links, the head row on the last.
    `create` makes a row (default: the real model with scheme "sha256"); returns the hashes in order."""
    make = create or (lambda **row: AuditEntry.objects.create(**row, scheme=LEGACY))
    prev, hashes = GENESIS, []
    for seq in range(1, n + 1):
        fields = old_fields(seq, prev)
        prev = legacy_digest(fields)
        make(**fields, hash=prev)
        hashes.append(prev)
    head_model._base_manager.update_or_create(pk=1, defaults={"seq": n, "last_hash": prev})
    return hashes


def rechain_without_the_key(*, scheme: str | None = None, change: dict[str, Any] | None = None,
                            at: int | None = None) -> None:
    """What someone with the database but not the key can do: change an entry (`change` at seq `at`), then
    recompute every hash after it with plain SHA-256 (marking them `scheme` if given), and move the head."""
    prev = GENESIS
    for entry in AuditEntry.objects.order_by("seq"):
        if at is not None and entry.seq == at:
            for name, value in (change or {}).items():
                setattr(entry, name, value)
        entry.prev_hash = prev
        entry.hash = prev = legacy_digest({name: getattr(entry, name) for name in (
            "seq", "created", "actor", "council", "event", "object_type", "object_id", "before", "after",
            "correlation", "prev_hash")})
        AuditEntry._base_manager.filter(pk=entry.pk).update(
            prev_hash=entry.prev_hash, hash=entry.hash, scheme=scheme or entry.scheme,
            **{name: getattr(entry, name) for name in (change or {})})
    AuditHead.objects.filter(pk=1).update(last_hash=prev)


def cut_newest(n: int) -> int:
    """Delete the newest `n` entries and roll the head row back to the entry left on top (as the CI contract
    does with sqlite3). Returns the seq left on top."""
    top = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    cut = top - n
    sql("DELETE FROM audit_auditentry WHERE seq > %s", cut)
    keep = AuditEntry.objects.get(seq=cut).hash
    sql("UPDATE audit_audithead SET seq = %s, last_hash = %s", cut, keep)
    return cut
