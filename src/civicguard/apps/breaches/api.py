"""/api/v1/data-breaches: personal data breach records (UK GDPR articles 33-34). Thin: validate the body, call a
service, render the result. A record the person may not read (access/confidential.py decides) is a 404, whether
or not it exists; every answer that shows a record, or the list, is a logged read."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from civicguard.apps.access.checks import councils_of
from civicguard.apps.access.councils import council_named
from civicguard.apps.breaches import selectors, services
from civicguard.apps.breaches.models import DataBreach, Source
from civicguard.apps.breaches.serializers import (
    AssessSerializer,
    BreachFilterSerializer,
    BreachOpenSerializer,
    BreachSerializer,
    CloseSerializer,
    IcoSerializer,
    NoticeSendSerializer,
    NoticeSerializer,
    PeopleToldSerializer,
)
from civicguard.apps.onboarding.network import address_of
from civicguard.apps.posts.serializers import ErrorSerializer
from civicguard.common.api import validated
from civicguard.common.api_views import JsonApiView
from civicguard.errors import NotFound

_TEXT = {400: "the input is not valid (the field at fault is named)", 401: "no valid token",
         403: "your roles in this council do not allow this (the record's opener reads it but does not decide)",
         404: "no such record, comment, post or council, or it is not yours to see",
         409: "the record is not in a state that allows this (not assessed yet, closed, told already, or "
              "something still stands in the way of closing it)"}
TAG = ["data breaches"]


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ErrorSerializer, description=_TEXT[code]) for code in codes}



def _breach(request: Request, pk: int) -> DataBreach:
    for council in councils_of(request.user):
        if DataBreach.objects.filter(council=council, pk=pk).exists():
            return selectors.breach_get(user=request.user, council=council, pk=pk)
    raise NotFound("No such personal data breach record among yours")


def _answer(request: Request, breach: DataBreach, code: int = 200) -> Response:
    """The record as the API shows it: a logged read."""
    breach.refresh_from_db()
    services.breach_read(actor=request.user, breach=breach, via="api", address=address_of(request))
    return Response(BreachSerializer(breach).data, status=code)


class BreachListView(generics.GenericAPIView, JsonApiView):
    serializer_class = BreachSerializer

    @extend_schema(operation_id="data_breaches_list",
                   summary="Personal data breach records you may read, in all your councils (newest awareness first)",
                   description="The Data Protection Officer's role (the pack's) and Legal read every record of their "
                               "council; anyone else the records they opened. The list is a logged read.",
                   parameters=[BreachFilterSerializer],
                   responses={200: BreachSerializer(many=True), **_errors(400, 401, 404)}, tags=TAG)
    def get(self, request: Request) -> Response:
        filters = validated(BreachFilterSerializer, request.query_params)
        councils = ([council_named(request.user, filters["council"])] if filters.get("council")
                    else councils_of(request.user))
        found: list[DataBreach] = []
        for council in councils:
            found += list(selectors.readable(user=request.user, council=council).prefetch_related("notices"))
        page = self.paginate_queryset(found) or []
        for council in councils:
            services.breach_list_read(actor=request.user, council=council, via="api", address=address_of(request),
                                      breaches=[b for b in page if b.council_id == council.pk])
        return self.get_paginated_response(BreachSerializer(page, many=True).data)

    @extend_schema(operation_id="data_breaches_create",
                   summary="Open a personal data breach record (UK GDPR art. 33-34): the 72-hour clock starts",
                   description="From a comment (`source: comment`, `comment`), `aware_at` is worked out: the earlier "
                               "of the first check that flagged personal data in it and the first moderator's "
                               "removal for personal information. From a post its first flagging check, if any; "
                               "otherwise send `aware_at`.",
                   request=BreachOpenSerializer, responses={201: BreachSerializer, **_errors(400, 401, 403, 404)},
                   tags=TAG)
    def post(self, request: Request) -> Response:
        data = validated(BreachOpenSerializer, request.data)
        council = council_named(request.user, data["council"])
        comment = post = None
        if data["source"] == Source.COMMENT:
            from civicguard.apps.moderation.models import Comment

            comment = Comment.objects.filter(council=council, pk=data["comment"] or 0).select_related(
                "council").first()
            if comment is None:
                raise NotFound("No such comment among yours", field="comment")
        elif data["source"] == Source.POST:
            from civicguard.apps.posts.models import Post

            post = Post.objects.filter(council=council, pk=data["post"] or 0).first()
            if post is None:
                raise NotFound("No such post among yours", field="post")
        breach = services.breach_open(
            actor=request.user, council=council, source=data["source"], comment=comment, post=post,
            source_description=data["source_description"], what=data["what"],
            people_categories=data["people_categories"], data_categories=data["data_categories"],
            people_count=data["people_count"], aware_at=data["aware_at"], containment=data["containment"],
            via="api")
        return _answer(request, breach, status.HTTP_201_CREATED)


class BreachDetailView(JsonApiView):
    @extend_schema(operation_id="data_breaches_retrieve", summary="One record, with its ICO clock (a logged read)",
                   responses={200: BreachSerializer, **_errors(401, 404)}, tags=TAG)
    def get(self, request: Request, id: int) -> Response:
        return _answer(request, _breach(request, id))


class AssessView(JsonApiView):
    @extend_schema(operation_id="data_breaches_assess",
                   summary="The risk, its reasons, and whether the ICO must be told (the DPO's team)",
                   description="`ico_required: false` only when the risk is `none`, with the reason.",
                   request=AssessSerializer, responses={200: BreachSerializer, **_errors(400, 401, 403, 404, 409)},
                   tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        data = validated(AssessSerializer, request.data)
        breach = services.breach_assess(actor=request.user, breach=_breach(request, id), risk=data["risk"],
                                        reasons=data["risk_reasons"], ico_required=data["ico_required"],
                                        ico_not_required_reason=data["ico_not_required_reason"], via="api")
        return _answer(request, breach)


class IcoView(JsonApiView):
    @extend_schema(operation_id="data_breaches_ico", summary="When the ICO was told, and its reference",
                   description="Past the 72 hours, `late_reason` is required (art. 33(1)).",
                   request=IcoSerializer, responses={200: BreachSerializer, **_errors(400, 401, 403, 404, 409)},
                   tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        data = validated(IcoSerializer, request.data)
        breach = services.breach_ico_record(actor=request.user, breach=_breach(request, id), told_at=data["told_at"],
                                            reference=data["reference"], late_reason=data["late_reason"], via="api")
        return _answer(request, breach)


class PeopleToldView(JsonApiView):
    @extend_schema(operation_id="data_breaches_people_told",
                   summary="When and how the people were told, or the art. 34(3) exception and why not",
                   request=PeopleToldSerializer, responses={200: BreachSerializer, **_errors(400, 401, 403, 404, 409)},
                   tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        data = validated(PeopleToldSerializer, request.data)
        breach = services.breach_people_told(actor=request.user, breach=_breach(request, id), told_at=data["told_at"],
                                             how=data["how"], not_told=data["not_told"],
                                             not_told_reason=data["not_told_reason"], via="api")
        return _answer(request, breach)


class NoticeView(JsonApiView):
    @extend_schema(operation_id="data_breaches_notices_send",
                   summary="Send a notice the policy asks for (Internal Audit, the Caldicott Guardian, Information "
                           "Governance...)",
                   request=NoticeSendSerializer, responses={201: NoticeSerializer, **_errors(400, 401, 403, 404, 409)},
                   tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        data = validated(NoticeSendSerializer, request.data)
        notice = services.breach_notice_send(actor=request.user, breach=_breach(request, id), rule_slug=data["rule"],
                                             text=data["text"], via="api")
        return Response(NoticeSerializer(notice).data, status=status.HTTP_201_CREATED)


class CloseView(JsonApiView):
    @extend_schema(operation_id="data_breaches_close",
                   summary="Close the record (the ICO decision, the people and the notices recorded first)",
                   request=CloseSerializer, responses={200: BreachSerializer, **_errors(400, 401, 403, 404, 409)},
                   tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        data = validated(CloseSerializer, request.data)
        breach = services.breach_close(actor=request.user, breach=_breach(request, id), note=data["note"], via="api")
        return _answer(request, breach)
