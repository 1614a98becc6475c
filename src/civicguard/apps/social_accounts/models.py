"""Official council accounts on the platforms (the full lifecycle comes with the accounts issue)."""

from __future__ import annotations

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

    class Meta:
        ordering = ["platform", "handle"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "handle"], name="account_unique_handle"),
            models.UniqueConstraint(fields=["platform", "platform_id"], condition=~models.Q(platform_id=""),
                                    name="account_unique_platform_id"),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.handle}"
