"""The public register of a council's official accounts (St Helens 6.7, 6.14): no sign-in, only live accounts,
so a resident can tell a real council account from an impostor. Never the login e-mail or the owner."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from civicguard.apps.councils.models import Council
from civicguard.apps.social_accounts.selectors import register_entries

MAX_AGE = 300  # five minutes: a browser or proxy may keep the register that long


def _cached(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:  # a signed-in person's pages are never kept (SecurityHeadersMiddleware)
        patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@require_GET
def register_page(request: HttpRequest, council: str) -> HttpResponse:
    found = get_object_or_404(Council, slug=council)
    return _cached(render(request, "register/page.html", {
        "register_council": found, "entries": register_entries(found), "today": timezone.localdate()}), request)


@require_GET
def register_json(request: HttpRequest, council: str) -> HttpResponse:
    found = get_object_or_404(Council, slug=council)
    entries = [{k: e[k] for k in ("platform", "handle", "url", "service_area", "feedback")}
               for e in register_entries(found)]
    return _cached(JsonResponse({"council": found.slug, "name": found.name, "accounts": entries}), request)
