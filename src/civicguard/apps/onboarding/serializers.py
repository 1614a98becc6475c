"""The shapes of the onboarding API's bodies and answers."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from civicguard.apps.onboarding.models import AgreementSignature, AgreementVersion, Completion, Course
from civicguard.apps.onboarding.services import MAX_AGREEMENT, MAX_NAME

MAX_ID = 2**63 - 1


class CouncilFilterSerializer(serializers.Serializer):
    council = serializers.SlugField(required=False, max_length=50, help_text="one of your councils")


class AgreementVersionSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    in_force = serializers.SerializerMethodField(help_text="the version in force in its council today")

    class Meta:
        model = AgreementVersion
        fields = ["id", "council", "text", "effective", "policy_version", "in_force"]

    def get_in_force(self, obj: AgreementVersion) -> bool:
        return obj.pk in self.context.get("in_force", set())


class AgreementPublishSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50)
    text = serializers.CharField(max_length=MAX_AGREEMENT, help_text="the agreement's text, in full")
    effective = serializers.DateField(help_text="the day it comes into force: from then everyone signs it again")


class SignatureSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(source="version.council", slug_field="slug", read_only=True)
    version = serializers.IntegerField(source="version_id", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = AgreementSignature
        fields = ["id", "council", "version", "username", "typed_name", "at", "policy_version", "personal_devices",
                  "personal_use_at_work", "source", "recorded_by"]

    def get_recorded_by(self, obj: AgreementSignature) -> str:
        return obj.recorded_by.get_username() if obj.recorded_by else ""


class SignInputSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50)
    typed_name = serializers.CharField(max_length=MAX_NAME, help_text="your full name, as your staff record has it")
    personal_devices = serializers.BooleanField(
        help_text="you will not use personal devices to access the council's social media accounts (St Helens 6.19)")
    personal_use_at_work = serializers.BooleanField(
        help_text="you will not use social media for personal purposes at work (St Helens 7.7, Sefton 5.4)")


class CourseSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    required = serializers.SerializerMethodField(help_text="the council's policy asks for it before posting")

    class Meta:
        model = Course
        fields = ["id", "council", "slug", "name", "validity_days", "required"]

    def get_required(self, obj: Course) -> bool:
        return obj.slug in self.context.get("required", {}).get(obj.council_id, set())


class CourseInputSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50)
    slug = serializers.RegexField(r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=50,
                                  help_text="a short name: lower-case letters and digits, words joined by hyphens")
    name = serializers.CharField(max_length=200)
    validity_days = serializers.IntegerField(min_value=1, max_value=36500, required=False, allow_null=True,
                                             default=365, help_text="how long a completion counts; null: for ever")


class CompletionSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(source="course.council", slug_field="slug", read_only=True)
    course = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    course_name = serializers.CharField(source="course.name", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    expires = serializers.DateField(read_only=True, allow_null=True)
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = Completion
        fields = ["id", "council", "course", "course_name", "username", "completed", "expires", "source",
                  "recorded_by"]

    def get_recorded_by(self, obj: Completion) -> str:
        return obj.recorded_by.get_username() if obj.recorded_by else ""


class CompletionInputSerializer(serializers.Serializer):
    course = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="the course's id")
    username = serializers.CharField(max_length=150, help_text="who completed it")
    completed = serializers.DateField()


class GapSerializer(serializers.Serializer):
    requirement = serializers.CharField(help_text="agreement, or training:<course slug>")
    missing = serializers.CharField()
    fix = serializers.CharField()
    url = serializers.CharField(help_text="the page where it is put right")


class StatusSerializer(serializers.Serializer):
    council = serializers.CharField()
    onboarded = serializers.BooleanField(help_text="nothing is missing: you may draft, approve and moderate")
    requires = serializers.ListField(child=serializers.CharField(), help_text="what the council's policy asks for")
    gaps = GapSerializer(many=True)
    signature = SignatureSerializer(allow_null=True)

    @staticmethod
    def of(council: Any, gaps: list[Any], requires: list[str], signature: Any) -> dict[str, Any]:
        return {"council": council.slug, "onboarded": not gaps, "requires": requires,
                "gaps": [g.to_dict() for g in gaps],
                "signature": SignatureSerializer(signature).data if signature is not None else None}
