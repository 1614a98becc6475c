"""/api/v1: business cases and official accounts. Thin: validate the body, call the same services as the pages.
A case the person may not see (another council's, or they hold no role that sees cases) is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from civicguard.apps.access.checks import can, councils_of
from civicguard.apps.access.councils import council_named
from civicguard.apps.posts.serializers import ErrorSerializer
from civicguard.apps.social_accounts import services
from civicguard.apps.social_accounts.models import BusinessCase, SocialAccount
from civicguard.apps.social_accounts.serializers import (
    AccountCloseSerializer,
    AccountCreateSerializer,
    AccountFilterSerializer,
    AccountSerializer,
    BusinessCaseSerializer,
    CaseCreateSerializer,
    CaseDecisionSerializer,
    CaseEndorsementSerializer,
    CaseFilterSerializer,
)
from civicguard.common.api import validated
from civicguard.common.api_views import JsonApiView
from civicguard.errors import BadInput, NotFound

_TEXT = {400: "the input is not valid (the field at fault is named)", 401: "no valid token",
         403: "your roles in this council do not allow this",
         404: "no such business case, account or council among yours",
         409: "the business case or account is not in a state that allows this"}


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ErrorSerializer, description=_TEXT[code]) for code in codes}



def _cases(user: Any) -> QuerySet[BusinessCase]:
    slugs = [c.slug for c in councils_of(user) if can(user, "business_cases.view", c)]
    return BusinessCase.objects.filter(council__slug__in=slugs).select_related(
        "council", "service_area", "author", "decided_by")


def _case(user: Any, pk: int) -> BusinessCase:
    case = _cases(user).filter(pk=pk).first()
    if case is None:
        raise NotFound("no such business case among yours")
    return case


def _accounts(user: Any) -> QuerySet[SocialAccount]:
    slugs = [c.slug for c in councils_of(user) if can(user, "accounts.view", c)]
    return SocialAccount.objects.filter(council__slug__in=slugs).select_related("council", "service_area", "owner")


def _account(user: Any, pk: int) -> SocialAccount:
    account = _accounts(user).filter(pk=pk).first()
    if account is None:
        raise NotFound("no such account among yours")
    return account


class CaseListView(generics.GenericAPIView, JsonApiView):
    serializer_class = BusinessCaseSerializer

    @extend_schema(operation_id="business_cases_list",
                   summary="Business cases for new accounts you may see, in all your councils (newest first)",
                   parameters=[CaseFilterSerializer],
                   responses={200: BusinessCaseSerializer(many=True), **_errors(400, 401, 404)},
                   tags=["accounts"])
    def get(self, request: Request) -> Response:
        filters = validated(CaseFilterSerializer, request.query_params)
        qs = _cases(request.user)
        if filters.get("council"):
            qs = qs.filter(council=council_named(request.user, filters["council"]))
        if filters.get("state"):
            qs = qs.filter(state=filters["state"])
        page = self.paginate_queryset(qs.order_by("-created", "-id"))
        return self.get_paginated_response(BusinessCaseSerializer(page, many=True).data)

    @extend_schema(operation_id="business_cases_create",
                   summary="Start a business case (the council's policy names who may: a service manager, or a "
                           "line manager)",
                   request=CaseCreateSerializer, responses={201: BusinessCaseSerializer, **_errors(400, 401, 403, 404)},
                   tags=["accounts"])
    def post(self, request: Request) -> Response:
        data = validated(CaseCreateSerializer, request.data)
        council = council_named(request.user, data.pop("council"))
        case = services.business_case_create(council=council, actor=request.user, **data)
        return Response(BusinessCaseSerializer(case).data, status=status.HTTP_201_CREATED)


class CaseDetailView(JsonApiView):
    @extend_schema(operation_id="business_cases_retrieve", summary="A business case with its decision",
                   responses={200: BusinessCaseSerializer, **_errors(401, 404)}, tags=["accounts"])
    def get(self, request: Request, id: int) -> Response:
        return Response(BusinessCaseSerializer(_case(request.user, id)).data)


class CaseSubmitView(JsonApiView):
    @extend_schema(operation_id="business_cases_submit",
                   summary="Submit a complete case (its author); a case for a provider the council deems "
                           "inappropriate is refused at once with the council's reason",
                   request=None, responses={200: BusinessCaseSerializer, **_errors(400, 401, 403, 404, 409)},
                   tags=["accounts"])
    def post(self, request: Request, id: int) -> Response:
        case = services.business_case_submit(case=_case(request.user, id), actor=request.user)
        return Response(BusinessCaseSerializer(case).data)


class CaseEndorseView(JsonApiView):
    @extend_schema(operation_id="business_cases_endorse",
                   summary="Endorse a case waiting for endorsement (it goes on to the approver) or return it with "
                           "reasons: the author's service manager, where the council's policy asks for this step",
                   request=CaseEndorsementSerializer,
                   responses={200: BusinessCaseSerializer, **_errors(400, 401, 403, 404, 409)}, tags=["accounts"])
    def post(self, request: Request, id: int) -> Response:
        data = validated(CaseEndorsementSerializer, request.data)
        case = services.business_case_endorse(case=_case(request.user, id), actor=request.user, **data)
        return Response(BusinessCaseSerializer(case).data)


class CaseDecideView(JsonApiView):
    @extend_schema(operation_id="business_cases_decide",
                   summary="Approve, refuse or return a submitted case, with reasons (the council's approver, "
                           "not the case's author)",
                   request=CaseDecisionSerializer,
                   responses={200: BusinessCaseSerializer, **_errors(400, 401, 403, 404, 409)}, tags=["accounts"])
    def post(self, request: Request, id: int) -> Response:
        data = validated(CaseDecisionSerializer, request.data)
        case = services.business_case_decide(case=_case(request.user, id), actor=request.user, **data)
        return Response(BusinessCaseSerializer(case).data)


class CaseAccountView(JsonApiView):
    @extend_schema(operation_id="business_cases_account_create",
                   summary="Create the account an approved case asked for (only the section the council's policy "
                           "names); it starts being set up",
                   request=AccountCreateSerializer,
                   responses={201: AccountSerializer, **_errors(400, 401, 403, 404, 409)}, tags=["accounts"])
    def post(self, request: Request, id: int) -> Response:
        case = _case(request.user, id)
        data = validated(AccountCreateSerializer, request.data)
        names = data.pop("representatives", [])
        users = list(get_user_model().objects.filter(username__in=names))
        if len(users) != len(set(names)):
            missing = sorted(set(names) - {u.username for u in users})
            raise BadInput(f"There is no person with the username {missing[0]}", field="representatives")
        account = services.account_create_from_case(case=case, actor=request.user, representatives=users, **data)
        return Response(AccountSerializer(account).data, status=status.HTTP_201_CREATED)


class AccountListView(generics.GenericAPIView, JsonApiView):
    serializer_class = AccountSerializer

    @extend_schema(operation_id="accounts_list", summary="Official accounts of all your councils",
                   parameters=[AccountFilterSerializer],
                   responses={200: AccountSerializer(many=True), **_errors(400, 401, 404)}, tags=["accounts"])
    def get(self, request: Request) -> Response:
        filters = validated(AccountFilterSerializer, request.query_params)
        qs = _accounts(request.user)
        if filters.get("council"):
            qs = qs.filter(council=council_named(request.user, filters["council"]))
        if filters.get("status"):
            qs = qs.filter(status=filters["status"])
        page = self.paginate_queryset(qs.order_by("platform", "handle", "id"))
        return self.get_paginated_response(AccountSerializer(page, many=True).data)


class AccountDetailView(JsonApiView):
    @extend_schema(operation_id="accounts_retrieve",
                   summary="An official account's record (never its login e-mail)",
                   responses={200: AccountSerializer, **_errors(401, 404)}, tags=["accounts"])
    def get(self, request: Request, id: int) -> Response:
        return Response(AccountSerializer(_account(request.user, id)).data)


class AccountGoLiveView(JsonApiView):
    @extend_schema(operation_id="accounts_go_live",
                   summary="Put the account on the public register: refused (409, naming what is missing) without "
                           "its feedback and complaints information, the conditions of use accepted and a complete "
                           "profile checklist",
                   request=None, responses={200: AccountSerializer, **_errors(401, 403, 404, 409)},
                   tags=["accounts"])
    def post(self, request: Request, id: int) -> Response:
        account = services.account_go_live(account=_account(request.user, id), actor=request.user)
        return Response(AccountSerializer(account).data)


class AccountCloseView(JsonApiView):
    @extend_schema(operation_id="accounts_close",
                   summary="Close the account for good, with the reason: it leaves the public register",
                   request=AccountCloseSerializer,
                   responses={200: AccountSerializer, **_errors(400, 401, 403, 404, 409)},
                   tags=["accounts"])
    def post(self, request: Request, id: int) -> Response:
        data = validated(AccountCloseSerializer, request.data)
        account = services.account_close(account=_account(request.user, id), actor=request.user, **data)
        return Response(AccountSerializer(account).data)
