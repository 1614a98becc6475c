"""Concern reports, cases, removal requests and the notices a case calls for (issue 18; docs/cases-design.md 1-5).

* `ConcernReport` (St Helens 7.8; Sefton 7.2): an employee reports a colleague's post: its link, the text as they
  captured it, a screenshot, what worries them, and the engine's findings on the text with their clauses.
* `Case`: a line manager or HR opens one from a concern report, a moderation escalation or a finding on an official
  post; it moves open -> referred (to HR, St Helens 9.10) -> classified -> investigating -> decided -> closed. Its
  timeline (`CaseStep`), notes, decisions and notices are its own; the general audit trail says only that it
  changed.
* `RemovalRequest` (Sefton 6.4): the employee is asked to remove named postings by a deadline.
* `PackNotice`: who was told, what and when (St Helens 6.21, 6.15; the Press Office).

Who reads any of it is decided in one place, civicguard.apps.access.confidential; these models give it exactly the
attributes it reads (a report's `council`, `reporter`, `subject`; a case's `council`, `subject`; a removal
request's `case`, `employee`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from civicguard.apps.councils.models import Council


class Classification(models.TextChoices):
    GROSS = "gross-misconduct", "Potential gross misconduct"
    MISCONDUCT = "misconduct", "Misconduct"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    REFERRED = "referred", "Referred to HR"
    CLASSIFIED = "classified", "Classified"
    INVESTIGATING = "investigating", "Being investigated"
    DECIDED = "decided", "Decided"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    NO_CASE = "no-case", "No case to answer"
    INFORMAL = "informal", "Informal action"
    FORMAL = "formal", "Formal disciplinary action"
    POLICE = "police", "Referral to the police"
    CIVIL = "civil", "Civil action"


class Source(models.TextChoices):
    CONCERN = "concern", "A concern report"
    COMMENT = "comment", "A moderation escalation"
    POST = "post", "A finding on an official post"


class ConcernReport(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey("people.StaffRecord", on_delete=models.PROTECT, related_name="+",
                                help_text="the colleague reported (HR's staff record)")
    link = models.URLField(max_length=2000, help_text="where the post is")
    text = models.TextField(help_text="the text of the post as the reporter captured it")
    worry = models.TextField(help_text="what worries the reporter, in their words")
    # The engine's check of the captured text (personal channel, the subject's political restriction).
    verdict = models.CharField(max_length=10)
    policy_version = models.CharField(max_length=200)
    findings = models.JSONField(default=list)
    text_evidence = models.ForeignKey("evidence.EvidenceItem", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    screenshot = models.ForeignKey("evidence.EvidenceItem", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(null=True, blank=True, help_text="first read by the line manager or HR")
    seen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"Concern report {self.pk}"

    @property
    def reference(self) -> str:
        return f"CR-{self.pk}"


class Case(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey("people.StaffRecord", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    source = models.CharField(max_length=10, choices=Source.choices)
    concern = models.OneToOneField(ConcernReport, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="case")
    comment = models.ForeignKey("moderation.Comment", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    post = models.ForeignKey("posts.Post", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    summary = models.TextField(blank=True, help_text="what the case is about, in the opener's words")
    findings = models.JSONField(default=list, help_text="the engine's findings that brought the case, with clauses")
    # St Helens 9.10: the clock runs from the concern or finding until the case is referred to HR.
    found_at = models.DateTimeField(help_text="when the concern was reported or the finding made")
    referral_due = models.DateField()
    proposed = models.CharField(max_length=20, choices=Classification.choices)
    proposed_because = models.JSONField(default=list, help_text="the findings' clauses that made the proposal")
    classification = models.CharField(max_length=20, choices=Classification.choices, blank=True)
    classification_reasons = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    deadline = models.DateField(null=True, blank=True)
    deadline_for = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    sanction = models.CharField(max_length=300, blank=True)
    outcome_reasons = models.TextField(blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    referred_at = models.DateTimeField(null=True, blank=True)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    evidence = models.ManyToManyField("evidence.EvidenceItem", blank=True, related_name="+")

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["council", "status"])]

    def __str__(self) -> str:
        return f"Case {self.reference}"

    @property
    def reference(self) -> str:
        return f"CASE-{self.pk}"

    @property
    def categories(self) -> set[str]:
        from civicguard.apps.cases.classify import categories

        return categories(self.findings)


class CaseStep(models.Model):
    """The case's own timeline: what happened, when, by whom (read only by the case's readers)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", help_text="empty for the system (an overdue request)")
    at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=500)

    class Meta:
        ordering = ["at", "id"]


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]


class DecisionKind(models.TextChoices):
    CLASSIFICATION = "classification", "Classification"
    OUTCOME = "outcome", "Outcome"


class CaseDecision(models.Model):
    """HR's classification (confirming or changing the proposal) and the outcome, each with its reasons."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    value = models.CharField(max_length=20)
    sanction = models.CharField(max_length=300, blank=True)
    reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_at", "id"]

    @property
    def value_label(self) -> str:
        choices = Classification if self.kind == DecisionKind.CLASSIFICATION else Outcome
        return dict(choices.choices).get(self.value, self.value)


class RemovalRequest(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="removals")
    employee = models.ForeignKey("people.StaffRecord", on_delete=models.PROTECT, related_name="+")
    postings = models.JSONField(default=list, help_text="the links of the postings to remove")
    note = models.TextField(blank=True, help_text="what the employee is told, beside the links")
    deadline = models.DateTimeField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    confirm_note = models.TextField(blank=True)
    evidence = models.ForeignKey("evidence.EvidenceItem", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"Removal request {self.pk}"

    @property
    def council(self) -> Council:
        return self.case.council

    def state(self, now: object = None) -> str:
        if self.confirmed_at is not None:
            return "confirmed"
        if self.escalated_at is not None:
            return "escalated"
        return "overdue" if (now or timezone.now()) > self.deadline else "requested"


class PackNotice(models.Model):
    """A notice the pack called for (facts.cases.notify), as sent: to whom, why, what, when, by whom."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notices")
    rule = models.CharField(max_length=100, help_text="the pack's notice (its slug)")
    recipient = models.CharField(max_length=200, help_text="who was told, as staff know them")
    role = models.CharField(max_length=50, blank=True)
    address = models.EmailField(max_length=254, blank=True)
    why = models.CharField(max_length=500)
    clauses = models.JSONField(default=list)
    text = models.TextField()
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")

    class Meta:
        ordering = ["sent_at", "id"]

    @property
    def council(self) -> Council:
        return self.case.council
