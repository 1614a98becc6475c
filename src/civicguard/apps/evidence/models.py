"""Evidence (issue 18; St Helens 11.3: social media content may prove a breach): what was captured, its SHA-256,
when, by whom and from where, kept in the private store (civicguard.apps.media.storage, under an `evidence` name);
and its chain of custody, one entry for every capture, view, download and export. Evidence belongs to cases and
concern reports (they link to it: `Case.evidence`, `ConcernReport.screenshot`); who may see it follows them
(civicguard.apps.access.confidential). Nothing here is ever edited: a changed capture is a new item."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EvidenceKind(models.TextChoices):
    POST = "post", "Captured post"
    PAGE = "page", "Captured web page"
    SCREENSHOT = "screenshot", "Screenshot"
    TEXT = "text", "Text as captured"


class EvidenceItem(models.Model):
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    description = models.CharField(max_length=300, blank=True, help_text="what it shows, in the captor's words")
    source_url = models.URLField(max_length=2000, blank=True, help_text="where it was captured from, if online")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the bytes as captured")
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    file_name = models.CharField(max_length=200, help_text="the name shown and used in a bundle")
    stored_as = models.CharField(max_length=200, help_text="its name in the private store")
    captured_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    captured_at = models.DateTimeField()
    captured_from = models.GenericIPAddressField(null=True, blank=True, help_text="the captor's network address")
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["captured_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name} ({self.sha256[:12]})"


class CustodyAction(models.TextChoices):
    CAPTURE = "capture", "Captured"
    VIEW = "view", "Viewed"
    DOWNLOAD = "download", "Downloaded"
    EXPORT = "export", "Exported in an evidence bundle"


class CustodyEntry(models.Model):
    item = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="custody")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20, choices=CustodyAction.choices)
    at = models.DateTimeField()
    address = models.GenericIPAddressField(null=True, blank=True)
    via = models.CharField(max_length=10, default="page", help_text="page, api or cli")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
