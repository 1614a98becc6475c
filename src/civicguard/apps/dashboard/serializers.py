"""The shapes of /api/v1/dashboard."""

from __future__ import annotations

from rest_framework import serializers


class DashboardFilterSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50, help_text="the council's slug, one of yours")
    # "from" is a Python keyword: the field is declared below under its query name.
    to = serializers.DateField(required=False, help_text="the last day of the period (YYYY-MM-DD); default today")
    service_area = serializers.SlugField(max_length=50, required=False, allow_blank=True,
                                         help_text="only this service area (its slug)")


DashboardFilterSerializer._declared_fields["from"] = serializers.DateField(  # noqa: SLF001
    required=False, help_text="the first day of the period (YYYY-MM-DD); default 29 days before `to`")


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.JSONField(help_text="a number, or words (a version, a date)")
    url = serializers.CharField(allow_null=True, help_text="the records behind it, if you may read them")
    note = serializers.CharField()


class SeriesSerializer(serializers.Serializer):
    name = serializers.CharField()
    values = serializers.ListField(child=serializers.IntegerField())


class ChartSerializer(serializers.Serializer):
    id = serializers.CharField()
    kind = serializers.ChoiceField(choices=["bar", "line"])
    title = serializers.CharField()
    labels = serializers.ListField(child=serializers.CharField())
    series = SeriesSerializer(many=True)


class TableSerializer(serializers.Serializer):
    caption = serializers.CharField()
    head = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class SectionSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    clauses = serializers.CharField()
    note = serializers.CharField()
    figures = FigureSerializer(many=True)
    charts = ChartSerializer(many=True)
    tables = TableSerializer(many=True)


class DashboardSerializer(serializers.Serializer):
    council = serializers.CharField()
    to = serializers.DateField()
    service_area = serializers.CharField(allow_null=True)
    election_period = serializers.BooleanField(allow_null=True, help_text="null: not known")
    generated = serializers.DateTimeField()
    sections = SectionSerializer(many=True)


DashboardSerializer._declared_fields["from"] = serializers.DateField()  # noqa: SLF001
