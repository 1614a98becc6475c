"""The moderator's actions on a comment, each a ModerationDecision and an audit entry.

Reason codes come from the council's pack (St Helens 9.7's list); removal waits for a second person where the
pack asks for it (`removal_needs_second_moderator`): any other moderator, or a holder of a role the pack names
(`removal_confirmed_by`, the approver for St Helens), confirms or refuses it, and the comment is hidden meanwhile
where the pack says so (`hide_while_removal_pending`). A removed comment is final.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from civicguard.apps.access.capabilities import roles_holding
from civicguard.apps.access.checks import can, require, roles_in
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.moderation.models import Action, Comment, CommentStatus, ModerationDecision
from civicguard.apps.onboarding.services import require_onboarded
from civicguard.engine import pack_for
from civicguard.engine.packs.schema import Moderation, ReasonCode
from civicguard.errors import BadInput, InvalidState, NotAllowed, NotFound

MAX_NOTE = 2000
MAX_BULK = 200

# The actions a moderator picks (confirm and refuse answer a removal; route has its own service).
CHOSEN = (Action.APPROVE, Action.HIDE, Action.REMOVE, Action.ESCALATE)
ANSWERS = (Action.CONFIRM_REMOVAL, Action.REFUSE_REMOVAL)
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
        raise InvalidState(f"The {slug} policy pack does not set up comment moderation. Ask your administrator "
                           "to add facts.moderation to the pack")
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
        raise BadInput("Choose a reason for your decision", field="reason_code")
    names = ", ".join(r.code for r in allowed)
    raise BadInput(f"Choose a reason that fits {_ACTION_WORDS.get(action, action)}: {names}", field="reason_code")


_ACTION_WORDS = {"approve": "approving", "hide": "hiding", "remove": "removing", "escalate": "escalating",
                 "route": "routing"}


def clean_note(note: Any) -> str:
    if not isinstance(note, str):
        raise BadInput("Enter the note as text", field="note")
    note = note.replace("\x00", "").strip()
    if len(note) > MAX_NOTE:
        raise BadInput(f"The note must be {MAX_NOTE} characters or fewer", field="note")
    return note


def record(*, comment: Comment, actor: Any, action: str, reason_code: str = "", note: str = "",
           status: str, extra: dict[str, Any] | None = None, hidden_pending_removal: bool = False
           ) -> ModerationDecision:
    """Write one decision, move the comment to `status` and audit it (inside the caller's transaction).

    `hidden_pending_removal` is true only for a removal that waits for a second person and hides the comment
    meanwhile; every other decision takes the comment out of that state (confirmed, refused, reopened...)."""
    before = comment.status
    decision = ModerationDecision.objects.create(comment=comment, actor=actor, action=action,
                                                 reason_code=reason_code, note=note, status_before=before,
                                                 status_after=status)
    comment.status = status
    comment.hidden_pending_removal = hidden_pending_removal
    comment.save(update_fields=["status", "hidden_pending_removal", "updated"])
    audit_record(event=f"moderation.comment.{action}", actor=actor, council=comment.council, subject=comment,
                 before={"status": before},
                 after={"status": status, "reason_code": reason_code, "note": note, "decision": decision.pk,
                        **(extra or {})})
    return decision


def locked(comment: Comment) -> Comment:
    return Comment.objects.select_for_update(of=("self",)).select_related("council").get(pk=comment.pk)


def removal_answerers(council: Council) -> frozenset[str]:
    """The roles that may confirm or refuse a removal someone else asked for: the council's moderators and the
    roles the pack names (`removal_confirmed_by`), so a council with one moderator is never stuck."""
    return roles_holding("comments.moderate") | frozenset(moderation_facts(council).removal_confirmed_by)


def may_answer_removal(actor: Any, council: Council) -> bool:
    return bool(roles_in(actor, council) & removal_answerers(council))


def require_removal_answerer(actor: Any, council: Council) -> None:
    """NotFound for a person with no role in the council (as `require`), NotAllowed for one whose roles may
    not answer a removal."""
    if not roles_in(actor, council):
        raise NotFound("no such council among yours")
    if not may_answer_removal(actor, council):
        raise NotAllowed("Only a moderator or an approver can confirm or refuse a removal")


def removal_asked(comment: Comment) -> ModerationDecision | None:
    """The request for the removal that is waiting (the latest `remove` decision)."""
    return comment.decisions.filter(action=Action.REMOVE).order_by("-created", "-id").first()


def allowed_actions(*, comment: Comment, actor: Any) -> list[str]:
    """What this person may do to the comment now, as the services would allow it: the moderator's choices
    (CHOSEN) and `route`, or only confirm/refuse while a removal waits for someone other than the person who
    asked. Pages ask here rather than repeating the rules."""
    if comment.status in (CommentStatus.REMOVED, CommentStatus.PENDING):
        return []
    if comment.status == CommentStatus.REMOVAL_PENDING:
        asked = removal_asked(comment)
        if not may_answer_removal(actor, comment.council) or (asked is not None and asked.actor_id == actor.pk):
            return []
        return [str(a) for a in ANSWERS]
    return [*(str(a) for a in CHOSEN), str(Action.ROUTE)] if can(actor, "comments.moderate", comment.council) else []


def decide(*, comment: Comment, actor: Any, action: str, reason_code: str = "", note: Any = "",
           seen_edits: int | None = None, address: str | None = None) -> ModerationDecision:
    """approve, hide, remove, escalate (with a reason), confirm_removal / refuse_removal, reopen.

    Confirming or refusing a removal is open to the council's moderators and to the roles the pack names
    (`removal_confirmed_by`); everything else to its moderators.
    `seen_edits` is the comment's edit count on the page the person decided from: if its author edited it
    since, the person has not read the text they would decide on, and the decision is refused.
    `address`: the request's, for the council's network limit (None: not a web request)."""
    if action in ANSWERS:
        require_removal_answerer(actor, comment.council)
    else:
        require(actor, "comments.moderate", comment.council)
    # St Helens 6.3, 6.19, 9.14: the signed agreement, current training and the council's network (outside the
    # transaction, so that a refusal's audit entry is kept).
    require_onboarded(actor, comment.council, doing="moderate", address=address, account=comment.account)
    note = clean_note(note)
    if action == Action.ROUTE:
        raise BadInput("Choose who to send the comment to on the routing form", field="action")
    if action not in _AFTER and action != Action.REMOVE:
        raise BadInput("Choose approve, hide, remove or escalate", field="action")
    with transaction.atomic():
        comment = as_seen(locked(comment), seen_edits)
        return _decide(comment=comment, actor=actor, action=action, reason_code=reason_code, note=note)


def as_seen(comment: Comment, seen_edits: int | None) -> Comment:
    """The (locked) comment, unless its author edited it after the person's page showed it (`seen_edits`).

    Every way of acting on a comment (decide, decide_many, route_comment; screens and API alike) goes through
    this one check; `seen_edits=None` (an API client that does not send it) skips it."""
    if seen_edits is not None and comment.edits != seen_edits:
        raise InvalidState(f"The author edited comment {comment.pk} after you opened it: read the new text, "
                           "then decide again")
    return comment


def _decide(*, comment: Comment, actor: Any, action: str, reason_code: str, note: str) -> ModerationDecision:
    if comment.status == CommentStatus.REMOVED:
        raise InvalidState("This comment has been removed, so nothing more can be done to it")
    if comment.status == CommentStatus.PENDING:
        raise InvalidState("This comment has not been checked yet: wait for the check, then decide")
    if action in ANSWERS:
        return _answer_removal(comment=comment, actor=actor, action=action, note=note)
    if comment.status == CommentStatus.REMOVAL_PENDING:
        raise InvalidState("A removal is waiting for a second person: confirm or refuse it first")
    if action == Action.REOPEN:
        return record(comment=comment, actor=actor, action=action, note=note,
                      status=str(CommentStatus.NEEDS_REVIEW))
    reason = reason_for(comment.council, action, reason_code)
    if action == Action.REMOVE:
        facts = moderation_facts(comment.council)
        if facts.removal_needs_second_moderator:
            # St Helens 9.7: no material in breach stays published, so the comment is hidden while the removal
            # waits for the second person (where the pack says so).
            hide = facts.hide_while_removal_pending
            return record(comment=comment, actor=actor, action=action, reason_code=reason.code, note=note,
                          status=str(CommentStatus.REMOVAL_PENDING), hidden_pending_removal=hide,
                          extra={"hidden_meanwhile": hide})
        status = CommentStatus.REMOVED
    else:
        status = _AFTER[Action(action)]
    return record(comment=comment, actor=actor, action=action, reason_code=reason.code, note=note,
                  status=str(status))


def _answer_removal(*, comment: Comment, actor: Any, action: str, note: str) -> ModerationDecision:
    """Confirm or refuse the waiting removal: someone other than the person who asked. A refused removal shows
    the comment again if it was hidden meanwhile (and the audit entry says so)."""
    if comment.status != CommentStatus.REMOVAL_PENDING:
        raise InvalidState("No removal is waiting for confirmation on this comment")
    asked = removal_asked(comment)
    if asked is not None and asked.actor_id == getattr(actor, "pk", None):
        raise NotAllowed("Ask another moderator or an approver to confirm or refuse the removal you asked for")
    reason = asked.reason_code if asked is not None else ""
    extra: dict[str, Any] = {"asked_by": asked.actor.get_username() if asked and asked.actor else ""}
    if action == Action.REFUSE_REMOVAL:
        extra["shown_again"] = comment.hidden_pending_removal
    return record(comment=comment, actor=actor, action=action, reason_code=reason, note=note,
                  status=str(_AFTER[Action(action)]), extra=extra)


def decide_many(*, comments: Sequence[Comment], actor: Any, action: str, reason_code: str = "",
                note: Any = "", seen_edits: dict[int, int] | None = None,
                address: str | None = None) -> list[ModerationDecision]:
    """The same decision on several comments, all or nothing (and nothing if one was edited since the person's
    page showed it: `seen_edits` maps a comment's id to the edit count shown)."""
    if not comments:
        raise BadInput("Choose at least one comment", field="comments")
    if len(comments) > MAX_BULK:
        raise BadInput(f"Choose {MAX_BULK} comments or fewer at a time", field="comments")
    for council in {c.council for c in comments}:
        require(actor, "comments.moderate", council)
        require_onboarded(actor, council, doing="moderate", address=address)
    note = clean_note(note)
    if action == Action.ROUTE or (action not in _AFTER and action != Action.REMOVE):
        raise BadInput("Choose approve, hide, remove or escalate for several comments at once; route them one "
                       "at a time", field="action")
    with transaction.atomic():
        return [_decide(comment=as_seen(locked(c), (seen_edits or {}).get(c.pk)), actor=actor, action=action,
                        reason_code=reason_code, note=note)
                for c in comments]
