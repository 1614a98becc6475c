"""The embargo register (St Helens 5.2): unpublished documents that posts must not leak before their date."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicguard.apps.councils.models import Council


class EmbargoedDocument(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="embargoed_documents")
    title = models.CharField(max_length=300)
    text = models.TextField()
    until = models.DateField(help_text="the embargo ends at the start of this day")
    source_name = models.CharField(max_length=255, blank=True, help_text="the uploaded file's name, if any")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    withdrawn = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["until", "title"]

    def __str__(self) -> str:
        return self.title
