"""The shapes of the consent API: what each endpoint accepts (types and sizes; what is required for a member of
staff or a child, and who may do what, are the services' rules) and what it answers (for the OpenAPI schema)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from civicguard.apps.consent.models import (
    ConsentFrom,
    ConsentRecord,
    FormKind,
    LawfulBasis,
    LookedAfter,
    PersonalPermission,
    PersonKind,
    Tag,
    TakedownTask,
)
from civicguard.apps.consent.services import DECLARATIONS, MAX_NAME, MAX_REFERENCE, MAX_TEXT
from civicguard.apps.posts.serializers import StrictBooleanField, StrictCharField
from civicguard.apps.social_accounts.models import PLATFORMS

STATUSES = [("current", "Current"), ("expired", "Expired"), ("withdrawn", "Withdrawn")]
# A base64 file of at most the upload limit is a third larger; the service checks the decoded size.
MAX_BASE64 = 40 * 1024 * 1024


class RegisterFilterSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50, required=False, help_text="only this council, one of yours")
    kind = serializers.ChoiceField(choices=PersonKind.choices, required=False)
    status = serializers.ChoiceField(choices=STATUSES, required=False)
    platform = serializers.ChoiceField(choices=PLATFORMS, required=False)
    name = serializers.CharField(max_length=MAX_NAME, required=False, help_text="part of the person's name")


class FileSerializer(serializers.Serializer):
    name = StrictCharField(max_length=255, required=False, allow_blank=True, default="",
                           help_text="the file's name, shown only")
    content_base64 = StrictCharField(max_length=MAX_BASE64, help_text="the file's bytes, base64: a PDF, JPEG or PNG "
                                                                       "of the signed form")


class ESignatureSerializer(serializers.Serializer):
    typed_name = StrictCharField(max_length=MAX_NAME, help_text="the name the person giving consent typed")
    declarations = serializers.ListField(child=serializers.ChoiceField(choices=list(DECLARATIONS)), max_length=10,
                                         help_text="the declarations they agreed to (all that apply are required)")


class ChildSerializer(serializers.Serializer):
    consent_from = serializers.ChoiceField(choices=ConsentFrom.choices)
    consent_from_name = StrictCharField(max_length=MAX_NAME, required=False, allow_blank=True, default="")
    age_understanding = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="",
                                        help_text="required when the young person consents: why they are of an age "
                                                  "and understanding to (Sefton 5.5.4.3)")
    file_reference = StrictCharField(max_length=MAX_REFERENCE, help_text="the child's file, where consent is placed")
    purpose = StrictCharField(max_length=MAX_TEXT, help_text="the clear, child-centred purpose (5.5.4.1)")
    explained_to_child = StrictBooleanField()
    explained_to_carer = StrictBooleanField()
    not_explained_reason = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    looked_after = serializers.ChoiceField(choices=LookedAfter.choices)
    display_form = FileSerializer(required=False, help_text="the separate public display permission (5.5.4.8)")


class ConsentCreateSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50, help_text="the council, one of yours, e.g. sefton")
    person_kind = serializers.ChoiceField(choices=PersonKind.choices)
    name = StrictCharField(max_length=MAX_NAME)
    staff_record = serializers.IntegerField(required=False, min_value=1, help_text="HR's record, for staff")
    platforms = serializers.ListField(child=serializers.ChoiceField(choices=PLATFORMS), min_length=1,
                                      max_length=len(PLATFORMS))
    purposes = StrictCharField(max_length=MAX_TEXT)
    media_description = StrictCharField(max_length=MAX_TEXT, help_text="which photos or videos")
    lawful_basis = serializers.ChoiceField(choices=LawfulBasis.choices, required=False, default="consent")
    obtained_by = serializers.SlugField(max_length=150, required=False,
                                        help_text="the username of who obtained it (staff of the council); you "
                                                  "when left out")
    obtained_on = serializers.DateField()
    expires_on = serializers.DateField(help_text="the last day covered; up to 3 years after obtained_on")
    told_free_to_refuse = StrictBooleanField(required=False, default=False,
                                             help_text="must be true for a member of staff (Sefton 5.5.1.3)")
    form = FileSerializer(required=False, help_text="the signed form; or give esignature")
    esignature = ESignatureSerializer(required=False, help_text="the e-form signed in CivicGuard; or give form")
    child = ChildSerializer(required=False, help_text="required for a child")


class WithdrawSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=MAX_TEXT, help_text="how and when the person withdrew their consent")


class ConfirmSerializer(serializers.Serializer):
    note = StrictCharField(max_length=MAX_TEXT, help_text="what was done: where the post was removed from, and when")


class TagCreateSerializer(serializers.Serializer):
    media_item = serializers.IntegerField(min_value=1)
    name = StrictCharField(max_length=MAX_NAME, required=False, allow_blank=True, default="",
                           help_text="the person's name (the consent record's when left out)")
    consent = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    box = serializers.ListField(child=serializers.IntegerField(min_value=0, max_value=1_000_000), min_length=4,
                                max_length=4, required=False, allow_null=True, default=None,
                                help_text="the face: x, y, width, height in the image's pixels")


class ConsentRecordSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    obtained_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    withdrawn_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    status = serializers.SerializerMethodField()
    public_display = serializers.BooleanField(read_only=True)
    form_kind = serializers.ChoiceField(choices=FormKind.choices, read_only=True)

    class Meta:
        model = ConsentRecord
        fields = ["id", "council", "person_kind", "name", "staff_record", "platforms", "purposes",
                  "media_description", "form_kind", "form_sha256", "eform_signed_name", "eform_signed_at",
                  "eform_declarations", "lawful_basis", "obtained_by", "obtained_on", "expires_on",
                  "told_free_to_refuse", "recorded_by", "created", "status", "withdrawn_at", "withdrawn_by",
                  "withdrawn_reason", "consent_from", "consent_from_name", "age_understanding",
                  "child_file_reference", "child_purpose", "explained_to_child", "explained_to_carer",
                  "not_explained_reason", "looked_after", "public_display"]
        read_only_fields = fields

    def get_status(self, obj: Any) -> str:
        from django.utils import timezone

        from civicguard.apps.consent.selectors import status_of

        return status_of(obj, timezone.localdate())


class TagSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    box = serializers.ListField(child=serializers.IntegerField(), allow_null=True, read_only=True)

    class Meta:
        model = Tag
        fields = ["id", "media_item", "consent", "name", "box", "created_by", "created"]
        read_only_fields = fields


class TakedownSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    confirmed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = TakedownTask
        fields = ["id", "council", "consent", "post", "media_item", "reason", "deadline", "created",
                  "confirmed_by", "confirmed_at", "note"]
        read_only_fields = fields


class PermissionCreateSerializer(serializers.Serializer):
    employee = serializers.SlugField(max_length=150, help_text="the employee's username (staff of the council)")
    legal_advice = StrictCharField(max_length=MAX_TEXT, help_text="Legal's advice: who gave it, when, its reference")
    expires_on = serializers.DateField(help_text="the last day; no later than the person's consent")


class PermissionSerializer(serializers.ModelSerializer):
    employee = serializers.SlugRelatedField(slug_field="username", read_only=True)
    granted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    withdrawn_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = PersonalPermission
        fields = ["id", "record", "employee", "legal_advice", "expires_on", "granted_by", "granted_at",
                  "withdrawn_at", "withdrawn_by"]
        read_only_fields = fields
