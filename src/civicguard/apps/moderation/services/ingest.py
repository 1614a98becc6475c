"""Taking comments in: match each to a registered account, store it once, queue its check.

A comment is its (platform, platform id). Delivered again with the same text it is a duplicate and changes
nothing; with another text its author edited it: the text it replaces is kept as a revision and the new text is
checked again (see `_edit`).

Whatever cannot be taken (an unreadable payload, an unsigned delivery, a comment for an account nobody
registered) is kept in the dead-letter table with the reason, so nothing sent to us is lost unseen.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.moderation.connectors import SOURCES, parse
from civicguard.apps.moderation.connectors.base import IncomingComment, scrub, storable
from civicguard.apps.moderation.models import (
    RECHECK_ON_EDIT,
    Action,
    Comment,
    CommentRevision,
    CommentStatus,
    DeadLetter,
    ModerationDecision,
)
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.common.permissions import can, require
from civicguard.errors import BadInput

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 5 * 1024 * 1024  # a platform's delivery is far smaller; anything bigger is refused
MAX_STORED_BODY = 256 * 1024  # what a dead letter keeps of a refused body
SCAN_CHUNK = 100  # comments per scanning task


@dataclass
class IngestReport:
    created: list[int] = field(default_factory=list)
    duplicates: int = 0
    ignored: int = 0
    dead_letters: list[int] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    edited: list[int] = field(default_factory=list)  # comments whose text changed (each once)

    def to_dict(self) -> dict[str, Any]:
        return {"created": len(self.created), "edited": len(self.edited), "duplicates": self.duplicates,
                "ignored": self.ignored, "dead_letters": len(self.dead_letters), "reasons": self.reasons[:20]}


def _as_text(body: bytes | str | Any) -> tuple[str, bool]:
    if isinstance(body, bytes):
        text = body[:MAX_STORED_BODY].decode("utf-8", errors="replace")
        return storable(text), len(body) > MAX_STORED_BODY
    if not isinstance(body, str):
        body = json.dumps(body, ensure_ascii=False, default=str)
    return storable(body[:MAX_STORED_BODY]), len(body) > MAX_STORED_BODY


def dead_letter(*, source: str, reason: str, body: bytes | str | Any, council: Council | None = None,
                remote: str = "", comment: IncomingComment | None = None) -> DeadLetter:
    """Keep what could not be taken, with the reason, for a moderator (or the operator) to inspect."""
    readable, key = None, ""
    if comment is not None:
        readable = _jsonable({**asdict(comment), "created_at": comment.created_at.isoformat()})
        key = f"{comment.platform}:{comment.platform_id}"[:250]
        earlier = DeadLetter.objects.filter(key=key, resolved__isnull=True).first()
        if earlier is not None:
            return earlier
    text, truncated = _as_text(body)
    return DeadLetter.objects.create(source=source[:20], reason=reason[:1000], body=text, truncated=truncated,
                                     council=council, remote=remote[:100], comment=readable, key=key)


class _Accounts:
    """Finds the registered account a comment was made on: by platform id first, then by handle."""

    def __init__(self, forced: SocialAccount | None) -> None:
        self.forced = forced
        self.cache: dict[tuple[str, str, str], SocialAccount | None] = {}

    def find(self, item: IncomingComment) -> SocialAccount | None:
        if self.forced is not None:
            return self.forced
        key = (item.platform, item.account_platform_id, item.account_handle.lower().lstrip("@"))
        if key not in self.cache:
            account = None
            if item.account_platform_id:
                account = (SocialAccount.objects.select_related("council")
                           .filter(platform=item.platform, platform_id=item.account_platform_id).first())
            if account is None and key[2]:
                # Handles are registered as typed, with or without the @.
                account = (SocialAccount.objects.select_related("council")
                           .filter(Q(handle__iexact=key[2]) | Q(handle__iexact=f"@{key[2]}"), platform=item.platform)
                           .order_by("pk").first())
            self.cache[key] = account
        return self.cache[key]


def _unknown_account_reason(item: IncomingComment) -> str:
    named = " or ".join(x for x in (
        f"id {item.account_platform_id}" if item.account_platform_id else "",
        f"handle {item.account_handle}" if item.account_handle else "") if x) or "no account named"
    return f"unknown account: no registered {item.platform} account with {named} (comment {item.platform_id})"


def ingest(*, source: str, body: bytes | str, account: SocialAccount | None = None, actor: Any = None,
           council: Council | None = None, platform: str = "", remote: str = "") -> IngestReport:
    """Parse a delivery or import file and store its comments once each.

    `account` forces every comment onto that account (an import for one account). With an `actor`, only
    accounts of councils where they may import are accepted; others are dead-lettered. A payload that cannot
    be read at all is dead-lettered and BadInput is raised (the caller answers 4xx with the reason).
    Dead letters are filed under the account's council, else `council` (the importer's), else none."""
    council = account.council if account is not None else council
    if source not in SOURCES:
        raise BadInput(f"unknown source {source!r}; use one of {', '.join(SOURCES)}", field="source")
    if len(body) > MAX_BODY_BYTES:
        dead_letter(source=source, reason=f"payload of {len(body)} bytes is over the {MAX_BODY_BYTES} limit",
                    body=body, council=council, remote=remote)
        raise BadInput(f"the payload is over the {MAX_BODY_BYTES // (1024 * 1024)} MB limit")
    try:
        parsed = parse(source, body, platform=platform or (account.platform if account else ""))
    except BadInput as exc:
        dead_letter(source=source, reason=str(exc), body=body, council=council, remote=remote)
        raise
    report = IngestReport(ignored=parsed.ignored)
    accounts = _Accounts(account)
    take: list[tuple[IncomingComment, SocialAccount]] = []
    refused: list[tuple[str, Any, Council | None, IncomingComment | None]] = [
        (r.reason, r.raw, council, None) for r in parsed.rejected]
    for item in parsed.comments:
        target = accounts.find(item)
        if target is None:
            refused.append((_unknown_account_reason(item), item.raw, council, item))
        elif actor is not None and not can(actor, "comments.import", target.council):
            # Worded as for an unregistered account: whether another council registered it is not theirs to know.
            refused.append((_unknown_account_reason(item), item.raw, None, item))
        else:
            take.append((item, target))
    with transaction.atomic():
        for reason, raw, where, readable in refused:
            report.dead_letters.append(dead_letter(source=source, reason=reason, body=raw, council=where,
                                                   remote=remote, comment=readable).pk)
            report.reasons.append(reason)
        _store(take, source=source, into=report)
    _check_after_commit(report)
    return report


def _check_after_commit(stored: IngestReport) -> None:
    if stored.created:
        transaction.on_commit(lambda: enqueue_scan(stored.created))
    if stored.edited:
        transaction.on_commit(lambda: enqueue_scan(stored.edited, trigger="edit"))


def _text(item: IncomingComment) -> str:
    """The text as stored. Connectors already give it so; applying it again here means an edit is told from a
    second delivery by comparing like with like, whatever reader (or retaken dead letter) it came from."""
    return storable(item.text).strip()


def _comment(item: IncomingComment, account: SocialAccount, source: str) -> Comment:
    return Comment(council=account.council, account=account, platform=account.platform,
                   platform_id=item.platform_id[:200], kind=item.kind[:20], parent_id=item.parent_id[:200],
                   author_id=item.author_id[:200], author_name=item.author_name[:300], text=_text(item),
                   url=item.url[:1000] if item.url.startswith(("https://", "http://")) else "",
                   created_at=item.created_at, source=source, raw=_jsonable(item.raw))


def _jsonable(raw: Any) -> Any:
    return scrub(json.loads(json.dumps(raw, ensure_ascii=False, default=str))) if raw else {}


Key = tuple[str, str]  # (platform, platform id)


def _store(take: Iterable[tuple[IncomingComment, SocialAccount]], *, source: str,
           into: IngestReport) -> IngestReport:
    """Create the comments not seen before and apply the edits of those seen, in the order delivered.

    A comment already stored (or earlier in this payload) with the same text is a duplicate: a second delivery
    is a no-op. With another text it is an edit (`_edit`), but only when it comes for the account the comment
    is stored under: an import forced onto one council's account never rewrites another's comment. The comments
    created and edited, and the duplicates, are counted in `into`."""
    out = into
    arrivals = [((account.platform, item.platform_id[:200]), _comment(item, account, source)) for item, account in take]
    known = _known({key for key, _ in arrivals})
    fresh: dict[Key, Comment] = {}
    for key, comment in arrivals:
        if key not in known and key not in fresh:
            fresh[key] = comment
    created = {id(c) for c in _create(list(fresh.values()))}
    out.created = [c.pk for c in fresh.values() if id(c) in created]
    known.update({key: (c.pk, c.account_id, c.text) for key, c in fresh.items() if id(c) in created})
    # Comments another delivery stored between our look and our insert are compared like any other.
    known.update(_known({key for key, c in fresh.items() if id(c) not in created}))
    edits: list[tuple[int, Comment]] = []
    for key, comment in arrivals:
        if id(comment) in created:
            continue
        if key not in known:  # lost a race to a delivery whose comment is already gone (purged)
            out.duplicates += 1
            continue
        pk, account_id, text = known[key]
        if comment.text == text or comment.account_id != account_id:
            out.duplicates += 1
        else:
            edits.append((pk, comment))
            known[key] = (pk, account_id, comment.text)
    if edits:
        out.edited, same = _edits(edits, source=source)
        out.duplicates += same
    return out


def _known(keys: set[Key]) -> dict[Key, tuple[int, int, str]]:
    """The stored comments among `keys`: their id, account and text."""
    by_platform: dict[str, list[str]] = {}
    for platform, pid in keys:
        by_platform.setdefault(platform, []).append(pid)
    found: dict[Key, tuple[int, int, str]] = {}
    for platform, pids in by_platform.items():
        rows = (Comment.objects.filter(platform=platform, platform_id__in=pids)
                .values_list("pk", "platform_id", "account_id", "text"))
        found.update({(platform, pid): (pk, account_id, text) for pk, pid, account_id, text in rows})
    return found


def _create(comments: list[Comment]) -> list[Comment]:
    """Insert the new comments; those another delivery inserted first are left out of the answer."""
    if not comments:
        return []
    try:
        with transaction.atomic():
            return Comment.objects.bulk_create(comments)
    except IntegrityError:
        # Another delivery of the same comments got in first: take them one at a time.
        saved = []
        for comment in comments:
            try:
                with transaction.atomic():
                    comment.save()
                saved.append(comment)
            except IntegrityError:
                comment.pk = None
        return saved


def _edits(edits: list[tuple[int, Comment]], *, source: str) -> tuple[list[int], int]:
    """Apply edits (comment id, the comment as now delivered) in order; returns the ids edited and how many
    turned out to be duplicates once the comment was locked (another delivery of the same edit got in first).

    Every comment is locked first, in id order, before anything is written: an audit entry locks the chain's
    head, and a moderator's decision locks a comment before it, so taking a comment after the head could
    deadlock with them."""
    with transaction.atomic():
        locked = {c.pk: c for c in Comment.objects.select_for_update(of=("self",)).select_related("council")
                  .filter(pk__in={pk for pk, _ in edits}).order_by("pk")}
        edited: list[int] = []
        same = 0
        for pk, incoming in edits:
            comment = locked.get(pk)
            if comment is None or comment.text == incoming.text:  # purged meanwhile, or already edited so
                same += 1
                continue
            _edit(comment, incoming, source=source)
            if pk not in edited:
                edited.append(pk)
    return edited, same


def _edit(comment: Comment, incoming: Comment, *, source: str) -> CommentRevision:
    """The author edited a (locked) comment: keep the text it replaces, take the new text and have it checked.

    Someone could post something harmless, have it approved, then edit it into abuse or a third party's
    personal data; so a comment the platform still shows and no person took off (RECHECK_ON_EDIT) goes back to
    `pending` and through the check like a new one. Escalated, hidden and removed comments, and removals
    waiting for a second moderator, keep their status: a person's decision stands, and they see the new text
    (checked too, for its findings) and the earlier ones."""
    before = comment.status
    after = CommentStatus.PENDING if before in RECHECK_ON_EDIT else before
    old_length = len(comment.text)
    revision = CommentRevision.objects.create(comment=comment, text=comment.text, source=source[:20],
                                              status_before=before)
    comment.text, comment.raw, comment.status = incoming.text, incoming.raw, after
    comment.edits += 1
    # The summary and the latest check were of the old text; a comment without a latest check waits for one.
    comment.verdict, comment.severity, comment.categories, comment.policy_version = "", 0, "", ""
    comment.latest_check = None
    comment.save(update_fields=["text", "raw", "status", "edits", "verdict", "severity", "categories",
                                "policy_version", "latest_check", "updated"])
    kept = "" if after == CommentStatus.PENDING else (
        f"Status kept ({CommentStatus(after).label}): a moderator's decision stands. ")
    decision = ModerationDecision.objects.create(
        comment=comment, actor=None, action=Action.EDITED, status_before=before, status_after=after,
        note=f"{kept}New text of {len(comment.text)} characters (was {old_length}), delivered by {source}.")
    # No text in the audit log: it is the author's personal data, and kept (for its retention) on the comment.
    audit_record(event="moderation.comment.edited", council=comment.council, subject=comment,
                 before={"status": before, "text_length": old_length},
                 after={"status": after, "text_length": len(comment.text), "platform": comment.platform,
                        "platform_id": comment.platform_id, "source": source, "edits": comment.edits,
                        "revision": revision.pk, "decision": decision.pk})
    return revision


def enqueue_scan(ids: list[int], *, trigger: str = "ingest") -> None:
    """Queue the check of these comments in chunks. If the broker is down they stay `pending` and the sweep
    queues them again, so a failure here loses nothing."""
    from civicguard.apps.moderation.tasks import scan_comments

    for start in range(0, len(ids), SCAN_CHUNK):
        chunk = ids[start:start + SCAN_CHUNK]
        try:
            scan_comments.delay(chunk, trigger)
        except Exception:  # noqa: BLE001 - the comments are stored; the sweep will queue them again
            log.exception("could not queue the check of %d comments; the sweep will retry", len(chunk))


def dead_letter_resolve(*, letter: DeadLetter, actor: Any, resolution: Any) -> DeadLetter:
    """A moderator marks a dead letter as dealt with, saying how."""
    if letter.council is None:
        raise BadInput("this dead letter belongs to no council; the operator deals with it from the command line")
    require(actor, "comments.dead_letters", letter.council)
    if not isinstance(resolution, str) or not resolution.strip() or len(resolution) > 500:
        raise BadInput("say in up to 500 characters how it was dealt with", field="resolution")
    with transaction.atomic():
        letter.resolved_by, letter.resolved, letter.resolution = actor, timezone.now(), resolution.strip()
        letter.save(update_fields=["resolved_by", "resolved", "resolution"])
        audit_record(event="moderation.dead_letter.resolve", actor=actor, council=letter.council, subject=letter,
                     after={"reason": letter.reason, "resolution": letter.resolution})
    return letter


def dead_letter_retake(*, letter: DeadLetter, actor: Any = None) -> Comment | None:
    """Take a comment whose account was unknown, now that the account is registered. None if it still is not;
    the letter is resolved when the comment is stored (or was already)."""
    if letter.comment is None or letter.resolved is not None:
        raise BadInput("only an unresolved dead letter holding a readable comment can be taken again")
    data = dict(letter.comment)
    data["created_at"] = datetime.fromisoformat(data["created_at"])
    item = IncomingComment(**data)
    target = _Accounts(None).find(item)
    if target is None:
        return None
    if actor is not None:
        require(actor, "comments.dead_letters", target.council)
    with transaction.atomic():
        stored = _store([(item, target)], source=letter.source, into=IngestReport())
        letter.resolved, letter.resolved_by = timezone.now(), actor
        letter.resolution = f"taken into the queue of account {target.handle}"
        letter.save(update_fields=["resolved", "resolved_by", "resolution"])
    _check_after_commit(stored)
    return Comment.objects.filter(platform=target.platform, platform_id=item.platform_id).first()
