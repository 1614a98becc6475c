"""The moderator's actions on a comment, each a ModerationDecision and an audit entry.

Reason codes come from the council's pack (St Helens 9.7's list); removal waits for a second moderator
where the pack asks for it. A removed comment is final.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.moderation.models import Action, Comment, CommentStatus, ModerationDecision
from civicguard.common.permissions import require
from civicguard.engine import pack_for
from civicguard.engine.packs.schema import Moderation, ReasonCode
from civicguard.errors import BadInput, InvalidState, NotAllowed

MAX_NOTE = 2000
MAX_BULK = 200

# The actions a moderator picks (confirm and refuse answer a removal; route has its own service).
CHOSEN = (Action.APPROVE, Action.HIDE, Action.REMOVE, Action.ESCALATE)
_AFTER = {
    Action.APPROVE: CommentStatus.APPROVED,
    Action.HIDE: CommentStatus.HIDDEN,
    Action.ESCALATE: CommentStatus.ESCALATED,
    Action.CONFIRM_REMOVAL: CommentStatus.REMOVED,
    Action.REFUSE_REMOVAL: CommentStatus.NEEDS_REVIEW,
    Action.REOPEN: CommentStatus.NEEDS_REVIEW,
    Action.ROUTE: CommentStatus.ROUTED,
}


def moderation_facts(council: Council | str) -> Moderation:
    slug = council if isinstance(council, str) else council.slug
    facts = pack_for(slug).facts
    if facts is None or facts.moderation is None:
        raise InvalidState(f"the {slug} policy pack does not set up comment moderation (facts.moderation)")
    return facts.moderation


def reason_codes(council: Council | str, action: str | None = None) -> list[ReasonCode]:
    codes = moderation_facts(council).reason_codes
    return [r for r in codes if action is None or action in r.actions]


def reason_for(council: Council | str, action: str, code: str) -> ReasonCode:
    allowed = reason_codes(council, action)
    for reason in allowed:
        if reason.code == code:
            return reason
    if not code:
        raise BadInput("choose a reason", field="reason_code")
    names = ", ".join(r.code for r in allowed)
    raise BadInput(f"reason {code!r} cannot be given to {action}; use one of {names}", field="reason_code")


def clean_note(note: Any) -> str:
    if not isinstance(note, str):
        raise BadInput("the note must be text", field="note")
    note = note.replace("\x00", "").strip()
    if len(note) > MAX_NOTE:
        raise BadInput(f"the note is over {MAX_NOTE} characters", field="note")
    return note


def record(*, comment: Comment, actor: Any, action: str, reason_code: str = "", note: str = "",
           status: str, extra: dict[str, Any] | None = None) -> ModerationDecision:
    """Write one decision, move the comment to `status` and audit it (inside the caller's transaction)."""
    before = comment.status
    decision = ModerationDecision.objects.create(comment=comment, actor=actor, action=action,
                                                 reason_code=reason_code, note=note, status_before=before,
                                                 status_after=status)
    comment.status = status
    comment.save(update_fields=["status", "updated"])
    audit_record(event=f"moderation.comment.{action}", actor=actor, council=comment.council, subject=comment,
                 before={"status": before},
                 after={"status": status, "reason_code": reason_code, "note": note, "decision": decision.pk,
                        **(extra or {})})
    return decision


def locked(comment: Comment) -> Comment:
    return Comment.objects.select_for_update(of=("self",)).select_related("council").get(pk=comment.pk)


def decide(*, comment: Comment, actor: Any, action: str, reason_code: str = "", note: Any = "",
           seen_edits: int | None = None) -> ModerationDecision:
    """approve, hide, remove, escalate (with a reason), confirm_removal / refuse_removal, reopen.

    `seen_edits` is the comment's edit count on the page the person decided from: if its author edited it
    since, the person has not read the text they would decide on, and the decision is refused."""
    require(actor, "comments.moderate", comment.council)
    note = clean_note(note)
    if action == Action.ROUTE:
        raise BadInput("routing needs a route: use the route form", field="action")
    if action not in _AFTER and action != Action.REMOVE:
        raise BadInput(f"unknown action {action!r}", field="action")
    with transaction.atomic():
        comment = as_seen(locked(comment), seen_edits)
        return _decide(comment=comment, actor=actor, action=action, reason_code=reason_code, note=note)


def as_seen(comment: Comment, seen_edits: int | None) -> Comment:
    """The (locked) comment, unless its author edited it after the person's page showed it (`seen_edits`).

    Every way of acting on a comment (decide, decide_many, route_comment; screens and API alike) goes through
    this one check; `seen_edits=None` (an API client that does not send it) skips it."""
    if seen_edits is not None and comment.edits != seen_edits:
        raise InvalidState(f"the author edited comment {comment.pk} after you opened it: read the new text, "
                           "then decide")
    return comment


def _decide(*, comment: Comment, actor: Any, action: str, reason_code: str, note: str) -> ModerationDecision:
    if comment.status == CommentStatus.REMOVED:
        raise InvalidState("this comment has been removed; nothing more can be done to it")
    if comment.status == CommentStatus.PENDING:
        raise InvalidState("this comment has not been checked yet")
    if action in (Action.CONFIRM_REMOVAL, Action.REFUSE_REMOVAL):
        if comment.status != CommentStatus.REMOVAL_PENDING:
            raise InvalidState("no removal is waiting for confirmation")
        asked = comment.decisions.filter(action=Action.REMOVE).order_by("-created", "-id").first()
        if asked is not None and asked.actor_id == getattr(actor, "pk", None):
            raise NotAllowed("a second moderator must confirm a removal you asked for")
        reason = asked.reason_code if asked is not None else ""
        return record(comment=comment, actor=actor, action=action, reason_code=reason, note=note,
                      status=str(_AFTER[Action(action)]))
    if comment.status == CommentStatus.REMOVAL_PENDING:
        raise InvalidState("a removal is waiting for a second moderator: confirm or refuse it first")
    if action == Action.REOPEN:
        return record(comment=comment, actor=actor, action=action, note=note,
                      status=str(CommentStatus.NEEDS_REVIEW))
    reason = reason_for(comment.council, action, reason_code)
    if action == Action.REMOVE:
        second = moderation_facts(comment.council).removal_needs_second_moderator
        status = CommentStatus.REMOVAL_PENDING if second else CommentStatus.REMOVED
    else:
        status = _AFTER[Action(action)]
    return record(comment=comment, actor=actor, action=action, reason_code=reason.code, note=note,
                  status=str(status))


def decide_many(*, comments: Sequence[Comment], actor: Any, action: str, reason_code: str = "",
                note: Any = "", seen_edits: dict[int, int] | None = None) -> list[ModerationDecision]:
    """The same decision on several comments, all or nothing (and nothing if one was edited since the person's
    page showed it: `seen_edits` maps a comment's id to the edit count shown)."""
    if not comments:
        raise BadInput("choose at least one comment", field="comments")
    if len(comments) > MAX_BULK:
        raise BadInput(f"at most {MAX_BULK} comments at a time", field="comments")
    for council in {c.council for c in comments}:
        require(actor, "comments.moderate", council)
    note = clean_note(note)
    if action == Action.ROUTE or (action not in _AFTER and action != Action.REMOVE):
        raise BadInput(f"{action!r} cannot be done to several comments at once", field="action")
    with transaction.atomic():
        return [_decide(comment=as_seen(locked(c), (seen_edits or {}).get(c.pk)), actor=actor, action=action,
                        reason_code=reason_code, note=note)
                for c in comments]
