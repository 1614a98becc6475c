"""The election calendar's API shapes."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from civicguard.apps.elections.models import Election, Kind
from civicguard.apps.elections.selectors import state_of
from civicguard.apps.elections.services import MAX_NAME, MAX_REASON, MAX_WARDS


class CalendarFilterSerializer(serializers.Serializer):
    council = serializers.SlugField(required=False, help_text="one of your councils (all of them when left out)")


class ElectionWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=MAX_NAME)
    kind = serializers.ChoiceField(choices=Kind.choices)
    wards = serializers.CharField(max_length=MAX_WARDS, required=False, allow_blank=True, default="")
    polling_day = serializers.DateField()
    notice_published_on = serializers.DateField(required=False, allow_null=True, default=None)
    period_start = serializers.DateField(required=False, allow_null=True, default=None,
                                         help_text="left out: from the council's policy pack")
    period_end = serializers.DateField(required=False, allow_null=True, default=None,
                                       help_text="left out: from the council's policy pack")


class ElectionCreateSerializer(ElectionWriteSerializer):
    council = serializers.SlugField()


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=MAX_REASON)


class ElectionSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    period_on = serializers.SerializerMethodField(help_text="true while the pre-election period is on today")

    class Meta:
        model = Election
        fields = ["id", "council", "name", "kind", "wards", "polling_day", "notice_published_on", "period_start",
                  "period_end", "status", "cancel_reason", "period_on"]

    def get_period_on(self, obj: Any) -> bool:
        return state_of(obj, timezone.localdate()) == "on"
