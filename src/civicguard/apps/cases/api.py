"""/api/v1: concern reports, cases and removal requests, with the same rules as the pages: who reads a record is
access/confidential.py's (anything else is a 404, as if it did not exist), every record answered is a logged read,
and each change is a service call. Thin: validate the body, call a service, render the result."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from civicguard.apps.access.checks import councils_of
from civicguard.apps.access.confidential import may_read_case_of
from civicguard.apps.access.councils import council_named
from civicguard.apps.cases import selectors, services
from civicguard.apps.cases.models import Case, ConcernReport, RemovalRequest
from civicguard.apps.cases.serializers import (
    CaseCreateSerializer,
    CaseSerializer,
    ClassifySerializer,
    ConcernCreateSerializer,
    ConcernSerializer,
    CouncilFilterSerializer,
    DecideSerializer,
    NoteOutSerializer,
    NoteSerializer,
    NoticeCreateSerializer,
    NoticeSerializer,
    RemovalConfirmSerializer,
    RemovalCreateSerializer,
    RemovalSerializer,
)
from civicguard.apps.councils.models import Council
from civicguard.apps.onboarding.network import address_of
from civicguard.apps.people.models import StaffRecord
from civicguard.apps.posts.serializers import ErrorSerializer
from civicguard.common.api import validated
from civicguard.common.api_views import JsonApiView
from civicguard.errors import BadInput, NotFound

_TEXT = {400: "the input is not valid (the field at fault is named)", 401: "no valid token",
         403: "your roles in this council do not allow this",
         404: "no such record or council, or it is not yours to see",
         409: "the record is not in a state that allows this"}
TAG = ["cases"]


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ErrorSerializer, description=_TEXT[code]) for code in codes}




def _councils(request: Request) -> list[Council]:
    filters = validated(CouncilFilterSerializer, request.query_params)
    return [council_named(request.user, filters["council"])] if filters.get("council") else councils_of(request.user)


def _upload(data: dict[str, Any] | None, field: str) -> services.Upload | None:
    if not data:
        return None
    try:
        content = base64.b64decode(data["content_base64"], validate=True)
    except (binascii.Error, ValueError):
        raise BadInput(f"{field}.content_base64 is not valid base64", field=field) from None
    return services.Upload(name=data.get("name", ""), data=content)


def _concern(user: Any, pk: int) -> ConcernReport:
    council_id = ConcernReport.objects.filter(pk=pk).values_list("council_id", flat=True).first()
    council = next((c for c in councils_of(user) if c.pk == council_id), None)
    if council is None:
        raise NotFound("No such concern report among yours")
    return services.concern_get(user=user, council=council, pk=pk)


def _case(user: Any, pk: int) -> Case:
    council_id = Case.objects.filter(pk=pk).values_list("council_id", flat=True).first()
    council = next((c for c in councils_of(user) if c.pk == council_id), None)
    if council is None:
        raise NotFound("No such case among yours")
    return services.case_get(user=user, council=council, pk=pk)


def _removal(user: Any, pk: int) -> RemovalRequest:
    council_id = RemovalRequest.objects.filter(pk=pk).values_list("case__council_id", flat=True).first()
    council = next((c for c in councils_of(user) if c.pk == council_id), None)
    if council is None:
        raise NotFound("No such removal request among yours")
    return services.removal_get(user=user, council=council, pk=pk)


def _concern_out(request: Request, report: ConcernReport) -> dict[str, Any]:
    full = may_read_case_of(request.user, report.council, report.subject)
    return ConcernSerializer(report, context={"full": full}).data


def _removal_out(request: Request, removal: RemovalRequest) -> dict[str, Any]:
    full = may_read_case_of(request.user, removal.case.council, removal.case.subject)
    return RemovalSerializer(removal, context={"full": full}).data


def _case_out(request: Request, case: Case) -> dict[str, Any]:
    services.case_read(actor=request.user, case=case, via="api", address=address_of(request) or None)
    return CaseSerializer(case).data


# ---- concern reports ---------------------------------------------------------------------------------------------

class ConcernListView(generics.GenericAPIView, JsonApiView):
    serializer_class = ConcernSerializer

    @extend_schema(operation_id="concern_reports_list",
                   summary="Concern reports you may read: your own, those about the staff you manage; HR: all",
                   description="Each report listed is a logged read. Findings are shown to the line manager and HR.",
                   parameters=[CouncilFilterSerializer],
                   responses={200: ConcernSerializer(many=True), **_errors(400, 401, 404)}, tags=TAG)
    def get(self, request: Request) -> Response:
        found: list[ConcernReport] = []
        for council in _councils(request):
            found += selectors.reports(user=request.user, council=council)
        page = self.paginate_queryset(found) or []
        return self.get_paginated_response([
            _concern_out(request, services.concern_read(actor=request.user, report=r, via="api",
                                                        address=address_of(request) or None)) for r in page])

    @extend_schema(operation_id="concern_reports_create",
                   summary="Report a concern about a colleague's post (St Helens 7.8; Sefton 7.2)",
                   description="The text is checked against the council's policy (personal use) and kept, with the "
                               "screenshot, as evidence. Only the reporter, the colleague's line manager and HR read "
                               "it. Do not comment on, like or share the post.",
                   request=ConcernCreateSerializer,
                   responses={201: ConcernSerializer, **_errors(400, 401, 403, 404)}, tags=TAG)
    def post(self, request: Request) -> Response:
        data = validated(ConcernCreateSerializer, request.data)
        council = council_named(request.user, data["council"])
        subject = StaffRecord.objects.filter(council=council, pk=data["subject"]).first()
        report = services.concern_report(
            actor=request.user, council=council, subject=subject, link=data["link"], text=data["text"],
            worry=data["worry"], screenshot=_upload(data.get("screenshot"), "screenshot"),
            address=address_of(request) or None, user_agent=str(request.META.get("HTTP_USER_AGENT", "")), via="api")
        return Response(_concern_out(request, report), status=status.HTTP_201_CREATED)


class ConcernDetailView(JsonApiView):
    @extend_schema(operation_id="concern_reports_retrieve", summary="One concern report (a logged read)",
                   responses={200: ConcernSerializer, **_errors(401, 404)}, tags=TAG)
    def get(self, request: Request, id: int) -> Response:
        report = services.concern_read(actor=request.user, report=_concern(request.user, id), via="api",
                                       address=address_of(request) or None)
        return Response(_concern_out(request, report))


# ---- cases -------------------------------------------------------------------------------------------------------

class CaseListView(generics.GenericAPIView, JsonApiView):
    serializer_class = CaseSerializer

    @extend_schema(operation_id="cases_list",
                   summary="Cases you may read: those about the staff you manage; HR: all (each a logged read)",
                   parameters=[CouncilFilterSerializer],
                   responses={200: CaseSerializer(many=True), **_errors(400, 401, 404)}, tags=TAG)
    def get(self, request: Request) -> Response:
        found: list[Case] = []
        for council in _councils(request):
            found += selectors.cases(user=request.user, council=council)
        page = self.paginate_queryset(found) or []
        return self.get_paginated_response([_case_out(request, c) for c in page])

    @extend_schema(operation_id="cases_create",
                   summary="Open a case from a concern report, an escalated comment or an official post's finding",
                   description="Exactly one of `concern`, `comment` and `post`; `subject` (a staff record) unless "
                               "from a concern report. Line managers (of the subject) and HR. The classification is "
                               "proposed from the pack; the referral to HR is due in the pack's working days.",
                   request=CaseCreateSerializer,
                   responses={201: CaseSerializer, **_errors(400, 401, 403, 404, 409)}, tags=TAG)
    def post(self, request: Request) -> Response:
        data = validated(CaseCreateSerializer, request.data)
        council = council_named(request.user, data["council"])
        source: dict[str, Any] = {}
        if data.get("concern"):
            source["concern"] = services.concern_get(user=request.user, council=council, pk=data["concern"])
        if data.get("comment"):
            from civicguard.apps.moderation.models import Comment

            source["comment"] = Comment.objects.filter(council=council, pk=data["comment"]).first()
            if source["comment"] is None:
                raise NotFound("No such comment among yours", field="comment")
        if data.get("post"):
            from civicguard.apps.posts.models import Post

            source["post"] = Post.objects.filter(council=council, pk=data["post"]).first()
            if source["post"] is None:
                raise NotFound("No such post among yours", field="post")
        subject = None
        if data.get("subject"):
            subject = StaffRecord.objects.filter(council=council, pk=data["subject"]).first()
        case = services.case_open(actor=request.user, council=council, subject=subject, summary=data["summary"],
                                  address=address_of(request) or None, via="api", **source)
        return Response(_case_out(request, case), status=status.HTTP_201_CREATED)


class CaseDetailView(JsonApiView):
    @extend_schema(operation_id="cases_retrieve", summary="One case (a logged read)",
                   responses={200: CaseSerializer, **_errors(401, 404)}, tags=TAG)
    def get(self, request: Request, id: int) -> Response:
        return Response(_case_out(request, _case(request.user, id)))


def _step_view(operation: str, summary: str, serializer: Any, call: Any) -> type[JsonApiView]:
    class StepView(JsonApiView):
        @extend_schema(operation_id=operation, summary=summary, request=serializer,
                       responses={200: CaseSerializer, **_errors(400, 401, 403, 404, 409)}, tags=TAG)
        def post(self, request: Request, id: int) -> Response:
            data = validated(serializer, request.data) if serializer is not None else {}
            case = _case(request.user, id)
            return Response(_case_out(request, call(request.user, case, data)))

    StepView.__name__ = StepView.__qualname__ = "".join(p.capitalize() for p in operation.split("_")) + "View"
    return StepView


CaseReferView = _step_view("cases_refer", "Refer the case to HR (St Helens 9.10)", None,
                           lambda u, c, d: services.case_refer(actor=u, case=c, via="api"))
CaseClassifyView = _step_view("cases_classify", "HR: confirm or change the proposed classification (reasons for a "
                                                "change)", ClassifySerializer,
                              lambda u, c, d: services.case_classify(actor=u, case=c, via="api", **d))
CaseInvestigateView = _step_view("cases_investigate", "HR: start the investigation", None,
                                 lambda u, c, d: services.case_investigate(actor=u, case=c, via="api"))
CaseDecideView = _step_view("cases_decide", "HR: the outcome (with the sanction of formal disciplinary action)",
                            DecideSerializer, lambda u, c, d: services.case_decide(actor=u, case=c, via="api", **d))
CaseCloseView = _step_view("cases_close", "HR: close a decided case", None,
                           lambda u, c, d: services.case_close(actor=u, case=c, via="api"))


class CaseNoteView(JsonApiView):
    @extend_schema(operation_id="cases_notes_create", summary="Add a note to the case", request=NoteSerializer,
                   responses={201: NoteOutSerializer, **_errors(400, 401, 403, 404)}, tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        data = validated(NoteSerializer, request.data)
        note = services.case_note_add(actor=request.user, case=_case(request.user, id), text=data["text"], via="api")
        return Response(NoteOutSerializer(note).data, status=status.HTTP_201_CREATED)


class CaseNoticeView(JsonApiView):
    @extend_schema(operation_id="cases_notices_create",
                   summary="Tell whom the pack names for the case's findings (the case's notices_due)",
                   request=NoticeCreateSerializer,
                   responses={201: NoticeSerializer, **_errors(400, 401, 403, 404)}, tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        data = validated(NoticeCreateSerializer, request.data)
        notice = services.notice_send(actor=request.user, case=_case(request.user, id), rule_slug=data["rule"],
                                      text=data["text"], via="api")
        return Response(NoticeSerializer(notice).data, status=status.HTTP_201_CREATED)


class CaseRemovalView(JsonApiView):
    @extend_schema(operation_id="cases_removal_requests_create",
                   summary="Ask the case's subject to remove postings by a deadline (Sefton 6.4)",
                   request=RemovalCreateSerializer,
                   responses={201: RemovalSerializer, **_errors(400, 401, 403, 404, 409)}, tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        data = validated(RemovalCreateSerializer, request.data)
        removal = services.removal_request(actor=request.user, case=_case(request.user, id),
                                           postings=data["postings"], deadline=data["deadline"], note=data["note"],
                                           via="api")
        return Response(_removal_out(request, removal), status=status.HTTP_201_CREATED)


# ---- removal requests --------------------------------------------------------------------------------------------

class RemovalListView(generics.GenericAPIView, JsonApiView):
    serializer_class = RemovalSerializer

    @extend_schema(operation_id="removal_requests_list",
                   summary="Requests to remove postings: yours, and those of the cases you may read",
                   parameters=[CouncilFilterSerializer],
                   responses={200: RemovalSerializer(many=True), **_errors(400, 401, 404)}, tags=TAG)
    def get(self, request: Request) -> Response:
        found: list[RemovalRequest] = []
        for council in _councils(request):
            found += selectors.removals(user=request.user, council=council)
        page = self.paginate_queryset(found) or []
        return self.get_paginated_response([
            _removal_out(request, services.removal_read(actor=request.user, removal=r, via="api",
                                                        address=address_of(request) or None)) for r in page])


class RemovalDetailView(JsonApiView):
    @extend_schema(operation_id="removal_requests_retrieve", summary="One removal request (a logged read)",
                   responses={200: RemovalSerializer, **_errors(401, 404)}, tags=TAG)
    def get(self, request: Request, id: int) -> Response:
        removal = services.removal_read(actor=request.user, removal=_removal(request.user, id), via="api",
                                        address=address_of(request) or None)
        return Response(_removal_out(request, removal))


class RemovalConfirmView(JsonApiView):
    @extend_schema(operation_id="removal_requests_confirm",
                   summary="The employee confirms they removed the postings, with a screenshot",
                   request=RemovalConfirmSerializer,
                   responses={200: RemovalSerializer, **_errors(400, 401, 403, 404, 409)}, tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        data = validated(RemovalConfirmSerializer, request.data)
        removal = services.removal_confirm(actor=request.user, removal=_removal(request.user, id),
                                           screenshot=_upload(data["screenshot"], "screenshot"), note=data["note"],
                                           address=address_of(request) or None,
                                           user_agent=str(request.META.get("HTTP_USER_AGENT", "")), via="api")
        return Response(_removal_out(request, removal))
