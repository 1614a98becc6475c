"""/api/v1: staff records, service areas and the import reports. Thin: validate the input, call a service, render
the result. The same capabilities as the pages: staff.view to read, staff.edit to change, staff.restrict (HR) to
set or clear "politically restricted". A record of a council where the person may not read staff records answers
404, so its existence does not leak; a list asked for by someone who may read them in none of their councils, 403.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from civicguard.apps.access.checks import can, councils_of
from civicguard.apps.councils.models import Council, ServiceArea
from civicguard.apps.people import services
from civicguard.apps.people.models import ImportRun, StaffRecord
from civicguard.apps.people.serializers import (
    CouncilFilterSerializer,
    ImportRunDetailSerializer,
    ImportRunSerializer,
    RestrictionInputSerializer,
    ServiceAreaCreateSerializer,
    ServiceAreaSerializer,
    StaffRecordCreateSerializer,
    StaffRecordFilterSerializer,
    StaffRecordSerializer,
    StaffRecordUpdateSerializer,
)
from civicguard.apps.posts.serializers import ErrorSerializer
from civicguard.common.api import Pagination, validated_or_bad_input
from civicguard.common.api_views import JsonApiView
from civicguard.errors import BadInput, NotAllowed, NotFound

_ERRORS = {
    400: "the input is not valid (the field at fault is named)",
    401: "no valid token",
    403: "your roles do not allow this (in this council, or in any of yours)",
    404: "no such object, or it belongs to a council that is not yours",
}
TAGS = ["staff records"]


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ErrorSerializer, description=_ERRORS[code]) for code in codes}


class _List(generics.GenericAPIView, JsonApiView):
    pagination_class = Pagination


def _councils(user: Any, capability: str, slug: str | None = None) -> list[Council]:
    """The person's councils where they hold `capability`; with `slug`, just that one (404 when it is not one of
    theirs, 403 when their roles there do not allow it). None at all: 403."""
    mine = councils_of(user)
    if slug:
        council = next((c for c in mine if c.slug == slug), None)
        if council is None:
            raise NotFound("no such council among yours", field="council")
        if not can(user, capability, council):
            raise NotAllowed("your roles in this council do not allow this")
        return [council]
    allowed = [c for c in mine if can(user, capability, c)]
    if not allowed:
        raise NotAllowed("your roles do not allow this in any of your councils")
    return allowed


def _readable(user: Any) -> list[int]:
    return [c.pk for c in councils_of(user) if can(user, "staff.view", c)]


def _records() -> QuerySet[StaffRecord]:
    return StaffRecord.objects.select_related("council", "service_area", "line_manager", "user", "restricted_set_by")


def _record(user: Any, pk: int) -> StaffRecord:
    record = _records().filter(pk=pk, council_id__in=_readable(user)).first()
    if record is None:
        raise NotFound("no such staff record among yours")
    return record


def _area(council: Council, pk: int | None) -> ServiceArea | None:
    if pk is None:
        return None
    area = ServiceArea.objects.filter(council=council, pk=pk).first()
    if area is None:
        raise BadInput("no such service area in this council", field="service_area")
    return area


def _manager(council: Council, pk: int | None, field: str) -> StaffRecord | None:
    if pk is None:
        return None
    record = StaffRecord.objects.filter(council=council, pk=pk).first()
    if record is None:
        raise BadInput("no such staff record in this council", field=field)
    return record


# ---- staff records ------------------------------------------------------------------------------------------

class StaffRecordListView(_List):
    serializer_class = StaffRecordSerializer

    @extend_schema(operation_id="staff_records_list",
                   summary="Staff records of your councils (HR and administrators), by name",
                   parameters=[StaffRecordFilterSerializer],
                   responses={200: StaffRecordSerializer(many=True), **_errors(400, 401, 403, 404)}, tags=TAGS)
    def get(self, request: Request) -> Response:
        filters = validated_or_bad_input(StaffRecordFilterSerializer, request.query_params)
        councils = _councils(request.user, "staff.view", filters.get("council"))
        qs = _records().filter(council__in=councils)
        if filters.get("active") is not None:
            qs = qs.filter(active=filters["active"])
        page = self.paginate_queryset(qs.order_by("council__slug", "name", "pk"))
        return self.get_paginated_response(StaffRecordSerializer(page, many=True).data)

    @extend_schema(operation_id="staff_records_create",
                   summary="Add a staff record (HR and administrators; not whether the post is politically "
                           "restricted: that is HR's own endpoint)",
                   request=StaffRecordCreateSerializer,
                   responses={201: StaffRecordSerializer, **_errors(400, 401, 403, 404)}, tags=TAGS)
    def post(self, request: Request) -> Response:
        data = validated_or_bad_input(StaffRecordCreateSerializer, request.data)
        [council] = _councils(request.user, "staff.edit", data["council"])
        record = services.staff_record_create(
            actor=request.user, council=council, name=data["name"], work_email=data["work_email"],
            employment_type=data.get("employment_type", "employee"),
            service_area=_area(council, data.get("service_area")),
            line_manager=_manager(council, data.get("line_manager"), "line_manager"),
            hr_reference=data.get("hr_reference", ""))
        return Response(StaffRecordSerializer(_record(request.user, record.pk)).data, status=status.HTTP_201_CREATED)


class StaffRecordDetailView(JsonApiView):
    @extend_schema(operation_id="staff_records_retrieve", summary="A staff record",
                   responses={200: StaffRecordSerializer, **_errors(401, 404)}, tags=TAGS)
    def get(self, request: Request, id: int) -> Response:
        return Response(StaffRecordSerializer(_record(request.user, id)).data)

    @extend_schema(operation_id="staff_records_update",
                   summary="Change a staff record (HR and administrators); `active: false` when someone has left "
                           "(records are never deleted)",
                   request=StaffRecordUpdateSerializer,
                   responses={200: StaffRecordSerializer, **_errors(400, 401, 403, 404)}, tags=TAGS)
    def patch(self, request: Request, id: int) -> Response:
        record = _record(request.user, id)
        data = validated_or_bad_input(StaffRecordUpdateSerializer, request.data, partial=True)
        if "service_area" in data:
            data["service_area"] = _area(record.council, data["service_area"])
        if "line_manager" in data:
            data["line_manager"] = _manager(record.council, data["line_manager"], "line_manager")
        services.staff_record_update(actor=request.user, record=record, **data)
        return Response(StaffRecordSerializer(_record(request.user, id)).data)


class StaffRestrictionView(JsonApiView):
    @extend_schema(operation_id="staff_records_restriction",
                   summary="Mark the person's post politically restricted, or clear it, with a reason (HR only, "
                           "never for one's own record: St Helens 5.7)",
                   request=RestrictionInputSerializer,
                   responses={200: StaffRecordSerializer, **_errors(400, 401, 403, 404)}, tags=TAGS)
    def post(self, request: Request, id: int) -> Response:
        record = _record(request.user, id)
        data = validated_or_bad_input(RestrictionInputSerializer, request.data)
        services.staff_restriction_set(actor=request.user, record=record,
                                       restricted=data["politically_restricted"], reason=data["reason"])
        return Response(StaffRecordSerializer(_record(request.user, id)).data)


# ---- service areas ------------------------------------------------------------------------------------------

class ServiceAreaListView(_List):
    serializer_class = ServiceAreaSerializer

    @extend_schema(operation_id="service_areas_list", summary="Service areas of your councils, with their managers",
                   parameters=[CouncilFilterSerializer],
                   responses={200: ServiceAreaSerializer(many=True), **_errors(400, 401, 403, 404)}, tags=TAGS)
    def get(self, request: Request) -> Response:
        filters = validated_or_bad_input(CouncilFilterSerializer, request.query_params)
        councils = _councils(request.user, "staff.view", filters.get("council"))
        qs = (ServiceArea.objects.filter(council__in=councils).select_related("council", "manager_record__manager")
              .order_by("council__slug", "name", "pk"))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(ServiceAreaSerializer(page, many=True).data)

    @extend_schema(operation_id="service_areas_create", summary="Add a service area, and name its manager",
                   request=ServiceAreaCreateSerializer,
                   responses={201: ServiceAreaSerializer, **_errors(400, 401, 403, 404)}, tags=TAGS)
    def post(self, request: Request) -> Response:
        data = validated_or_bad_input(ServiceAreaCreateSerializer, request.data)
        [council] = _councils(request.user, "staff.edit", data["council"])
        area = services.service_area_create(actor=request.user, council=council, name=data["name"],
                                            manager=_manager(council, data.get("manager"), "manager"))
        area = ServiceArea.objects.select_related("council", "manager_record__manager").get(pk=area.pk)
        return Response(ServiceAreaSerializer(area).data, status=status.HTTP_201_CREATED)


# ---- import reports -----------------------------------------------------------------------------------------

class ImportRunListView(_List):
    serializer_class = ImportRunSerializer

    @extend_schema(operation_id="staff_imports_list",
                   summary="Imports of HR's export (and dry runs), newest first",
                   parameters=[CouncilFilterSerializer],
                   responses={200: ImportRunSerializer(many=True), **_errors(400, 401, 403, 404)}, tags=TAGS)
    def get(self, request: Request) -> Response:
        filters = validated_or_bad_input(CouncilFilterSerializer, request.query_params)
        councils = _councils(request.user, "staff.view", filters.get("council"))
        qs = ImportRun.objects.filter(council__in=councils).select_related("council", "actor")
        page = self.paginate_queryset(qs.order_by("-started", "-pk"))
        return self.get_paginated_response(ImportRunSerializer(page, many=True).data)


class ImportRunDetailView(JsonApiView):
    @extend_schema(operation_id="staff_imports_retrieve",
                   summary="One import's report: its counts, the rows skipped and what changed on each row",
                   responses={200: ImportRunDetailSerializer, **_errors(401, 404)}, tags=TAGS)
    def get(self, request: Request, id: int) -> Response:
        run = (ImportRun.objects.select_related("council", "actor")
               .filter(pk=id, council_id__in=_readable(request.user)).first())
        if run is None:
            raise NotFound("no such import among yours")
        return Response(ImportRunDetailSerializer(run).data)
