"""/api/v1: checks and the official post journey. Thin: validate the body, call a service, render the result.

Every endpoint asks civicguard.apps.access.checks (directly or through the services); a post of a council the
person does not belong to, or cannot see, answers 404.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics, parsers, status
from rest_framework.request import Request
from rest_framework.response import Response

from civicguard.apps.access.checks import councils_of
from civicguard.apps.councils.models import Council
from civicguard.apps.media import services as media_services
from civicguard.apps.media.content import video_container
from civicguard.apps.onboarding.network import address_of
from civicguard.apps.posts import services
from civicguard.apps.posts.models import Post
from civicguard.apps.posts.selectors import posts_visible
from civicguard.apps.posts.serializers import (
    MAX_CHECK_UPLOADS,
    ApprovalSerializer,
    CheckAnswerSerializer,
    CheckInputSerializer,
    CheckResultSerializer,
    CheckUploadSerializer,
    DecisionInputSerializer,
    ErrorSerializer,
    PostCreateSerializer,
    PostFilterSerializer,
    PostSerializer,
    PostSummarySerializer,
    PostUpdateSerializer,
)
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.common.api import JSONParser, body_too_large_error, error_body, validated
from civicguard.common.api_views import JsonApiView
from civicguard.common.middleware import content_length
from civicguard.engine.images.decode import ANALYSIS_LONG_SIDE, ImageDecodeError, decode_image
from civicguard.engine.inputs import check_request
from civicguard.engine.model import ImageRef
from civicguard.errors import BadInput, NotFound


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    text = {400: "the input is not valid (the field at fault is named)", 401: "no valid token",
            403: "your roles in this council do not allow this; or `onboarding_required`: you have not signed the "
                 "User Agreement or your training is missing (the message says what and how to fix it); or "
                 "`outside_work_network`: the council allows this only from its own networks",
            404: "no such object, or it belongs to a council that is not yours",
            409: "the post is not in a state that allows this"}
    return {code: OpenApiResponse(ErrorSerializer, description=text[code]) for code in codes}


# ---- checks -----------------------------------------------------------------------------------------------

def _upload_limit() -> int:
    """The largest multipart check: its images at the media limit each, and the fields."""
    return MAX_CHECK_UPLOADS * media_services.max_upload_bytes() + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _uploaded(form: dict[str, Any]) -> list[tuple[str, bytes, tuple[str, ...], str]]:
    """(name, bytes read to one past the limit, tagged people, alt text) of each uploaded image, in order."""
    files = form.get("image", [])
    people, alts = form.get("tagged_people", []), form.get("alt_text", [])
    for field, given in (("tagged_people", people), ("alt_text", alts)):
        if given and len(given) != len(files):
            raise BadInput(f"give one {field} field for each image ({len(files)} sent), or none at all", field=field)
    limit = media_services.max_upload_bytes()
    return [(str(chosen.name or "")[:200] or f"image {n}", chosen.read(limit + 1),
             tuple(p.strip() for p in people[n - 1].split(",") if p.strip()) if people else (),
             alts[n - 1] if alts else "") for n, chosen in enumerate(files, start=1)]


def _multipart(request: Request) -> tuple[Any, list[tuple[str, bytes, tuple[str, ...], str]]]:
    """The check request as the JSON body would give it (from the `payload` part, else the fields), and the
    uploaded images."""
    form = validated(CheckUploadSerializer, request.data)
    if "payload" in form:
        try:
            data = json.loads(form["payload"])
        except (json.JSONDecodeError, RecursionError):
            raise BadInput("payload is not valid JSON: send the check request as a JSON object", field="payload") \
                from None
        if not isinstance(data, dict):
            raise BadInput("payload must be a JSON object with text, council and as", field="payload")
    else:
        data = {name: form[name] for name in ("text", "council", "as", "links", "platform") if name in form}
        if "politically_restricted" in form:
            data["politically_restricted"] = form["politically_restricted"] == "true"
    return data, _uploaded(form)


def _images_checked(uploads: list[tuple[str, bytes, tuple[str, ...], str]]) -> tuple[ImageRef, ...]:
    """Each upload judged by its content with the media limits (the engine's decoder: a real image, within the size
    and pixel limits, a decompression bomb refused before it is opened), then handed to the engine's image checks
    as bytes: the engine never opens a reference an API caller names."""
    limit, pixels = media_services.max_upload_bytes(), media_services.max_pixels()
    out = []
    for n, (name, data, people, alt) in enumerate(uploads, start=1):
        kind = video_container(data)
        if kind is not None:
            raise BadInput(f"image {n} ({name}) is a {kind} video: only still images are checked (JPEG, PNG, WebP, "
                           "GIF or BMP)", field="image")
        try:
            decode_image(data, max_pixels=pixels, max_bytes=limit, at_least=ANALYSIS_LONG_SIDE)
        except ImageDecodeError as exc:
            raise BadInput(f"image {n} ({name}): {exc}", field="image") from None
        out.append(ImageRef(ref=name, tagged_people=people, alt_text=alt, data=data))
    return tuple(out)


class CheckView(JsonApiView):
    parser_classes = [JSONParser, parsers.MultiPartParser]
    limits_own_body = True  # a check with images may be larger than other bodies: limited in `post`

    @extend_schema(
        operation_id="checks_create",
        summary="Check a post, reply or comment against the council's policy",
        description=(
            "Answers exactly what `civicguard check --json` prints. `as`: `official` needs a representative or "
            "approver role in the council (and is audited); `personal` any role (nothing is stored); `reply` and "
            "`comment` a moderation role. For your own words (`official`, `personal`) HR's staff record of a "
            "politically restricted post counts whatever you send; `politically_restricted` is your own statement "
            "and can only add to it. The answer says which (`politically_restricted_source`).\n\n"
            "With images: send multipart/form-data with the request as a JSON `payload` part (or as fields), one "
            f"`image` part per file (at most {MAX_CHECK_UPLOADS}) and, for each, a `tagged_people` part naming the "
            "people tagged in it (separated by commas). Each file is judged by its content within the media limits "
            "(size, pixels; a decompression bomb is refused) and the image checks run on it (faces against the "
            "people tagged, and the council's other image rules); nothing is stored. `images` given by reference "
            "in the JSON are not opened: an image the checks cannot see goes to a person."),
        request={"application/json": CheckInputSerializer, "multipart/form-data": CheckUploadSerializer},
        responses={200: CheckAnswerSerializer, **_errors(400, 401, 403, 404)},
        examples=[OpenApiExample("official", request_only=True, media_type="application/json", value={
            "text": "Our libraries open late on Thursdays.", "council": "st-helens", "as": "official"})],
        tags=["checks"],
    )
    def post(self, request: Request) -> Response:
        multipart = request.content_type.startswith("multipart/")
        if content_length(request) > (_upload_limit() if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE):
            if not multipart:
                return Response(body_too_large_error(), status=413)
            return Response(error_body("too_large", f"the images and fields are over the "
                                       f"{_upload_limit() // (1024 * 1024)} MB limit: send at most "
                                       f"{MAX_CHECK_UPLOADS} images of at most "
                                       f"{media_services.max_upload_bytes() // (1024 * 1024)} MB each"), status=413)
        body, uploads = _multipart(request) if multipart else (request.data, [])
        data = validated(CheckInputSerializer, body)
        checked = check_request(data)  # builds the engine's input, exactly as the CLI does
        context = checked.context
        council = Council.objects.filter(slug=context.council).first()
        if council is None:
            raise NotFound("no such council among yours", field="council")
        content = replace(checked.content, images=checked.content.images + _images_checked(uploads))
        user = request.user
        if context.channel == "personal":
            result, _ = services.personal_check(actor=user, council=council, text=content.text,
                                                links=content.links, images=content.images,
                                                politically_restricted=context.politically_restricted)
        elif context.channel == "official":
            result = services.official_check(actor=user, council=council, text=content.text, links=content.links,
                                    images=content.images, politically_restricted=context.politically_restricted,
                                    platform=context.platform)
        else:
            result = services.moderation_check(actor=user, council=council, channel=context.channel, text=content.text,
                                               links=content.links, images=content.images,
                                               politically_restricted=context.politically_restricted)
        said = services.check_restriction(actor=user, council=council, channel=context.channel,
                                          stated=context.politically_restricted)
        return Response({**result.to_dict(), **said.to_dict()})


# ---- posts ------------------------------------------------------------------------------------------------

def _visible(user: Any) -> QuerySet[Post]:
    """Every post the person may see, in all their councils."""
    qs = Post.objects.none()
    for council in councils_of(user):
        qs = qs | posts_visible(user=user, council=council)
    return qs.select_related("council", "account", "author", "latest_check")


def _post(user: Any, pk: int) -> Post:
    post = _visible(user).filter(pk=pk).first()
    if post is None:
        raise NotFound("no such post among yours")
    return post


def _detail(user: Any, pk: int) -> dict[str, Any]:
    post = (_visible(user).select_related("latest_check__checked_by")
            .prefetch_related("approvals__actor").filter(pk=pk).first())
    if post is None:
        raise NotFound("no such post among yours")
    return dict(PostSerializer(post, context={"user": user}).data)


class PostListView(generics.GenericAPIView, JsonApiView):
    serializer_class = PostSummarySerializer

    @extend_schema(
        operation_id="posts_list",
        summary="Posts you may see, in all your councils (newest change first)",
        parameters=[PostFilterSerializer],
        responses={200: PostSummarySerializer(many=True), **_errors(400, 401, 404)},
        tags=["posts"],
    )
    def get(self, request: Request) -> Response:
        filters = validated(PostFilterSerializer, request.query_params)
        qs = _visible(request.user)
        if filters.get("council"):
            if filters["council"] not in {c.slug for c in councils_of(request.user)}:
                raise NotFound("no such council among yours", field="council")
            qs = qs.filter(council__slug=filters["council"])
        if filters.get("status"):
            qs = qs.filter(status=filters["status"])
        if filters.get("account"):
            qs = qs.filter(account_id=filters["account"])
        if filters.get("overridden") is not None:
            qs = qs.filter(overridden=filters["overridden"])
        page = self.paginate_queryset(qs.prefetch_related("approvals__actor").order_by("-updated", "-id"))
        return self.get_paginated_response(PostSummarySerializer(page, many=True).data)

    @extend_schema(
        operation_id="posts_create",
        summary="Draft an official post for one of the accounts you represent",
        request=PostCreateSerializer,
        responses={201: PostSerializer, **_errors(400, 401, 403, 404)},
        tags=["posts"],
    )
    def post(self, request: Request) -> Response:
        data = validated(PostCreateSerializer, request.data)
        account = SocialAccount.objects.filter(pk=data["account"], council__in=councils_of(request.user)).first()
        if account is None:
            raise NotFound("no such account in your councils", field="account")
        post = services.post_create(actor=request.user, account=account, text=data["text"], links=data.get("links"),
                                    address=address_of(request))
        return Response(_detail(request.user, post.pk), status=status.HTTP_201_CREATED)


class PostDetailView(JsonApiView):
    @extend_schema(
        operation_id="posts_retrieve",
        summary="A post with its status, latest check and decisions",
        responses={200: PostSerializer, **_errors(401, 404)},
        tags=["posts"],
    )
    def get(self, request: Request, id: int) -> Response:
        return Response(_detail(request.user, id))

    @extend_schema(
        operation_id="posts_update",
        summary="Change a draft or returned post (its author only); the last check no longer applies",
        request=PostUpdateSerializer,
        responses={200: PostSerializer, **_errors(400, 401, 403, 404, 409)},
        tags=["posts"],
    )
    def patch(self, request: Request, id: int) -> Response:
        post = _post(request.user, id)
        data = validated(PostUpdateSerializer, request.data, partial=True)
        services.post_update(post=post, actor=request.user, text=data.get("text", post.text),
                             links=data.get("links", post.links), address=address_of(request))
        return Response(_detail(request.user, id))


class PostCheckView(JsonApiView):
    @extend_schema(
        operation_id="posts_check",
        summary="Check the post as it stands (kept with the post and audited)",
        request=None,
        responses={200: CheckResultSerializer, **_errors(401, 403, 404)},
        tags=["posts"],
    )
    def post(self, request: Request, id: int) -> Response:
        run = services.post_check(post=_post(request.user, id), actor=request.user)
        return Response(run.result)


class PostSubmitView(JsonApiView):
    @extend_schema(
        operation_id="posts_submit",
        summary="Send the post for approval (checked again if the text changed)",
        request=None,
        responses={200: PostSerializer, **_errors(401, 403, 404, 409)},
        tags=["posts"],
    )
    def post(self, request: Request, id: int) -> Response:
        services.post_submit(post=_post(request.user, id), actor=request.user, address=address_of(request))
        return Response(_detail(request.user, id))


class PostApprovalsView(JsonApiView):
    @extend_schema(
        operation_id="posts_approvals_list",
        summary="The decisions made on a post, oldest first",
        responses={200: ApprovalSerializer(many=True), **_errors(401, 404)},
        tags=["posts"],
    )
    def get(self, request: Request, id: int) -> Response:
        post = _post(request.user, id)
        return Response(ApprovalSerializer(post.approvals.select_related("actor"), many=True).data)

    @extend_schema(
        operation_id="posts_approvals_create",
        summary="Approve, return, override the check, or confirm or refuse an override waiting for a second person",
        description=("An approver of the post's council who is not its author. The post is checked again first: "
                     "`approve` needs a `pass`; `return` a comment; `override` a `warn` or a `block` (a block by "
                     "the role the council's policy names), with a justification. An override of a `block` (and of "
                     "a `warn` where the policy says so) is recorded as `request_override`: the post's status "
                     "becomes `override_requested` and nothing goes to the outbox until someone who is neither the "
                     "author nor the requester sends `confirm_override` (the post is approved and marked "
                     "`overridden`) or `refuse_override` with a comment (the post goes back to its author). "
                     "Confirming needs the same role as the override; it is refused (409) if the check now finds "
                     "something that blocks the post and was not there when the override was asked for."),
        request=DecisionInputSerializer,
        responses={201: ApprovalSerializer, **_errors(400, 401, 403, 404, 409)},
        tags=["posts"],
    )
    def post(self, request: Request, id: int) -> Response:
        post = _post(request.user, id)
        data = validated(DecisionInputSerializer, request.data)
        approval = services.post_decide(post=post, actor=request.user, decision=data["decision"],
                                        comment=data.get("comment", ""), justification=data.get("justification", ""),
                                        address=address_of(request))
        return Response(ApprovalSerializer(approval).data, status=status.HTTP_201_CREATED)
