"""The shapes of the website unblocking API: what each endpoint accepts (type and size; the rules are in the
services) and what it answers (for the OpenAPI schema)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from civicguard.apps.posts.serializers import StrictBooleanField, StrictCharField
from civicguard.apps.unblocking.models import PLATFORMS, UnblockRequest, UnblockStatus
from civicguard.apps.unblocking.services import (
    DECISIONS,
    MAX_NOTE,
    MAX_OTHER,
    MAX_PEOPLE,
    MAX_REASON,
    MAX_TEAM,
)

# The longest access the API can ask for; a council's pack may allow less (facts.unblocking.max_days, 365 in
# both shipped packs).
MAX_DAYS = 365


class UnblockFilterSerializer(serializers.Serializer):
    council = serializers.SlugField(required=False, max_length=50, help_text="one of your councils")
    status = serializers.ChoiceField(choices=UnblockStatus.choices, required=False)


@extend_schema_field({"type": "boolean", "enum": [True],
                      "description": "true: the access is for work purposes only, never personal use (Sefton 5.4)"})
class WorkOnlyDeclarationField(StrictBooleanField):
    pass


class UnblockCreateSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50, help_text="the council, one of yours, e.g. sefton")
    team = StrictCharField(max_length=MAX_TEAM, help_text="the team or service area the access is for")
    people = StrictCharField(max_length=MAX_PEOPLE, help_text="who needs the access")
    sites = serializers.ListField(child=serializers.ChoiceField(choices=PLATFORMS), min_length=1,
                                  max_length=len(PLATFORMS), help_text="the sites to unblock")
    other_sites = StrictCharField(max_length=MAX_OTHER, required=False, allow_blank=True, default="",
                                  help_text="other sites, by address")
    reason = StrictCharField(max_length=MAX_REASON, help_text="the business reason")
    days = serializers.IntegerField(min_value=1, max_value=MAX_DAYS,
                                    help_text="how many days of access, from today (the last day is today + days)")
    work_only = WorkOnlyDeclarationField(help_text="the declaration that the access is for work purposes only")


class UnblockDecisionInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[(d, rule.label) for d, rule in DECISIONS.items()])
    note = StrictCharField(max_length=MAX_NOTE, required=False, allow_blank=True, default="",
                           help_text="needed to return or refuse, and for the Assistant Director's decision (their "
                                     "e-mail: who sent it, when, its reference)")
    needs_assistant_director = StrictBooleanField(
        required=False, default=False,
        help_text="pass_on, where the council's policy says 'where applicable': the Assistant Director must approve")


class UnblockRequestSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    passed_on_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    approved_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    ad_recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    status_label = serializers.SerializerMethodField()
    sites = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = UnblockRequest
        fields = ["id", "council", "team", "people", "sites", "other_sites", "reason", "expires",
                  "work_only_declared", "status", "status_label", "requested_by", "needs_ad", "ad_reason",
                  "passed_on_by", "passed_on_at", "approved_by", "approved_at", "ad_approval", "ad_recorded_by",
                  "ad_recorded_at", "decided_by", "decision_note", "closed_at", "created", "updated"]
        read_only_fields = fields

    def get_status_label(self, obj: Any) -> str:
        return str(obj.get_status_display())
