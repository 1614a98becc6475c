"""The gate of every council page: sign-in, the council the person works in, then the permission check."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from civicguard.apps.access.checks import require
from civicguard.apps.access.councils import current_council


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
