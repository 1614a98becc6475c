"""The shapes of the advice API: what each endpoint accepts (type and size; the rules are in the services) and what
it answers (for the OpenAPI schema)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from civicguard.apps.advice.models import AdviceRequest, AdviceStatus
from civicguard.apps.advice.services import ABOUT_KINDS, MAX_ANSWER, MAX_QUESTION, MAX_REFERENCE, about_label
from civicguard.apps.posts.serializers import MAX_ID, StrictCharField


class AdviceFilterSerializer(serializers.Serializer):
    council = serializers.SlugField(required=False, max_length=50, help_text="one of your councils")
    status = serializers.ChoiceField(choices=AdviceStatus.choices, required=False)


class AdviceAboutSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(k, k) for k in ABOUT_KINDS], help_text="a post or an account")
    id = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="the post's or account's id")


class AdviceCreateSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50, help_text="the council, one of yours, e.g. st-helens")
    adviser = serializers.SlugField(max_length=50, help_text="one of the council's advisers (its policy pack's "
                                                             "facts.advisers), e.g. internal-audit or legal")
    question = StrictCharField(max_length=MAX_QUESTION)
    about = AdviceAboutSerializer(required=False, help_text="a post or an account of the council the question concerns")
    reference = StrictCharField(max_length=MAX_REFERENCE, required=False, allow_blank=True, default="",
                                help_text="what else it concerns, in your words")


class AdviceAnswerInputSerializer(serializers.Serializer):
    answer = StrictCharField(max_length=MAX_ANSWER)




class AdviceRequestSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    asked_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    answered_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    status_label = serializers.SerializerMethodField()
    about = serializers.SerializerMethodField()
    about_label = serializers.SerializerMethodField()

    class Meta:
        model = AdviceRequest
        fields = ["id", "council", "adviser", "adviser_name", "question", "about", "about_label", "reference",
                  "asked_by", "status", "status_label", "answer", "answered_by", "answered_at", "created", "updated"]
        read_only_fields = fields

    def get_status_label(self, obj: Any) -> str:
        return str(obj.get_status_display())

    @extend_schema_field(AdviceAboutSerializer(allow_null=True))
    def get_about(self, obj: Any) -> dict[str, Any] | None:
        if obj.about_type_id is None:
            return None
        return {"kind": "post" if obj.about_type.model == "post" else "account", "id": obj.about_id}

    def get_about_label(self, obj: Any) -> str:
        return about_label(obj)
