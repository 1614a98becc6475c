"""The API's shapes for business cases and accounts. An account's login e-mail is never among them (St Helens
6.8): only whether one is recorded."""

from __future__ import annotations

from rest_framework import serializers

from civicguard.apps.social_accounts.models import (
    PLATFORMS,
    AccountStatus,
    BusinessCase,
    CaseState,
    Endorsement,
    SocialAccount,
)
from civicguard.apps.social_accounts.services import CASE_FIELDS, DECISIONS, ENDORSEMENTS, MAX_TEXT


class BusinessCaseSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.slug")
    service_area = serializers.CharField(source="service_area.slug", allow_null=True, default=None)
    author = serializers.CharField(source="author.username")
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True, default=None)
    endorsed_by = serializers.CharField(source="endorsed_by.username", allow_null=True, default=None)
    endorsement = serializers.ChoiceField(choices=[("", "none"), *Endorsement.choices],
                                          help_text="the author's service manager's answer, where the council's "
                                                    "policy asks for one (St Helens 9.11)")
    state = serializers.ChoiceField(choices=CaseState.choices)
    account = serializers.SerializerMethodField()

    class Meta:
        model = BusinessCase
        fields = ["id", "council", *[f for f in CASE_FIELDS if f != "service_area"], "service_area", "state",
                  "author", "submitted_at", "endorsement", "endorsed_by", "endorsed_at", "endorsement_reason",
                  "decided_by", "decided_at", "decision_reason", "account", "created",
                  "updated"]

    def get_account(self, case: BusinessCase) -> int | None:
        account = SocialAccount.objects.filter(business_case=case).only("pk").first()
        return account.pk if account else None


class CaseCreateSerializer(serializers.Serializer):
    council = serializers.SlugField()
    title = serializers.CharField(max_length=200)
    service_area = serializers.SlugField(required=False, help_text="the service area's slug")
    platform = serializers.ChoiceField(choices=PLATFORMS, required=False)
    handle = serializers.CharField(max_length=200, required=False, allow_blank=True)
    purpose = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    audience = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    posters = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    moderators = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    hours_covered = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    content_plan = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    success_measures = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    risks = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    feedback_arrangements = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)


class CaseFilterSerializer(serializers.Serializer):
    council = serializers.SlugField(required=False)
    state = serializers.ChoiceField(choices=CaseState.choices, required=False)


class CaseDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[(d, d) for d in DECISIONS])
    reason = serializers.CharField(max_length=MAX_TEXT)


class CaseEndorsementSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[(d, d) for d in ENDORSEMENTS])
    reason = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True,
                                   help_text="needed to return it: what the author should change")


class AccountCloseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=MAX_TEXT, help_text="why the account is closing")


class AccountSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.slug")
    service_area = serializers.CharField(source="service_area.slug", allow_null=True, default=None)
    owner = serializers.CharField(source="owner.username", allow_null=True, default=None)
    status = serializers.ChoiceField(choices=AccountStatus.choices)
    url = serializers.CharField(source="link")
    login_email_recorded = serializers.SerializerMethodField(help_text="the address itself is never given")
    conditions_accepted = serializers.BooleanField(read_only=True)
    checklist_complete = serializers.BooleanField(read_only=True)

    class Meta:
        model = SocialAccount
        fields = ["id", "council", "platform", "handle", "platform_id", "url", "service_area", "owner", "status",
                  "status_reason", "business_case", "login_email_recorded", "conditions_version",
                  "conditions_accepted_on", "conditions_accepted", "identifies_council", "branding_appropriate",
                  "checklist_complete", "feedback_info", "created"]

    def get_login_email_recorded(self, account: SocialAccount) -> bool:
        return bool(account.login_email)


class AccountFilterSerializer(serializers.Serializer):
    council = serializers.SlugField(required=False)
    status = serializers.ChoiceField(choices=AccountStatus.choices, required=False)


class AccountCreateSerializer(serializers.Serializer):
    handle = serializers.CharField(max_length=200)
    platform_id = serializers.CharField(max_length=200, required=False, allow_blank=True)
    profile_url = serializers.CharField(max_length=500, required=False, allow_blank=True)
    login_email = serializers.CharField(max_length=254, required=False, allow_blank=True, write_only=True,
                                        help_text="a council address for signing in only; stored, never shown")
    conditions_version = serializers.CharField(max_length=200, required=False, allow_blank=True)
    conditions_accepted_on = serializers.DateField(required=False, allow_null=True)
    identifies_council = serializers.BooleanField(required=False)
    branding_appropriate = serializers.BooleanField(required=False)
    feedback_info = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    representatives = serializers.ListField(child=serializers.CharField(max_length=150), required=False,
                                            help_text="usernames given the representative role for the account")
