"""Headers that keep user content inert in the browser, the one place page errors become pages, and the API's
one limit on the size of a request body."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control

from civicguard.errors import NotAllowed, NotFound

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        # A signed-in person's pages (and API answers) hold council business and residents' personal data: no
        # browser, proxy or back button may keep a copy once they have signed out on a shared computer.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # Pages only: the API has its own handler. Another council's object is "not found", never "forbidden".
        if request.path.startswith("/api/"):
            return None
        from civicguard.common.views import forbidden, not_found

        if isinstance(exception, NotFound):
            return not_found(request, exception)
        if isinstance(exception, NotAllowed):
            return forbidden(request, exception)
        return None


def content_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class ApiBodyLimitMiddleware:
    """Every API endpoint answers a body over DATA_UPLOAD_MAX_MEMORY_SIZE with 413 in the API's error shape.

    Checked here, on the declared length, before any view or parser reads a byte: otherwise Django raises
    RequestDataTooBig wherever the body is first read (a 500 on some endpoints), and an endpoint that never reads
    its body would take any size silently. An API view that reads and limits its body itself (the comment import,
    which keeps an oversize payload as a dead letter) says so with `limits_own_body = True`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        if not request.path.startswith("/api/"):
            return None
        view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
        if getattr(view_class, "limits_own_body", False):
            return None
        if content_length(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return body_too_large()
        return None


def body_too_large() -> JsonResponse:
    from civicguard.common.api import body_too_large_error  # the API's module loads DRF; pages never need it

    return JsonResponse(body_too_large_error(), status=413)
