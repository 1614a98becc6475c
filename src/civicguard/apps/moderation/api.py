"""/api/v1: comment moderation. Thin: validate the input, call a service or selector, render the result.

A comment or dead letter of a council where the person may not see comments answers 404, so its existence does
not leak; a list asked for by someone whose roles allow it in none of their councils answers 403.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, parsers, status
from rest_framework.request import Request
from rest_framework.response import Response

from civicguard.apps.access.checks import can, councils_of
from civicguard.apps.councils.models import Council
from civicguard.apps.moderation import selectors
from civicguard.apps.moderation.models import (
    Comment,
    CommentRevision,
    DeadLetter,
    Delivery,
    Handoff,
    ModerationDecision,
)
from civicguard.apps.moderation.serializers import (
    CommentDecisionInputSerializer,
    CommentDetailSerializer,
    CommentFilterSerializer,
    CommentHandoffInputSerializer,
    CommentSerializer,
    DeadLetterDetailSerializer,
    DeadLetterFilterSerializer,
    DeadLetterSerializer,
    HandoffResultSerializer,
    ImportQuerySerializer,
    IngestReportSerializer,
    ModerationDecisionResultSerializer,
)
from civicguard.apps.moderation.services import decisions, routing
from civicguard.apps.moderation.services.ingest import MAX_BODY_BYTES, dead_letter, ingest
from civicguard.apps.onboarding.network import address_of
from civicguard.apps.posts.serializers import ErrorSerializer
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.common.api import Pagination, validated_or_bad_input
from civicguard.common.api_views import JsonApiView
from civicguard.errors import BadInput, NotAllowed, NotFound

# The platforms each import source can carry, to tell apart accounts that share a handle on two platforms.
SOURCE_PLATFORMS = {"meta": ("facebook", "instagram"), "x": ("x",), "youtube": ("youtube",),
                    "mastodon": ("mastodon",)}

_ERRORS = {
    400: "the input is not valid (the field at fault is named)",
    401: "no valid token",
    403: "your roles do not allow this (in this council, or in any of yours)",
    404: "no such object, or it belongs to a council that is not yours",
    409: "the comment is not in a state that allows this, or its author edited it since the `edits` you sent",
    413: f"the body is over the {MAX_BODY_BYTES // (1024 * 1024)} MB limit",
}


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ErrorSerializer, description=_ERRORS[code]) for code in codes}


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _ERRORS[413]
    default_code = "too_large"


class _List(generics.GenericAPIView, JsonApiView):
    pagination_class = Pagination


def _councils(user: Any, capability: str, slug: str | None = None) -> list[Council]:
    """The person's councils where they hold `capability`; with `slug`, just that one (404 when it is not one
    of theirs, 403 when their roles there do not allow it). None at all: 403."""
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


def _visible_ids(user: Any, capability: str) -> list[int]:
    return [c.pk for c in councils_of(user) if can(user, capability, c)]


# ---- comments ---------------------------------------------------------------------------------------------

class CommentListView(_List):
    serializer_class = CommentSerializer

    @extend_schema(
        operation_id="comments_list",
        summary="Comments on your councils' accounts, the queue in the moderator's order",
        description=(
            "Every council where you may see comments (`council` narrows to one). Filters as on the moderation "
            "queue; `status=queue` gives what still needs a person, in the moderator's order: safeguarding "
            "first, then `block`, then the oldest. Each comment carries its latest check's "
            "findings exactly as `civicguard check --json` prints them."),
        parameters=[CommentFilterSerializer],
        responses={200: CommentSerializer(many=True), **_errors(400, 401, 403, 404)},
        tags=["comments"],
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        filters = validated_or_bad_input(CommentFilterSerializer, params)
        # The queue's own reading of the filters (omitted status: all of them, not just the queue).
        flt = selectors.QueueFilter.from_params({**params.dict(), "status": filters.get("status") or "all"})
        councils = _councils(request.user, "comments.view", filters.get("council"))
        now = timezone.now()
        qs: QuerySet[Comment] | None = None
        for council in councils:
            part = selectors.comments_for(council=council, flt=flt, now=now)
            qs = part if qs is None else qs | part
        assert qs is not None
        qs = selectors.ordered(qs.select_related("council", "account", "latest_check"), flt=flt, councils=councils)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(CommentSerializer(page, many=True).data)


def _comment(user: Any, pk: int, *, detail: bool = False) -> Comment:
    qs = Comment.objects.filter(pk=pk, council_id__in=_visible_ids(user, "comments.view"))
    qs = qs.select_related("council", "account", "latest_check")
    if detail:
        qs = qs.prefetch_related(
            "checks", Prefetch("revisions", queryset=CommentRevision.objects.select_related("latest_check")),
            Prefetch("decisions", queryset=ModerationDecision.objects.select_related("actor")),
            Prefetch("handoffs", queryset=Handoff.objects.select_related("actor").prefetch_related(
                Prefetch("deliveries", queryset=Delivery.objects.order_by("channel")))))
    comment = qs.first()
    if comment is None:
        raise NotFound("no such comment among yours")
    return comment


class CommentDetailView(JsonApiView):
    @extend_schema(
        operation_id="comments_retrieve",
        summary="A comment with its automatic checks, the decisions made on it, its hand-offs and earlier texts",
        description=(
            "`revisions` holds every other version, newest first by the platform's time: the texts its author "
            "edited away (each with the findings of its check), and versions delivered late (`stale`), kept but "
            "never shown. `text` is always the newest version and the findings are of it. An edit sends a "
            "comment the platform still shows back to `pending` to be checked again; an escalated, hidden or "
            "removed comment (or one whose removal waits for a second moderator) keeps its status."),
        responses={200: CommentDetailSerializer, **_errors(401, 404)},
        tags=["comments"],
    )
    def get(self, request: Request, id: int) -> Response:
        return Response(CommentDetailSerializer(_comment(request.user, id, detail=True)).data)


class CommentDecisionsView(JsonApiView):
    @extend_schema(
        operation_id="comments_decisions_create",
        summary="Approve, hide, remove, escalate, confirm or refuse a removal, or reopen a comment",
        description=(
            "A moderator of the comment's council. Every action but `confirm_removal`, `refuse_removal` and "
            "`reopen` needs one of the council's reason codes for it. A removal another moderator asked for is "
            "confirmed or refused by someone else: another moderator, or a holder of a role the pack names "
            "(`facts.moderation.removal_confirmed_by`; St Helens: the approver). Where the pack says so, the "
            "comment is hidden while its removal waits, and shown again if it is refused. A removed comment is "
            "final (409). Send `edits`, the edit count "
            "you saw, and a comment its author edited since is refused (409)."),
        request=CommentDecisionInputSerializer,
        responses={201: ModerationDecisionResultSerializer, **_errors(400, 401, 403, 404, 409)},
        examples=[OpenApiExample("hide", request_only=True, value={
            "action": "hide", "reason_code": "offensive", "note": "abusive language"})],
        tags=["comments"],
    )
    def post(self, request: Request, id: int) -> Response:
        comment = _comment(request.user, id)
        data = validated_or_bad_input(CommentDecisionInputSerializer, request.data)
        decision = decisions.decide(comment=comment, actor=request.user, action=data["action"],
                                    reason_code=data["reason_code"], note=data["note"],
                                    seen_edits=data.get("edits"), address=address_of(request))
        decision = ModerationDecision.objects.select_related("actor", "comment").get(pk=decision.pk)
        return Response(ModerationDecisionResultSerializer(decision).data, status=status.HTTP_201_CREATED)


class CommentHandoffsView(JsonApiView):
    @extend_schema(
        operation_id="comments_handoffs_create",
        summary="Refer a comment to the Contact Centre, the Press Office or the safeguarding contact",
        description=(
            "A moderator of the comment's council, with a reason code for routing. The hand-off is e-mailed to "
            "the route's address (and posted to the council's CRM webhook where one is set up) in the "
            "background. The public reply (by default the route's suggested one) is checked as channel "
            "`reply`; a reply the check would block is refused (400, field `reply`). Send `edits`, the edit count "
            "you saw, and a comment its author edited since is refused (409)."),
        request=CommentHandoffInputSerializer,
        responses={201: HandoffResultSerializer, **_errors(400, 401, 403, 404, 409)},
        examples=[OpenApiExample("contact centre", request_only=True, value={
            "route": "contact_centre", "reason_code": "service-request"})],
        tags=["comments"],
    )
    def post(self, request: Request, id: int) -> Response:
        comment = _comment(request.user, id)
        data = validated_or_bad_input(CommentHandoffInputSerializer, request.data)
        handoff = routing.route_comment(comment=comment, actor=request.user, route=data["route"],
                                        reason_code=data["reason_code"], reply=data.get("reply"),
                                        note=data["note"], seen_edits=data.get("edits"))
        handoff = (Handoff.objects.select_related("actor", "comment").prefetch_related("deliveries")
                   .get(pk=handoff.pk))
        return Response(HandoffResultSerializer(handoff).data, status=status.HTTP_201_CREATED)


# ---- import -----------------------------------------------------------------------------------------------

class RawParser(parsers.BaseParser):
    """Any content type: the import reads the body's bytes itself, so DRF never parses (or refuses) it."""

    media_type = "*/*"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        return stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""


