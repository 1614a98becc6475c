"""Keying a chain written before the audit key (run once, by migration 0003).

- If the whole old chain verifies (every plain SHA-256 hash, every link, the head), every entry is re-chained
  with the key, and an `audit.chain.upgrade` entry records that it was, how many entries, and the old chain's
  SHA-256 tip (so a copy or export taken before the upgrade can still be tied to the log).
- If it does not verify, nothing is rewritten: re-chaining would launder the tampering. The old entries keep
  their plain hashes (and keep being reported), and the `audit.chain.upgrade` entry, written with the key, seals
  them: it names the last plain entry and its hash, so nobody without the key can rewrite them or pass newer
  entries off as old ones.

Works with the migration's historical models (passed in) as well as the real ones.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from civicguard.apps.audit.chain import (
    KEYED,
    LEGACY,
    UPGRADE_EVENT,
    Problem,
    Walk,
    append,
    fields_of,
    keyed_digest,
    legacy_digest,
)
from civicguard.apps.audit.keys import AuditKey

BATCH = 1000
MAX_PROBLEMS_RECORDED = 20


class ChainNotVerified(Exception):
    pass


@dataclass(frozen=True)
class Upgrade:
    entries: int
    rechained: bool
    problems: list[Problem]
    seal: Any


def _walk(entry_model: Any, head_model: Any, key: AuditKey) -> Walk:
    walk = Walk(key=key)
    for entry in entry_model._base_manager.order_by("seq").iterator(chunk_size=2000):
        walk.feed(entry)
    walk.finish(head_model._base_manager.filter(pk=1).first())
    return walk


def _rechain(entry_model: Any, head_model: Any, scheme: str, key: AuditKey) -> None:
    entries = entry_model._base_manager
    prev, batch = "0" * 64, []
    for entry in entries.order_by("seq").iterator(chunk_size=BATCH):
        entry.prev_hash, entry.scheme = prev, scheme
        fields = fields_of(entry)
        entry.hash = keyed_digest(fields, key) if scheme == KEYED else legacy_digest(fields)
        prev = entry.hash
        batch.append(entry)
        if len(batch) >= BATCH:
            entries.bulk_update(batch, ["prev_hash", "hash", "scheme"])
            batch = []
    if batch:
        entries.bulk_update(batch, ["prev_hash", "hash", "scheme"])
    head_model._base_manager.filter(pk=1).update(last_hash=prev)


def key_the_chain(entry_model: Any, head_model: Any, key: AuditKey) -> Upgrade | None:
    """Re-chain (or seal) the plain entries; None when there are none. The caller holds a transaction."""
    entries = entry_model._base_manager
    if not entries.filter(scheme=LEGACY).exists():
        return None
    walk = _walk(entry_model, head_model, key)
    # A chain of plain entries alone is always "unsealed" to the walk: that is what is being fixed here.
    problems = [p for p in walk.problems if p.kind != "unsealed"]
    if entries.filter(scheme=KEYED).exists():
        problems.append(Problem(walk.last_seq, "altered", "keyed and plain entries are mixed before the upgrade"))
    count = walk.count
    after: dict[str, Any] = {"old_entries": count, "rechained": not problems}
    if not problems:
        after.update(sha256_tip=walk.last_hash, legacy_until=0)
        _rechain(entry_model, head_model, KEYED, key)
    else:
        last = entries.filter(scheme=LEGACY).order_by("-seq").values_list("seq", "hash").first()
        after.update(legacy_until=last[0], legacy_tip=last[1], old_problem_count=len(problems),
                     old_problems=[str(p) for p in problems[:MAX_PROBLEMS_RECORDED]])
    seal = append(entry_model, head_model, key, dict(
        created=timezone.now(), actor="", council="", event=UPGRADE_EVENT, object_type="", object_id="",
        before=None, after=after, correlation=uuid.uuid4().hex))
    return Upgrade(entries=count, rechained=not problems, problems=problems, seal=seal)


def unkey_the_chain(entry_model: Any, head_model: Any, key: AuditKey) -> None:
    """Back to plain SHA-256 (undoing migration 0003), only for a chain that verifies with the key: turning a
    broken keyed chain into a plain one would hide what broke it."""
    walk = _walk(entry_model, head_model, key)
    if walk.problems:
        raise ChainNotVerified("the audit chain does not verify with the audit key, so it is not turned back into a "
                               f"plain SHA-256 chain (that would hide the problem): {walk.problems[0]}")
    if entry_model._base_manager.filter(scheme=KEYED).exists():
        _rechain(entry_model, head_model, LEGACY, key)
