"""Service area procedures and account reviews (St Helens 6.12, 6.13, 9.9).

A service area keeps the procedure that governs its use of social media (6.12) as an uploaded document, with the
version of the council's policy it follows; it is out of date once the council's policy version is another. Each
live account is reviewed at the interval its council's pack sets (`facts.reviews.account_review_interval_months`)
against a checklist, and the review is signed off by the account's line manager (6.13, 9.9); signing one off
opens the next.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicguard.apps.councils.models import Council, ServiceArea
from civicguard.apps.social_accounts.models import SocialAccount


def _procedure_path(instance: ServiceAreaProcedure, filename: str) -> str:
    # The stored name is ours (the person's file name is kept in `file_name`), so no upload names a path.
    return f"procedures/{instance.council.slug}/{instance.service_area.slug}/{instance.sha256[:16]}.{instance.kind}"


class ProcedureKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word document (.docx)"
    ODT = "odt", "OpenDocument text (.odt)"


class ServiceAreaProcedure(models.Model):
    """One upload of a service area's procedure; the newest upload of an area is its procedure in force."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="procedures")
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="procedures")
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to=_procedure_path, max_length=300)
    file_name = models.CharField(max_length=255, help_text="the uploaded file's own name")
    kind = models.CharField(max_length=10, choices=ProcedureKind.choices)
    size = models.PositiveIntegerField(help_text="bytes")
    sha256 = models.CharField(max_length=64)
    policy_version = models.CharField(max_length=200, help_text="the version of the council's policy it follows")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["service_area__name", "-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.title


class AccountReview(models.Model):
    """A periodic review of an official account. Open until signed off; an account has at most one open review."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="account_reviews")
    account = models.ForeignKey(SocialAccount, on_delete=models.PROTECT, related_name="reviews")
    due = models.DateField()
    # The checklist (St Helens 6.13): each is the line manager's confirmation, ticked when they sign off.
    content_appropriate = models.BooleanField(default=False)
    representatives_current = models.BooleanField(default=False)
    feedback_current = models.BooleanField(default=False)
    inappropriate_removed = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    signed_off_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "id"]
        constraints = [models.UniqueConstraint(fields=["account"], condition=models.Q(signed_off_at__isnull=True),
                                               name="reviews_one_open_review_per_account")]

    def __str__(self) -> str:
        return f"Review of {self.account} due {self.due:%d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.signed_off_at is None
