"""Shared page plumbing: the error pages. (The gate of a council page, `council_page`, is in
civicguard.apps.access.pages.)"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = getattr(exception, "message", "") or "Your roles do not allow you to see this page."
    # An error may name the page where the person can put it right (onboarding_required: sign the agreement).
    data = getattr(exception, "data", None) or {}
    return render(request, "errors/403.html", {"message": message, "fix_url": data.get("fix_url", ""),
                                               "fix_text": data.get("fix_text", "")}, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)

