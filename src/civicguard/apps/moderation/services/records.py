"""Records: export for Freedom of Information and subject access, the retention purge, and rescans.

An export can redact third parties' personal data: the spans the engine found as personal data are replaced
and other people's names as authors are withheld, keeping the data subject's own comments attributed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Least
from django.utils import timezone

from civicguard.apps.access.checks import require
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.moderation.models import (
    Action,
    Comment,
    CommentCheck,
    CommentStatus,
    ModerationDecision,
    PlatformDeletion,
    PurgeLog,
    RescanChange,
    RescanChunk,
    RescanRun,
)
from civicguard.apps.moderation.services.scan import Checker, flagged, summary
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.engine import pack_for
from civicguard.errors import BadInput

REDACTED = "[personal data removed]"
THIRD_PARTY = "[third party]"
EXPORT_FIELDS = ["platform", "platform_id", "account", "kind", "created_at", "received", "author_name", "author_id",
                 "text", "url", "status", "verdict", "categories", "policy_version", "findings", "decisions",
                 "handoffs", "earlier_texts", "deleted_at"]
RESCAN_CHUNK = 100


def redact(text: str, findings: Sequence[dict[str, Any]]) -> str:
    """Replace every personal-data span found in `text`, right to left so offsets stay true."""
    spans = sorted({(int(f["start"]), int(f["end"])) for f in findings
                    if f.get("category") == "personal_data" and int(f.get("end", 0)) > int(f.get("start", 0))})
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + REDACTED + text[end:]
    return text


def _bounds(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    tz = timezone.get_current_timezone()
    lo = datetime.combine(start, time.min, tzinfo=tz) if start else None
    hi = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz) if end else None
    if lo and hi and hi <= lo:
        raise BadInput("the end date is before the start date", field="end")
    return lo, hi


def export_comments(*, actor: Any, council: Council, account: SocialAccount | None = None,
                    start: date | None = None, end: date | None = None, redact_third_parties: bool = False,
                    subject_author_id: str = "", fmt: str = "json") -> QuerySet[Comment]:
    """The comments to export, with the request audited; rows come from `export_rows`."""
    require(actor, "comments.export", council)
    if account is not None and account.council_id != council.pk:
        raise BadInput("that account is not one of this council's", field="account")
    lo, hi = _bounds(start, end)
    qs = Comment.objects.filter(council=council).select_related("account", "latest_check", "council").prefetch_related(
        "decisions__actor", "handoffs", "revisions")
    if account is not None:
        qs = qs.filter(account=account)
    if lo:
        qs = qs.filter(created_at__gte=lo)
    if hi:
        qs = qs.filter(created_at__lt=hi)
    audit_record(event="moderation.comments.export", actor=actor, council=council,
                 after={"account": account.handle if account else "", "start": str(start or ""),
                        "end": str(end or ""), "redacted": redact_third_parties, "subject": subject_author_id,
                        "format": fmt, "count": qs.count()})
    return qs.order_by("created_at", "id")


def _earlier_texts(comment: Comment, *, redact_third_parties: bool, checker: Checker) -> list[dict[str, Any]]:
    """The comment's other versions, newest first by the platform's time: the texts it had before, and those
    delivered late and never shown (`stale`). In a redacted export each is checked now for its personal data
    (a stale version was never checked), and the spans found are removed."""
    revisions = list(comment.revisions.all())
    texts = [r.text for r in revisions]
    if redact_third_parties and revisions:
        found = checker.texts([(comment.council, t) for t in texts])
        texts = [redact(t, r.get("findings", [])) for t, r in zip(texts, found, strict=True)]
    return [{"replaced": r.replaced.isoformat(), "text": t, "status_before": r.status_before,
             "platform_time": r.platform_time.isoformat() if r.platform_time else "", "stale": r.stale,
             "note": r.note} for r, t in zip(revisions, texts, strict=True)]


def export_rows(comments: QuerySet[Comment], *, redact_third_parties: bool = False,
                subject_author_id: str = "") -> Iterator[dict[str, Any]]:
    checker = Checker()
    for c in comments.iterator(chunk_size=500):
        findings = c.latest_check.result.get("findings", []) if c.latest_check else []
        own = bool(subject_author_id) and c.author_id == subject_author_id
        text = redact(c.text, findings) if redact_third_parties else c.text
        author_name, author_id = c.author_name, c.author_id
        if redact_third_parties and not own:
            author_name, author_id = THIRD_PARTY, ""
        yield {
            "platform": c.platform, "platform_id": c.platform_id, "account": c.account.handle, "kind": c.kind,
            "created_at": c.created_at.isoformat(), "received": c.received.isoformat(),
            "author_name": author_name, "author_id": author_id, "text": text, "url": c.url, "status": c.status,
            "verdict": c.verdict, "categories": c.category_list, "policy_version": c.policy_version,
            "findings": [{k: (REDACTED if redact_third_parties and k == "text" and f.get("category") == "personal_data"
                              else f.get(k))
                          for k in ("rule", "category", "severity", "clauses", "start", "end", "text", "message")}
                         for f in findings],
            "decisions": [{"when": d.created.isoformat(), "who": d.actor.username if d.actor else "system",
                           "action": d.action, "reason_code": d.reason_code, "note": d.note}
                          for d in c.decisions.all()],
            "handoffs": [{"when": h.created.isoformat(), "route": h.route, "to": h.route_name, "urgent": h.urgent}
                         for h in c.handoffs.all()],
            "earlier_texts": _earlier_texts(c, redact_third_parties=redact_third_parties, checker=checker),
            "deleted_at": c.deleted_at.isoformat() if c.deleted_at else "",
        }


# ---- retention -------------------------------------------------------------------------------------------

def purge(*, council: Council, now: datetime | None = None, dry_run: bool = False) -> PurgeLog | int:
    """Delete the council's comments older than its pack's retention period, and log what went.
    With dry_run, only count them."""
    facts = pack_for(council.slug).facts
    days = facts.retention_days if facts is not None else 730
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = Comment.objects.filter(council=council, created_at__lt=cutoff)
    if dry_run:
        return old.count()
    with transaction.atomic():
        rows = list(old.select_related("account").values_list("pk", "platform", "platform_id", "account__handle"))
        by_account: dict[str, int] = {}
        for _, platform, _, handle in rows:
            key = f"{platform}:{handle}"
            by_account[key] = by_account.get(key, 0) + 1
        ids = [r[0] for r in rows]
        for start in range(0, len(ids), 500):
            Comment.objects.filter(pk__in=ids[start:start + 500]).update(latest_check=None)
            Comment.objects.filter(pk__in=ids[start:start + 500]).delete()
        # Deletions the platform reported are kept as long as the comments they mark, then go too.
        PlatformDeletion.objects.filter(council=council, deleted_at__lt=cutoff).delete()
        log = PurgeLog.objects.create(council=council, retention_days=days, cutoff=cutoff, removed=len(rows),
                                      by_account=by_account, platform_ids=[f"{r[1]}:{r[2]}" for r in rows])
        audit_record(event="moderation.comments.purge", council=council, subject=log,
                     after={"retention_days": days, "cutoff": cutoff.isoformat(), "removed": len(rows),
                            "by_account": by_account})
    return log


# ---- rescans ---------------------------------------------------------------------------------------------

def rescan_start(*, since: datetime, dry_run: bool, council: Council | None = None) -> RescanRun:
    """Record a rescan of comments received since `since` and queue its chunks as parallel tasks."""
    qs = Comment.objects.exclude(status=CommentStatus.PENDING).filter(received__gte=since)
    if council is not None:
        qs = qs.filter(council=council)
    ids = list(qs.order_by("id").values_list("pk", flat=True))
    run = RescanRun.objects.create(council=council, since=since, dry_run=dry_run, total=len(ids))
    if not ids:
        RescanRun.objects.filter(pk=run.pk).update(finished=timezone.now())
    else:
        from civicguard.apps.moderation.tasks import rescan_chunk

        chunks = [ids[i:i + RESCAN_CHUNK] for i in range(0, len(ids), RESCAN_CHUNK)]
        transaction.on_commit(lambda: [rescan_chunk.delay(run.pk, chunk) for chunk in chunks])
    run.refresh_from_db()
    return run


def _brief(comment: Comment) -> dict[str, Any]:
    return {"verdict": comment.verdict, "categories": comment.category_list, "status": comment.status,
            "policy_version": comment.policy_version}


def rescan_chunk(*, run_id: int, ids: Sequence[int]) -> int:
    """Re-check one chunk; record what would change and, unless a dry run, apply it. Returns how many comments
    were checked: 0 when the chunk had already run (a second delivery changes nothing and counts nothing)."""
    if not ids:
        return 0
    # Chunks are disjoint slices of the run's sorted ids, so the smallest id names a chunk within its run; it needs
    # no extra task argument, so chunks queued by an earlier version are recognised too.
    first = min(ids)
    run = RescanRun.objects.get(pk=run_id)
    if RescanChunk.objects.filter(run=run, first=first).exists():
        return 0  # delivered again after it ran: skip the engine as well
    comments = list(Comment.objects.filter(pk__in=ids).select_related("council"))
    # The engine runs outside the write transaction; the comments are then read again, locked, so a decision
    # a moderator took meanwhile is seen (and never overwritten by a stale status).
    results = Checker().many(comments)
    texts = {c.pk: c.text for c in comments}
    with transaction.atomic():
        # The chunk's row is the authority: two deliveries running at once both get here, and the second waits on
        # the unique constraint until the first commits, then changes nothing (no second check, no double count).
        try:
            with transaction.atomic():
                RescanChunk.objects.create(run=run, first=first)
        except IntegrityError:
            return 0
        for comment in (Comment.objects.select_for_update(of=("self",)).filter(pk__in=list(results))
                        .select_related("council", "latest_check").order_by("pk")):
            # Edited since it was read: the result is of the old text, and the edit queued a check of the new one.
            if comment.text == texts[comment.pk]:
                _compare(run, comment, results[comment.pk])
        # Each chunk counts once (above); the cap only guards against ids that were never part of the run.
        RescanRun.objects.filter(pk=run.pk).update(done=Least(F("done") + len(ids), F("total")))
        if RescanRun.objects.filter(pk=run.pk, done__gte=F("total"), finished__isnull=True).update(
                finished=timezone.now()):
            _finished(run)
    return len(comments)


def _finished(run: RescanRun) -> None:
    counts = rescan_counts(run)
    audit_record(event="moderation.comments.rescan", council=run.council, subject=run,
                 after={"since": run.since.isoformat(), "dry_run": run.dry_run, "total": run.total, **counts})


def rescan_counts(run: RescanRun) -> dict[str, int]:
    counts = {str(k): 0 for k in RescanChange.Kind.values}
    for kind in run.changes.values_list("kind", flat=True):
        counts[kind] += 1
    return counts


def _compare(run: RescanRun, comment: Comment, result: dict[str, Any]) -> None:
    old = comment.latest_check.result if comment.latest_check else {"findings": []}
    was, now = flagged(old), flagged(result)
    before = _brief(comment)
    new = summary(result)
    if was != now:
        kind = RescanChange.Kind.NEWLY_FLAGGED if now else RescanChange.Kind.NO_LONGER_FLAGGED
    elif new["categories"] != comment.categories or new["verdict"] != comment.verdict:
        kind = RescanChange.Kind.CHANGED
    else:
        kind = None
    if run.dry_run:
        if kind is not None:
            RescanChange.objects.create(run=run, comment=comment, kind=kind, before=before,
                                        after={**new, "categories": [c for c in new["categories"].split(",") if c]})
        return
    check = CommentCheck.objects.create(comment=comment, trigger="rescan", verdict=result["verdict"],
                                        policy_version=result["policy_version"], result=result)
    for name, value in new.items():
        setattr(comment, name, value)
    comment.latest_check = check
    status = comment.status
    if kind == RescanChange.Kind.NEWLY_FLAGGED and status in (CommentStatus.CLEAR, CommentStatus.APPROVED):
        status = CommentStatus.NEEDS_REVIEW
    elif kind == RescanChange.Kind.NO_LONGER_FLAGGED and status == CommentStatus.NEEDS_REVIEW:
        status = CommentStatus.CLEAR
    comment.save(update_fields=["verdict", "severity", "categories", "policy_version", "latest_check", "updated"])
    if status != comment.status:
        ModerationDecision.objects.create(comment=comment, actor=None, action=Action.REOPEN if status ==
                                          CommentStatus.NEEDS_REVIEW else Action.CLEAR,
                                          note=f"rescan {run.pk} with policy version {result['policy_version']}",
                                          status_before=comment.status, status_after=status)
        Comment.objects.filter(pk=comment.pk).update(status=status)
    if kind is not None:
        RescanChange.objects.create(run=run, comment=comment, kind=kind, before=before,
                                    after={**new, "categories": [c for c in new["categories"].split(",") if c],
                                           "status": status})
