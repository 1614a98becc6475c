"""Official posts and the trail behind each one: every check run, every decision, the outbox.

A personal check stores nothing unless the employee asks to keep it (KeptCheck).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models

from civicguard.apps.councils.models import Council
from civicguard.apps.social_accounts.models import SocialAccount


class PostStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for approval"
    RETURNED = "returned", "Returned to author"
    APPROVED = "approved", "Approved"
    OVERRIDE_REQUESTED = "override_requested", "Override waiting for a second person"


class Post(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="posts")
    account = models.ForeignKey(SocialAccount, on_delete=models.PROTECT, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts")
    text = models.TextField()
    links = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=PostStatus.choices, default=PostStatus.DRAFT, db_index=True)
    latest_check = models.ForeignKey("PostCheck", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    submitted = models.DateTimeField(null=True, blank=True)
    overridden = models.BooleanField(
        default=False, help_text="approved despite a warning or a block, by one person or two (see its approvals)")

    class Meta:
        ordering = ["-updated"]

    def __str__(self) -> str:
        return f"Post {self.pk} for {self.account}"

    @property
    def is_editable(self) -> bool:
        return self.status in {PostStatus.DRAFT, PostStatus.RETURNED}

    @property
    def current_check(self) -> PostCheck | None:
        """The latest check if it was run on the post as it stands now (its text, links, images and the people
        tagged in them), else None."""
        check = self.latest_check
        if check is None or check.text != self.text or check.links != self.links:
            return None
        from civicguard.apps.posts.images import image_signature

        return check if check.images == image_signature(self) else None

    def override_record(self) -> OverrideRecord | None:
        """The override behind the post's latest decision: one person's, or a request and (once given) its
        confirmation. None when the latest decision is not an override. Reads prefetched approvals if any."""
        approvals = list(self.approvals.all())
        if not approvals:
            return None
        last = approvals[-1]
        if last.decision in {Decision.OVERRIDE, Decision.REQUEST_OVERRIDE}:
            return OverrideRecord(verdict=last.verdict, requester=last, confirmer=None)
        if last.decision == Decision.CONFIRM_OVERRIDE:
            asked = next((a for a in reversed(approvals[:-1]) if a.decision == Decision.REQUEST_OVERRIDE), None)
            if asked is not None:
                return OverrideRecord(verdict=last.verdict, requester=asked, confirmer=last)
        return None


def _image_path(instance: PostImage, filename: str) -> str:
    return f"posts/{instance.post.council.slug}/{instance.post_id}/{filename}"


class PostImage(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images")
    image = models.FileField(upload_to=_image_path, blank=True)
    # The media item (kept privately, with its clean copy and its facts); the consent tags hang on it.
    media = models.ForeignKey("media.MediaItem", on_delete=models.PROTECT, related_name="post_images", null=True,
                              blank=True)
    alt_text = models.CharField(max_length=500, blank=True)
    tagged_people = models.CharField(max_length=500, blank=True, help_text="names of the people shown, commas between")
    created = models.DateTimeField(auto_now_add=True)

    def people(self) -> tuple[str, ...]:
        return tuple(p.strip() for p in self.tagged_people.split(",") if p.strip())


class PostCheck(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="checks")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    text = models.TextField()
    links = models.JSONField(default=list, blank=True)
    # The post's images and their tags when it was checked (posts.images.image_signature).
    images = models.JSONField(default=list, blank=True)
    verdict = models.CharField(max_length=10)
    policy_version = models.CharField(max_length=200)
    result = models.JSONField()

    class Meta:
        ordering = ["-created", "-id"]


class Decision(models.TextChoices):
    """A decision as recorded. `override` is final (one person); an override that needs a second person is
    recorded as `request_override` and answered by `confirm_override` or `refuse_override`."""

    APPROVE = "approve", "Approved"
    RETURN = "return", "Returned to the author"
    OVERRIDE = "override", "Approved with an override"
    REQUEST_OVERRIDE = "request_override", "Asked a second person to confirm an override"
    CONFIRM_OVERRIDE = "confirm_override", "Confirmed the override"
    REFUSE_OVERRIDE = "refuse_override", "Refused the override"


class Approval(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="approvals")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    comment = models.TextField(blank=True)
    justification = models.TextField(blank=True)
    check_run = models.ForeignKey(PostCheck, on_delete=models.PROTECT, null=True, related_name="+")
    verdict = models.CharField(max_length=10, blank=True, help_text="the check's verdict when the decision was made")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]


@dataclass(frozen=True)
class OverrideRecord:
    """Who overrode a post's check and why: the requester (the only person, for a one-person override) and the
    confirmer (None for a one-person override, or while the request waits). `verdict` is the check's verdict
    at the last of these decisions."""

    verdict: str
    requester: Approval
    confirmer: Approval | None

    @property
    def people(self) -> int:
        """How many people the override needs: 1, or 2 when it was asked of a second person."""
        return 2 if self.requester.decision == Decision.REQUEST_OVERRIDE else 1

    @property
    def waiting(self) -> bool:
        return self.people == 2 and self.confirmer is None

    def to_dict(self) -> dict[str, Any]:
        def person(a: Approval | None) -> dict[str, Any] | None:
            if a is None:
                return None
            return {"username": a.actor.username, "at": a.created.isoformat(), "justification": a.justification}

        return {"people": self.people, "verdict": self.verdict, "waiting": self.waiting,
                "requester": person(self.requester), "confirmer": person(self.confirmer)}


class OutboxEntry(models.Model):
    """An approved post waiting for a publishing connector, with its check result and approvals."""

    post = models.OneToOneField(Post, on_delete=models.PROTECT, related_name="outbox")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    payload = models.JSONField()
    created = models.DateTimeField(auto_now_add=True)
    published = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name_plural = "outbox entries"


class KeptCheck(models.Model):
    """A personal-post check the employee chose to keep; only they can see it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kept_checks")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    verdict = models.CharField(max_length=10)
    result = models.JSONField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]


class NoticeKind(models.TextChoices):
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned to you"
    OVERRIDDEN = "overridden", "Approved with an override"
    OVERRIDE_REQUESTED = "override_requested", "Override waiting for a second person"
    OVERRIDE_CONFIRMED = "override_confirmed", "Override confirmed by a second person"
    OVERRIDE_REFUSED = "override_refused", "Override refused"


class Notice(models.Model):
    """What happened to a person's post, for their start page until they open the post (and by e-mail)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_notices")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="notices")
    approval = models.ForeignKey(Approval, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    message = models.CharField(max_length=300, help_text="one plain-English line, written when the notice is")
    comment = models.TextField(blank=True, help_text="the decider's comment or justification, for the author")
    created = models.DateTimeField(auto_now_add=True)
    seen = models.DateTimeField(null=True, blank=True, help_text="when the person opened the post after this")

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "seen"])]
