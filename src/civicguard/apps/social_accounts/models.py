"""Official council accounts on the platforms, the business cases that ask for them (St Helens 6.1, 6.2, 9.11;
Sefton 5.2 and Appendix 1) and the providers a council has deemed inappropriate (St Helens 6.11).

An account's login e-mail (St Helens 6.8) is stored for signing in to the platform only: no page, API answer or
export shows it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicguard.apps.councils.models import Council, ServiceArea

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
    ("other", "Other"),
]


class AccountStatus(models.TextChoices):
    SET_UP = "set_up", "Being set up"
    LIVE = "live", "Live"
    DORMANT = "dormant", "Dormant"
    CLOSED = "closed", "Closed"


class CaseState(models.TextChoices):
    DRAFT = "draft", "Draft"
    ENDORSEMENT = "endorsement", "Waiting for the service manager's endorsement"
    SUBMITTED = "submitted", "Waiting for a decision"
    RETURNED = "returned", "Returned for changes"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"
    ACCOUNT_CREATED = "account_created", "Account created"


class Endorsement(models.TextChoices):
    ENDORSED = "endorsed", "Endorsed"
    RETURNED = "returned", "Returned for changes"


class InappropriateProvider(models.Model):
    """A platform the council has deemed inappropriate for official accounts (St Helens 6.11)."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="inappropriate_providers")
    platform = models.CharField(max_length=20, choices=PLATFORMS)
    reason = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["platform"]
        constraints = [models.UniqueConstraint(fields=["council", "platform"], name="provider_unique_per_council")]

    def __str__(self) -> str:
        return self.get_platform_display()


class BusinessCase(models.Model):
    """The case for a new official account (Sefton Appendix 1): completed by the pack's roles, decided by its
    approver with reasons either way."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="business_cases")
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, null=True, blank=True)
    title = models.CharField(max_length=200, help_text="the account's proposed name")
    platform = models.CharField(max_length=20, choices=PLATFORMS, blank=True)
    handle = models.CharField(max_length=200, blank=True, help_text="the proposed handle, if known")
    purpose = models.TextField(blank=True)
    audience = models.TextField(blank=True)
    posters = models.TextField(blank=True)
    moderators = models.TextField(blank=True)
    hours_covered = models.TextField(blank=True)
    content_plan = models.TextField(blank=True)
    success_measures = models.TextField(blank=True)
    risks = models.TextField(blank=True)
    feedback_arrangements = models.TextField(blank=True)
    state = models.CharField(max_length=20, choices=CaseState.choices, default=CaseState.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="business_cases")
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The endorsement before the approver decides, where the pack asks for one (St Helens 9.11: a line manager's
    # case is approved by their Service Manager first). Emptied each time the case is submitted.
    endorsement = models.CharField(max_length=20, choices=Endorsement.choices, blank=True)
    endorsed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    endorsed_at = models.DateTimeField(null=True, blank=True)
    endorsement_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title


class SocialAccount(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="social_accounts")
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, null=True, blank=True)
    platform = models.CharField(max_length=20, choices=PLATFORMS)
    handle = models.CharField(max_length=200)
    platform_id = models.CharField(max_length=200, blank=True)
    sla_hours = models.PositiveIntegerField(null=True, blank=True,
                                            help_text="how long its comments may wait for review; "
                                                      "empty means the pack's moderation.sla_hours")
    created = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=AccountStatus.choices, default=AccountStatus.SET_UP)
    status_changed = models.DateTimeField(null=True, blank=True)
    status_reason = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="owned_accounts")
    business_case = models.OneToOneField(BusinessCase, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="account")
    profile_url = models.URLField(max_length=500, blank=True)
    # For signing in to the platform only (St Helens 6.8): never displayed, answered or exported.
    login_email = models.EmailField(blank=True)
    conditions_version = models.CharField(max_length=200, blank=True,
                                          help_text="the provider's conditions of use accepted: their version")
    conditions_accepted_on = models.DateField(null=True, blank=True)
    identifies_council = models.BooleanField(default=False)
    branding_appropriate = models.BooleanField(default=False)
    feedback_info = models.TextField(blank=True, help_text="how to give feedback or complain (St Helens 6.14)")

    class Meta:
        ordering = ["platform", "handle"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "handle"], name="account_unique_handle"),
            models.UniqueConstraint(fields=["platform", "platform_id"], condition=~models.Q(platform_id=""),
                                    name="account_unique_platform_id"),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.handle}"

    @property
    def link(self) -> str:
        """The account's public profile: its recorded address, or the platform's usual one for its handle."""
        if self.profile_url:
            return self.profile_url
        return profile_link(self.platform, self.handle)

    @property
    def conditions_accepted(self) -> bool:
        return bool(self.conditions_version.strip() or self.conditions_accepted_on)

    @property
    def checklist_complete(self) -> bool:
        return self.identifies_council and self.branding_appropriate


_PROFILE = {
    "facebook": "https://www.facebook.com/{}",
    "instagram": "https://www.instagram.com/{}",
    "x": "https://x.com/{}",
    "youtube": "https://www.youtube.com/@{}",
    "linkedin": "https://www.linkedin.com/company/{}",
    "tiktok": "https://www.tiktok.com/@{}",
    "threads": "https://www.threads.net/@{}",
    "bluesky": "https://bsky.app/profile/{}",
}


def profile_link(platform: str, handle: str) -> str:
    """The usual public address of a handle on a platform ("" when the platform has none we know)."""
    name = handle.strip().lstrip("@")
    if not name:
        return ""
    if platform == "mastodon" and "@" in name:
        user, _, server = name.partition("@")
        return f"https://{server}/@{user}" if user and server else ""
    pattern = _PROFILE.get(platform)
    return pattern.format(name) if pattern else ""
