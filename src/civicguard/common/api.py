"""The API's one error handler, its JSON parser and its pagination (the token authentication is in
civicguard.apps.access.authentication).

Every error body has the same shape: {"error": {"code": ..., "message": ..., "field"?: ..., "fields"?: ...}}.
A 500 reveals nothing but a correlation id that is also in the server log.
"""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, parsers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from civicguard.engine import PackError, UnknownPack
from civicguard.errors import BadInput, CivicGuardError, InvalidState, NotAllowed, NotFound

log = logging.getLogger(__name__)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, but a body nested too deeply to parse is a 400 like any other bad JSON (not a 500)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError("The JSON is nested too deeply to read: send it with fewer levels") from None


_STATUS = {BadInput: 400, UnknownPack: 400, PackError: 400, NotAllowed: 403, NotFound: 404, InvalidState: 409}


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **{k: v for k, v in extra.items() if v is not None}}}


def body_too_large_error() -> dict[str, Any]:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return error_body("too_large", f"the body is over the {limit // (1024 * 1024)} MB limit; send less")


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    if isinstance(exc, CivicGuardError):
        code = next((s for cls, s in _STATUS.items() if isinstance(exc, cls)), 400)
        field = exc.data.get("field") if isinstance(exc.data, dict) else None
        return Response(error_body(getattr(exc, "code", "error"), exc.message, field=field), status=code)
    if isinstance(exc, RequestDataTooBig):  # a body read without a declared length; the middleware refuses the rest
        return Response(body_too_large_error(), status=413)
    if isinstance(exc, Http404):
        return Response(error_body("not_found", "not found"), status=404)
    if isinstance(exc, PermissionDenied):
        return Response(error_body("forbidden", "you are not allowed to do this"), status=403)
    if isinstance(exc, exceptions.ValidationError):
        return Response(error_body("bad_input", "the request is not valid", fields=exc.detail), status=400)
    if isinstance(exc, exceptions.ParseError):
        return Response(error_body("bad_input", f"the body is not valid JSON: {exc.detail}"), status=400)
    if isinstance(exc, exceptions.APIException):
        response = Response(error_body(exc.default_code if isinstance(exc.default_code, str) else "error",
                                       str(exc.detail)), status=exc.status_code)
        auth = getattr(exc, "auth_header", None)
        if exc.status_code == status.HTTP_401_UNAUTHORIZED:
            response["WWW-Authenticate"] = auth or 'Bearer realm="api"'
        return response
    incident = uuid.uuid4().hex[:12]
    log.exception("unhandled API error %s", incident)
    return Response(error_body("server_error", f"something went wrong; quote incident {incident}"), status=500)


@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any address under /api/ that matches no endpoint: a JSON 404 like every other API error."""
    return JsonResponse(error_body("not_found", "no such endpoint"), status=404)


# ---- pagination -------------------------------------------------------------------------------------------

MAX_PAGE = 200
MAX_OFFSET = 2**31  # beyond any table; keeps a silly offset from reaching the database
_WHOLE = re.compile(r"[0-9]+")
_BEYOND = 10**18  # any number longer than this is as good as it: limits and offsets are capped far below


def _whole(request: Request, name: str, minimum: int) -> int | None:
    """The query parameter as a whole number, None when it is absent or empty; anything else is a 400."""
    raw = request.query_params.get(name, "")
    if raw == "":
        return None
    if not _WHOLE.fullmatch(raw):
        raise BadInput(f"Enter {name} as a whole number from {minimum}", field=name)
    value = int(raw) if len(raw) <= 18 else _BEYOND
    if value < minimum:
        raise BadInput(f"Enter {name} as a whole number from {minimum}", field=name)
    return value


class Pagination(LimitOffsetPagination):
    """`limit` and `offset`, or `page` (numbered from 1, `limit` per page); at most 200 a page.

    A value that is not a whole number in range is refused with a 400 naming it (DRF's own pagination quietly
    uses the default instead, which the schema cannot say); a limit over 200 gives 200.
    """

    max_limit = MAX_PAGE
    page_query_param = "page"
    page: int | None = None

    def get_limit(self, request: Request) -> int:
        limit = _whole(request, self.limit_query_param, 1)
        return min(limit, MAX_PAGE) if limit is not None else int(self.default_limit or MAX_PAGE)

    def get_offset(self, request: Request) -> int:
        self.page = _whole(request, self.page_query_param, 1)
        if self.page is not None:
            return min((self.page - 1) * self.limit, MAX_OFFSET)
        return min(_whole(request, self.offset_query_param, 0) or 0, MAX_OFFSET)

    def get_next_link(self) -> str | None:
        if self.page is None:
            return super().get_next_link()
        if self.offset + self.limit >= self.count:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, self.page + 1)

    def get_previous_link(self) -> str | None:
        if self.page is None:
            return super().get_previous_link()
        if self.page <= 1:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, self.page - 1)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        def whole(name: str, minimum: int, description: str) -> dict[str, Any]:
            return {"name": name, "required": False, "in": "query", "description": description,
                    "schema": {"type": "integer", "minimum": minimum}}

        return [whole(self.limit_query_param, 1, f"how many to answer (default {self.default_limit}, at most "
                                                 f"{MAX_PAGE}: more gives {MAX_PAGE})"),
                whole(self.offset_query_param, 0, "how many to skip"),
                whole(self.page_query_param, 1, "the page, numbered from 1 (instead of offset)")]


def validated(serializer_class: type, data: Any, **kwargs: Any) -> dict[str, Any]:
    """The validated input; otherwise DRF's ValidationError, which the exception handler answers in the one shape."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def validated_or_bad_input(serializer_class: type, data: Any, **kwargs: Any) -> dict[str, Any]:
    """The validated input; otherwise BadInput naming the first field at fault (worded like the services' errors)."""
    serializer = serializer_class(data=data, **kwargs)
    if serializer.is_valid():
        return dict(serializer.validated_data)
    errors = serializer.errors
    name = next(iter(errors), None)
    detail = errors.get(name) if name is not None else None
    problem = str(detail[0] if isinstance(detail, list) and detail else detail or "not valid")
    if name in (None, "non_field_errors"):
        raise BadInput(f"the request is not valid: {problem}")
    raise BadInput(f"{name}: {problem}", field=name)
