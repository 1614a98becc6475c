"""/api/v1: media items. Thin: read the body, call the services, render the result. An item the person may not see
(another council's, or one that is not theirs to see) is a 404. The item's facts are not a look at the picture, so
reading them is not logged; the picture itself is served only by the pages, which log every look."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import parsers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civicguard.apps.access.checks import councils_of
from civicguard.apps.access.councils import council_named
from civicguard.apps.councils.models import Council
from civicguard.apps.media import services
from civicguard.apps.media.models import MediaItem
from civicguard.apps.media.serializers import (
    MediaItemSerializer,
    MediaUploadJsonSerializer,
    MediaUploadMultipartSerializer,
)
from civicguard.apps.posts.serializers import ErrorSerializer
from civicguard.common.api import JSONParser
from civicguard.errors import BadInput, NotFound

_TEXT = {400: "the input is not valid, or the file is not an image CivicGuard accepts (the message says why: not "
              "an image, damaged, too large, too many pixels, or a video)",
         401: "no valid token", 403: "your roles in this council do not allow uploading for this purpose",
         404: "no such item or council, or it is not yours to see"}


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ErrorSerializer, description=_TEXT[code]) for code in codes}



def _item(user: Any, pk: int) -> MediaItem:
    for council in councils_of(user):
        item = MediaItem.objects.filter(pk=pk, council=council).first()
        if item is not None:
            return services.media_item(user=user, council=council, pk=pk)
    raise NotFound("No such image among yours")


def _upload(request: Request) -> tuple[Council, str, str, bytes]:
    """(council, purpose, the file's name, its bytes read to one past the limit), the council checked first."""
    limit = services.max_upload_bytes()
    if request.content_type.startswith("multipart/"):
        form = MediaUploadMultipartSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        council = council_named(request.user, form.validated_data["council"])
        chosen = form.validated_data["file"]
        return council, form.validated_data["purpose"], str(chosen.name or ""), chosen.read(limit + 1)
    body = MediaUploadJsonSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    council = council_named(request.user, body.validated_data["council"])
    try:
        data = base64.b64decode(body.validated_data["content_base64"], validate=True)
    except (binascii.Error, ValueError):
        raise BadInput("content_base64 is not valid base64", field="content_base64") from None
    return council, body.validated_data["purpose"], body.validated_data["name"], data


class MediaItemListView(APIView):
    parser_classes = [parsers.MultiPartParser, JSONParser]

    @extend_schema(
        operation_id="media_items_create",
        summary="Upload an image (an official post's, or a personal post's to check)",
        description="multipart/form-data with `council`, `purpose` and `file`, or JSON with the file's bytes in "
                    "`content_base64`. The file is judged by its content: JPEG, PNG, WebP or GIF (its first frame), "
                    "within the size and pixel limits (a decompression bomb is refused), or a video (MP4, MOV, WebM, "
                    "MKV) within CIVICGUARD_MAX_VIDEO_SECONDS, checked on about one frame a second. "
                    "The original is kept privately; the copy for publishing has its location, device and other "
                    "hidden data removed and its orientation applied. `post` needs the media.upload capability "
                    "(representatives), `personal-check` any role in the council.",
        request={"multipart/form-data": MediaUploadMultipartSerializer,
                 "application/json": MediaUploadJsonSerializer},
        responses={201: MediaItemSerializer, **_errors(400, 401, 403, 404)},
        tags=["media"])
    def post(self, request: Request) -> Response:
        council, purpose, name, content = _upload(request)
        item = services.media_upload(actor=request.user, council=council, purpose=purpose, name=name, data=content,
                                     via="api")
        return Response(MediaItemSerializer(item).data, status=status.HTTP_201_CREATED)


class MediaItemDetailView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(operation_id="media_items_retrieve", summary="An image's facts (not the picture itself)",
                   description="Its uploader sees it; so do the approvers and Legal, except a personal post's image.",
                   responses={200: MediaItemSerializer, **_errors(401, 404)}, tags=["media"])
    def get(self, request: Request, id: int) -> Response:
        return Response(MediaItemSerializer(_item(request.user, id)).data)
