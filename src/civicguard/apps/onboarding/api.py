"""/api/v1: User Agreement versions and signatures, courses, completions, and your own status. Thin: validate the
body, call a service, render the result. A council that is not the person's answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from civicguard.apps.access.checks import can, councils_of, require
from civicguard.apps.access.councils import council_named
from civicguard.apps.councils.models import Council
from civicguard.apps.onboarding import services
from civicguard.apps.onboarding.models import AgreementSignature, AgreementVersion, Completion, Course
from civicguard.apps.onboarding.selectors import (
    agreement_state,
    current_agreement,
    posting_gaps,
    required_courses,
    requirements,
)
from civicguard.apps.onboarding.serializers import (
    AgreementPublishSerializer,
    AgreementVersionSerializer,
    CompletionInputSerializer,
    CompletionSerializer,
    CouncilFilterSerializer,
    CourseInputSerializer,
    CourseSerializer,
    SignatureSerializer,
    SignInputSerializer,
    StatusSerializer,
)
from civicguard.apps.posts.serializers import ErrorSerializer
from civicguard.common.api import validated
from civicguard.common.api_views import JsonApiView
from civicguard.errors import NotFound

TAGS = ["onboarding"]


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    text = {400: "the input is not valid (the field at fault is named)", 401: "no valid token",
            403: "your roles in this council do not allow this",
            404: "no such council or object among yours",
            409: "the council has not published a User Agreement yet"}
    return {code: OpenApiResponse(ErrorSerializer, description=text[code]) for code in codes}


def _councils(request: Request) -> list[Council]:
    """The person's councils, or the one `?council=` names (404 if it is not theirs)."""
    slug = validated(CouncilFilterSerializer, request.query_params).get("council")
    mine = councils_of(request.user)
    if not slug:
        return mine
    chosen = [c for c in mine if c.slug == slug]
    if not chosen:
        raise NotFound("no such council among yours", field="council")
    return chosen



class AgreementVersionsView(JsonApiView):
    @extend_schema(operation_id="agreement_versions_list", summary="The User Agreement versions of your councils",
                   parameters=[CouncilFilterSerializer],
                   responses={200: AgreementVersionSerializer(many=True), **_errors(400, 401, 404)}, tags=TAGS)
    def get(self, request: Request) -> Response:
        councils = _councils(request)
        in_force = {v.pk for c in councils if (v := current_agreement(c)) is not None}
        versions = AgreementVersion.objects.filter(council__in=councils).select_related("council")
        return Response(AgreementVersionSerializer(versions, many=True, context={"in_force": in_force}).data)

    @extend_schema(operation_id="agreement_versions_create",
                   summary="Publish a new version (the Information Management Group or an administrator)",
                   description="From its effective day everyone signs it again before drafting, approving or "
                               "moderating.",
                   request=AgreementPublishSerializer,
                   responses={201: AgreementVersionSerializer, **_errors(400, 401, 403, 404)}, tags=TAGS)
    def post(self, request: Request) -> Response:
        data = validated(AgreementPublishSerializer, request.data)
        council = council_named(request.user, data["council"])
        version = services.agreement_publish(actor=request.user, council=council, text=data["text"],
                                             effective=data["effective"])
        current = current_agreement(council)
        context = {"in_force": {current.pk} if current else set()}
        return Response(AgreementVersionSerializer(version, context=context).data, status=status.HTTP_201_CREATED)


class SignaturesView(JsonApiView):
    @extend_schema(operation_id="agreement_signatures_list", summary="Your own User Agreement signatures",
                   parameters=[CouncilFilterSerializer],
                   responses={200: SignatureSerializer(many=True), **_errors(400, 401, 404)}, tags=TAGS)
    def get(self, request: Request) -> Response:
        found = (AgreementSignature.objects.filter(user=request.user, version__council__in=_councils(request))
                 .select_related("version__council", "user", "recorded_by"))
        return Response(SignatureSerializer(found, many=True).data)

    @extend_schema(operation_id="agreement_signatures_create",
                   summary="Sign the User Agreement in force, with the two declarations",
                   description="Type your name as your staff record has it; both declarations must be true.",
                   request=SignInputSerializer,
                   responses={201: SignatureSerializer, **_errors(400, 401, 403, 404, 409)}, tags=TAGS)
    def post(self, request: Request) -> Response:
        data = validated(SignInputSerializer, request.data)
        council = council_named(request.user, data["council"])
        signature = services.agreement_sign(actor=request.user, council=council, typed_name=data["typed_name"],
                                            personal_devices=data["personal_devices"],
                                            personal_use_at_work=data["personal_use_at_work"])
        return Response(SignatureSerializer(signature).data, status=status.HTTP_201_CREATED)


