"""Advice requests (St Helens 6.15: Internal Audit on data protection; 8.3: advice before an investigation; Sefton
5.5: Corporate Legal Services on consent): a question put to one of the council's advisers (its pack's
`facts.advisers`), what it concerns, and the answer with who gave it and when."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from civicguard.apps.councils.models import Council


class AdviceStatus(models.TextChoices):
    OPEN = "open", "Waiting for an answer"
    ANSWERED = "answered", "Answered"
    WITHDRAWN = "withdrawn", "Withdrawn"


class AdviceRequest(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="advice_requests")
    # The adviser as the pack named them when the question was asked (a later pack may rename or drop them).
    adviser = models.CharField(max_length=50, help_text="the adviser's slug in the pack")
    adviser_name = models.CharField(max_length=200)
    adviser_role = models.CharField(max_length=50, help_text="the role whose holders answer")
    question = models.TextField()
    about_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    reference = models.CharField(max_length=300, blank=True, help_text="what it concerns, in the asker's words")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=AdviceStatus.choices, default=AdviceStatus.OPEN)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["council", "status"]), models.Index(fields=["about_type", "about_id"])]

    def __str__(self) -> str:
        return f"Question to {self.adviser_name}"
