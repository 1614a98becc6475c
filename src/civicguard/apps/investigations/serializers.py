"""The shapes of the investigations API: what each endpoint accepts (types and sizes; the rules, such as the
crime threshold, who decides and the repeat-viewing count, are the services') and what it answers."""

from __future__ import annotations

from rest_framework import serializers

from civicguard.apps.investigations.models import (
    Authorisation,
    AuthorisationEvent,
    Decision,
    Investigation,
    JudicialApproval,
    Kind,
    ProfileView,
    Purpose,
    Threshold,
)
from civicguard.apps.investigations.services import MAX_LINE, MAX_REFERENCE, MAX_TEXT
from civicguard.apps.posts.serializers import StrictBooleanField, StrictCharField


class CouncilFilterSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50, required=False, help_text="only this council, one of yours")


class ViewFilterSerializer(CouncilFilterSerializer):
    investigation = serializers.IntegerField(min_value=1, required=False, help_text="only this investigation")


class CentralRecordFilterSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50, help_text="the council, one of yours, e.g. st-helens")


class InvestigationCreateSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50, help_text="the council, one of yours")
    reference = StrictCharField(max_length=MAX_REFERENCE)
    offence = StrictCharField(max_length=MAX_LINE)
    service = StrictCharField(max_length=100, help_text="one of the pack's services, e.g. Trading Standards")
    officers = serializers.ListField(child=serializers.SlugField(max_length=150), required=False, default=list,
                                     max_length=20, help_text="the other officers' usernames (investigators)")


class ViewCreateSerializer(serializers.Serializer):
    investigation = serializers.IntegerField(min_value=1)
    profile_url = StrictCharField(max_length=1000, help_text="the profile's address, as in the browser")
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    purpose_detail = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    recorded = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="",
                               help_text="what was recorded from the profile")


class ApplySerializer(serializers.Serializer):
    investigation = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=Kind.choices)
    subject = StrictCharField(max_length=200)
    profiles = serializers.ListField(child=StrictCharField(max_length=1000), max_length=20, required=False,
                                     default=list, help_text="the profiles it covers (required for directed "
                                                             "surveillance)")
    necessity = StrictCharField(max_length=MAX_TEXT)
    proportionality = StrictCharField(max_length=MAX_TEXT)
    collateral_intrusion = StrictCharField(max_length=MAX_TEXT)
    threshold = serializers.ChoiceField(choices=Threshold.choices, required=False, allow_blank=True, default="",
                                        help_text="directed surveillance: the crime threshold met")
    threshold_offence = StrictCharField(max_length=MAX_LINE, required=False, allow_blank=True, default="",
                                        help_text="which listed offence (threshold: listed)")
    confidential_likely = StrictBooleanField(required=False, default=False)


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("authorise", "Authorise"), ("refuse", "Refuse")])
    grade = StrictCharField(max_length=60, help_text="one of the pack's authorising grades")
    reasons = StrictCharField(max_length=MAX_TEXT)
    involved = StrictBooleanField(required=False, default=False,
                                  help_text="you are directly involved in the investigation")


class JudicialApprovalCreateSerializer(serializers.Serializer):
    heard_on = serializers.DateField()
    court = StrictCharField(max_length=200)
    decision = serializers.ChoiceField(choices=Decision.choices)
    notes = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class NotesSerializer(serializers.Serializer):
    notes = StrictCharField(max_length=MAX_TEXT)


class ReasonsSerializer(serializers.Serializer):
    reasons = StrictCharField(max_length=MAX_TEXT)


class ReasonSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=MAX_TEXT)


class InvestigationSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    officers = serializers.SlugRelatedField(slug_field="username", read_only=True, many=True)
    opened_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Investigation
        fields = ["id", "council", "reference", "offence", "service", "officers", "opened_by", "opened_at",
                  "status", "closed_at"]
        read_only_fields = fields


class ProfileViewSerializer(serializers.ModelSerializer):
    officer = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ProfileView
        fields = ["id", "investigation", "profile_url", "address_given", "platform", "purpose", "purpose_detail",
                  "officer", "viewed_at", "recorded", "outcome", "warning", "refusal_reason", "authorisation"]
        read_only_fields = fields


class JudicialApprovalSerializer(serializers.ModelSerializer):
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = JudicialApproval
        fields = ["id", "heard_on", "court", "decision", "for_renewal", "notes", "recorded_by", "created"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = AuthorisationEvent
        fields = ["id", "kind", "on", "by", "notes"]
        read_only_fields = fields


class AuthorisationSerializer(serializers.ModelSerializer):
    applicant = serializers.SlugRelatedField(slug_field="username", read_only=True)
    authorising_officer = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    reference = serializers.CharField(source="investigation.reference", read_only=True)
    approvals = JudicialApprovalSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta:
        model = Authorisation
        fields = ["id", "investigation", "reference", "kind", "subject", "profiles", "necessity", "proportionality",
                  "collateral_intrusion", "threshold", "threshold_offence", "confidential_likely", "applicant",
                  "applied_at", "status", "authorising_officer", "grade", "authoriser_involved", "decided_at",
                  "decision_reasons", "approved_on", "expires_on", "next_review_on", "renewal_pending", "ended_at",
                  "cancel_reason", "approvals", "events"]
        read_only_fields = fields


class CentralRecordRowSerializer(serializers.Serializer):
    type = serializers.CharField()
    reference = serializers.CharField()
    authorisation = serializers.CharField()
    subject = serializers.CharField()
    status = serializers.CharField()
    applicant = serializers.CharField()
    applied = serializers.CharField()
    authorising_officer = serializers.CharField()
    grade = serializers.CharField()
    decided = serializers.CharField()
    approved = serializers.CharField()
    court = serializers.CharField()
    reviews = serializers.CharField()
    renewals = serializers.CharField()
    cancelled = serializers.CharField()
    expires = serializers.CharField()
    confidential = serializers.CharField()
    involved = serializers.CharField()
