"""The shapes of the people API: what each endpoint accepts (type and size only; the rules are in the services) and
what it answers (documented for the OpenAPI schema)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from civicguard.apps.people.models import EmploymentType, ImportRun, StaffRecord
from civicguard.apps.people.services import MAX_REASON
from civicguard.apps.posts.serializers import MAX_ID, StrictBooleanField, StrictCharField


def _id_field(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class CouncilFilterSerializer(serializers.Serializer):
    council = serializers.SlugField(required=False, max_length=50,
                                    help_text="one of your councils (default: every council where you may see them)")


class StaffRecordFilterSerializer(CouncilFilterSerializer):
    active = serializers.BooleanField(required=False, allow_null=True, default=None,
                                      help_text="only the people who work for the council now (true) or not (false)")


class StaffRecordSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    service_area = serializers.SerializerMethodField()
    line_manager = serializers.SerializerMethodField()
    sign_in = serializers.SerializerMethodField(help_text="the CivicGuard username linked to the record, if any")
    restricted_set_by = serializers.SerializerMethodField()

    class Meta:
        model = StaffRecord
        fields = ["id", "council", "name", "work_email", "employment_type", "service_area", "line_manager",
                  "sign_in", "politically_restricted", "restricted_set_by", "restricted_set_at", "hr_reference",
                  "active", "created", "updated"]

    def get_service_area(self, obj: StaffRecord) -> dict[str, Any] | None:
        return {"id": obj.service_area_id, "name": obj.service_area.name} if obj.service_area else None

    def get_line_manager(self, obj: StaffRecord) -> dict[str, Any] | None:
        manager = obj.line_manager
        return {"id": manager.pk, "name": manager.name, "work_email": manager.work_email} if manager else None

    def get_sign_in(self, obj: StaffRecord) -> str | None:
        return obj.user.get_username() if obj.user else None

    def get_restricted_set_by(self, obj: StaffRecord) -> str | None:
        return obj.restricted_set_by.get_username() if obj.restricted_set_by else None


class _RecordFields(serializers.Serializer):
    name = StrictCharField(max_length=200)
    work_email = StrictCharField(max_length=254)
    employment_type = serializers.ChoiceField(choices=EmploymentType.values, required=False)
    service_area = _id_field(required=False, allow_null=True, help_text="a service area's id, or null")
    line_manager = _id_field(required=False, allow_null=True, help_text="a staff record's id, or null")
    hr_reference = StrictCharField(max_length=100, required=False, allow_blank=True)


class StaffRecordCreateSerializer(_RecordFields):
    council = serializers.SlugField(max_length=50, help_text="the council's id, e.g. st-helens")


class StaffRecordUpdateSerializer(_RecordFields):
    name = StrictCharField(max_length=200, required=False)
    work_email = StrictCharField(max_length=254, required=False)
    active = StrictBooleanField(required=False, help_text="false: the person no longer works for the council")


class RestrictionInputSerializer(serializers.Serializer):
    politically_restricted = StrictBooleanField()
    reason = StrictCharField(max_length=MAX_REASON, help_text="why; kept in the audit trail")


class ServiceAreaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    council = serializers.CharField(source="council.slug")
    name = serializers.CharField()
    manager = serializers.SerializerMethodField()

    def get_manager(self, obj: Any) -> dict[str, Any] | None:
        record = getattr(obj, "manager_record", None)
        manager = record.manager if record is not None else None
        return {"id": manager.pk, "name": manager.name, "work_email": manager.work_email} if manager else None


class ServiceAreaCreateSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50, help_text="the council's id, e.g. st-helens")
    name = StrictCharField(max_length=200)
    manager = _id_field(required=False, allow_null=True, help_text="a staff record's id, or null")


class ImportRunSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    actor = serializers.SerializerMethodField(help_text="who ran it; null: the command line")
    confirmed_by_run = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ImportRun
        fields = ["id", "council", "actor", "started", "file_name", "dry_run", "deactivate_missing", "counts",
                  "bad", "not_in_export", "deactivated", "areas_added", "confirmed_by_run"]

    def get_actor(self, obj: ImportRun) -> str | None:
        return obj.actor.get_username() if obj.actor else None


class ImportRunDetailSerializer(ImportRunSerializer):
    class Meta(ImportRunSerializer.Meta):
        fields = [*ImportRunSerializer.Meta.fields, "changes"]