def _raw_body(request: Request, *, source: str, council: Council | None) -> bytes:
    """The body exactly as sent, read at most to the size limit; over it: a dead letter and 413."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body = b""
    if length <= MAX_BODY_BYTES:
        data = request.data  # RawParser: the bytes, read to one past the limit
        body = bytes(data) if isinstance(data, bytes | bytearray) else b""
        length = len(body)
    if length > MAX_BODY_BYTES:
        dead_letter(source=source, reason=f"import of {length} bytes is over the {MAX_BODY_BYTES} byte limit",
                    body=body, council=council, remote=str(request.META.get("REMOTE_ADDR", "")))
        raise PayloadTooLarge()
    return body


def _import_account(user: Any, handle: str, source: str, councils: list[Council]) -> SocialAccount:
    handle = handle.strip().lstrip("@")
    found = list(SocialAccount.objects.select_related("council").filter(
        Q(handle__iexact=handle) | Q(handle__iexact=f"@{handle}"), council__in=councils)) if handle else []
    platforms = SOURCE_PLATFORMS.get(source)
    if platforms is not None:
        found = [a for a in found if a.platform in platforms]
    if not found:
        raise NotFound(f"no account {handle!r} among the accounts you may import for", field="account")
    if len(found) > 1:  # the same name on two platforms: the one spelt exactly so, if only one is
        exact = [a for a in found if a.handle.lstrip("@") == handle]
        found = exact if len(exact) == 1 else found
    if len(found) > 1:
        names = ", ".join(sorted(f"{a.platform} ({a.council.slug})" for a in found))
        raise BadInput(f"{handle!r} is registered on several platforms ({names}); use source=meta, x, youtube "
                       "or mastodon, or council=, to say which", field="account")
    return found[0]


class CommentImportView(JsonApiView):
    parser_classes = [RawParser]
    limits_own_body = True  # _raw_body reads at most MAX_BODY_BYTES and keeps an oversize import as a dead letter

    @extend_schema(
        operation_id="comments_import",
        summary="Import comments from a platform's own JSON, or a generic JSON or CSV file",
        description=(
            "The body is the payload exactly as the platform gives it (`source=x`: an X API v2 response; "
            "`youtube`: a commentThreads.list response; `mastodon`: a list of statuses or notifications; `meta`: "
            "a Facebook Page or Instagram webhook delivery; `json`: `{\"comments\": [...]}`; `csv`: UTF-8 CSV "
            "text with a header row). With `account`, every comment is taken for that account; otherwise each "
            "is matched to a registered account by the platform's ids and handles, and a comment for an account "
            "that is not one of your councils' is kept as a dead letter, as is any item that cannot be read. "
            "Importing the same comments again stores nothing new; a comment whose text has changed is an edit "
            "(`edited`): its earlier text is kept and the new one checked again. 201 when comments were stored, "
            "else 200. "
            "A payload that cannot be read at all answers 400 with the reason (and is kept as a dead letter)."),
        parameters=[ImportQuerySerializer],
        request={"application/json": OpenApiTypes.OBJECT, "text/csv": OpenApiTypes.STR},
        responses={200: IngestReportSerializer, 201: IngestReportSerializer,
                   **_errors(400, 401, 403, 404, 413)},
        tags=["comments"],
    )
    def post(self, request: Request) -> Response:
        query = validated_or_bad_input(ImportQuerySerializer, request.query_params)
        source = query["source"]
        councils = _councils(request.user, "comments.import", query.get("council"))
        account = _import_account(request.user, query["account"], source, councils) if "account" in query else None
        # Dead letters are filed where a moderator of the importer's council will see them.
        council = account.council if account is not None else (councils[0] if len(councils) == 1 else None)
        body = _raw_body(request, source=source, council=council)
        remote = str(request.META.get("REMOTE_ADDR", ""))
        report = ingest(source=source, body=body, account=account, actor=request.user, council=council,
                        remote=remote)
        code = status.HTTP_201_CREATED if report.created else status.HTTP_200_OK
        return Response(report.to_dict(), status=code)


# ---- dead letters -----------------------------------------------------------------------------------------

class DeadLetterListView(_List):
    serializer_class = DeadLetterSerializer

    @extend_schema(
        operation_id="dead_letters_list",
        summary="What could not be taken in, for your councils, newest first",
        description="Payloads, or items of them, refused with the reason: unreadable, unsigned, over the size "
                    "limit, or for an account nobody registered. The body is in each letter's own page.",
        parameters=[DeadLetterFilterSerializer],
        responses={200: DeadLetterSerializer(many=True), **_errors(400, 401, 403, 404)},
        tags=["comments"],
    )
    def get(self, request: Request) -> Response:
        filters = validated_or_bad_input(DeadLetterFilterSerializer, request.query_params)
        councils = _councils(request.user, "comments.dead_letters", filters.get("council"))
        qs = (DeadLetter.objects.filter(council__in=councils).select_related("council")
              .defer("body", "comment").order_by("-received", "-id"))
        if filters["unresolved"]:
            qs = qs.filter(resolved__isnull=True)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(DeadLetterSerializer(page, many=True).data)


class DeadLetterDetailView(JsonApiView):
    @extend_schema(
        operation_id="dead_letters_retrieve",
        summary="A dead letter with the body as it was received",
        responses={200: DeadLetterDetailSerializer, **_errors(401, 404)},
        tags=["comments"],
    )
    def get(self, request: Request, id: int) -> Response:
        letter = (DeadLetter.objects.filter(pk=id, council_id__in=_visible_ids(request.user, "comments.dead_letters"))
                  .select_related("council").first())
        if letter is None:
            raise NotFound("no such dead letter among yours")
        return Response(DeadLetterDetailSerializer(letter).data)
