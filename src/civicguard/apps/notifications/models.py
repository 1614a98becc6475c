"""What the notifications app keeps: which daily e-mails went out (so none goes twice in a day, whatever restarts),
and who turned theirs off. What waits on a person is never stored here: each app's `waiting.py` reads it from its
own records (collect.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicguard.apps.councils.models import Council


class DigestSent(models.Model):
    """One person's daily e-mail for one council on one day: written before the e-mail is handed to the mail server
    (a second worker, or the same one restarted, finds it and sends nothing), removed again if sending fails."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    items = models.PositiveIntegerField(help_text="how many things waiting it listed")
    sent = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "user_id"]
        constraints = [models.UniqueConstraint(fields=["user", "council", "day"], name="notifications_digest_once")]

    def __str__(self) -> str:
        return f"{self.user} ({self.council}), {self.day}: {self.items}"


class DigestPreference(models.Model):
    """A person's choice about the daily e-mail in one council (no row: they get it)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    send_digest = models.BooleanField(default=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "council"], name="notifications_preference_once")]

    def __str__(self) -> str:
        return f"{self.user} ({self.council}): {'daily e-mail' if self.send_digest else 'no e-mail'}"
