"""/api/v1: service area procedures (list) and account reviews (list, read, sign off). Thin: validate the input,
call a selector or the service, render the result. A review of a council where the person may not see reviews
answers 404; a list asked for where their roles allow it in none of their councils answers 403."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civicguard.apps.access.checks import can, councils_of
from civicguard.apps.councils.models import Council
from civicguard.apps.posts.serializers import ErrorSerializer
from civicguard.apps.reviews import selectors
from civicguard.apps.reviews.models import AccountReview, ServiceAreaProcedure
from civicguard.apps.reviews.serializers import (
    ProcedureFilterSerializer,
    ProcedureSerializer,
    ReviewFilterSerializer,
    ReviewSerializer,
    SignOffInputSerializer,
    SignOffResultSerializer,
)
from civicguard.apps.reviews.services import CHECKLIST, review_sign_off
from civicguard.common.api import JSONParser, Pagination, validated_or_bad_input
from civicguard.errors import NotAllowed, NotFound

_ERRORS = {400: "the input is not valid (the field at fault is named)", 401: "no valid token",
           403: "your roles do not allow this (in this council, or in any of yours), or the review is not yours "
                "to sign off",
           404: "no such object, or it belongs to a council that is not yours",
           409: "the review has already been signed off"}


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ErrorSerializer, description=_ERRORS[code]) for code in codes}


def _councils(user: Any, capability: str, slug: str | None = None) -> list[Council]:
    """The person's councils where they hold `capability`; with `slug` just that one (404 when it is not one of
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


class _List(generics.GenericAPIView, APIView):
    parser_classes = [JSONParser]
    pagination_class = Pagination


# ---- procedures ----------------------------------------------------------------------------------------------

def procedure_data(procedure: ServiceAreaProcedure, *, in_force: bool, version: str) -> dict[str, Any]:
    return {"id": procedure.pk, "council": procedure.council.slug,
            "service_area": {"id": procedure.service_area_id, "name": procedure.service_area.name},
            "title": procedure.title, "policy_version": procedure.policy_version, "in_force": in_force,
            "out_of_date": selectors.is_out_of_date(procedure, version), "file_name": procedure.file_name,
            "kind": procedure.kind, "size": procedure.size, "sha256": procedure.sha256,
            "uploaded_by": procedure.uploaded_by.username, "uploaded_at": procedure.uploaded_at}


class ProcedureListView(_List):
    serializer_class = ProcedureSerializer

    @extend_schema(
        operation_id="procedures_list",
        summary="Service area procedures (St Helens 6.12), newest first within each service area",
        description=(
            "Every upload, in every council of yours (`council` narrows to one). `in_force` marks each area's "
            "newest; `out_of_date` says the council's policy version in force is not the one it follows. The file "
            "itself is downloaded from the procedure's page, where each download is audited."),
        parameters=[ProcedureFilterSerializer],
        responses={200: ProcedureSerializer(many=True), **_errors(400, 401, 403, 404)},
        tags=["procedures"],
    )
    def get(self, request: Request) -> Response:
        filters = validated_or_bad_input(ProcedureFilterSerializer, request.query_params)
        councils = _councils(request.user, "procedures.view", filters.get("council"))
        qs = (ServiceAreaProcedure.objects.filter(council__in=councils)
              .select_related("council", "service_area", "uploaded_by")
              .order_by("council__slug", "service_area__name", "-uploaded_at", "-id"))
        if filters.get("service_area"):
            qs = qs.filter(service_area_id=filters["service_area"])
        versions = {c.pk: selectors.policy_version(c) for c in councils}
        newest: dict[int, int] = {}
        for pk, area in (ServiceAreaProcedure.objects.filter(council__in=councils).order_by("-uploaded_at", "-id")
                         .values_list("pk", "service_area_id")):
            newest.setdefault(area, pk)
        page = self.paginate_queryset(qs)
        data = [procedure_data(p, in_force=newest.get(p.service_area_id) == p.pk, version=versions[p.council_id])
                for p in page or []]
        return self.get_paginated_response(data)


# ---- reviews -----------------------------------------------------------------------------------------------

