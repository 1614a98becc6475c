"""Policy versions and their reviews (St Helens 10.1-10.2; Sefton 9.1).

Each version of a council's policy that has been published gets a `PolicyVersion` with the date its next
review is due (the pack's `facts.reviews.policy_interval_months` after publication, or sooner with a reason,
for example when legislation changes). A `PolicyReview` of a version consults the bodies the pack names,
records their comments and ends with the approving body's decision: no change, or a new version, which is then
published (a new `PolicyVersion`: `selectors.current_version` changes, so everyone signs the User Agreement
again).

The wording of each version is kept with the pack as files (`policies/<council>/versions/<version>/clauses.yaml`
beside the current `clauses.yaml`: see `engine/packs/history.py`); a `PolicyVersion` records which wording was
published by its version and the sha256 of its clauses at publication.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicguard.apps.councils.models import Council


class PolicyVersion(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="policy_versions")
    version = models.CharField(max_length=200, help_text="as the pack's document.version names it")
    published = models.DateField(help_text="the date this version came into force")
    review_due = models.DateField()
    early_review_reason = models.TextField(
        blank=True, help_text="why the review is due sooner than the pack's interval (legislation changed etc.)")
    clauses_digest = models.CharField(max_length=64, blank=True,
                                      help_text="sha256 of the version's clauses as published")
    clause_count = models.PositiveIntegerField(default=0)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published", "-id"]
        constraints = [models.UniqueConstraint(fields=["council", "version"],
                                               name="policyreview_version_unique_per_council")]

    def __str__(self) -> str:
        return f"{self.council}: {self.version}"


class ReviewState(models.TextChoices):
    OPEN = "open", "Open"
    CONSULTING = "consulting", "Consulting"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


class Outcome(models.TextChoices):
    NO_CHANGE = "no-change", "No change"
    NEW_VERSION = "new-version", "New version"


class PolicyReview(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="policy_reviews")
    of_version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="reviews")
    reason = models.TextField(blank=True, help_text="why the review was started, if not the due date")
    state = models.CharField(max_length=20, choices=ReviewState.choices, default=ReviewState.OPEN)
    consultees = models.JSONField(default=list, help_text="the bodies consulted, from the pack when started")
    approving_body = models.CharField(max_length=200, blank=True, help_text="from the pack when started")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    started_at = models.DateTimeField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    new_version = models.CharField(max_length=200, blank=True)
    decision_notes = models.TextField(blank=True)
    approved_by = models.CharField(max_length=200, blank=True, help_text="the body that approved the outcome")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    published_version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="published_by_review")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Review of {self.of_version}"

    @property
    def finished(self) -> bool:
        return self.state == ReviewState.PUBLISHED


class ReviewComment(models.Model):
    review = models.ForeignKey(PolicyReview, on_delete=models.CASCADE, related_name="comments")
    consultee = models.CharField(max_length=200)
    comment = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.consultee}: {self.comment[:40]}"
