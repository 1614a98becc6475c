"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py).

`moderation.comment.<action>` is written for every decision on a comment (services/decisions.py `record`), so
every value of `models.Action` has a name here; tests/apps/audit/test_labels.py checks it.
"""

from civicguard.apps.moderation.models import CommentStatus, Delivery, Route
from civicguard.engine import pack_for
from civicguard.errors import CivicGuardError

AREA = "Comment moderation"

EVENT_LABELS: dict[str, str] = {
    # A person's (or a rescan's) decision on one comment: moderation.comment.<Action>
    "moderation.comment.approve": "Comment approved (kept visible)",
    "moderation.comment.hide": "Comment hidden",
    "moderation.comment.remove": "Comment removed, or removal asked for",
    "moderation.comment.confirm_removal": "Comment removal confirmed",
    "moderation.comment.refuse_removal": "Comment removal refused",
    "moderation.comment.escalate": "Comment escalated",
    "moderation.comment.route": "Comment passed to a service",
    "moderation.comment.reopen": "Comment reopened for review",
    "moderation.comment.clear": "Comment cleared by a new check",
    "moderation.comment.edited": "Comment edited by its author",
    "moderation.comment.stale": "An older version of a comment arrived late: kept in the history, nothing changed",
    "moderation.comment.deleted": "Comment deleted on the platform",
    # Records kept about comments
    "moderation.comments.export": "Comments downloaded",
    "moderation.comments.purge": "Old comments deleted at the end of their retention period",
    "moderation.comments.rescan": "Comments checked again against the policy",
    # Hand-offs to services (safeguarding, complaints ...)
    "moderation.handoff.delivered": "Hand-off delivered to the service",
    "moderation.handoff.failed": "Hand-off could not be delivered",
    "moderation.handoff.retry": "Hand-off sent again",
    # Deliveries from the platforms that could not be taken
    "moderation.dead_letter.resolve": "Undelivered platform message dealt with",
}

OBJECT_NAMES: dict[str, str] = {
    "moderation.comment": "Comment",
    "moderation.handoff": "Hand-off",
    "moderation.deadletter": "Undelivered platform message",
    "moderation.purgelog": "Record of comments deleted",
    "moderation.rescanrun": "Rescan",
}

OBJECT_PAGES: dict[str, str] = {
    "moderation.comment": "moderation:detail",
    "moderation.handoff": "moderation:handoffs",
    "moderation.deadletter": "moderation:dead_letter",
}

FIELD_LABELS: dict[str, str] = {
    "reason_code": "Reason",
    "note": "Note",
    "decision": "Decision number",
    "text_length": "Length of text (characters)",
    "platform": "Platform",
    "platform_id": "Platform's reference",
    "source": "Came from",
    "edits": "Times edited",
    "revision": "Earlier text kept as number",
    "version_held": "Time of the version shown",
    "version_delivered": "Time of the version delivered",
    "deleted_at": "Deleted on the platform at",
    "start": "From",
    "end": "To",
    "redacted": "Other people's details removed",
    "subject": "Comments by the person with ID",
    "count": "Number of comments",
    "retention_days": "Kept for (days)",
    "cutoff": "Deleted if received before",
    "removed": "Comments deleted",
    "by_account": "Deleted per account",
    "dry_run": "Trial run (nothing changed)",
    "total": "Comments checked",
    "newly_flagged": "Newly flagged",
    "no_longer_flagged": "No longer flagged",
    "changed": "Findings changed",
    "channel": "Sent by",
    "target": "Sent to",
    "attempts": "Attempts",
    "error": "What went wrong",
    "reason": "Reason",
    "resolution": "What was done",
    # A removal waiting for a second person (services/decisions.py) and a hand-off e-mail that went nowhere
    "hidden_meanwhile": "Hidden while the removal waits",
    "shown_again": "Shown again on the platform",
    "asked_by": "Removal asked for by",
    "not_sent": "Not really sent",
}


def _reason(code: str, council: str) -> str | None:
    """A reason code in the words of the council's pack (St Helens 9.7's list)."""
    try:
        facts = pack_for(council).facts if council else None
    except CivicGuardError:  # a council whose pack no longer loads (PackError, UnknownPack): the code as it is
        return None
    reasons = facts.moderation.reason_codes if facts is not None and facts.moderation is not None else []
    return next((r.label for r in reasons if r.code == code), None)


VALUE_LABELS = {
    "status": dict(CommentStatus.choices),
    "reason_code": _reason,
    "channel": dict(Delivery.Channel.choices),
    "route": dict(Route.choices),
}
