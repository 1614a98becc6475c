"""The shapes of the cases API: what each endpoint accepts (types and sizes; who may do what and what is required
are the services' rules) and what it answers (for the OpenAPI schema)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from civicguard.apps.cases.models import (
    Case,
    CaseNote,
    Classification,
    ConcernReport,
    Outcome,
    PackNotice,
    RemovalRequest,
)
from civicguard.apps.cases.services import MAX_NOTE, MAX_TEXT, MAX_WORRY
from civicguard.apps.posts.serializers import StrictCharField

MAX_BASE64 = 40 * 1024 * 1024


class FileSerializer(serializers.Serializer):
    name = StrictCharField(max_length=255, required=False, allow_blank=True, default="",
                           help_text="the file's name, shown only")
    content_base64 = StrictCharField(max_length=MAX_BASE64, help_text="the picture's bytes, base64 (PNG or JPEG)")


class CouncilFilterSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50, required=False, help_text="only this council, one of yours")


class ConcernCreateSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50)
    subject = serializers.IntegerField(min_value=1, help_text="the colleague's staff record (its id)")
    link = StrictCharField(max_length=2000, help_text="the post's address, https://...")
    text = StrictCharField(max_length=MAX_TEXT, help_text="the text of the post as captured")
    worry = StrictCharField(max_length=MAX_WORRY, help_text="what worries the reporter")
    screenshot = FileSerializer(required=False, allow_null=True, default=None)


class CaseCreateSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50)
    concern = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    comment = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None,
                                       help_text="an escalated moderation comment")
    post = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None,
                                    help_text="an official post with findings")
    subject = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None,
                                       help_text="the staff record the case is about (not with a concern report)")
    summary = StrictCharField(max_length=MAX_NOTE, required=False, allow_blank=True, default="")


class ClassifySerializer(serializers.Serializer):
    classification = serializers.ChoiceField(choices=Classification.choices)
    reasons = StrictCharField(max_length=MAX_NOTE, required=False, allow_blank=True, default="",
                              help_text="why HR confirms or changes the proposed classification")


class DecideSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    sanction = StrictCharField(max_length=300, required=False, allow_blank=True, default="",
                               help_text="required for formal disciplinary action")
    reasons = StrictCharField(max_length=MAX_NOTE)


class NoteSerializer(serializers.Serializer):
    text = StrictCharField(max_length=MAX_NOTE)


class NoticeCreateSerializer(serializers.Serializer):
    rule = serializers.SlugField(max_length=100, help_text="the pack's notice (see the case's notices_due)")
    text = StrictCharField(max_length=MAX_NOTE, required=False, allow_blank=True, default="")


class RemovalCreateSerializer(serializers.Serializer):
    postings = serializers.ListField(child=StrictCharField(max_length=2000), min_length=1, max_length=20)
    deadline = serializers.DateField(required=False, allow_null=True, default=None,
                                     help_text="default: the pack's removal_days from today")
    note = StrictCharField(max_length=MAX_NOTE, required=False, allow_blank=True, default="")


class RemovalConfirmSerializer(serializers.Serializer):
    screenshot = FileSerializer()
    note = StrictCharField(max_length=MAX_NOTE, required=False, allow_blank=True, default="")


class ConcernSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    reporter = serializers.SlugRelatedField(slug_field="username", read_only=True)
    subject_name = serializers.CharField(source="subject.name", read_only=True)
    screenshot_sha256 = serializers.CharField(source="screenshot.sha256", read_only=True, allow_null=True,
                                              default=None)
    case = serializers.SerializerMethodField()

    class Meta:
        model = ConcernReport
        fields = ["id", "council", "reporter", "subject", "subject_name", "link", "text", "worry", "verdict",
                  "findings", "screenshot_sha256", "created", "seen_at", "case"]
        read_only_fields = fields

    def get_case(self, obj: ConcernReport) -> int | None:
        return Case.objects.filter(concern=obj).values_list("pk", flat=True).first()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("full"):
            data.pop("findings"), data.pop("verdict"), data.pop("case")  # the reporter's own view
        return data


class NoteOutSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = CaseNote
        fields = ["id", "author", "text", "created"]
        read_only_fields = fields


class NoticeSerializer(serializers.ModelSerializer):
    sent_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = PackNotice
        fields = ["id", "case", "rule", "recipient", "role", "address", "why", "clauses", "text", "sent_at",
                  "sent_by", "acknowledged_at"]
        read_only_fields = fields


class EvidenceOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    file_name = serializers.CharField()
    sha256 = serializers.CharField()
    size = serializers.IntegerField()
    captured_at = serializers.DateTimeField()
    captured_by = serializers.CharField(source="captured_by.username")


class CaseSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    subject_name = serializers.CharField(source="subject.name", read_only=True)
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    opened_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    reference = serializers.CharField(read_only=True)
    referral = serializers.SerializerMethodField(help_text="St Helens 9.10: due in, overdue by, or referred")
    notes = NoteOutSerializer(many=True, read_only=True)
    notices = NoticeSerializer(many=True, read_only=True)
    evidence = EvidenceOutSerializer(many=True, read_only=True)
    notices_due = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = ["id", "reference", "council", "subject", "subject_name", "status", "source", "concern", "comment",
                  "post", "summary", "findings", "found_at", "referral_due", "referral", "proposed",
                  "proposed_because", "classification", "classification_reasons", "owner", "deadline",
                  "deadline_for", "outcome", "sanction", "outcome_reasons", "opened_by", "opened_at", "referred_at",
                  "decided_at", "closed_at", "notes", "notices", "notices_due", "evidence"]
        read_only_fields = fields

    def get_referral(self, obj: Case) -> str:
        from civicguard.apps.cases.services import referral_clock

        return referral_clock(obj)

    def get_notices_due(self, obj: Case) -> list[dict[str, Any]]:
        from civicguard.apps.cases.services import notices_due

        return [{"rule": r.slug, "name": r.name, "why": r.why, "clauses": list(r.clauses)} for r in notices_due(obj)]


class RemovalSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(source="case.council", slug_field="slug", read_only=True)
    employee_name = serializers.CharField(source="employee.name", read_only=True)
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    state = serializers.SerializerMethodField()
    evidence_sha256 = serializers.CharField(source="evidence.sha256", read_only=True, allow_null=True, default=None)

    class Meta:
        model = RemovalRequest
        fields = ["id", "council", "case", "employee", "employee_name", "postings", "note", "deadline",
                  "requested_by", "requested_at", "state", "confirmed_at", "confirm_note", "evidence_sha256",
                  "escalated_at"]
        read_only_fields = fields

    def get_state(self, obj: RemovalRequest) -> str:
        return obj.state()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("full"):
            data.pop("case")  # the employee does not read the case
        return data
