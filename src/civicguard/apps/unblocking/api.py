"""/api/v1: website unblocking requests. Thin: validate the body, call a service, render the result. A request the
person may not read (another council's, or someone else's when they are neither helpdesk nor auditor) is a 404."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from civicguard.apps.access.checks import can, councils_of
from civicguard.apps.access.councils import council_named
from civicguard.apps.posts.serializers import ErrorSerializer
from civicguard.apps.unblocking import services
from civicguard.apps.unblocking.models import UnblockRequest
from civicguard.apps.unblocking.serializers import (
    UnblockCreateSerializer,
    UnblockDecisionInputSerializer,
    UnblockFilterSerializer,
    UnblockRequestSerializer,
)
from civicguard.common.api import validated
from civicguard.common.api_views import JsonApiView
from civicguard.errors import NotFound

_TEXT = {400: "the input is not valid (the field at fault is named)", 401: "no valid token",
         403: "your roles in this council do not allow this",
         404: "no such request or council, or it is not yours to see",
         409: "the request is not in a state that allows this"}


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ErrorSerializer, description=_TEXT[code]) for code in codes}



def _visible(user: Any) -> QuerySet[UnblockRequest]:
    qs = UnblockRequest.objects.none()
    for council in councils_of(user):
        if can(user, "unblocking.request", council):
            qs = qs | services.visible(user=user, council=council)
    return qs.select_related("council", "requested_by", "passed_on_by", "approved_by", "decided_by",
                             "ad_recorded_by")


def _request(user: Any, pk: int) -> UnblockRequest:
    req = _visible(user).filter(pk=pk).first()
    if req is None:
        raise NotFound("no such unblocking request among yours")
    return req


class UnblockRequestListView(generics.GenericAPIView, JsonApiView):
    serializer_class = UnblockRequestSerializer

    @extend_schema(
        operation_id="unblock_requests_list",
        summary="Website unblocking requests you may see, in all your councils (newest first)",
        description="The ICT helpdesk and the Computer Auditor see every request of their council; anyone else "
                    "sees their own.",
        parameters=[UnblockFilterSerializer],
        responses={200: UnblockRequestSerializer(many=True), **_errors(400, 401, 404)},
        tags=["unblocking"])
    def get(self, request: Request) -> Response:
        filters = validated(UnblockFilterSerializer, request.query_params)
        qs = _visible(request.user)
        if filters.get("council"):
            qs = qs.filter(council=council_named(request.user, filters["council"]))
        if filters.get("status"):
            qs = qs.filter(status=filters["status"])
        page = self.paginate_queryset(qs.order_by("-created", "-id"))
        return self.get_paginated_response(UnblockRequestSerializer(page, many=True).data)

    @extend_schema(
        operation_id="unblock_requests_create",
        summary="Ask for social media sites to be unblocked for a team's work (Sefton 5.1, Appendix 2)",
        description="Goes to the ICT helpdesk. `work_only` must be true: access is for work purposes only (Sefton "
                    "5.4). The access ends `days` days from today; a council's policy may allow fewer days (400).",
        request=UnblockCreateSerializer,
        responses={201: UnblockRequestSerializer, **_errors(400, 401, 403, 404)},
        tags=["unblocking"])
    def post(self, request: Request) -> Response:
        data = validated(UnblockCreateSerializer, request.data)
        council = council_named(request.user, data["council"])
        req = services.unblock_request_create(
            actor=request.user, council=council, team=data["team"], people=data["people"], sites=data["sites"],
            other_sites=data["other_sites"], reason=data["reason"],
            expires=timezone.localdate() + timedelta(days=data["days"]), work_only=data["work_only"])
        return Response(UnblockRequestSerializer(req).data, status=status.HTTP_201_CREATED)


class UnblockRequestDetailView(JsonApiView):
    @extend_schema(operation_id="unblock_requests_retrieve", summary="A website unblocking request",
                   responses={200: UnblockRequestSerializer, **_errors(401, 404)}, tags=["unblocking"])
    def get(self, request: Request, id: int) -> Response:
        return Response(UnblockRequestSerializer(_request(request.user, id)).data)


class UnblockRequestDecisionsView(JsonApiView):
    @extend_schema(
        operation_id="unblock_requests_decisions_create",
        summary="Decide the next step of a request",
        description=("`pass_on` or `return` (the ICT helpdesk, while it is with them; a return needs a note); "
                     "`approve` or `refuse` (the Computer Auditor; a refusal needs a note); `ad_approve` or "
                     "`ad_refuse` (the helpdesk records the Assistant Director's e-mail in the note, where the "
                     "council's policy asks for it); `withdraw` (the requester, until the access ends). Nobody "
                     "passes on or approves their own request."),
        request=UnblockDecisionInputSerializer,
        responses={200: UnblockRequestSerializer, **_errors(400, 401, 403, 404, 409)},
        tags=["unblocking"])
    def post(self, request: Request, id: int) -> Response:
        req = _request(request.user, id)
        data = validated(UnblockDecisionInputSerializer, request.data)
        req = services.unblock_request_decide(actor=request.user, request=req, decision=data["decision"],
                                              note=data["note"], needs_ad=data["needs_assistant_director"])
        return Response(UnblockRequestSerializer(_request(request.user, req.pk)).data)