class CoursesView(JsonApiView):
    @extend_schema(operation_id="courses_list", summary="The courses of your councils",
                   parameters=[CouncilFilterSerializer],
                   responses={200: CourseSerializer(many=True), **_errors(400, 401, 404)}, tags=TAGS)
    def get(self, request: Request) -> Response:
        councils = [c for c in _councils(request) if can(request.user, "training.view", c)]
        required = {c.pk: set(required_courses(c)) for c in councils}
        found = Course.objects.filter(council__in=councils).select_related("council")
        return Response(CourseSerializer(found, many=True, context={"required": required}).data)

    @extend_schema(operation_id="courses_create", summary="Add a course (the IMG or an administrator)",
                   request=CourseInputSerializer,
                   responses={201: CourseSerializer, **_errors(400, 401, 403, 404)}, tags=TAGS)
    def post(self, request: Request) -> Response:
        data = validated(CourseInputSerializer, request.data)
        council = council_named(request.user, data["council"])
        found = services.course_create(actor=request.user, council=council, slug=data["slug"], name=data["name"],
                                       validity_days=data.get("validity_days"))
        context = {"required": {council.pk: set(required_courses(council))}}
        return Response(CourseSerializer(found, context=context).data, status=status.HTTP_201_CREATED)


def _completions_visible(user: Any, councils: list[Council]) -> QuerySet[Completion]:
    """Your own completions; your team's (line managers); everyone's (the IMG and administrators)."""
    where = Q(user=user)
    for c in councils:
        if can(user, "training.manage", c):
            where |= Q(course__council=c)
        elif can(user, "training.record", c):
            where |= Q(course__council=c, user__staff_records__council=c,
                       user__staff_records__line_manager__user=user)
    return (Completion.objects.filter(where, course__council__in=councils).distinct()
            .select_related("course__council", "user", "recorded_by"))


class CompletionsView(JsonApiView):
    @extend_schema(operation_id="completions_list",
                   summary="Course completions: your own, your team's, or everyone's (IMG and administrators)",
                   parameters=[CouncilFilterSerializer],
                   responses={200: CompletionSerializer(many=True), **_errors(400, 401, 404)}, tags=TAGS)
    def get(self, request: Request) -> Response:
        found = _completions_visible(request.user, _councils(request))
        return Response(CompletionSerializer(found, many=True).data)

    @extend_schema(operation_id="completions_create",
                   summary="Record that someone completed a course (their line manager, the IMG or an administrator)",
                   request=CompletionInputSerializer,
                   responses={201: CompletionSerializer, **_errors(400, 401, 403, 404)}, tags=TAGS)
    def post(self, request: Request) -> Response:
        data = validated(CompletionInputSerializer, request.data)
        course = Course.objects.filter(pk=data["course"], council__in=councils_of(request.user)).first()
        if course is None:
            raise NotFound("no such course in your councils", field="course")
        require(request.user, "training.record", course.council)
        person = (get_user_model().objects.filter(username=data["username"], role_assignments__council=course.council)
                  .first())
        if person is None:
            raise NotFound(f"nobody called {data['username']} in {course.council.name}", field="username")
        done = services.completion_record(actor=request.user, course=course, person=person,
                                          completed=data["completed"])
        return Response(CompletionSerializer(done).data, status=status.HTTP_201_CREATED)


class StatusView(JsonApiView):
    @extend_schema(operation_id="onboarding_status",
                   summary="Whether you may draft, approve and moderate, in each of your councils, and what is "
                           "missing",
                   parameters=[CouncilFilterSerializer],
                   responses={200: StatusSerializer(many=True), **_errors(400, 401, 404)}, tags=TAGS)
    def get(self, request: Request) -> Response:
        user = request.user
        return Response([StatusSerializer.of(c, posting_gaps(user, c), requirements(c),
                                             agreement_state(user, c).signature)
                         for c in _councils(request)])
