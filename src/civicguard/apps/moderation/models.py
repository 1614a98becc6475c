"""Third-party comments on council accounts and the trail behind each one.

Automatic checks (CommentCheck) and human decisions (ModerationDecision) are separate records, never edited;
a comment's status and check summary are kept on the comment so the queue filters on plain indexed columns.
When the author edits a comment, the text it replaces is kept as a CommentRevision; a version older than the one
held (delivered late) is kept there too and changes nothing (docs/comment-versions.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicguard.apps.councils.models import Council
from civicguard.apps.social_accounts.models import SocialAccount


class CommentStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be checked"
    NEEDS_REVIEW = "needs_review", "Needs review"
    CLEAR = "clear", "Nothing found"
    APPROVED = "approved", "Approved"
    HIDDEN = "hidden", "Hidden"
    REMOVAL_PENDING = "removal_pending", "Removal waiting for a second person"
    REMOVED = "removed", "Removed"
    ESCALATED = "escalated", "Escalated"
    ROUTED = "routed", "Routed"


# The moderator's queue: what still needs a person.
QUEUE_STATUSES = (CommentStatus.NEEDS_REVIEW, CommentStatus.ESCALATED, CommentStatus.REMOVAL_PENDING)
# Statuses where the platform still shows the comment and no person has taken it off: an edit sends the comment
# back to `pending` to be checked again. In the others (escalated, hidden, removal_pending, removed) a person's
# decision stands through an edit.
RECHECK_ON_EDIT = (CommentStatus.PENDING, CommentStatus.NEEDS_REVIEW, CommentStatus.CLEAR, CommentStatus.APPROVED,
                   CommentStatus.ROUTED)
SEVERITY_RANK = {"": 0, "info": 1, "warn": 2, "block": 3}


class Comment(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="comments")
    account = models.ForeignKey(SocialAccount, on_delete=models.PROTECT, related_name="comments")
    platform = models.CharField(max_length=20)
    platform_id = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, default="comment")
    parent_id = models.CharField(max_length=200, blank=True)
    author_id = models.CharField(max_length=200, blank=True)
    author_name = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    url = models.URLField(max_length=1000, blank=True)
    created_at = models.DateTimeField(help_text="when it was made on the platform")
    received = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=20, help_text="meta, x, youtube, mastodon, json or csv")
    raw = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=CommentStatus.choices, default=CommentStatus.PENDING)
    # The latest check, summarised for filtering: verdict, worst severity, ",cat1,cat2," and the pack version.
    verdict = models.CharField(max_length=10, blank=True)
    severity = models.PositiveSmallIntegerField(default=0)
    categories = models.CharField(max_length=500, blank=True)
    policy_version = models.CharField(max_length=200, blank=True)
    latest_check = models.ForeignKey("CommentCheck", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    edits = models.PositiveIntegerField(default=0, help_text="how many times its author edited it (see revisions)")
    # The platform's ordering key of the text shown (docs/comment-versions.md): a delivery with an older key is stale.
    version_time = models.DateTimeField(null=True, blank=True,
                                        help_text="the platform's time for the text shown (its edit time, else its "
                                                  "creation time)")
    version_rank = models.PositiveSmallIntegerField(default=0, help_text="breaks ties of version_time (Meta: "
                                                    "add 0, edited 1; X: place in the edit history)")
    deleted_at = models.DateTimeField(null=True, blank=True,
                                      help_text="when the platform says it was deleted; no later delivery undoes it")
    hidden_pending_removal = models.BooleanField(
        default=False, help_text="hidden on the platform while its removal waits for a second person "
                                 "(the pack's moderation.hide_while_removal_pending)")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "platform_id"], name="comment_unique_per_platform"),
        ]
        indexes = [
            models.Index(fields=["council", "status", "created_at"], name="comment_queue"),
            # The moderator's queue (the default page) reads only the comments waiting for a person.
            models.Index(fields=["council", "created_at", "id"], condition=models.Q(status__in=QUEUE_STATUSES),
                         name="comment_queue_waiting"),
            models.Index(fields=["account", "created_at"], name="comment_account_time"),
            models.Index(fields=["status", "received"], name="comment_status_received"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.platform}:{self.platform_id}"

    @property
    def category_list(self) -> list[str]:
        return [c for c in self.categories.split(",") if c]

    @property
    def in_queue(self) -> bool:
        return self.status in QUEUE_STATUSES


REPLACED_NOTE = "Replaced by a newer version."
STALE_NOTE = "Older than the version we hold; kept in the history."


class CommentRevision(models.Model):
    """A version of the comment that is not the one shown: a text it had until a newer version replaced it, or
    (`stale`) one delivered after a newer version was already held, never shown. Never edited."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField(help_text="the text of this version")
    replaced = models.DateTimeField(auto_now_add=True, help_text="when the newer version (or this stale one) arrived")
    source = models.CharField(max_length=20, help_text="the connector that delivered the newer (or stale) version")
    status_before = models.CharField(max_length=20, choices=CommentStatus.choices)
    platform_time = models.DateTimeField(null=True, blank=True,
                                         help_text="the platform's time for this version (empty on older records)")
    rank = models.PositiveSmallIntegerField(default=0, help_text="breaks ties of platform_time")
    stale = models.BooleanField(default=False, help_text="arrived after a newer version: never shown")
    latest_check = models.ForeignKey("CommentCheck", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+",
                                     help_text="the check of this text while it was shown (its findings)")
    raw = models.JSONField(default=dict, blank=True, help_text="the platform's item for this version")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = [models.F("platform_time").desc(nulls_last=True), "-rank", "-replaced", "-id"]


