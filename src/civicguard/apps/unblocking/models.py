"""Website unblocking requests (Sefton 5.1, 5.4 and Appendix 2): a team asks for social media sites to be unblocked
for its work; the ICT helpdesk checks the request and passes it on (or returns it), the Computer Auditor approves
or refuses it with reasons and, where the council's pack says so, the requester's Assistant Director approves by
e-mail (the helpdesk records that e-mail). Access then runs until the request's expiry."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicguard.apps.councils.models import Council

PLATFORMS = [
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("x", "X"),
    ("youtube", "YouTube"),
    ("mastodon", "Mastodon"),
    ("linkedin", "LinkedIn"),
    ("tiktok", "TikTok"),
    ("threads", "Threads"),
    ("bluesky", "Bluesky"),
]
PLATFORM_NAMES = dict(PLATFORMS)


class UnblockStatus(models.TextChoices):
    SUBMITTED = "submitted", "With the ICT helpdesk"
    WITH_AUDITOR = "with_auditor", "With the Computer Auditor"
    WITH_AD = "with_ad", "Waiting for the Assistant Director"
    ACTIVE = "active", "Unblocked"
    EXPIRED = "expired", "Expired"
    REFUSED = "refused", "Refused"
    RETURNED = "returned", "Returned to the requester"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN = (UnblockStatus.SUBMITTED, UnblockStatus.WITH_AUDITOR, UnblockStatus.WITH_AD)
CLOSED = (UnblockStatus.EXPIRED, UnblockStatus.REFUSED, UnblockStatus.RETURNED, UnblockStatus.WITHDRAWN)


class UnblockRequest(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="unblock_requests")
    team = models.CharField(max_length=200, help_text="the team or service area asking")
    people = models.TextField(help_text="who the access is for: names, or the whole team")
    sites = models.JSONField(default=list, help_text="the platforms to unblock (slugs)")
    other_sites = models.CharField(max_length=500, blank=True, help_text="other sites, by address")
    reason = models.TextField(help_text="the business reason")
    expires = models.DateField(help_text="the last day of access")
    # Sefton 5.4: access is for work purposes only; the requester declares it.
    work_only_declared = models.BooleanField(default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=UnblockStatus.choices, default=UnblockStatus.SUBMITTED)
    needs_ad = models.BooleanField(default=False, help_text="the Assistant Director must approve too")
    ad_reason = models.CharField(max_length=300, blank=True, help_text="why the Assistant Director must approve")
    passed_on_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    passed_on_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", help_text="the Computer Auditor who approved")
    approved_at = models.DateTimeField(null=True, blank=True)
    ad_approval = models.TextField(blank=True, help_text="the Assistant Director's e-mail: who, when, reference")
    ad_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")
    ad_recorded_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", help_text="who made the last decision")
    decision_note = models.TextField(blank=True, help_text="the reasons given with the last decision")
    closed_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["council", "status"])]

    def __str__(self) -> str:
        return f"Unblocking for {self.team}"

    @property
    def site_names(self) -> list[str]:
        names = [PLATFORM_NAMES.get(s, s) for s in self.sites]
        return [*names, self.other_sites] if self.other_sites else names

    @property
    def is_open(self) -> bool:
        return self.status in OPEN
