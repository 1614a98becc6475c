"""The shapes of the personal data breach API: what each endpoint accepts (types and sizes; what is required and
allowed is the services' rule) and what it answers (for the OpenAPI schema)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from civicguard.apps.breaches.models import (
    DATA_CHOICES,
    PEOPLE_CHOICES,
    BreachNotice,
    DataBreach,
    NotToldReason,
    Risk,
    Source,
)
from civicguard.apps.breaches.services import MAX_REFERENCE, MAX_TEXT
from civicguard.apps.posts.serializers import StrictBooleanField, StrictCharField


class BreachFilterSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50, required=False, help_text="only this council, one of yours")


class BreachOpenSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50, help_text="the council, one of yours, e.g. st-helens")
    source = serializers.ChoiceField(choices=Source.choices)
    comment = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None,
                                       help_text="the comment, when the source is a comment (aware_at is then "
                                                 "worked out: when it was first flagged or removed)")
    post = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    source_description = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    what = StrictCharField(max_length=MAX_TEXT)
    people_categories = serializers.ListField(child=serializers.ChoiceField(choices=PEOPLE_CHOICES), min_length=1,
                                              max_length=len(PEOPLE_CHOICES))
    data_categories = serializers.ListField(child=serializers.ChoiceField(choices=DATA_CHOICES), min_length=1,
                                            max_length=len(DATA_CHOICES))
    people_count = serializers.IntegerField(min_value=1, max_value=100_000_000)
    aware_at = serializers.DateTimeField(required=False, allow_null=True, default=None,
                                         help_text="when the council became aware (a source other than a comment, "
                                                   "or a post nothing flagged)")
    containment = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class AssessSerializer(serializers.Serializer):
    risk = serializers.ChoiceField(choices=Risk.choices)
    risk_reasons = StrictCharField(max_length=MAX_TEXT)
    ico_required = StrictBooleanField()
    ico_not_required_reason = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class IcoSerializer(serializers.Serializer):
    told_at = serializers.DateTimeField()
    reference = StrictCharField(max_length=MAX_REFERENCE)
    late_reason = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="",
                                  help_text="required when told after the 72 hours (art. 33(1))")


class PeopleToldSerializer(serializers.Serializer):
    told_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    how = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    not_told = serializers.ChoiceField(choices=NotToldReason.choices, required=False, allow_blank=True, default="",
                                       help_text="instead of told_at and how: the art. 34(3) exception")
    not_told_reason = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class NoticeSendSerializer(serializers.Serializer):
    rule = serializers.SlugField(max_length=60, help_text="the pack's notice (see `notices_due` of the record)")
    text = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="",
                           help_text="what they are told; CivicGuard's words when left out")


class CloseSerializer(serializers.Serializer):
    note = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class NoticeSerializer(serializers.ModelSerializer):
    sent_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = BreachNotice
        fields = ["id", "rule", "recipient", "sent_to", "text", "sent_at", "sent_by"]
        read_only_fields = fields


class BreachSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    opened_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    dpo = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    ico_deadline = serializers.SerializerMethodField()
    ico_clock = serializers.SerializerMethodField()
    notices = NoticeSerializer(many=True, read_only=True)
    notices_due = serializers.SerializerMethodField()

    class Meta:
        model = DataBreach
        fields = ["id", "council", "status", "source", "comment", "post", "source_description", "what",
                  "people_categories", "data_categories", "people_count", "aware_at", "aware_how", "containment",
                  "opened_by", "created", "dpo", "risk", "risk_reasons", "assessed_at", "ico_required",
                  "ico_not_required_reason", "ico_deadline", "ico_clock", "ico_told_at", "ico_reference",
                  "ico_late_reason", "people_told_at", "people_told_how", "people_not_told",
                  "people_not_told_reason", "closed_at", "closing_note", "notices", "notices_due"]
        read_only_fields = fields

    def get_ico_deadline(self, obj: DataBreach) -> str:
        from civicguard.apps.breaches.selectors import deadline_of

        return deadline_of(obj).isoformat()

    def get_ico_clock(self, obj: DataBreach) -> dict[str, Any]:
        from civicguard.apps.breaches.selectors import clock

        found = clock(obj)
        return {"state": found.state, "hours_left": found.hours_left, "hours_over": found.hours_over,
                "text": found.text}

    def get_notices_due(self, obj: DataBreach) -> list[dict[str, str]]:
        from civicguard.apps.breaches.selectors import notices_due

        return [{"rule": r.slug, "name": r.name, "why": r.why} for r in notices_due(obj)]
