"""Shared page plumbing: the error pages, and a decorator that resolves the council a page works in."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from civicguard.common.councils import current_council
from civicguard.common.permissions import require


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = getattr(exception, "message", "") or "Your roles do not allow you to see this page."
    return render(request, "errors/403.html", {"message": message}, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)


def council_page(capability: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Sign-in required; the view gets `council` (the one the person is working in) after the role check."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            council = current_council(request)
            if council is None:
                return render(request, "errors/no_roles.html", status=403)
            require(request.user, capability, council)
            return view(request, council, *args, **kwargs)

        return wrapper

    return decorate
