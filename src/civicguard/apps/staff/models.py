"""People and what they may do: role assignments per council (and per account for representatives), API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicguard.apps.access.roles import ROLES
from civicguard.apps.councils.models import Council, ServiceArea
from civicguard.apps.social_accounts.models import SocialAccount


class RoleAssignment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(max_length=40, choices=list(ROLES.items()))
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, null=True, blank=True)
    # A representative acts for one account, or (left empty) for every account of the council.
    account = models.ForeignKey(SocialAccount, on_delete=models.CASCADE, null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["council__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "council", "role", "account"], name="role_unique",
                                    nulls_distinct=False),
        ]

    def __str__(self) -> str:
        where = f" for {self.account}" if self.account_id else ""
        return f"{ROLES.get(self.role, self.role)}, {self.council}{where}"


class ApiToken(models.Model):
    """A token for systems. Only its SHA-256 is stored; the token itself is shown once, when it is made."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
