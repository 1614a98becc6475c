"""Taking comments in: match each to a registered account, store it once, queue its check.

A comment is its (platform, platform id). Its versions are ordered by the platform's own time for each text
(docs/comment-versions.md), never by the order they reach us: a newer version is shown and checked, the one it
replaces kept as a revision (`_edit`); an older one delivered late is kept as a stale revision and changes nothing
(`_stale`); one already held is a duplicate. A deletion on the platform is kept and marks the comment; no later
delivery brings it back (`_delete`).

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

from civicguard.apps.access.checks import can, require
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.moderation.connectors import SOURCES, parse
from civicguard.apps.moderation.connectors.base import IncomingComment, IncomingDeletion, scrub, storable
from civicguard.apps.moderation.models import (
    RECHECK_ON_EDIT,
    REPLACED_NOTE,
    STALE_NOTE,
    Action,
    Comment,
    CommentRevision,
    CommentStatus,
    DeadLetter,
    ModerationDecision,
    PlatformDeletion,
)
from civicguard.apps.social_accounts.models import SocialAccount
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
    stale: list[int] = field(default_factory=list)  # comments sent an older version than they hold (each time)
    deleted: int = 0  # deletions recorded (of comments held or not yet)

    def to_dict(self) -> dict[str, Any]:
        return {"created": len(self.created), "edited": len(self.edited), "stale": len(self.stale),
                "deleted": self.deleted, "duplicates": self.duplicates, "ignored": self.ignored,
                "dead_letters": len(self.dead_letters), "reasons": self.reasons[:20]}


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

    def find(self, item: IncomingComment | IncomingDeletion) -> SocialAccount | None:
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
    gone: list[tuple[IncomingDeletion, SocialAccount]] = []
    for deletion in parsed.deletions:
        target = accounts.find(deletion)
        if target is None or (actor is not None and not can(actor, "comments.import", target.council)):
            report.ignored += 1  # nothing of ours to mark, and nothing to keep: a deletion carries no text
        else:
            gone.append((deletion, target))
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
        _store(take, source=source, into=report, deletions=gone)
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
    version_time, version_rank = item.version
    return Comment(council=account.council, account=account, platform=account.platform,
                   platform_id=item.platform_id[:200], kind=item.kind[:20], parent_id=item.parent_id[:200],
                   author_id=item.author_id[:200], author_name=item.author_name[:300], text=_text(item),
                   url=item.url[:1000] if item.url.startswith(("https://", "http://")) else "",
                   created_at=item.created_at, source=source, raw=_jsonable(item.raw),
                   version_time=version_time, version_rank=min(max(version_rank, 0), 32767))


def _jsonable(raw: Any) -> Any:
    return scrub(json.loads(json.dumps(raw, ensure_ascii=False, default=str))) if raw else {}


Key = tuple[str, str]  # (platform, platform id)
Version = tuple[datetime, int]  # a version's ordering key: the platform's time for the text, then a tie-break
Known = tuple[str, Version, int]  # a version held: its text and key, and the comment's id
DUPLICATE, EDITED, STALE = "duplicate", "edited", "stale"


def _held(comment: Comment) -> Version:
    return (comment.version_time or comment.created_at, comment.version_rank)


def _store(take: Iterable[tuple[IncomingComment, SocialAccount]], *, source: str, into: IngestReport,
           deletions: Iterable[tuple[IncomingDeletion, SocialAccount]] = ()) -> IngestReport:
    """Store a delivery's comments and deletions (docs/comment-versions.md): create the comments not seen
    before, then take each later arrival as newer (an edit), older (stale) or already held (a duplicate) by
    its platform key, never by the order delivered; then mark the deleted comments.

    The registered accounts the delivery touches are locked first, so two deliveries for an account are applied
    one after the other and each compares against the committed newest version. A delivery for another account
    than the comment is stored under never changes it (an import forced onto one council's account never
    rewrites another's comment). What was created, edited, stale, deleted and duplicated is counted in `into`."""
    out = into
    take, deletions = list(take), list(deletions)
    _lock_accounts({account.pk for _, account in take} | {account.pk for _, account in deletions})
    gone = _record_deletions(deletions, source=source, into=out)
    arrivals = [((account.platform, item.platform_id[:200]), _comment(item, account, source)) for item, account in take]
    known = _known({key for key, _ in arrivals} | set(gone))
    fresh: dict[Key, Comment] = {}
    for key, comment in arrivals:
        if key not in known and key not in fresh:
            fresh[key] = comment
    created = {id(c) for c in _create([fresh[key] for key in sorted(fresh)])}
    out.created = [c.pk for c in fresh.values() if id(c) in created]
    known.update({key: c for key, c in fresh.items() if id(c) in created})
    # Comments another delivery stored between our look and our insert are compared like any other.
    known.update(_known({key for key, c in fresh.items() if id(c) not in created}))
    later = [(key, c) for key, c in arrivals if id(c) not in created]
    # Only comments with something new are locked and read in full: an arrival with the text shown and a key
    # no newer is a duplicate whatever else the delivery holds.
    changing = {key for key, c in later if key in known and c.account_id == known[key].account_id
                and (c.text != known[key].text or (c.version_time, c.version_rank) > _held(known[key]))}
    deleted = _deleted_keys(known, gone)
    locked = _lock_comments({known[key].pk for key in changing | set(deleted)})
    history = _history(locked)
    for key, incoming in later:
        stored = known.get(key)
        if key not in changing or stored is None or stored.pk not in locked:
            out.duplicates += 1  # also: lost a race to a delivery whose comment is already gone (purged)
            continue
        comment = locked[stored.pk]
        outcome = _arrive(comment, incoming, history[comment.pk], source=source)
        if outcome == DUPLICATE:
            out.duplicates += 1
        elif outcome == STALE:
            out.stale.append(comment.pk)
        elif comment.pk not in out.edited:
            out.edited.append(comment.pk)
    for key, when in deleted.items():
        target = locked.get(known[key].pk)
        if target is not None and target.deleted_at is None:
            _delete(target, when, source=source)
    return out


def _lock_accounts(ids: set[int]) -> None:
    """Lock the accounts a delivery touches, in id order (a lock every storing path takes first, so none waits
    on another in a circle). NO KEY: a row that only references the account (a new comment, a post) is not
    held up. The embedded SQLite opens its transactions IMMEDIATE, which serialises writers the same way."""
    if ids:
        list(SocialAccount.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk")
             .values_list("pk", flat=True))


def _known(keys: set[Key]) -> dict[Key, Comment]:
    """The stored comments among `keys`, with what the comparison needs (no raw record)."""
    by_platform: dict[str, list[str]] = {}
    for platform, pid in keys:
        by_platform.setdefault(platform, []).append(pid)
    found: dict[Key, Comment] = {}
    for platform, pids in by_platform.items():
        for start in range(0, len(pids), 500):
            rows = (Comment.objects.filter(platform=platform, platform_id__in=pids[start:start + 500])
                    .only("pk", "platform", "platform_id", "account_id", "text", "created_at", "version_time",
                          "version_rank", "deleted_at"))
            found.update({(platform, c.platform_id): c for c in rows})
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


def _lock_comments(ids: set[int]) -> dict[int, Comment]:
    """Lock the comments about to change, in id order, before anything is written: an audit entry locks the
    chain's head, and a moderator's decision locks a comment before it, so taking a comment after the head
    could deadlock with them."""
    if not ids:
        return {}
    return {c.pk: c for c in Comment.objects.select_for_update(of=("self",)).select_related("council")
            .filter(pk__in=ids).order_by("pk")}


def _history(comments: dict[int, Comment]) -> dict[int, set[tuple[Version | None, str]]]:
    """Every version each comment holds (shown or kept as a revision): its key and text."""
    held: dict[int, set[tuple[Version | None, str]]] = {pk: {(_held(c), c.text)} for pk, c in comments.items()}
    rows = CommentRevision.objects.filter(comment_id__in=list(comments)).values_list(
        "comment_id", "platform_time", "rank", "text")
    for pk, when, rank, text in rows.iterator(chunk_size=1000):
        held[pk].add(((when, rank) if when is not None else None, text))
    return held


def _arrive(comment: Comment, incoming: Comment, history: set[tuple[Version | None, str]], *,
            source: str) -> str:
    """One version of a (locked) comment arrives: newer, stale or a duplicate (docs/comment-versions.md)."""
    held, new = _held(comment), (incoming.version_time or incoming.created_at, incoming.version_rank)
    if incoming.text == comment.text:
        if new > held:
            # A later version with the same text: an older edit arriving after it must still lose to it.
            comment.version_time, comment.version_rank = new
            Comment.objects.filter(pk=comment.pk).update(version_time=new[0], version_rank=new[1])
        return DUPLICATE
    if (new, incoming.text) in history:  # a retry of a version we hold in the history
        return DUPLICATE
    history.add((new, incoming.text))
    if new < held:
        _stale(comment, incoming, source=source)
        return STALE
    # Newer, or a tie the platform gives no way to break: the later arrival is taken as the newer.
    _edit(comment, incoming, source=source)
    return EDITED


def _edit(comment: Comment, incoming: Comment, *, source: str) -> CommentRevision:
    """A newer version of a (locked) comment: keep the one it replaces (with its check), show and check the new.

    Someone could post something harmless, have it approved, then edit it into abuse or a third party's
    personal data; so a comment the platform still shows and no person took off (RECHECK_ON_EDIT) goes back to
    `pending` and through the check like a new one. Escalated, hidden and removed comments, and removals
    waiting for a second moderator, keep their status: a person's decision stands, and they see the new text
    (checked too, for its findings) and the earlier ones."""
    before = comment.status
    after = CommentStatus.PENDING if before in RECHECK_ON_EDIT else before
    old_length = len(comment.text)
    held = _held(comment)
    revision = CommentRevision.objects.create(
        comment=comment, text=comment.text, raw=comment.raw, source=source[:20], status_before=before,
        platform_time=held[0], rank=held[1], latest_check_id=comment.latest_check_id, note=REPLACED_NOTE)
    comment.text, comment.raw, comment.status = incoming.text, incoming.raw, after
    comment.version_time, comment.version_rank = incoming.version_time, incoming.version_rank
    comment.edits += 1
    # The summary and the latest check were of the old text (the revision keeps them); the new text waits for one.
    comment.verdict, comment.severity, comment.categories, comment.policy_version = "", 0, "", ""
    comment.latest_check = None
    comment.save(update_fields=["text", "raw", "status", "edits", "verdict", "severity", "categories",
                                "policy_version", "latest_check", "version_time", "version_rank", "updated"])
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


def _stale(comment: Comment, incoming: Comment, *, source: str) -> CommentRevision:
    """A version older than the one a (locked) comment holds arrived late: kept in the history, nothing else
    changes (text, status, findings, edit count). Audited without the text, like an edit."""
    revision = CommentRevision.objects.create(
        comment=comment, text=incoming.text, raw=incoming.raw, source=source[:20], status_before=comment.status,
        platform_time=incoming.version_time, rank=incoming.version_rank, stale=True, note=STALE_NOTE)
    held = _held(comment)
    audit_record(event="moderation.comment.stale", council=comment.council, subject=comment,
                 after={"note": STALE_NOTE, "status": comment.status, "platform": comment.platform,
                        "platform_id": comment.platform_id, "source": source,
                        "version_held": held[0].isoformat(), "version_delivered": revision.platform_time.isoformat()
                        if revision.platform_time else "", "text_length": len(incoming.text),
                        "revision": revision.pk})
    return revision


def _record_deletions(deletions: list[tuple[IncomingDeletion, SocialAccount]], *, source: str,
                      into: IngestReport) -> dict[Key, IncomingDeletion]:
    """Keep each deletion once (whether or not we hold its comment); a deletion delivered again is a duplicate.
    Returns this delivery's new deletions by key."""
    new: dict[Key, IncomingDeletion] = {}
    for deletion, account in deletions:
        key = (account.platform, deletion.platform_id[:200])
        if key in new:
            into.duplicates += 1
            continue
        try:
            with transaction.atomic():
                _, made = PlatformDeletion.objects.get_or_create(
                    platform=key[0], platform_id=key[1],
                    defaults={"council": account.council, "account": account, "deleted_at": deletion.deleted_at,
                              "source": source[:20], "raw": _jsonable(deletion.raw)})
        except IntegrityError:  # kept meanwhile by a delivery for another account
            made = False
        if made:
            new[key] = deletion
            into.deleted += 1
        else:
            into.duplicates += 1
    return new


def _deleted_keys(known: dict[Key, Comment], gone: dict[Key, IncomingDeletion]) -> dict[Key, datetime]:
    """The held comments to mark deleted: those this delivery deletes, and those arriving (or created now) whose
    deletion was kept before (a late add or edit of a deleted comment), each by its own account's deletion."""
    alive = {key: c for key, c in known.items() if c.deleted_at is None}
    pids = sorted({pid for _, pid in alive})
    marks: dict[Key, tuple[int, datetime]] = {}
    for start in range(0, len(pids), 500):
        for d in PlatformDeletion.objects.filter(platform_id__in=pids[start:start + 500]).only(
                "platform", "platform_id", "account_id", "deleted_at"):
            marks[(d.platform, d.platform_id)] = (d.account_id, d.deleted_at)
    return {key: when for key, (account_id, when) in marks.items()
            if key in alive and alive[key].account_id == account_id}


def _delete(comment: Comment, when: datetime, *, source: str) -> None:
    """The platform deleted a (locked) comment. Its status stays: what the check found (a safeguarding
    disclosure, a number that was public for an hour) does not go away with the comment, so one waiting for a
    person still waits. No later delivery clears the mark."""
    comment.deleted_at = when
    comment.save(update_fields=["deleted_at", "updated"])
    decision = ModerationDecision.objects.create(
        comment=comment, actor=None, action=Action.DELETED, status_before=comment.status,
        status_after=comment.status,
        note=f"Deleted on the platform on {when:%d %b %Y at %H:%M} UTC; reported by {source}. Status kept: "
             f"what the check found still stands.")
    audit_record(event="moderation.comment.deleted", council=comment.council, subject=comment,
                 after={"status": comment.status, "platform": comment.platform, "platform_id": comment.platform_id,
                        "source": source, "deleted_at": when.isoformat(), "decision": decision.pk})


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
    if data.get("version_time"):
        data["version_time"] = datetime.fromisoformat(str(data["version_time"]))
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
