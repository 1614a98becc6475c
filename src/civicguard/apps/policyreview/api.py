"""/api/v1: policy versions and their reviews. Thin: validate the body, call a service, render the result.

A review of a council where the person may not see policy reviews answers 404; a list asked for by someone whose
roles allow it in none of their councils answers 403.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from civicguard.apps.access.checks import can, councils_of
from civicguard.apps.councils.models import Council
from civicguard.apps.policyreview import services
from civicguard.apps.policyreview.models import PolicyReview, PolicyVersion
from civicguard.apps.policyreview.serializers import (
    CommentCreateSerializer,
    CommentSerializer,
    CouncilFilterSerializer,
    DecisionSerializer,
    PolicyVersionSerializer,
    ReviewCreateSerializer,
    ReviewSerializer,
    ReviewSummarySerializer,
)
from civicguard.apps.posts.serializers import ErrorSerializer
from civicguard.common.api import validated
from civicguard.common.api_views import JsonApiView
from civicguard.errors import BadInput, NotAllowed, NotFound

TAGS = ["policy reviews"]


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    text = {400: "the input is not valid (the field at fault is named)", 401: "no valid token",
            403: "your roles in this council do not allow this",
            404: "no such object, or it belongs to a council that is not yours",
            409: "the review is not in a state that allows this"}
    return {code: OpenApiResponse(ErrorSerializer, description=text[code]) for code in codes}


def _councils(user: Any, slug: str | None) -> list[Council]:
    """The person's councils where they may see policy reviews; with `slug`, just that one (404 when it is not
    one of theirs, 403 when their roles there do not allow it). None at all: 403."""
    mine = councils_of(user)
    if slug:
        council = next((c for c in mine if c.slug == slug), None)
        if council is None:
            raise NotFound("no such council among yours", field="council")
        if not can(user, "policy.view", council):
            raise NotAllowed("your roles in this council do not allow this")
        return [council]
    allowed = [c for c in mine if can(user, "policy.view", c)]
    if not allowed:
        raise NotAllowed("your roles do not allow this in any of your councils")
    return allowed


def _reviews(user: Any) -> QuerySet[PolicyReview]:
    mine = [c for c in councils_of(user) if can(user, "policy.view", c)]
    return (PolicyReview.objects.filter(council__in=mine)
            .select_related("council", "of_version", "started_by", "published_version"))


def _review(user: Any, pk: int) -> PolicyReview:
    review = _reviews(user).filter(pk=pk).first()
    if review is None:
        raise NotFound("no such policy review among yours")
    return review


def _detail(user: Any, pk: int) -> dict[str, Any]:
    review = _reviews(user).prefetch_related("comments__recorded_by").get(pk=pk)
    return dict(ReviewSerializer(review).data)


class VersionListView(JsonApiView):
    @extend_schema(
        operation_id="policy_versions_list",
        summary="Published policy versions with their review due dates, newest first, in your councils",
        description="Needs a role that may see policy reviews (policy.view). The first of each council is in force.",
        parameters=[CouncilFilterSerializer],
        responses={200: PolicyVersionSerializer(many=True), **_errors(400, 401, 403, 404)},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        filters = validated(CouncilFilterSerializer, request.query_params)
        councils = _councils(request.user, filters.get("council"))
        qs = PolicyVersion.objects.filter(council__in=councils).select_related("council")
        return Response(PolicyVersionSerializer(qs.order_by("council__slug", "-published", "-id"), many=True).data)


class ReviewListView(JsonApiView):
    @extend_schema(
        operation_id="policy_reviews_list",
        summary="Policy reviews in your councils, newest first",
        parameters=[CouncilFilterSerializer],
        responses={200: ReviewSummarySerializer(many=True), **_errors(400, 401, 403, 404)},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        filters = validated(CouncilFilterSerializer, request.query_params)
        councils = _councils(request.user, filters.get("council"))
        qs = _reviews(request.user).filter(council__in=councils)
        return Response(ReviewSummarySerializer(qs, many=True).data)

    @extend_schema(
        operation_id="policy_reviews_create",
        summary="Start a review of the policy version in force",
        description=("The roles the council's pack names (St Helens: the Information Management Group and "
                     "administrators; Sefton: HR, approvers and administrators). The consultees and the approving "
                     "body come from the pack. 409 when no version is recorded or a review is not finished."),
        request=ReviewCreateSerializer,
        responses={201: ReviewSerializer, **_errors(400, 401, 403, 404, 409)},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        data = validated(ReviewCreateSerializer, request.data)
        council = next((c for c in councils_of(request.user) if c.slug == data["council"]), None)
        if council is None:
            raise NotFound("no such council among yours", field="council")
        review = services.policy_review_start(actor=request.user, council=council, reason=data["reason"])
        return Response(_detail(request.user, review.pk), status=status.HTTP_201_CREATED)


class ReviewDetailView(JsonApiView):
    @extend_schema(
        operation_id="policy_reviews_retrieve",
        summary="A policy review with its consultees' comments and the clause wording changes",
        responses={200: ReviewSerializer, **_errors(401, 404)},
        tags=TAGS,
    )
    def get(self, request: Request, id: int) -> Response:
        return Response(_detail(request.user, _review(request.user, id).pk))


class ReviewCommentsView(JsonApiView):
    @extend_schema(
        operation_id="policy_reviews_comments_create",
        summary="Record a consultee's comments on a review in consultation",
        request=CommentCreateSerializer,
        responses={201: CommentSerializer, **_errors(400, 401, 403, 404, 409)},
        tags=TAGS,
    )
    def post(self, request: Request, id: int) -> Response:
        review = _review(request.user, id)
        data = validated(CommentCreateSerializer, request.data)
        comment = services.review_comment_add(actor=request.user, review=review, **data)
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class ReviewDecisionView(JsonApiView):
    @extend_schema(
        operation_id="policy_reviews_decision_create",
        summary="Move a review on: send it for consultation, record the approval, or publish the outcome",
        description=("`consult`: an open review goes to its consultees. `approve`: once the bodies that review "
                     "the policy have commented, record `outcome` (`no-change` or `new-version` with "
                     "`new_version`) and who approved it (`approved_by`, by default the pack's approving body). "
                     "`publish`: a new version becomes the version in force (everyone signs the User Agreement "
                     "again); it needs CivicGuard to check posts against that version already (409 otherwise). "
                     "No change sets the version's next review date."),
        request=DecisionSerializer,
        responses={200: ReviewSerializer, **_errors(400, 401, 403, 404, 409)},
        tags=TAGS,
    )
    def post(self, request: Request, id: int) -> Response:
        review = _review(request.user, id)
        data = validated(DecisionSerializer, request.data)
        action = data["action"]
        if action == "consult":
            services.policy_review_consult(actor=request.user, review=review)
        elif action == "approve":
            if not data.get("outcome"):
                raise BadInput("Choose no change or a new version", field="outcome")
            services.policy_review_decide(actor=request.user, review=review, outcome=data["outcome"],
                                          new_version=data["new_version"], notes=data["notes"],
                                          approved_by=data["approved_by"])
        else:
            services.policy_review_publish(actor=request.user, review=review)
        return Response(_detail(request.user, review.pk))
