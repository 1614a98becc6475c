"""/api/v1: the election calendar. Thin: validate the body, call a service, render the result. An election of a
council that is not the person's is a 404."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from civicguard.apps.access.checks import councils_of, require
from civicguard.apps.access.councils import council_named
from civicguard.apps.elections import selectors, services
from civicguard.apps.elections.models import Election
from civicguard.apps.elections.serializers import (
    CalendarFilterSerializer,
    CancelSerializer,
    ElectionCreateSerializer,
    ElectionSerializer,
    ElectionWriteSerializer,
)
from civicguard.apps.posts.serializers import ErrorSerializer
from civicguard.common.api import validated
from civicguard.common.api_views import JsonApiView
from civicguard.errors import NotFound

_TEXT = {400: "the input is not valid (the field at fault is named)", 401: "no valid token",
         403: "your roles in this council do not allow this", 404: "no such election or council among yours",
         409: "the election is cancelled"}
TAG = ["elections"]


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ErrorSerializer, description=_TEXT[code]) for code in codes}



def _election(user: Any, pk: int) -> Election:
    found = Election.objects.filter(pk=pk, council__in=councils_of(user)).select_related("council").first()
    if found is None:
        raise NotFound("No such election among your councils'")
    return selectors.election_of(user=user, council=found.council, pk=pk)


class ElectionListView(JsonApiView):
    @extend_schema(operation_id="elections_list", summary="The election calendar of your councils",
                   description="Each election with its pre-election period and whether the period is on today.",
                   parameters=[CalendarFilterSerializer],
                   responses={200: ElectionSerializer(many=True), **_errors(401, 403, 404)}, tags=TAG)
    def get(self, request: Request) -> Response:
        filters = validated(CalendarFilterSerializer, request.query_params)
        councils = ([council_named(request.user, filters["council"])] if filters.get("council")
                    else councils_of(request.user))
        found: list[Election] = []
        for council in councils:
            require(request.user, "elections.view", council)
            found += list(selectors.calendar(council=council).select_related("council"))
        return Response(ElectionSerializer(found, many=True).data)

    @extend_schema(operation_id="elections_create", summary="Add an election to a council's calendar",
                   description="Its pre-election period follows the council's policy pack unless `period_start` "
                               "and `period_end` are given (Information Management Group, approvers, "
                               "administrators).",
                   request=ElectionCreateSerializer,
                   responses={201: ElectionSerializer, **_errors(400, 401, 403, 404)}, tags=TAG)
    def post(self, request: Request) -> Response:
        data = validated(ElectionCreateSerializer, request.data)
        council = council_named(request.user, data.pop("council"))
        election = services.election_add(actor=request.user, council=council, via="api", **data)
        return Response(ElectionSerializer(election).data, status=status.HTTP_201_CREATED)


class ElectionDetailView(JsonApiView):
    @extend_schema(operation_id="elections_retrieve", summary="One election",
                   responses={200: ElectionSerializer, **_errors(401, 404)}, tags=TAG)
    def get(self, request: Request, id: int) -> Response:
        return Response(ElectionSerializer(_election(request.user, id)).data)

    @extend_schema(operation_id="elections_update", summary="Change an election (days left out follow the pack)",
                   request=ElectionWriteSerializer,
                   responses={200: ElectionSerializer, **_errors(400, 401, 403, 404, 409)}, tags=TAG)
    def put(self, request: Request, id: int) -> Response:
        data = validated(ElectionWriteSerializer, request.data)
        election = services.election_change(actor=request.user, election=_election(request.user, id), via="api",
                                            **data)
        return Response(ElectionSerializer(election).data)


class ElectionCancelView(JsonApiView):
    @extend_schema(operation_id="elections_cancel", summary="Cancel an election: its period stops applying",
                   request=CancelSerializer,
                   responses={200: ElectionSerializer, **_errors(400, 401, 403, 404, 409)}, tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        data = validated(CancelSerializer, request.data)
        election = services.election_cancel(actor=request.user, election=_election(request.user, id),
                                            reason=data["reason"], via="api")
        return Response(ElectionSerializer(election).data)
