"""Signed checkpoints: the chain's head (sequence number, entry hash, time) kept outside the database.

A checkpoint is a small JSON document signed (HMAC-SHA256) with a key derived from the audit key. Kept where
the database's administrators cannot reach it (e-mailed to Internal Audit, a write-once store), it proves later
that the log held that entry with that hash, so cutting the newest entries off (and rolling the head row back
to match) is found even though the chain left behind is consistent. It holds no personal data and not the key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from civicguard.apps.audit.keys import AuditKey
from civicguard.errors import BadInput

KIND = "civicguard-audit-checkpoint"
VERSION = 1
DIR_ENV = "CIVICGUARD_CHECKPOINT_DIR"
KEEP_ENV = "CIVICGUARD_CHECKPOINT_KEEP"
DEFAULT_KEEP = 30  # a month of daily checkpoints in the folder; the ones kept elsewhere are what count
FILE_PREFIX = "audit-checkpoint-"


@dataclass(frozen=True)
class Checkpoint:
    seq: int            # the newest entry when the checkpoint was made (0: the log was empty)
    hash: str           # that entry's hash
    entry_created: str  # that entry's time (ISO 8601, UTC); empty for an empty log
    created: str        # when the checkpoint was made (ISO 8601, UTC)
    key: str            # the audit key's fingerprint (tells keys apart; reveals nothing of the key)
    signature: str

    def to_json(self) -> str:
        return json.dumps({"kind": KIND, "version": VERSION, **asdict(self)}, indent=2) + "\n"


def _signed_part(body: dict[str, Any]) -> bytes:
    part = {name: body[name] for name in ("kind", "version", "seq", "hash", "entry_created", "created", "key")}
    return json.dumps(part, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _sign(body: dict[str, Any], key: AuditKey) -> str:
    return hmac.new(key.checkpoint_key, _signed_part(body), hashlib.sha256).hexdigest()


def checkpoint_sign(*, seq: int, hash: str, entry_created: datetime | None, key: AuditKey,
                    now: datetime | None = None) -> Checkpoint:
    body: dict[str, Any] = {
        "kind": KIND, "version": VERSION, "seq": seq, "hash": hash,
        "entry_created": entry_created.astimezone(UTC).isoformat(timespec="microseconds") if entry_created else "",
        "created": (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds"),
        "key": key.fingerprint,
    }
    return Checkpoint(seq=seq, hash=hash, entry_created=body["entry_created"], created=body["created"],
                      key=body["key"], signature=_sign(body, key))


def checkpoint_read(text: str, *, key: AuditKey, name: str) -> Checkpoint:
    """Parse a checkpoint and check its signature; anything else is refused with the reason (BadInput)."""
    try:
        body = json.loads(text)
    except ValueError:
        raise BadInput(f"{name} is not a CivicGuard audit checkpoint (it is not JSON)") from None
    if not isinstance(body, dict) or body.get("kind") != KIND:
        raise BadInput(f"{name} is not a CivicGuard audit checkpoint (no \"kind\": \"{KIND}\")")
    if body.get("version") != VERSION:
        raise BadInput(f"{name} is a version {body.get('version')!r} checkpoint; this CivicGuard reads version "
                       f"{VERSION}")
    fields = {"seq": int, "hash": str, "entry_created": str, "created": str, "key": str, "signature": str}
    for field_name, kind in fields.items():
        value = body.get(field_name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise BadInput(f"{name} is not a CivicGuard audit checkpoint (\"{field_name}\" is missing or not a "
                           f"{'number' if kind is int else 'string'})")
    if body["seq"] < 0:
        raise BadInput(f"{name} is not a CivicGuard audit checkpoint (\"seq\" is negative)")
    if not hmac.compare_digest(_sign(body, key), body["signature"]):
        if body["key"] != key.fingerprint:
            raise BadInput(f"{name} was signed with another audit key (fingerprint {body['key']}; the key in use is "
                           f"{key.fingerprint}): it cannot be trusted with this key. Set CIVICGUARD_AUDIT_KEY to the "
                           "key it was made with")
        raise BadInput(f"{name} does not match its signature: it was changed after it was written, so it cannot be "
                       "trusted. Use a copy kept elsewhere")
    return Checkpoint(**{name_: body[name_] for name_ in fields})


def checkpoint_load(path: str | Path, *, key: AuditKey) -> Checkpoint:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        raise BadInput(f"cannot read the checkpoint {path}: {reason}") from None
    return checkpoint_read(text, key=key, name=str(path))


def checkpoint_folder() -> Path:
    """Where the scheduler keeps checkpoints: CIVICGUARD_CHECKPOINT_DIR, else `checkpoints/` in the home."""
    configured = os.environ.get(DIR_ENV, "").strip()
    return Path(configured).expanduser().resolve() if configured else Path(settings.HOME) / "checkpoints"


def checkpoint_keep() -> int:
    raw = os.environ.get(KEEP_ENV, "").strip()
    if not raw:
        return DEFAULT_KEEP
    try:
        keep = int(raw)
    except ValueError:
        keep = 0
    if keep < 1:
        raise BadInput(f"{KEEP_ENV} must be a whole number of at least 1 (it is {raw!r})")
    return keep


def checkpoint_files(folder: Path) -> list[Path]:
    """The checkpoints the scheduler wrote in the folder, oldest first (their names sort by time)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{FILE_PREFIX}*.json") if p.is_file())


def checkpoint_write(checkpoint: Checkpoint, path: Path) -> None:
    """Write whole or not at all: a reader never finds half a checkpoint. The folder must exist."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".checkpoint.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(checkpoint.to_json())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_STAMP = "%Y%m%dT%H%M%SZ"


def checkpoint_file_name(checkpoint: Checkpoint) -> str:
    stamp = datetime.fromisoformat(checkpoint.created).strftime(_STAMP)
    return f"{FILE_PREFIX}{stamp}-seq{checkpoint.seq:09d}.json"


def checkpoint_newest_time(folder: Path) -> datetime | None:
    """When the newest checkpoint in the folder was made, read from its name (None: there is none)."""
    for path in reversed(checkpoint_files(folder)):
        try:
            return datetime.strptime(path.name[len(FILE_PREFIX):].split("-", 1)[0], _STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue  # not a name the scheduler wrote: look at the one before
    return None
