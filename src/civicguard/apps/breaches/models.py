"""Personal data breaches (UK GDPR articles 33-34; Sefton 13.2; St Helens 6.15, 9.7): the record the Data
Protection Officer keeps of each one, from the moment the council became aware of it.

A breach comes from a comment on a council account (the moderation queue's "remove for personal information"), a
post, or is described by hand. The record says what happened, whose data (the kinds of people and of data), about
how many people, when the council became aware (`aware_at`: the ICO's 72 hours run from here, art. 33(1)), the risk
to the people and why, whether the ICO must be told (and why not, when not), when it was told and its reference,
whether the people were told (art. 34: required for a high risk, unless an art. 34(3) exception applies, which is
recorded), what was done to contain it, and who was told inside the council (`BreachNotice`, from the pack).

Who may read a record is decided in one place only: `civicguard.apps.access.confidential.may_read_breach`, which
reads `council` and `opened_by`. Every read is logged there (`confidential_read`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Source(models.TextChoices):
    COMMENT = "comment", "A comment on a council account"
    POST = "post", "A post on a council account"
    OTHER = "other", "Something else, described here"


class Risk(models.TextChoices):
    # Art. 33(1): the ICO is told "unless the breach is unlikely to result in a risk to the rights and freedoms of
    # natural persons"; art. 34(1): the people are told when it is likely to result in a high risk.
    NONE = "none", "Unlikely to result in a risk to people's rights and freedoms"
    RISK = "risk", "A risk to people's rights and freedoms"
    HIGH = "high", "A high risk to people's rights and freedoms"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    ASSESSED = "assessed", "Assessed"
    CLOSED = "closed", "Closed"


class NotToldReason(models.TextChoices):
    # Art. 34(3): telling the people is not required when (a), (b) or (c).
    UNINTELLIGIBLE = "unintelligible", ("The data were unintelligible to anyone not authorised to see them, for "
                                        "example encrypted (art. 34(3)(a))")
    RISK_REMOVED = "risk-removed", ("What was done since means the high risk is no longer likely to materialise "
                                    "(art. 34(3)(b))")
    DISPROPORTIONATE = "disproportionate", ("Telling each person would take disproportionate effort, so a public "
                                            "communication told them instead (art. 34(3)(c))")


# The kinds of data a breach may disclose, in words, and the engine's finding kinds each stands for: the
# categories and detector names `facts.cases.notices_for` matches (personal_data; special category data, such as
# health, is `personal_data.special_category`; service users' confidential records are `confidential`).
DATA_CATEGORIES: dict[str, tuple[str, frozenset[str]]] = {
    "names": ("Names", frozenset({"personal_data"})),
    "contact": ("Contact details (home address, phone number, e-mail address)", frozenset({"personal_data"})),
    "identifiers": ("Identity numbers (date of birth, National Insurance or NHS number, case references)",
                    frozenset({"personal_data"})),
    "financial": ("Financial details (bank or card details, benefits)", frozenset({"personal_data"})),
    "images": ("Photos, videos or where someone is", frozenset({"personal_data"})),
    "health": ("Health or care information", frozenset({"personal_data", "personal_data.special_category"})),
    "special": ("Other special category data (ethnic origin, religion, sexual orientation, trade union membership, "
                "genetic or biometric data)", frozenset({"personal_data", "personal_data.special_category"})),
    "criminal": ("Criminal offences or allegations", frozenset({"personal_data"})),
    "service-user": ("Service users' confidential records", frozenset({"personal_data", "confidential"})),
}
DATA_CHOICES: list[tuple[str, str]] = [(code, label) for code, (label, _) in DATA_CATEGORIES.items()]

PEOPLE_CATEGORIES: dict[str, str] = {
    "residents": "Residents or members of the public",
    "service-users": "Service users",
    "children": "Children",
    "vulnerable-adults": "Vulnerable adults",
    "staff": "Council staff",
    "councillors": "Councillors",
}
PEOPLE_CHOICES: list[tuple[str, str]] = list(PEOPLE_CATEGORIES.items())


class DataBreach(models.Model):
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices)
    comment = models.ForeignKey("moderation.Comment", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    post = models.ForeignKey("posts.Post", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    source_description = models.TextField(blank=True, help_text="where it happened, when the source is neither")
    what = models.TextField(help_text="what happened")
    people_categories = models.JSONField(default=list, help_text="whose data: PEOPLE_CATEGORIES codes")
    data_categories = models.JSONField(default=list, help_text="what data: DATA_CATEGORIES codes")
    people_count = models.PositiveIntegerField(help_text="about how many people")
    aware_at = models.DateTimeField(help_text="when the council became aware: the ICO's 72 hours run from here")
    aware_how = models.CharField(max_length=300, help_text="how aware_at was set, in plain English")
    containment = models.TextField(blank=True, help_text="what was done to contain it and limit the harm")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # The Data Protection Officer (or their team) handling it: whoever assessed it.
    dpo = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                            related_name="+")
    # The assessment (art. 33(1), 34(1)).
    risk = models.CharField(max_length=10, choices=Risk.choices, blank=True)
    risk_reasons = models.TextField(blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    ico_required = models.BooleanField(null=True, blank=True, help_text="None until decided")
    ico_not_required_reason = models.TextField(blank=True)
    # Telling the ICO (art. 33(1): with the reasons for any delay past the 72 hours).
    ico_told_at = models.DateTimeField(null=True, blank=True)
    ico_reference = models.CharField(max_length=100, blank=True)
    ico_late_reason = models.TextField(blank=True)
    ico_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    # Telling the people (art. 34): when and how, or why not (an art. 34(3) exception).
    people_told_at = models.DateTimeField(null=True, blank=True)
    people_told_how = models.TextField(blank=True)
    people_not_told = models.CharField(max_length=20, choices=NotToldReason.choices, blank=True)
    people_not_told_reason = models.TextField(blank=True)
    people_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                           blank=True, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    closing_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-aware_at", "-id"]
        indexes = [models.Index(fields=["council", "status", "aware_at"])]
        constraints = [
            models.CheckConstraint(name="breach_source_fits",
                                   condition=(models.Q(source="comment", comment__isnull=False, post__isnull=True)
                                              | models.Q(source="post", post__isnull=False, comment__isnull=True)
                                              | models.Q(source="other", post__isnull=True,
                                                         comment__isnull=True))),
        ]

    def __str__(self) -> str:
        return f"Personal data breach {self.pk}"

    @property
    def data_labels(self) -> list[str]:
        return [DATA_CATEGORIES[c][0] for c in self.data_categories if c in DATA_CATEGORIES]

    @property
    def people_labels(self) -> list[str]:
        return [PEOPLE_CATEGORIES[c] for c in self.people_categories if c in PEOPLE_CATEGORIES]

    @property
    def finding_kinds(self) -> set[str]:
        """The engine's finding kinds this breach's data stand for (what `notices_for` matches)."""
        kinds: set[str] = set()
        for code in self.data_categories:
            if code in DATA_CATEGORIES:
                kinds |= DATA_CATEGORIES[code][1]
        return kinds


class BreachNotice(models.Model):
    """Someone told of a breach because the pack says so (`facts.cases.notify`, e.g. St Helens 6.15 Internal Audit,
    6.21 the Caldicott Guardian; Sefton 13.2 Information Governance): who, what they were told, when, by whom."""

    breach = models.ForeignKey(DataBreach, on_delete=models.PROTECT, related_name="notices")
    rule = models.CharField(max_length=60, help_text="the pack's notice slug")
    recipient = models.CharField(max_length=300, help_text="who was told, as staff know them")
    sent_to = models.JSONField(default=list, help_text="the e-mail addresses the notice went to")
    text = models.TextField()
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [models.UniqueConstraint(fields=["breach", "rule"], name="breach_notice_once")]

    def __str__(self) -> str:
        return f"{self.recipient} told of breach {self.breach_id}"
