"""Headers that keep user content inert in the browser, and the one place page errors become pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