class CommentCheck(models.Model):
    """One automatic check of a comment: the system's finding, never a person's."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="checks")
    created = models.DateTimeField(auto_now_add=True)
    trigger = models.CharField(max_length=20, default="ingest", help_text="ingest, edit, rescan or retry")
    verdict = models.CharField(max_length=10)
    policy_version = models.CharField(max_length=200)
    result = models.JSONField()

    class Meta:
        ordering = ["-created", "-id"]


class Action(models.TextChoices):
    APPROVE = "approve", "Approve (keep visible)"
    HIDE = "hide", "Hide"
    REMOVE = "remove", "Remove"
    CONFIRM_REMOVAL = "confirm_removal", "Confirm removal"
    REFUSE_REMOVAL = "refuse_removal", "Refuse removal"
    ESCALATE = "escalate", "Escalate"
    ROUTE = "route", "Route"
    REOPEN = "reopen", "Reopen"
    CLEAR = "clear", "Cleared by a rescan"
    EDITED = "edited", "Edited by its author: checked again"
    DELETED = "deleted", "Deleted on the platform"


class ModerationDecision(models.Model):
    """One decision on a comment. No actor means the system decided (for example a rescan reopening it)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="decisions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    reason_code = models.CharField(max_length=50, blank=True)
    note = models.TextField(blank=True)
    status_before = models.CharField(max_length=20)
    status_after = models.CharField(max_length=20)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]


class Route(models.TextChoices):
    CONTACT_CENTRE = "contact_centre", "Contact Centre"
    PRESS_OFFICE = "press_office", "Press Office"
    SAFEGUARDING = "safeguarding", "Safeguarding"


class Handoff(models.Model):
    """A comment referred to the Contact Centre, the Press Office or the safeguarding contact."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="handoffs")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="handoffs")
    route = models.CharField(max_length=20, choices=Route.choices)
    route_name = models.CharField(max_length=200)
    urgent = models.BooleanField(default=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    note = models.TextField(blank=True)
    reply = models.TextField(blank=True, help_text="the suggested public reply, pointing to direct contact")
    reply_check = models.JSONField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]

    @property
    def delivered(self) -> bool:
        """Every channel of the hand-off has been delivered."""
        return all(d.status == Delivery.Status.SENT for d in self.deliveries.all())


class Delivery(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        WEBHOOK = "webhook", "Webhook"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENT = "sent", "Delivered"
        FAILED = "failed", "Failed"

    handoff = models.ForeignKey(Handoff, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    target = models.CharField(max_length=1000, help_text="the e-mail address or the webhook address")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt = models.DateTimeField(null=True, blank=True)
    delivered = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["channel"]
        constraints = [models.UniqueConstraint(fields=["handoff", "channel"], name="delivery_one_per_channel")]


class PlatformDeletion(models.Model):
    """The platform said a comment was deleted (Meta's `remove`). Kept whether or not we hold the comment, so a
    late delivery of its add or an edit stores it already deleted and never brings it back."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(SocialAccount, on_delete=models.PROTECT, related_name="+")
    platform = models.CharField(max_length=20)
    platform_id = models.CharField(max_length=200)
    deleted_at = models.DateTimeField(help_text="when the platform says it was deleted")
    received = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=20)
    raw = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-received", "-id"]
        constraints = [models.UniqueConstraint(fields=["platform", "platform_id"], name="deletion_once_per_comment")]


class DeadLetter(models.Model):
    """A payload, or one item of it, that could not be taken; kept so nothing sent to us is lost unseen."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    source = models.CharField(max_length=20)
    reason = models.CharField(max_length=1000)
    body = models.TextField(help_text="as received (cut at the size limit)")
    truncated = models.BooleanField(default=False)
    comment = models.JSONField(null=True, blank=True,
                               help_text="the comment as read, when only its account was unknown (can be retaken)")
    key = models.CharField(max_length=250, blank=True, db_index=True,
                           help_text="platform:platform id of that comment, so a second delivery adds no letter")
    received = models.DateTimeField(auto_now_add=True)
    remote = models.CharField(max_length=100, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    resolved = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-received", "-id"]


class PurgeLog(models.Model):
    """One retention purge: what was removed, under which rule."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    retention_days = models.PositiveIntegerField()
    cutoff = models.DateTimeField()
    removed = models.PositiveIntegerField()
    by_account = models.JSONField(default=dict)
    platform_ids = models.JSONField(default=list)

    class Meta:
        ordering = ["-created", "-id"]


class RescanRun(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    since = models.DateTimeField()
    dry_run = models.BooleanField(default=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)


class RescanChunk(models.Model):
    """A chunk of a rescan that has run. Written once, in the transaction that applies the chunk's results, so a
    chunk delivered twice (late acknowledgement after a lost worker) is seen as done and changes nothing."""

    run = models.ForeignKey(RescanRun, on_delete=models.CASCADE, related_name="chunks")
    first = models.PositiveBigIntegerField(help_text="the smallest comment id in the chunk: the chunk's key in its run")
    done = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "first"], name="rescan_chunk_once")]


class RescanChange(models.Model):
    class Kind(models.TextChoices):
        NEWLY_FLAGGED = "newly_flagged", "Newly flagged"
        NO_LONGER_FLAGGED = "no_longer_flagged", "No longer flagged"
        CHANGED = "changed", "Findings changed"

    run = models.ForeignKey(RescanRun, on_delete=models.CASCADE, related_name="changes")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    before = models.JSONField()
    after = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "comment"], name="rescan_change_once")]
