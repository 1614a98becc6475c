"""Investigations and the RIPA record (St Helens 8.1-8.3; Sefton 8.1; docs/cases-design.md 7).

A regulatory service (the pack's `facts.investigations.services`: Trading Standards, Counter Fraud) registers an
investigation; every viewing of a person's social media profile in it is logged (`ProfileView`), including the ones
CivicGuard refused. Repeat viewing of one profile may be directed surveillance under the Regulation of Investigatory
Powers Act 2000: it then needs an `Authorisation`, decided by a designated Authorising Officer (never the applicant)
and approved by a magistrate (`JudicialApproval`) before it is in effect. Its reviews, renewals and cancellation
are `AuthorisationEvent`s. Records past the pack's retention are purged by the daily job, leaving a `PurgeLog` line
that names only the reference.

Who reads these records is decided in one place: civicguard.apps.access.confidential.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from civicguard.apps.councils.models import Council


class InvestigationStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Investigation(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="investigations")
    reference = models.CharField(max_length=60, help_text="the service's own reference, e.g. TS/2026/014")
    offence = models.CharField(max_length=300, help_text="the offence being investigated")
    service = models.CharField(max_length=100, help_text="one of the pack's regulatory services")
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="investigations",
                                      help_text="the investigating officers (they, and the Authorising Officers, "
                                                "read its records)")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=InvestigationStatus.choices, default=InvestigationStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["council", "reference"], name="investigation_reference_once")]

    def __str__(self) -> str:
        return f"Investigation {self.reference}"


class Purpose(models.TextChoices):
    EVIDENCE = "evidence", "Gathering evidence of the offence"
    IDENTIFY = "identify", "Identifying a suspect or a witness"
    TRACE = "trace", "Tracing a person"
    RECRUITMENT = "recruitment", "Recruiting or vetting a job applicant"
    OTHER = "other", "Something else (say what)"


class Outcome(models.TextChoices):
    ALLOWED = "allowed", "Allowed"
    WARNED = "warned", "Allowed, with a warning"
    REFUSED = "refused", "Refused"


class ProfileView(models.Model):
    """One viewing of a person's social media profile (or an attempt CivicGuard refused), as the officer logged it."""

    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="views")
    profile_url = models.CharField(max_length=500, help_text="the profile's address, normalised so that one "
                                                             "profile is always written the same way")
    address_given = models.CharField(max_length=1000, help_text="the address as the officer gave it")
    platform = models.CharField(max_length=40, blank=True, help_text="from the address's host")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    purpose_detail = models.TextField(blank=True, help_text="the purpose, in the officer's words")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    viewed_at = models.DateTimeField()
    recorded = models.TextField(blank=True, help_text="what was recorded from the profile (screenshots, notes)")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    warning = models.TextField(blank=True)
    refusal_reason = models.TextField(blank=True)
    authorisation = models.ForeignKey("Authorisation", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="views", help_text="the authorisation in effect that covered it")

    class Meta:
        ordering = ["-viewed_at", "-id"]
        indexes = [models.Index(fields=["profile_url", "viewed_at"])]

    def __str__(self) -> str:
        return f"Viewing of {self.profile_url}"


class Kind(models.TextChoices):
    DIRECTED_SURVEILLANCE = "directed-surveillance", "Directed surveillance"
    CHIS = "chis", "Covert human intelligence source"


class Threshold(models.TextChoices):
    SIX_MONTHS = "six-months", "The offence is punishable by at least six months' imprisonment"
    LISTED = "listed", "The offence is one of the tobacco and alcohol offences the law lists"


class AuthorisationStatus(models.TextChoices):
    APPLIED = "applied", "Waiting for the Authorising Officer"
    REFUSED = "refused", "Refused by the Authorising Officer"
    AUTHORISED = "authorised", "Authorised: waiting for a magistrate"
    NOT_APPROVED = "not-approved", "Not approved by the magistrate"
    IN_EFFECT = "in-effect", "In effect"
    CANCELLED = "cancelled", "Cancelled"
    EXPIRED = "expired", "Expired"


ENDED = (AuthorisationStatus.REFUSED, AuthorisationStatus.NOT_APPROVED, AuthorisationStatus.CANCELLED,
         AuthorisationStatus.EXPIRED)


class Authorisation(models.Model):
    """An application for directed surveillance or a covert human intelligence source, and what became of it."""

    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="authorisations")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    subject = models.CharField(max_length=200, help_text="the person (or group) the surveillance is of")
    profiles = models.JSONField(default=list, help_text="the normalised addresses of the profiles it covers")
    necessity = models.TextField()
    proportionality = models.TextField()
    collateral_intrusion = models.TextField()
    threshold = models.CharField(max_length=20, choices=Threshold.choices, blank=True)
    threshold_offence = models.CharField(max_length=300, blank=True, help_text="which listed offence")
    confidential_likely = models.BooleanField(default=False, help_text="confidential or privileged information is "
                                                                       "likely to be obtained")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=AuthorisationStatus.choices,
                              default=AuthorisationStatus.APPLIED)
    # The Authorising Officer's decision.
    authorising_officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                            blank=True, related_name="+")
    grade = models.CharField(max_length=60, blank=True)
    authoriser_involved = models.BooleanField(default=False, help_text="the Authorising Officer is directly "
                                                                       "involved in the investigation")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    # The magistrate's approval, and what follows.
    approved_on = models.DateField(null=True, blank=True, help_text="the day the magistrate approved it")
    expires_on = models.DateField(null=True, blank=True, help_text="the last day it is in effect")
    next_review_on = models.DateField(null=True, blank=True)
    renewal_pending = models.BooleanField(default=False, help_text="a renewal waits for a magistrate")
    ended_at = models.DateTimeField(null=True, blank=True, help_text="refused, not approved, cancelled or expired")
    cancel_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-applied_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} authorisation {self.pk} ({self.investigation.reference})"

    @property
    def council(self) -> Council:
        return self.investigation.council

    def is_current(self, today: date) -> bool:
        return (self.status == AuthorisationStatus.IN_EFFECT and self.expires_on is not None
                and today <= self.expires_on)


class Decision(models.TextChoices):
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class JudicialApproval(models.Model):
    """A magistrate's decision on an authorisation (or on its renewal)."""

    authorisation = models.ForeignKey(Authorisation, on_delete=models.CASCADE, related_name="approvals")
    heard_on = models.DateField()
    court = models.CharField(max_length=200)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    for_renewal = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["heard_on", "id"]


class EventKind(models.TextChoices):
    REVIEW = "review", "Review"
    RENEWAL = "renewal", "Renewal"
    CANCELLATION = "cancellation", "Cancellation"
    EXPIRY = "expiry", "Expiry"


class AuthorisationEvent(models.Model):
    authorisation = models.ForeignKey(Authorisation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                           related_name="+", help_text="empty for the daily job")
    notes = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]


class PurgeLog(models.Model):
    """What the retention purge deleted: the reference and counts only, never a name or a finding."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=60)
    what = models.CharField(max_length=300)
    purged_at = models.DateTimeField(auto_now_add=True)
    job = models.CharField(max_length=60, help_text="which job purged it")

    class Meta:
        ordering = ["-purged_at", "-id"]
