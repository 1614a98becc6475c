"""A person's identity in a council's directory: the only link from a directory sign-in to a CivicGuard user."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicguard.apps.councils.models import Council


class DirectoryIdentity(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="directory_identities")
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255, help_text="the directory's `sub` for this person")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_identities")
    created = models.DateTimeField(auto_now_add=True)
    last_sign_in = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="directory_identity_unique")]

    def __str__(self) -> str:
        return f"{self.user} in {self.council}'s directory"
