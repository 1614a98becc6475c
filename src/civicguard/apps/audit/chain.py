"""The audit chain's arithmetic: how an entry's hash is made, how it is appended, and the walk that checks it.

Two schemes, named in each entry's `scheme`:
- `hmac-sha256` (every entry written since the audit key): the HMAC-SHA256, under a key derived from the audit
  key, of the entry's canonical JSON, which holds the hash of the entry before it. Without the key nobody can
  make a hash that verifies, so an entry cannot be rewritten, inserted, re-chained or re-ordered unseen.
- `sha256` (entries written before the audit key existed): the plain SHA-256 of the same JSON. Anyone can
  recompute it, so such entries are only accepted as the chain's first entries AND only when a keyed
  `audit.chain.upgrade` entry right after them names the last one and its hash (the seal written by the
  upgrade; see upgrade.py). A plain entry anywhere else, or a plain run nobody sealed, is reported.

These functions take the model classes as arguments so the data migration can use them with its historical
models; keep them working with a model that has only the fields of migration 0002.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from civicguard.apps.audit.keys import AuditKey

GENESIS = "0" * 64
LEGACY = "sha256"
KEYED = "hmac-sha256"
SCHEMES = {LEGACY: "SHA-256 (written before the audit key)", KEYED: "HMAC-SHA256 with the audit key"}
UPGRADE_EVENT = "audit.chain.upgrade"
# The fields an entry's hash covers, in the order the canonical JSON does not need (keys are sorted) but a
# reader does.
HASHED = ("seq", "created", "actor", "council", "event", "object_type", "object_id", "before", "after",
          "correlation", "prev_hash")


def canonical(fields: dict[str, Any], scheme: str) -> bytes:
    body = {name: fields[name] for name in HASHED}
    created = body["created"]
    body["created"] = created.astimezone(UTC).isoformat(timespec="microseconds")
    if scheme != LEGACY:  # the old entries' JSON stays exactly as it was, so their old hashes still hold
        body["scheme"] = scheme
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def legacy_digest(fields: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(fields, LEGACY)).hexdigest()


def keyed_digest(fields: dict[str, Any], key: AuditKey) -> str:
    return hmac.new(key.chain_key, canonical(fields, KEYED), hashlib.sha256).hexdigest()


def digest(fields: dict[str, Any], scheme: str, key: AuditKey) -> str | None:
    """The hash an entry with these fields should carry under its scheme; None for a scheme nobody wrote."""
    if scheme == KEYED:
        return keyed_digest(fields, key)
    if scheme == LEGACY:
        return legacy_digest(fields)
    return None


def fields_of(entry: Any) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in HASHED}


def append(entry_model: Any, head_model: Any, key: AuditKey, fields: dict[str, Any]) -> Any:
    """Append one keyed entry after the head. The caller holds a transaction.

    The head's UPDATE comes first: it takes the write lock (SQLite) or the row lock (PostgreSQL), so the tip
    read next is ours alone and two writers never chain onto the same entry.
    """
    heads = head_model._base_manager
    if not heads.filter(pk=1).update(seq=_plus_one()):
        heads.get_or_create(pk=1)
        heads.filter(pk=1).update(seq=_plus_one())
    head = heads.select_for_update().get(pk=1)
    row = dict(fields, seq=head.seq, prev_hash=head.last_hash)
    hashed = keyed_digest(row, key)
    entry = entry_model._base_manager.create(**row, scheme=KEYED, hash=hashed)
    heads.filter(pk=1).update(last_hash=hashed)
    return entry


def _plus_one() -> Any:
    from django.db.models import F

    return F("seq") + 1


@dataclass(frozen=True)
class Problem:
    seq: int
    kind: str  # altered | missing | reordered | tip | unsealed | downgraded | key | checkpoint
    detail: str

    def __str__(self) -> str:
        return f"entry {self.seq}: {self.kind}: {self.detail}"


def _span(first: int, last: int) -> str:
    return f"entry {first}" if first == last else f"entries {first}-{last}"


@dataclass
class Walk:
    """Checks entries fed to it in seq order; `finish` compares the end with the head row."""

    key: AuditKey
    count: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    last_seq: int = 0
    last_hash: str = GENESIS
    last_created: datetime | None = None
    _expected: int = 1
    _legacy: tuple[int, int, str] | None = None  # (first seq, last seq, last hash) of a plain run not yet sealed
    _keyed_seen: bool = False
    _keyed_good: int = 0
    _keyed_bad: list[int] = field(default_factory=list)

    def feed(self, entry: Any) -> None:
        self.count += 1
        seq, fields = entry.seq, fields_of(entry)
        if seq > self._expected:
            gone = _span(self._expected, seq - 1).replace("entry ", "entries ", 1)
            self.problems.append(Problem(seq, "missing", f"{gone} are not in the log (deleted)"))
        elif seq < self._expected:
            self.problems.append(Problem(seq, "reordered", f"sequence went back from {self._expected - 1}"))
        if entry.scheme == LEGACY:
            self._feed_legacy(entry, fields)
        elif entry.scheme == KEYED:
            self._feed_keyed(entry, fields)
        else:
            self.problems.append(Problem(seq, "altered", f"its hash scheme {entry.scheme!r} is not one CivicGuard "
                                                         "writes"))
        if entry.prev_hash != self.last_hash:
            self.problems.append(Problem(seq, "reordered",
                                         "it does not chain to the entry before it (an entry was removed, inserted "
                                         "or moved, or a hash rewritten)"))
        self.last_seq, self.last_hash, self.last_created = seq, entry.hash, entry.created
        self._expected = seq + 1

    def _feed_legacy(self, entry: Any, fields: dict[str, Any]) -> None:
        if legacy_digest(fields) != entry.hash:
            self.problems.append(Problem(entry.seq, "altered", "its content no longer matches its hash"))
        if self._keyed_seen:
            self.problems.append(Problem(entry.seq, "downgraded",
                                         "it carries only a plain SHA-256 hash but comes after entries written with "
                                         "the audit key (it was rewritten and re-chained by someone without the key)"))
            return
        first = self._legacy[0] if self._legacy else entry.seq
        self._legacy = (first, entry.seq, entry.hash)

    def _feed_keyed(self, entry: Any, fields: dict[str, Any]) -> None:
        if self._legacy is not None:
            self._seal(entry)
        self._keyed_seen = True
        if keyed_digest(fields, self.key) == entry.hash:
            self._keyed_good += 1
        else:
            self._keyed_bad.append(entry.seq)
            self.problems.append(Problem(entry.seq, "altered", "its content no longer matches its hash"))

    def _seal(self, entry: Any) -> None:
        """The first keyed entry after plain ones must be the upgrade's seal naming the last plain entry."""
        assert self._legacy is not None
        first, last, last_hash = self._legacy
        after = entry.after if isinstance(entry.after, dict) else {}
        if entry.event == UPGRADE_EVENT and after.get("legacy_until") == last and after.get("legacy_tip") == last_hash:
            self.notes.append(f"{_span(first, last)} were written before the audit key and carry only a SHA-256 "
                              f"chain, sealed at the upgrade by entry {entry.seq}")
        else:
            self._unsealed()
        self._legacy = None

    def _unsealed(self) -> None:
        assert self._legacy is not None
        first, last, _ = self._legacy
        self.problems.append(Problem(last, "unsealed",
                                     f"{_span(first, last)} carry only a plain SHA-256 chain that no entry written "
                                     "with the audit key vouches for (rewritten and re-chained without the key)"))

    def finish(self, head: Any) -> None:
        if self._legacy is not None:
            self._unsealed()
            self._legacy = None
        bad = self._keyed_bad
        if len(bad) >= 2 and not self._keyed_good:
            # One line instead of one per entry: the likeliest cause is the wrong key, not a rewrite of everything.
            keyed = set(bad)
            self.problems = [p for p in self.problems if not (p.kind == "altered" and p.seq in keyed)]
            self.problems.append(Problem(bad[0], "key",
                                         f"none of the {len(bad)} entries written with the audit key matches the "
                                         f"key in use (fingerprint {self.key.fingerprint}): either "
                                         f"{_key_hint(self.key)} is not the key that wrote this log, or every entry "
                                         "was rewritten"))
            self.problems.sort(key=lambda p: p.seq)
        if head is None:
            if self.count:
                self.problems.append(Problem(self.last_seq, "tip", "the head row that records the newest entry is "
                                                                   "missing (deleted)"))
        elif head.seq != self.last_seq or head.last_hash != self.last_hash:
            self.problems.append(Problem(self.last_seq, "tip",
                                         f"the log ends at entry {self.last_seq} but {head.seq} were written "
                                         "(the newest entries were deleted or the tip was rewritten)"))


def _key_hint(key: AuditKey) -> str:
    return "CIVICGUARD_AUDIT_KEY" if key.source == "environment" else f"the key in {key.path}"