def review_data(review: AccountReview) -> dict[str, Any]:
    account = review.account
    manager = selectors.line_manager_of(account)
    area = account.service_area
    return {
        "id": review.pk, "council": review.council.slug,
        "account": {"id": account.pk, "platform": account.platform, "handle": account.handle,
                    "status": account.status,
                    "service_area": {"id": area.pk, "name": area.name} if area is not None else None},
        "due": review.due, "state": selectors.review_state(review),
        "checklist": {name: getattr(review, name) for name in CHECKLIST}, "notes": review.notes,
        "line_manager": manager.name if manager is not None else None,
        "comments_waiting": selectors.waiting_comments(account),
        "moderation_queue": f"{reverse('moderation:queue')}?account={account.pk}",
        "signed_off_by": review.signed_off_by.username if review.signed_off_by is not None else None,
        "signed_off_at": review.signed_off_at,
    }


def _visible(user: Any) -> QuerySet[AccountReview]:
    ids = [c.pk for c in councils_of(user) if can(user, "reviews.view", c)]
    return (AccountReview.objects.filter(council_id__in=ids)
            .select_related("council", "account", "account__service_area", "account__owner", "signed_off_by"))


def _review(user: Any, pk: int) -> AccountReview:
    review = _visible(user).filter(pk=pk).first()
    if review is None:
        raise NotFound("no such review among yours")
    return review


def _in_state(qs: QuerySet[AccountReview], state: str) -> QuerySet[AccountReview]:
    today = timezone.localdate()
    soon = today + timedelta(days=selectors.DUE_SOON_DAYS)
    if state == "signed_off":
        return qs.filter(signed_off_at__isnull=False)
    qs = qs.filter(signed_off_at__isnull=True)
    if state == "overdue":
        return qs.filter(due__lt=today)
    if state == "due":
        return qs.filter(due__gte=today, due__lte=soon)
    if state == "scheduled":
        return qs.filter(due__gt=soon)
    return qs


class ReviewListView(_List):
    serializer_class = ReviewSerializer

    @extend_schema(
        operation_id="reviews_list",
        summary="Account reviews (St Helens 6.13, 9.9), earliest date first",
        description="Every council where you may see reviews (`council` narrows to one).",
        parameters=[ReviewFilterSerializer],
        responses={200: ReviewSerializer(many=True), **_errors(400, 401, 403, 404)},
        tags=["reviews"],
    )
    def get(self, request: Request) -> Response:
        filters = validated_or_bad_input(ReviewFilterSerializer, request.query_params)
        councils = _councils(request.user, "reviews.view", filters.get("council"))
        qs = _visible(request.user).filter(council__in=councils)
        if filters.get("state"):
            qs = _in_state(qs, filters["state"])
        if filters.get("account"):
            qs = qs.filter(account_id=filters["account"])
        page = self.paginate_queryset(qs.order_by("due", "id"))
        return self.get_paginated_response([review_data(r) for r in page or []])


class ReviewDetailView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="reviews_retrieve",
        summary="An account review: its checklist, who signs it off, and the comments waiting on the account",
        responses={200: ReviewSerializer, **_errors(401, 404)},
        tags=["reviews"],
    )
    def get(self, request: Request, id: int) -> Response:
        return Response(review_data(_review(request.user, id)))


class ReviewSignOffView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="reviews_sign_off",
        summary="Sign off an account review with its checklist confirmed; the next review is opened",
        description=(
            "The account's line manager (the line manager of the account's owner, else the manager of its "
            "service area, on HR's records); while the records name neither, any line manager or service manager "
            "of the council. Every checklist item must be `true` (400 naming the first that is not). The next "
            "review is due the pack's interval from today."),
        request=SignOffInputSerializer,
        responses={200: SignOffResultSerializer, **_errors(400, 401, 403, 404, 409)},
        examples=[OpenApiExample("sign off", request_only=True, value={
            "content_appropriate": True, "representatives_current": True, "feedback_current": True,
            "inappropriate_removed": True, "notes": "Two old posts removed."})],
        tags=["reviews"],
    )
    def post(self, request: Request, id: int) -> Response:
        review = _review(request.user, id)
        data = validated_or_bad_input(SignOffInputSerializer, request.data)
        following = review_sign_off(actor=request.user, review=review, **data)
        return Response({"review": review_data(_review(request.user, id)),
                         "next_review": review_data(_review(request.user, following.pk))})
