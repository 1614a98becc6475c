"""User Agreements and training (St Helens 6.3, 6.19, 7.7, 9.4, 9.8, 9.12, 9.14; Sefton 5.4).

A signature or a completion is never changed or deleted: a new agreement version, a new policy version or an
expired course makes the old record stale, which is a query (selectors.py), not an update.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models

from civicguard.apps.councils.models import Council


class AgreementVersion(models.Model):
    """One version of a council's Social Media User Agreement: its text, from when it is in force, and the policy
    version it was written for."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="agreement_versions")
    text = models.TextField()
    effective = models.DateField(help_text="the day it comes into force")
    policy_version = models.CharField(max_length=200, blank=True,
                                      help_text="the policy version in force when it was published")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective", "-id"]

    def __str__(self) -> str:
        return f"User Agreement in force from {self.effective:%-d %B %Y}"


class SignatureSource(models.TextChoices):
    SIGNED = "signed-in-civicguard", "Signed in CivicGuard"
    BEFORE = "before-civicguard", "Signed before CivicGuard (recorded from the paper record)"


class AgreementSignature(models.Model):
    version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT, related_name="signatures")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agreement_signatures")
    typed_name = models.CharField(max_length=200)
    at = models.DateTimeField(help_text="when it was signed")
    policy_version = models.CharField(max_length=200, blank=True,
                                      help_text="the policy version in force when it was signed")
    # The declarations (St Helens 6.19: no personal devices on the council's profiles; St Helens 7.7 and Sefton
    # 5.4: no personal use of social media at work).
    personal_devices = models.BooleanField(default=False)
    personal_use_at_work = models.BooleanField(default=False)
    source = models.CharField(max_length=30, choices=SignatureSource.choices, default=SignatureSource.SIGNED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", help_text="who recorded it, when not the person themselves")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.typed_name}, {self.at:%-d %B %Y}"


class Course(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="courses")
    slug = models.SlugField(max_length=50)
    name = models.CharField(max_length=200)
    validity_days = models.PositiveIntegerField(null=True, blank=True,
                                                help_text="how long a completion counts; empty: it never expires")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["council", "slug"], name="onboarding_course_unique_slug")]

    def __str__(self) -> str:
        return self.name


class CompletionSource(models.TextChoices):
    LMS = "lms-import", "From the learning management system"
    LINE_MANAGER = "line-manager", "Recorded by a line manager"
    BEFORE = "before-civicguard", "Completed before CivicGuard (recorded from the paper record)"


class Completion(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="course_completions")
    completed = models.DateField()
    source = models.CharField(max_length=30, choices=CompletionSource.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed", "-id"]
        constraints = [models.UniqueConstraint(fields=["course", "user", "completed"],
                                               name="onboarding_completion_once_a_day")]

    def __str__(self) -> str:
        return f"{self.course} completed {self.completed:%-d %B %Y}"

    @property
    def expires(self) -> date | None:
        """The first day it no longer counts (None: the course never expires)."""
        days = self.course.validity_days
        return None if days is None else self.completed + timedelta(days=days)
