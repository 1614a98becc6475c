"""/api/v1: investigations, profile viewings, RIPA authorisations and the central record. Thin: validate the body,
call a service, render the result. A record the person may not read (another council's, another team's
investigation) is a 404; every answer that shows a record is a logged read, like the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from civicguard.apps.access.checks import councils_of
from civicguard.apps.access.confidential import confidential_read, may_read_authorisation, may_read_investigation
from civicguard.apps.access.councils import council_named
from civicguard.apps.councils.models import Council
from civicguard.apps.investigations import selectors, services
from civicguard.apps.investigations.models import Authorisation, Investigation
from civicguard.apps.investigations.serializers import (
    ApplySerializer,
    AuthorisationSerializer,
    CentralRecordFilterSerializer,
    CentralRecordRowSerializer,
    CouncilFilterSerializer,
    DecisionSerializer,
    EventSerializer,
    InvestigationCreateSerializer,
    InvestigationSerializer,
    JudicialApprovalCreateSerializer,
    JudicialApprovalSerializer,
    NotesSerializer,
    ProfileViewSerializer,
    ReasonSerializer,
    ReasonsSerializer,
    ViewCreateSerializer,
    ViewFilterSerializer,
)
from civicguard.apps.onboarding.network import address_of
from civicguard.apps.posts.serializers import ErrorSerializer
from civicguard.common.api import validated
from civicguard.common.api_views import JsonApiView
from civicguard.errors import BadInput, NotFound

_TEXT = {400: "the input is not valid (the field at fault is named)", 401: "no valid token",
         403: "your roles in this council do not allow this",
         404: "no such investigation, authorisation or council, or it is not yours to see",
         409: "it is not in a state that allows this (decided already, not waiting for a magistrate, not in "
              "effect, closed)"}
TAG = ["investigations"]


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ErrorSerializer, description=_TEXT[code]) for code in codes}




def _councils(user: Any, slug: str | None) -> list[Council]:
    return [council_named(user, slug)] if slug else councils_of(user)


def _investigation(user: Any, pk: int, field: str | None = None) -> Investigation:
    for council in councils_of(user):
        found = Investigation.objects.filter(council=council, pk=pk).first()
        if found is not None and may_read_investigation(user, found):
            return found
    raise NotFound("No such investigation among yours", **({"field": field} if field else {}))


def _authorisation(user: Any, pk: int) -> Authorisation:
    for council in councils_of(user):
        found = Authorisation.objects.filter(investigation__council=council, pk=pk).first()
        if found is not None and may_read_authorisation(user, found):
            return found
    raise NotFound("No such authorisation among yours")


def _logged_list(request: Request, council: Council, kind: str, what: str, count: int) -> None:
    if count:
        confidential_read(reader=request.user, council=council, kind=kind, what=f"{what} ({count})", via="api",
                          address=address_of(request) or None)


class InvestigationListView(generics.GenericAPIView, JsonApiView):
    serializer_class = InvestigationSerializer

    @extend_schema(operation_id="investigations_list",
                   summary="The investigations you may read, in all your councils (newest first)",
                   description="An investigation's officers and the council's Authorising Officers read it; "
                               "the list is a logged read.",
                   parameters=[CouncilFilterSerializer],
                   responses={200: InvestigationSerializer(many=True), **_errors(400, 401, 404)}, tags=TAG)
    def get(self, request: Request) -> Response:
        filters = validated(CouncilFilterSerializer, request.query_params)
        found: list[Investigation] = []
        for council in _councils(request.user, filters.get("council")):
            mine = selectors.investigations(user=request.user, council=council)
            _logged_list(request, council, "investigation", "List of investigations", len(mine))
            found += mine
        page = self.paginate_queryset(found)
        return self.get_paginated_response(InvestigationSerializer(page, many=True).data)

    @extend_schema(operation_id="investigations_create",
                   summary="Register an investigation of one of the council's regulatory services (St Helens 8.1)",
                   request=InvestigationCreateSerializer,
                   responses={201: InvestigationSerializer, **_errors(400, 401, 403, 404)}, tags=TAG)
    def post(self, request: Request) -> Response:
        from django.contrib.auth import get_user_model

        data = validated(InvestigationCreateSerializer, request.data)
        council = council_named(request.user, data["council"])
        officers = []
        for username in data["officers"]:
            officer = get_user_model().objects.filter(username=username, is_active=True).first()
            if officer is None:
                raise BadInput(f"No such member of staff: {username}", field="officers")
            officers.append(officer)
        found = services.investigation_open(actor=request.user, council=council, reference=data["reference"],
                                            offence=data["offence"], service=data["service"], officers=officers,
                                            via="api")
        return Response(InvestigationSerializer(found).data, status=status.HTTP_201_CREATED)


class InvestigationDetailView(JsonApiView):
    @extend_schema(operation_id="investigations_retrieve", summary="One investigation (a logged read)",
                   responses={200: InvestigationSerializer, **_errors(401, 404)}, tags=TAG)
    def get(self, request: Request, id: int) -> Response:
        found = services.investigation_read(actor=request.user, investigation=_investigation(request.user, id),
                                            via="api", address=address_of(request) or None)
        return Response(InvestigationSerializer(found).data)


class InvestigationClosureView(JsonApiView):
    @extend_schema(operation_id="investigations_close",
                   summary="Close an investigation (its authorisations must have ended)", request=None,
                   responses={200: InvestigationSerializer, **_errors(401, 403, 404, 409)}, tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        found = services.investigation_close(actor=request.user, investigation=_investigation(request.user, id),
                                             via="api")
        return Response(InvestigationSerializer(found).data)


class ProfileViewListView(generics.GenericAPIView, JsonApiView):
    serializer_class = ProfileViewSerializer

    @extend_schema(operation_id="profile_views_list",
                   summary="The profile viewings logged in the investigations you may read (a logged read)",
                   parameters=[ViewFilterSerializer],
                   responses={200: ProfileViewSerializer(many=True), **_errors(400, 401, 404)}, tags=TAG)
    def get(self, request: Request) -> Response:
        filters = validated(ViewFilterSerializer, request.query_params)
        found = []
        for council in _councils(request.user, filters.get("council")):
            mine = selectors.views(user=request.user, council=council)
            if filters.get("investigation"):
                mine = [v for v in mine if v.investigation_id == filters["investigation"]]
            _logged_list(request, council, "investigation", "Profile viewings", len(mine))
            found += mine
        page = self.paginate_queryset(found)
        return self.get_paginated_response(ProfileViewSerializer(page, many=True).data)

    @extend_schema(operation_id="profile_views_create",
                   summary="Log a viewing of a person's profile: allowed, allowed with a warning, or refused",
                   description="The viewings of the same profile (its address normalised) in the pack's window "
                               "are counted across the council's investigations: the third in 28 days is allowed "
                               "with the warning that it may be directed surveillance under RIPA 2000 (St Helens "
                               "8.2), any more are refused unless an authorisation in effect covers the profile. "
                               "Recruiting or vetting an applicant is refused (Sefton 8.1). A refusal is recorded "
                               "and answered 201 with `outcome: refused` and its reason.",
                   request=ViewCreateSerializer,
                   responses={201: ProfileViewSerializer, **_errors(400, 401, 403, 404, 409)}, tags=TAG)
    def post(self, request: Request) -> Response:
        data = validated(ViewCreateSerializer, request.data)
        found = _investigation(request.user, data["investigation"], field="investigation")
        view = services.profile_view_record(actor=request.user, investigation=found,
                                            profile_url=data["profile_url"], purpose=data["purpose"],
                                            purpose_detail=data["purpose_detail"], recorded=data["recorded"],
                                            via="api")
        return Response(ProfileViewSerializer(view).data, status=status.HTTP_201_CREATED)


class AuthorisationListView(generics.GenericAPIView, JsonApiView):
    serializer_class = AuthorisationSerializer

    @extend_schema(operation_id="authorisations_list",
                   summary="The RIPA authorisations you may read, in all your councils (a logged read)",
                   parameters=[CouncilFilterSerializer],
                   responses={200: AuthorisationSerializer(many=True), **_errors(400, 401, 404)}, tags=TAG)
    def get(self, request: Request) -> Response:
        filters = validated(CouncilFilterSerializer, request.query_params)
        found: list[Authorisation] = []
        for council in _councils(request.user, filters.get("council")):
            mine = selectors.authorisations(user=request.user, council=council)
            _logged_list(request, council, "authorisation", "List of RIPA authorisations", len(mine))
            found += mine
        page = self.paginate_queryset(found)
        return self.get_paginated_response(AuthorisationSerializer(page, many=True).data)

    @extend_schema(operation_id="authorisations_create",
                   summary="Apply for directed surveillance or a covert human intelligence source",
                   description="Directed surveillance needs the crime threshold (`six-months`, or `listed` with "
                               "one of the pack's tobacco and alcohol offences) and the profiles it covers. An "
                               "Authorising Officer other than the applicant decides; a magistrate then approves.",
                   request=ApplySerializer,
                   responses={201: AuthorisationSerializer, **_errors(400, 401, 403, 404, 409)}, tags=TAG)
    def post(self, request: Request) -> Response:
        data = validated(ApplySerializer, request.data)
        found = _investigation(request.user, data.pop("investigation"), field="investigation")
        made = services.authorisation_apply(actor=request.user, investigation=found, via="api", **data)
        return Response(AuthorisationSerializer(made).data, status=status.HTTP_201_CREATED)


class AuthorisationDetailView(JsonApiView):
    @extend_schema(operation_id="authorisations_retrieve", summary="One RIPA authorisation (a logged read)",
                   responses={200: AuthorisationSerializer, **_errors(401, 404)}, tags=TAG)
    def get(self, request: Request, id: int) -> Response:
        found = services.authorisation_read(actor=request.user, authorisation=_authorisation(request.user, id),
                                            via="api", address=address_of(request) or None)
        return Response(AuthorisationSerializer(found).data)


class DecisionView(JsonApiView):
    @extend_schema(operation_id="authorisations_decide",
                   summary="An Authorising Officer authorises or refuses the application (never their own)",
                   request=DecisionSerializer,
                   responses={200: AuthorisationSerializer, **_errors(400, 401, 403, 404, 409)}, tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        data = validated(DecisionSerializer, request.data)
        found = services.authorisation_decide(actor=request.user, authorisation=_authorisation(request.user, id),
                                              decision=data["decision"], grade=data["grade"],
                                              reasons=data["reasons"], involved_declared=data["involved"],
                                              via="api")
        return Response(AuthorisationSerializer(found).data)


class JudicialApprovalView(JsonApiView):
    @extend_schema(operation_id="authorisations_judicial_approval",
                   summary="Record a magistrate's decision on an authorised application or a renewal",
                   request=JudicialApprovalCreateSerializer,
                   responses={201: JudicialApprovalSerializer, **_errors(400, 401, 403, 404, 409)}, tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        data = validated(JudicialApprovalCreateSerializer, request.data)
        made = services.judicial_approval_record(actor=request.user, authorisation=_authorisation(request.user, id),
                                                 via="api", **data)
        return Response(JudicialApprovalSerializer(made).data, status=status.HTTP_201_CREATED)


class ReviewView(JsonApiView):
    @extend_schema(operation_id="authorisations_review", summary="An Authorising Officer's review",
                   request=NotesSerializer,
                   responses={201: EventSerializer, **_errors(400, 401, 403, 404, 409)}, tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        data = validated(NotesSerializer, request.data)
        made = services.authorisation_review(actor=request.user, authorisation=_authorisation(request.user, id),
                                             notes=data["notes"], via="api")
        return Response(EventSerializer(made).data, status=status.HTTP_201_CREATED)


class RenewalView(JsonApiView):
    @extend_schema(operation_id="authorisations_renew",
                   summary="Renew an authorisation in effect (it needs a magistrate's approval too)",
                   request=ReasonsSerializer,
                   responses={201: EventSerializer, **_errors(400, 401, 403, 404, 409)}, tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        data = validated(ReasonsSerializer, request.data)
        made = services.authorisation_renew(actor=request.user, authorisation=_authorisation(request.user, id),
                                            reasons=data["reasons"], via="api")
        return Response(EventSerializer(made).data, status=status.HTTP_201_CREATED)


class CancellationView(JsonApiView):
    @extend_schema(operation_id="authorisations_cancel", summary="Cancel an authorisation, with the reason",
                   request=ReasonSerializer,
                   responses={200: AuthorisationSerializer, **_errors(400, 401, 403, 404, 409)}, tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        data = validated(ReasonSerializer, request.data)
        found = services.authorisation_cancel(actor=request.user, authorisation=_authorisation(request.user, id),
                                              reason=data["reason"], via="api")
        return Response(AuthorisationSerializer(found).data)


class CentralRecordView(JsonApiView):
    @extend_schema(operation_id="ripa_central_record",
                   summary="The council's RIPA central record, for the Investigatory Powers Commissioner's Office",
                   description="The Authorising Officers only; a logged read.",
                   parameters=[CentralRecordFilterSerializer],
                   responses={200: CentralRecordRowSerializer(many=True), **_errors(400, 401, 403, 404)}, tags=TAG)
    def get(self, request: Request) -> Response:
        filters = validated(CentralRecordFilterSerializer, request.query_params)
        rows = services.central_record(actor=request.user, council=council_named(request.user, filters["council"]),
                                       via="api", address=address_of(request) or None)
        return Response(CentralRecordRowSerializer(rows, many=True).data)
