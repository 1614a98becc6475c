"""The log of every read of CivicGuard's most confidential records (cases and concern reports, their evidence,
personal data breaches, RIPA records): who read what, when, through which door. Written only by
`confidential.confidential_read`; never edited."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ConfidentialKind(models.TextChoices):
    CONCERN = "concern", "Concern report"
    CASE = "case", "Case"
    EVIDENCE = "evidence", "Evidence"
    REMOVAL = "removal", "Removal request"
    BREACH = "breach", "Personal data breach"
    INVESTIGATION = "investigation", "Investigation"
    AUTHORISATION = "authorisation", "RIPA authorisation"
    CENTRAL_RECORD = "central-record", "RIPA central record"


class ConfidentialRead(models.Model):
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=ConfidentialKind.choices)
    object_id = models.PositiveBigIntegerField(null=True, blank=True, help_text="empty for a list or an export")
    what = models.CharField(max_length=200, help_text="what was read, in plain English")
    via = models.CharField(max_length=10, default="page", help_text="page, api or cli")
    address = models.GenericIPAddressField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["council", "kind", "object_id"])]

    def __str__(self) -> str:
        return f"{self.reader} read {self.get_kind_display().lower()} {self.object_id or ''}: {self.what}"
