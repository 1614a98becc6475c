"""/notifications/: everything waiting for the person in the council they work in, grouped by area with what is
overdue first, and their choice about the daily e-mail."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from civicguard.apps.access.pages import council_page
from civicguard.apps.councils.models import Council
from civicguard.apps.notifications.collect import grouped, waiting
from civicguard.apps.notifications.forms import DigestForm
from civicguard.apps.notifications.services import digest_preference_set, digest_wanted


def _page(request: HttpRequest, council: Council, form: DigestForm, status: int = 200) -> HttpResponse:
    items = waiting(request.user, council)
    return render(request, "notifications/list.html", {
        "groups": grouped(items, timezone.localdate()), "count": len(items), "form": form,
        "digest_on": digest_wanted(request.user, council),
    }, status=status)


@require_GET
@council_page("personal.check")  # every role holds it: anyone with a role has a list, perhaps empty
def waiting_list(request: HttpRequest, council: Council) -> HttpResponse:
    wanted = digest_wanted(request.user, council)
    return _page(request, council, DigestForm(initial={"send_digest": "yes" if wanted else "no"}))


@require_POST
@council_page("personal.check")
def digest(request: HttpRequest, council: Council) -> HttpResponse:
    form = DigestForm(request.POST)
    if not form.is_valid():
        return _page(request, council, form, status=400)
    on = form.cleaned_data["send_digest"] == "yes"
    digest_preference_set(actor=request.user, council=council, send_digest=on)
    messages.success(request, "You will get a daily e-mail when something is waiting for you." if on
                     else "You will not get the daily e-mail. This page still lists what is waiting for you.")
    return redirect("notifications:list")
