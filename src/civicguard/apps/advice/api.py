"""/api/v1: advice requests. Thin: validate the body, call a service, render the result. A request the person may
not read (another council's; not theirs, not their section's, and they are not in the IMG) is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from civicguard.apps.access.checks import can, councils_of
from civicguard.apps.access.councils import council_named
from civicguard.apps.advice import services
from civicguard.apps.advice.models import AdviceRequest
from civicguard.apps.advice.serializers import (
    AdviceAnswerInputSerializer,
    AdviceCreateSerializer,
    AdviceFilterSerializer,
    AdviceRequestSerializer,
)
from civicguard.apps.posts.serializers import ErrorSerializer
from civicguard.common.api import validated
from civicguard.common.api_views import JsonApiView
from civicguard.errors import NotFound

_TEXT = {400: "the input is not valid (the field at fault is named)", 401: "no valid token",
         403: "your roles in this council do not allow this",
         404: "no such request, council, adviser, post or account, or it is not yours to see",
         409: "the question is not open any more"}


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ErrorSerializer, description=_TEXT[code]) for code in codes}



def _visible(user: Any) -> QuerySet[AdviceRequest]:
    qs = AdviceRequest.objects.none()
    for council in councils_of(user):
        if can(user, "advice.ask", council):
            qs = qs | services.visible(user=user, council=council)
    return qs.select_related("council", "asked_by", "answered_by", "about_type")


def _request(user: Any, pk: int) -> AdviceRequest:
    req = _visible(user).filter(pk=pk).first()
    if req is None:
        raise NotFound("no such advice request among yours")
    return req


class AdviceRequestListView(generics.GenericAPIView, JsonApiView):
    serializer_class = AdviceRequestSerializer

    @extend_schema(
        operation_id="advice_requests_list",
        summary="Advice requests you may read, in all your councils (newest first)",
        description="Your own questions, those put to a section whose role you hold, and (for the Information "
                    "Management Group) every question of the council.",
        parameters=[AdviceFilterSerializer],
        responses={200: AdviceRequestSerializer(many=True), **_errors(400, 401, 404)},
        tags=["advice"])
    def get(self, request: Request) -> Response:
        filters = validated(AdviceFilterSerializer, request.query_params)
        qs = _visible(request.user)
        if filters.get("council"):
            qs = qs.filter(council=council_named(request.user, filters["council"]))
        if filters.get("status"):
            qs = qs.filter(status=filters["status"])
        page = self.paginate_queryset(qs.order_by("-created", "-id"))
        return self.get_paginated_response(AdviceRequestSerializer(page, many=True).data)

    @extend_schema(
        operation_id="advice_requests_create",
        summary="Ask one of the council's advisers a question (St Helens 6.15, 8.3; Sefton 5.5)",
        description="`adviser` is one of the council's advisers (its policy's `facts.advisers`: 404 otherwise). "
                    "`about` names a post or an account of the same council.",
        request=AdviceCreateSerializer,
        responses={201: AdviceRequestSerializer, **_errors(400, 401, 403, 404)},
        tags=["advice"])
    def post(self, request: Request) -> Response:
        data = validated(AdviceCreateSerializer, request.data)
        council = council_named(request.user, data["council"])
        about = data.get("about")
        obj = services.about_object(council, about["kind"], about["id"]) if about else None
        req = services.advice_request_create(actor=request.user, council=council, adviser=data["adviser"],
                                             question=data["question"], about=obj, reference=data["reference"])
        return Response(AdviceRequestSerializer(req).data, status=status.HTTP_201_CREATED)


class AdviceRequestDetailView(JsonApiView):
    @extend_schema(operation_id="advice_requests_retrieve", summary="An advice request and its answer",
                   responses={200: AdviceRequestSerializer, **_errors(401, 404)}, tags=["advice"])
    def get(self, request: Request, id: int) -> Response:
        return Response(AdviceRequestSerializer(_request(request.user, id)).data)


class AdviceRequestAnswerView(JsonApiView):
    @extend_schema(
        operation_id="advice_requests_answer",
        summary="Answer a question put to your section",
        description="Someone holding the role of the adviser the question was put to (for example legal for Legal "
                    "Services), who did not ask it, while it is open.",
        request=AdviceAnswerInputSerializer,
        responses={200: AdviceRequestSerializer, **_errors(400, 401, 403, 404, 409)},
        tags=["advice"])
    def post(self, request: Request, id: int) -> Response:
        req = _request(request.user, id)
        data = validated(AdviceAnswerInputSerializer, request.data)
        req = services.advice_request_answer(actor=request.user, request=req, answer=data["answer"])
        return Response(AdviceRequestSerializer(_request(request.user, req.pk)).data)


class AdviceRequestWithdrawView(JsonApiView):
    @extend_schema(
        operation_id="advice_requests_withdraw", summary="Withdraw a question you asked, while it is open",
        request=None,
        responses={200: AdviceRequestSerializer, **_errors(401, 403, 404, 409)}, tags=["advice"])
    def post(self, request: Request, id: int) -> Response:
        req = services.advice_request_withdraw(actor=request.user, request=_request(request.user, id))
        return Response(AdviceRequestSerializer(_request(request.user, req.pk)).data)
