"""Freedom of Information and subject access requests, what was disclosed, and the retention purge's log
(St Helens 5.5; docs/disclosure-design.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicguard.apps.councils.models import Council


class Kind(models.TextChoices):
    FOI = "foi", "Freedom of Information request"
    SAR = "sar", "Subject access request"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    SEARCHED = "searched", "Searched"
    DISCLOSED = "disclosed", "Disclosed"
    CLOSED = "closed", "Closed"


OPEN_STATES = (Status.OPEN, Status.SEARCHED)


class DisclosureRequest(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=3, choices=Kind.choices)
    requester_name = models.CharField(max_length=200)
    requester_email = models.EmailField(blank=True)
    requester_address = models.TextField(blank=True)
    subject_name = models.CharField(max_length=200, blank=True, help_text="the person searched for")
    subject_handles = models.JSONField(default=list, blank=True, help_text="their social media handles")
    subject_emails = models.JSONField(default=list, blank=True)
    date_from = models.DateField(null=True, blank=True)
    date_to = models.DateField(null=True, blank=True)
    received_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    found = models.JSONField(default=dict, blank=True,
                             help_text="record type -> ids the last search found (held while the request is open)")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    searched_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["council", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @property
    def reference(self) -> str:
        return f"{self.kind.upper()}-{self.pk:05d}"


class Disclosure(models.Model):
    """One export handed over: what (record types, ids, counts), to whom (the request's requester), when, by whom."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.PROTECT, related_name="disclosures")
    disclosed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    counts = models.JSONField(default=dict)
    ids = models.JSONField(default=dict)
    redaction = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    via = models.CharField(max_length=10, default="page")

    class Meta:
        ordering = ["-created", "-id"]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class PurgeAction(models.TextChoices):
    DELETED = "deleted", "Deleted"
    ANONYMISED = "anonymised", "Personal data removed, record kept"
    HELD = "held", "Kept: under a legal hold"


class PurgeLog(models.Model):
    """One record the retention purge removed, anonymised or kept under a hold. No personal data: type, id, dates."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    run = models.CharField(max_length=40, help_text="the run's identifier (one per purge)")
    record_type = models.CharField(max_length=30)
    record_id = models.PositiveBigIntegerField()
    record_date = models.DateTimeField(help_text="the date its period ran from")
    retention_days = models.PositiveIntegerField()
    action = models.CharField(max_length=12, choices=PurgeAction.choices)
    why = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["council", "record_type", "record_id"])]
