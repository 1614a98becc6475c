"""/api/v1: FOI and subject access requests, their search and export, and the purge log. Thin: validate the body,
call a service, render the result. A request of a council one does not handle requests in is a 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from civicguard.apps.access.checks import can, councils_of
from civicguard.apps.access.councils import council_named
from civicguard.apps.disclosure import selectors, services
from civicguard.apps.disclosure.models import DisclosureRequest, PurgeLog
from civicguard.apps.disclosure.serializers import (
    DisclosureCloseSerializer,
    DisclosureFoundSerializer,
    DisclosurePurgeLogSerializer,
    DisclosureRequestCreateSerializer,
    DisclosureRequestSerializer,
)
from civicguard.apps.posts.serializers import ErrorSerializer
from civicguard.common.api import validated
from civicguard.common.api_views import JsonApiView
from civicguard.errors import NotFound

_TEXT = {400: "the input is not valid (the field at fault is named: a page number too)", 401: "no valid token",
         403: "your roles in this council do not allow this", 404: "no such request, council or page among yours",
         409: "the request is closed, or has not been searched yet"}
TAG = ["disclosure"]


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ErrorSerializer, description=_TEXT[code]) for code in codes}


def _request(user: Any, pk: int) -> DisclosureRequest:
    found = DisclosureRequest.objects.filter(pk=pk).select_related("council").first()
    if found is None or not can(user, "disclosure.handle", found.council):
        raise NotFound("No such disclosure request among yours")
    return found


class RequestListView(generics.GenericAPIView, JsonApiView):
    serializer_class = DisclosureRequestSerializer

    @extend_schema(operation_id="disclosure_requests_list",
                   summary="FOI and subject access requests of your councils (Legal and the Information "
                           "Management Group)",
                   responses={200: DisclosureRequestSerializer(many=True), **_errors(400, 401, 404)}, tags=TAG)
    def get(self, request: Request) -> Response:
        qs = DisclosureRequest.objects.none()
        for council in councils_of(request.user):
            qs = qs | selectors.requests(user=request.user, council=council)
        page = self.paginate_queryset(qs.select_related("council", "opened_by").prefetch_related(
            "disclosures__disclosed_by").order_by("-created", "-id"))
        return self.get_paginated_response(DisclosureRequestSerializer(page, many=True).data)

    @extend_schema(operation_id="disclosure_requests_create",
                   summary="Open a request: FOI (due in 20 working days) or subject access (one month)",
                   request=DisclosureRequestCreateSerializer,
                   responses={201: DisclosureRequestSerializer, **_errors(400, 401, 403, 404)},
                   tags=TAG)
    def post(self, request: Request) -> Response:
        d = validated(DisclosureRequestCreateSerializer, request.data)
        made = services.disclosure_request_open(
            actor=request.user, council=council_named(request.user, d["council"]), kind=d["kind"],
            requester=services.Requester(d["requester_name"], d["requester_email"], d["requester_address"]),
            subject_name=d["subject_name"], subject_handles=d["subject_handles"], subject_emails=d["subject_emails"],
            date_from=d["date_from"], date_to=d["date_to"], received_on=d["received_on"], via="api")
        return Response(DisclosureRequestSerializer(made).data, status=status.HTTP_201_CREATED)


class RequestDetailView(JsonApiView):
    @extend_schema(operation_id="disclosure_requests_retrieve", summary="One request, with what was disclosed",
                   responses={200: DisclosureRequestSerializer, **_errors(401, 404)}, tags=TAG)
    def get(self, request: Request, id: int) -> Response:
        return Response(DisclosureRequestSerializer(_request(request.user, id)).data)


class RequestSearchView(JsonApiView):
    @extend_schema(operation_id="disclosure_requests_search",
                   summary="Search the records your roles may read; what is found is held from the purge while "
                           "the request is open", request=None,
                   responses={200: DisclosureFoundSerializer, **_errors(401, 403, 404, 409)}, tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        found = services.disclosure_request_search(actor=request.user, request=_request(request.user, id), via="api")
        return Response({"counts": found.counts, "ids": found.ids, "not_searched": found.not_searched})


class RequestExportView(JsonApiView):
    @extend_schema(operation_id="disclosure_requests_export",
                   summary="The export: a zip of records.csv, records.json and summary.pdf, third parties redacted; "
                           "logged as a disclosure", request=None,
                   responses={(200, "application/zip"): OpenApiTypes.BINARY, **_errors(401, 403, 404, 409)},
                   tags=TAG)
    def post(self, request: Request, id: int) -> HttpResponse:
        made = services.disclosure_request_export(actor=request.user, request=_request(request.user, id), via="api")
        response = HttpResponse(made.data, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
        return response


class RequestCloseView(JsonApiView):
    @extend_schema(operation_id="disclosure_requests_close", summary="Close the request (its hold ends)",
                   request=DisclosureCloseSerializer,
                   responses={200: DisclosureRequestSerializer, **_errors(400, 401, 403, 404, 409)},
                   tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        d = validated(DisclosureCloseSerializer, request.data)
        closed = services.disclosure_request_close(actor=request.user, request=_request(request.user, id),
                                                   reason=d["reason"], via="api")
        return Response(DisclosureRequestSerializer(closed).data)


class PurgeListView(generics.GenericAPIView, JsonApiView):
    serializer_class = DisclosurePurgeLogSerializer

    @extend_schema(operation_id="disclosure_purges_list",
                   summary="The retention purge's log: type, id, dates and what happened (no personal data)",
                   responses={200: DisclosurePurgeLogSerializer(many=True), **_errors(400, 401, 404)}, tags=TAG)
    def get(self, request: Request) -> Response:
        qs = PurgeLog.objects.none()
        for council in councils_of(request.user):
            qs = qs | selectors.purges(user=request.user, council=council)
        page = self.paginate_queryset(qs.select_related("council").order_by("-created", "-id"))
        return self.get_paginated_response(DisclosurePurgeLogSerializer(page, many=True).data)
