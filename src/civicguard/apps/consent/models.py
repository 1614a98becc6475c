"""The photo consent register (Sefton 5.5; St Helens 5.2): who agreed, in writing, to appear in the council's
images, on which platforms, for what, until when; the people tagged in each media item; and the takedowns a
withdrawn or expired consent calls for.

Written consent comes in one of two forms: the signed paper form, scanned and uploaded (kept in the private media
store beside the images, never served directly: every look at it is logged), or the council's e-form signed in
CivicGuard (the person types their name; the time and the declarations they ticked are kept). A child's record
carries the children's protocol (Sefton 5.5.4.1-5.5.4.10): who consented for the child, the reference to the
child's file, the child-centred purpose and that it was explained, whether the child is or was looked after, and
the separate form for public display. Whether a record lets an image be published is decided in one place:
`civicguard.apps.consent.selectors.refusal`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicguard.apps.councils.models import Council
from civicguard.apps.social_accounts.models import PLATFORMS

PLATFORM_NAMES: dict[str, str] = dict(PLATFORMS)


class PersonKind(models.TextChoices):
    STAFF = "staff", "Member of staff"
    PUBLIC = "public", "Member of the public"
    CHILD = "child", "Child or young person"


class FormKind(models.TextChoices):
    UPLOAD = "upload", "Signed form, uploaded"
    EFORM = "eform", "E-form signed in CivicGuard"


class LawfulBasis(models.TextChoices):
    # UK GDPR Article 6(1). Sefton 5.5 asks for written consent whatever the basis; the basis is what the council
    # relies on for processing the image, recorded for Information Governance.
    CONSENT = "consent", "Consent (UK GDPR Article 6(1)(a))"
    PUBLIC_TASK = "public-task", "Public task (UK GDPR Article 6(1)(e))"
    LEGITIMATE_INTERESTS = "legitimate-interests", "Legitimate interests (UK GDPR Article 6(1)(f))"
    CONTRACT = "contract", "Contract (UK GDPR Article 6(1)(b))"


class ConsentFrom(models.TextChoices):
    # Sefton 5.5.4.3: the child's social worker or parent/carer, unless the young person is clearly of an age and
    # understanding to give informed consent on their own behalf.
    PARENT = "parent", "A parent"
    CARER = "carer", "A carer"
    SOCIAL_WORKER = "social-worker", "The child's social worker"
    YOUNG_PERSON = "young-person", "The young person themselves"


class LookedAfter(models.TextChoices):
    # Sefton 5.5.4.10: images of foster, cared-for or previously cared-for children are never posted on social media.
    NEVER = "never", "Not looked after, now or before"
    LOOKED_AFTER = "looked-after", "Looked after (fostered or in care)"
    PREVIOUSLY = "previously-looked-after", "Previously looked after"


class ConsentRecord(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="consent_records")
    person_kind = models.CharField(max_length=10, choices=PersonKind.choices)
    name = models.CharField(max_length=200, help_text="the person who appears in the images")
    staff_record = models.ForeignKey("people.StaffRecord", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="photo_consents", help_text="for a member of staff")
    platforms = models.JSONField(default=list, help_text="the platforms the consent covers (engine codes)")
    purposes = models.TextField(help_text="what the images will be used for")
    media_description = models.TextField(help_text="which photos or videos: the event, the day, the occasion")
    form_kind = models.CharField(max_length=10, choices=FormKind.choices)
    # The uploaded signed form: a path inside the private media store (never a URL), its fingerprint and type.
    form_path = models.CharField(max_length=300, blank=True)
    form_sha256 = models.CharField(max_length=64, blank=True)
    form_content_type = models.CharField(max_length=50, blank=True)
    form_name = models.CharField(max_length=255, blank=True, help_text="the uploaded file's name; shown only")
    # The e-form: the name the person typed, when, and the declarations they agreed to (their text, as shown).
    eform_signed_name = models.CharField(max_length=200, blank=True)
    eform_signed_at = models.DateTimeField(null=True, blank=True)
    eform_declarations = models.JSONField(default=list, blank=True)
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices, default=LawfulBasis.CONSENT)
    obtained_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    help_text="the member of staff who obtained the consent")
    obtained_on = models.DateField()
    expires_on = models.DateField(help_text="the last day the consent covers")
    # Sefton 5.5.1.1, 5.5.1.3: a member of staff must feel free to decline, without undue pressure.
    told_free_to_refuse = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", help_text="who recorded the withdrawal")
    withdrawn_reason = models.TextField(blank=True)
    expiry_handled = models.BooleanField(default=False, help_text="the daily job has raised its takedowns")

    # ---- a child or young person (Sefton 5.5.4) --------------------------------------------------------------
    consent_from = models.CharField(max_length=20, choices=ConsentFrom.choices, blank=True)
    consent_from_name = models.CharField(max_length=200, blank=True, help_text="who gave consent for the child")
    age_understanding = models.TextField(
        blank=True, help_text="why the young person is of an age and understanding to consent (5.5.4.3)")
    child_file_reference = models.CharField(max_length=100, blank=True, help_text="where the consent is filed")
    child_purpose = models.TextField(blank=True, help_text="the clear, child-centred purpose (5.5.4.1)")
    explained_to_child = models.BooleanField(default=False)
    explained_to_carer = models.BooleanField(default=False)
    not_explained_reason = models.TextField(
        blank=True, help_text="why the purpose was not explained to the parent or carer, and the social worker's "
                              "permission (5.5.4.2)")
    looked_after = models.CharField(max_length=30, choices=LookedAfter.choices, blank=True)
    # Sefton 5.5.4.8: public display (publicity) needs specific permission on a separate form.
    display_form_path = models.CharField(max_length=300, blank=True)
    display_form_sha256 = models.CharField(max_length=64, blank=True)
    display_form_content_type = models.CharField(max_length=50, blank=True)
    display_form_name = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["name", "-created", "-id"]
        indexes = [models.Index(fields=["council", "person_kind"]), models.Index(fields=["council", "expires_on"])]

    def __str__(self) -> str:
        return f"Consent of {self.name}"

    @property
    def is_child(self) -> bool:
        return self.person_kind == PersonKind.CHILD

    @property
    def is_looked_after(self) -> bool:
        return self.looked_after in (LookedAfter.LOOKED_AFTER, LookedAfter.PREVIOUSLY)

    @property
    def public_display(self) -> bool:
        return bool(self.display_form_path)

    @property
    def platform_names(self) -> list[str]:
        return [PLATFORM_NAMES.get(p, p) for p in self.platforms]


class ConsentRead(models.Model):
    """A look at a confidential part of the register: a child's record, an uploaded form, the register's export."""

    class What(models.TextChoices):
        RECORD = "record", "Read the child's record"
        FORM = "form", "Opened the signed consent form"
        DISPLAY_FORM = "display-form", "Opened the public display permission form"

    record = models.ForeignKey(ConsentRecord, on_delete=models.PROTECT, related_name="reads")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=20, choices=What.choices)
    via = models.CharField(max_length=10, default="page", help_text="page, api or cli")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]


class Tag(models.Model):
    """A person in a media item: a face the detector boxed or a person the author named, and (when they have one)
    their consent record."""

    media_item = models.ForeignKey("media.MediaItem", on_delete=models.CASCADE, related_name="tags")
    consent = models.ForeignKey(ConsentRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="tags")
    name = models.CharField(max_length=200)
    # The face's box in the original image's pixels, when the tag is for a face the detector found or one drawn.
    box_x = models.PositiveIntegerField(null=True, blank=True)
    box_y = models.PositiveIntegerField(null=True, blank=True)
    box_w = models.PositiveIntegerField(null=True, blank=True)
    box_h = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def box(self) -> tuple[int, int, int, int] | None:
        if self.box_x is None or self.box_y is None or self.box_w is None or self.box_h is None:
            return None
        return (self.box_x, self.box_y, self.box_w, self.box_h)


class TakedownReason(models.TextChoices):
    WITHDRAWN = "withdrawn", "Consent withdrawn"
    EXPIRED = "expired", "Consent expired"


class TakedownTask(models.Model):
    """A published post carries an image whose person's consent was withdrawn or has expired: the post must come
    down by `deadline`; the task waits on the post's author and approver until someone confirms it has."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="takedown_tasks")
    consent = models.ForeignKey(ConsentRecord, on_delete=models.PROTECT, related_name="takedowns")
    post = models.ForeignKey("posts.Post", on_delete=models.PROTECT, related_name="takedown_tasks")
    media_item = models.ForeignKey("media.MediaItem", on_delete=models.PROTECT, related_name="takedown_tasks")
    reason = models.CharField(max_length=10, choices=TakedownReason.choices)
    deadline = models.DateTimeField()
    created = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="what was done: removed, when, by whom on the platform")

    class Meta:
        ordering = ["confirmed_at", "deadline", "id"]
        constraints = [models.UniqueConstraint(fields=["consent", "post", "media_item"],
                                               name="consent_takedown_once")]
        indexes = [models.Index(fields=["council", "confirmed_at"])]

    def __str__(self) -> str:
        return f"Take down post {self.post_id}"

    @property
    def is_open(self) -> bool:
        return self.confirmed_at is None


class PersonalPermission(models.Model):
    """Corporate Communications' permission, after Legal's advice, for one employee to post images of this person
    on the employee's own (personal) accounts (Sefton 5.5.2.2). It stands only while the person's own consent
    does, and never for a child."""

    record = models.ForeignKey(ConsentRecord, on_delete=models.PROTECT, related_name="personal_permissions")
    employee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    legal_advice = models.TextField(help_text="Legal's advice: who gave it, when, and its reference")
    expires_on = models.DateField(help_text="the last day it covers (no later than the consent's)")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")

    class Meta:
        ordering = ["-granted_at", "-id"]

    def __str__(self) -> str:
        return f"Permission for {self.employee} to post images of {self.record.name}"
