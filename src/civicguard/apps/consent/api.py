"""/api/v1: the photo consent register, its takedown tasks and the tags of people in images. Thin: validate the
body, call a service, render the result. A record, task or image the person may not read (another council's, or
not theirs to see) is a 404. Reading a child's record here is logged and audited like the page."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from civicguard.apps.access.checks import can, councils_of
from civicguard.apps.access.councils import council_named
from civicguard.apps.consent import selectors, services
from civicguard.apps.consent.models import ConsentRecord, PersonalPermission, Tag, TakedownTask
from civicguard.apps.consent.serializers import (
    ConfirmSerializer,
    ConsentCreateSerializer,
    ConsentRecordSerializer,
    PermissionCreateSerializer,
    PermissionSerializer,
    RegisterFilterSerializer,
    TagCreateSerializer,
    TagSerializer,
    TakedownSerializer,
    WithdrawSerializer,
)
from civicguard.apps.people.models import StaffRecord
from civicguard.apps.posts.serializers import ErrorSerializer
from civicguard.common.api import validated
from civicguard.common.api_views import JsonApiView
from civicguard.errors import BadInput, NotFound

_TEXT = {400: "the input is not valid (the field at fault is named)", 401: "no valid token",
         403: "your roles in this council do not allow this",
         404: "no such record, task, image or council, or it is not yours to see",
         409: "it is not in a state that allows this (withdrawn already, confirmed already, or a published post "
              "carries the image)"}
TAG = ["consent"]


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ErrorSerializer, description=_TEXT[code]) for code in codes}



def _record(user: Any, pk: int) -> ConsentRecord:
    for council in councils_of(user):
        found = selectors.register(user=user, council=council).filter(pk=pk).first()
        if found is not None:
            return found
    raise NotFound("No such consent record among yours")


def _upload(data: dict[str, Any] | None, field: str) -> services.Upload | None:
    if not data:
        return None
    try:
        content = base64.b64decode(data["content_base64"], validate=True)
    except (binascii.Error, ValueError):
        raise BadInput(f"{field}.content_base64 is not valid base64", field=field) from None
    return services.Upload(name=data.get("name", ""), data=content)


class ConsentListView(generics.GenericAPIView, JsonApiView):
    serializer_class = ConsentRecordSerializer

    @extend_schema(
        operation_id="consents_list",
        summary="The photo consent register: the records you may read, in all your councils (by name)",
        description="Legal, Corporate Communications (approvers) and the Caldicott Guardian read adults' records; "
                    "only Legal and the Caldicott Guardian read children's, and each child's record listed here is "
                    "a logged read. Anyone who records consents sees those they recorded.",
        parameters=[RegisterFilterSerializer],
        responses={200: ConsentRecordSerializer(many=True), **_errors(400, 401, 404)}, tags=TAG)
    def get(self, request: Request) -> Response:
        filters = validated(RegisterFilterSerializer, request.query_params)
        councils = ([council_named(request.user, filters["council"])] if filters.get("council")
                    else councils_of(request.user))
        found: list[ConsentRecord] = []
        for council in councils:
            found += selectors.filtered(selectors.register(user=request.user, council=council),
                                        today=timezone.localdate(), kind=filters.get("kind", ""),
                                        status=filters.get("status", ""), platform=filters.get("platform", ""),
                                        name=filters.get("name", ""))
        page = self.paginate_queryset(found)
        for record in page or []:
            services.consent_read(actor=request.user, record=record, via="api")
        return self.get_paginated_response(ConsentRecordSerializer(page, many=True).data)

    @extend_schema(
        operation_id="consents_create",
        summary="Record a photo consent (Sefton 5.5), with the signed form or the e-form",
        description="Exactly one of `form` (the signed form, base64: PDF, JPEG or PNG, judged by its content) and "
                    "`esignature` (the e-form: the typed name of the person giving consent and the declarations they "
                    "agreed to). A member of staff needs `told_free_to_refuse: true` (Sefton 5.5.1.3); a child needs "
                    "`child` (who consented, the judgement when the young person did, the child's file, the purpose "
                    "and that it was explained, looked-after status, and optionally the public display form).",
        request=ConsentCreateSerializer,
        responses={201: ConsentRecordSerializer, **_errors(400, 401, 403, 404)}, tags=TAG)
    def post(self, request: Request) -> Response:
        data = validated(ConsentCreateSerializer, request.data)
        council = council_named(request.user, data["council"])
        staff = None
        if data.get("staff_record"):
            staff = StaffRecord.objects.filter(council=council, pk=data["staff_record"]).first()
            if staff is None:
                raise BadInput("No such staff record in this council", field="staff_record")
        obtained_by = None
        if data.get("obtained_by"):
            from django.contrib.auth import get_user_model

            obtained_by = get_user_model().objects.filter(username=data["obtained_by"], is_active=True).first()
            if obtained_by is None:
                raise BadInput("No such member of staff", field="obtained_by")
        esignature = data.get("esignature")
        child = data.get("child")
        record = services.consent_record(
            actor=request.user, council=council, person_kind=data["person_kind"], name=data["name"],
            platforms=data["platforms"], purposes=data["purposes"], media_description=data["media_description"],
            lawful_basis=data["lawful_basis"], obtained_on=data["obtained_on"], expires_on=data["expires_on"],
            obtained_by=obtained_by,
            told_free_to_refuse=data["told_free_to_refuse"], staff_record=staff,
            form=_upload(data.get("form"), "form"),
            esignature=services.ESignature(esignature["typed_name"], tuple(esignature["declarations"]))
            if esignature else None,
            child=services.ChildDetails(
                consent_from=child["consent_from"], consent_from_name=child["consent_from_name"],
                age_understanding=child["age_understanding"], file_reference=child["file_reference"],
                purpose=child["purpose"], explained_to_child=child["explained_to_child"],
                explained_to_carer=child["explained_to_carer"], not_explained_reason=child["not_explained_reason"],
                looked_after=child["looked_after"], display_form=_upload(child.get("display_form"), "display_form"))
            if child else None,
            via="api")
        return Response(ConsentRecordSerializer(record).data, status=status.HTTP_201_CREATED)


class ConsentDetailView(JsonApiView):
    @extend_schema(operation_id="consents_retrieve", summary="One consent record (a child's: a logged read)",
                   responses={200: ConsentRecordSerializer, **_errors(401, 404)}, tags=TAG)
    def get(self, request: Request, id: int) -> Response:
        record = services.consent_read(actor=request.user, record=_record(request.user, id), via="api")
        return Response(ConsentRecordSerializer(record).data)


class ConsentWithdrawalView(JsonApiView):
    @extend_schema(operation_id="consents_withdraw",
                   summary="Record that the person withdrew their consent; raises the takedown tasks",
                   description="Every published post that used an image tagged with this record gets a takedown "
                               "task, due in 48 hours (24 for a child), waiting on the post's author and approver.",
                   request=WithdrawSerializer,
                   responses={200: ConsentRecordSerializer, **_errors(400, 401, 403, 404, 409)}, tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        data = validated(WithdrawSerializer, request.data)
        record = services.consent_withdraw(actor=request.user, record=_record(request.user, id),
                                           reason=data["reason"], via="api")
        return Response(ConsentRecordSerializer(record).data)


def _takedowns(user: Any) -> QuerySet[TakedownTask]:
    qs = TakedownTask.objects.none()
    for council in councils_of(user):
        qs = qs | selectors.takedowns(user=user, council=council)
    return qs


class TakedownListView(generics.GenericAPIView, JsonApiView):
    serializer_class = TakedownSerializer

    @extend_schema(operation_id="consent_takedowns_list",
                   summary="Takedown tasks you may see, in all your councils (waiting first, earliest deadline first)",
                   description="Legal, Communications and the Caldicott Guardian see every task; the post's author, "
                               "approver and the account's representatives see theirs.",
                   responses={200: TakedownSerializer(many=True), **_errors(400, 401)}, tags=TAG)
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(_takedowns(request.user).order_by("confirmed_at", "deadline", "id"))
        return self.get_paginated_response(TakedownSerializer(page, many=True).data)


class TakedownConfirmView(JsonApiView):
    @extend_schema(operation_id="consent_takedowns_confirm", summary="Confirm that the post was taken down",
                   request=ConfirmSerializer, responses={200: TakedownSerializer, **_errors(400, 401, 403, 404, 409)},
                   tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        data = validated(ConfirmSerializer, request.data)
        task = _takedowns(request.user).filter(pk=id).first()
        if task is None:
            raise NotFound("No such takedown task among yours")
        task = services.takedown_confirm(actor=request.user, task=task, note=data["note"], via="api")
        return Response(TakedownSerializer(task).data)


def _media_item(user: Any, pk: int) -> Any:
    from civicguard.apps.media.models import MediaItem
    from civicguard.apps.media.services import media_item

    for council in councils_of(user):
        if MediaItem.objects.filter(pk=pk, council=council).exists():
            return media_item(user=user, council=council, pk=pk)
    raise NotFound("No such image among yours", field="media_item")


class TagListView(JsonApiView):
    @extend_schema(operation_id="consent_tags_create",
                   summary="Tag a person in an image, with their consent record when they have one",
                   description="Whether the record lets the image be published is worked out at each check "
                               "(in date, not withdrawn, covering the post's platform; never a looked-after child).",
                   request=TagCreateSerializer, responses={201: TagSerializer, **_errors(400, 401, 403, 404, 409)},
                   tags=TAG)
    def post(self, request: Request) -> Response:
        data = validated(TagCreateSerializer, request.data)
        item = _media_item(request.user, data["media_item"])
        consent = None
        if data.get("consent"):
            consent = ConsentRecord.objects.filter(pk=data["consent"], council=item.council).first()
            if consent is None or not can(request.user, "consent.tag", item.council):
                raise NotFound("No such consent record among yours", field="consent")
        tag = services.tag_add(actor=request.user, media_item=item, name=data["name"], consent=consent,
                               box=data.get("box"), via="api")
        return Response(TagSerializer(tag).data, status=status.HTTP_201_CREATED)


class TagDetailView(JsonApiView):
    @extend_schema(operation_id="consent_tags_destroy", summary="Remove a tag (not while a published post carries "
                                                                "the image)",
                   responses={204: None, **_errors(401, 403, 404, 409)}, tags=TAG)
    def delete(self, request: Request, id: int) -> Response:
        tag = Tag.objects.select_related("media_item").filter(
            pk=id, media_item__council__in=councils_of(request.user)).first()
        if tag is None:
            raise NotFound("No such tag among yours")
        _media_item(request.user, tag.media_item_id)
        services.tag_remove(actor=request.user, tag=tag, via="api")
        return Response(status=status.HTTP_204_NO_CONTENT)


def _permissions(user: Any) -> QuerySet[PersonalPermission]:
    qs = PersonalPermission.objects.none()
    for council in councils_of(user):
        qs = qs | selectors.personal_permissions(user=user, council=council)
    return qs


class PermissionListView(generics.GenericAPIView, JsonApiView):
    serializer_class = PermissionSerializer

    @extend_schema(operation_id="consent_permissions_list",
                   summary="Permissions to post images of a person on an employee's own accounts (Sefton 5.5.2.2)",
                   description="Your own; the register's readers see every permission of their councils.",
                   responses={200: PermissionSerializer(many=True), **_errors(400, 401)}, tags=TAG)
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(_permissions(request.user).order_by("-granted_at", "-id"))
        return self.get_paginated_response(PermissionSerializer(page, many=True).data)


class PermissionCreateView(JsonApiView):
    @extend_schema(operation_id="consent_permissions_create",
                   summary="Give an employee permission to post images of this person on their own accounts",
                   description="Corporate Communications (approvers), after Legal's advice, which is recorded. Never "
                               "for a child; never beyond the person's own consent.",
                   request=PermissionCreateSerializer,
                   responses={201: PermissionSerializer, **_errors(400, 401, 403, 404, 409)}, tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        from django.contrib.auth import get_user_model

        data = validated(PermissionCreateSerializer, request.data)
        record = _record(request.user, id)
        employee = get_user_model().objects.filter(username=data["employee"], is_active=True).first()
        if employee is None:
            raise BadInput("No such member of staff", field="employee")
        permission = services.personal_permission_grant(actor=request.user, record=record, employee=employee,
                                                         legal_advice=data["legal_advice"],
                                                         expires_on=data["expires_on"], via="api")
        return Response(PermissionSerializer(permission).data, status=status.HTTP_201_CREATED)


class PermissionWithdrawalView(JsonApiView):
    @extend_schema(operation_id="consent_permissions_withdraw", summary="Withdraw a permission",
                   request=None, responses={200: PermissionSerializer, **_errors(401, 403, 404, 409)}, tags=TAG)
    def post(self, request: Request, id: int) -> Response:
        permission = _permissions(request.user).filter(pk=id).first()
        if permission is None:
            raise NotFound("No such permission among yours")
        permission = services.personal_permission_withdraw(actor=request.user, permission=permission, via="api")
        return Response(PermissionSerializer(permission).data)
