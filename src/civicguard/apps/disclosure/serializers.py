"""The shapes of the disclosure API: what each endpoint accepts (types and sizes; what a request needs is the
services' rule) and what it answers (for the OpenAPI schema)."""

from __future__ import annotations

from rest_framework import serializers

from civicguard.apps.disclosure.models import Disclosure, DisclosureRequest, Kind, PurgeLog
from civicguard.apps.disclosure.services import MAX_NAME, MAX_TEXT
from civicguard.apps.posts.serializers import StrictCharField


class DisclosureRequestCreateSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50)
    kind = serializers.ChoiceField(choices=Kind.choices)
    requester_name = StrictCharField(max_length=MAX_NAME)
    requester_email = StrictCharField(max_length=254, required=False, allow_blank=True, default="")
    requester_address = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    subject_name = StrictCharField(max_length=MAX_NAME, required=False, allow_blank=True, default="")
    subject_handles = serializers.ListField(child=StrictCharField(max_length=60), required=False, default=list,
                                            max_length=20)
    subject_emails = serializers.ListField(child=StrictCharField(max_length=254), required=False, default=list,
                                           max_length=20)
    date_from = serializers.DateField(required=False, allow_null=True, default=None)
    date_to = serializers.DateField(required=False, allow_null=True, default=None)
    received_on = serializers.DateField(required=False, allow_null=True, default=None)


class DisclosureCloseSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=MAX_TEXT)


class DisclosureLineSerializer(serializers.ModelSerializer):
    disclosed_by = serializers.CharField(source="disclosed_by.username")

    class Meta:
        model = Disclosure
        fields = ["id", "created", "disclosed_by", "counts", "ids", "redaction", "sha256", "via"]


class DisclosureRequestSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.slug")
    reference = serializers.CharField()
    opened_by = serializers.CharField(source="opened_by.username")
    disclosures = DisclosureLineSerializer(many=True)

    class Meta:
        model = DisclosureRequest
        fields = ["id", "reference", "council", "kind", "status", "requester_name", "requester_email",
                  "subject_name", "subject_handles", "subject_emails", "date_from", "date_to", "received_on", "due_on",
                  "found", "opened_by", "created", "searched_at", "closed_at", "close_reason", "disclosures"]


class DisclosureFoundSerializer(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField())
    ids = serializers.DictField(child=serializers.ListField(child=serializers.IntegerField()))
    not_searched = serializers.DictField(child=serializers.CharField(),
                                         help_text="record types your roles do not read, with who reads them")


class DisclosurePurgeLogSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.slug")

    class Meta:
        model = PurgeLog
        fields = ["id", "council", "created", "run", "record_type", "record_id", "record_date", "retention_days",
                  "action", "why"]
