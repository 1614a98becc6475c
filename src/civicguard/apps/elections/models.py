"""The council's election calendar: each election, its polling day and its pre-election period.

Whether a period is on is `selectors.period_for`'s rule; how its first and last days follow from the pack is
`selectors.period_dates`'. Changed only through `services`."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicguard.apps.councils.models import Council


class Kind(models.TextChoices):
    LOCAL = "local", "Local council elections"
    MAYORAL = "mayoral", "Mayoral election"
    PARLIAMENTARY = "parliamentary", "Parliamentary general election"
    POLICE = "police", "Police and Crime Commissioner election"
    REFERENDUM = "referendum", "Referendum"
    BY_ELECTION = "by-election", "By-election"


class Status(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class Election(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="elections")
    name = models.CharField(max_length=200, help_text="as staff and the public know it")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    wards = models.CharField(max_length=500, blank=True, help_text="the wards polling (a by-election)")
    polling_day = models.DateField()
    notice_published_on = models.DateField(null=True, blank=True,
                                           help_text="the day the notice of election is published")
    period_start = models.DateField(help_text="the pre-election period's first day")
    period_end = models.DateField(help_text="the pre-election period's last day")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                   blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["polling_day", "pk"]
        indexes = [models.Index(fields=["council", "status", "period_start", "period_end"])]

    def __str__(self) -> str:
        return self.name
