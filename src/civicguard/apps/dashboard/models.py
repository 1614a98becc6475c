"""The one record the dashboard keeps: that a month's meeting pack went to the group (so it goes once)."""

from __future__ import annotations

from django.db import models

from civicguard.apps.councils.models import Council


class MonthlyPack(models.Model):
    """The monthly meeting pack sent for one council and month (the month it covers, as its first day)."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(help_text="the first day of the month the pack covers")
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(help_text="how many people it was e-mailed to")

    class Meta:
        ordering = ["-month", "-id"]
        constraints = [models.UniqueConstraint(fields=["council", "month"], name="dashboard_one_pack_a_month")]

    def __str__(self) -> str:
        return f"{self.council}: pack for {self.month:%B %Y}"
