"""The start page: what this person can do in the council they are working in."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from civicguard.apps.access.checks import can, councils_of, require, roles_in
from civicguard.apps.access.confidential import confidential_read
from civicguard.apps.access.councils import choose_council
from civicguard.apps.access.pages import council_page
from civicguard.apps.access.roles import label
from civicguard.apps.councils.models import Council, ServiceArea
from civicguard.apps.dashboard import charts, figures, services
from civicguard.apps.dashboard.forms import CouncilForm, DashboardFilterForm, DashboardQueryForm
from civicguard.apps.notifications.collect import grouped, waiting
from civicguard.apps.posts.selectors import notices_for, overrides_to_confirm, posts_to_decide, posts_visible
from civicguard.errors import NotFound

HOME_WAITING = 10  # the rest are on /notifications/


@require_GET
@council_page("personal.check")  # every role holds it: the start page is for anyone with a role
def home(request: HttpRequest, council: Council) -> HttpResponse:
    user = request.user
    items = waiting(user, council)  # what each app says waits on the person (apps/<app>/waiting.py)
    context = {
        "waiting": grouped(items[:HOME_WAITING], timezone.localdate()), "waiting_count": len(items),
        "roles": sorted(label(r) for r in roles_in(user, council)),
        "to_decide": posts_to_decide(user=user, council=council).count()
        if can(user, "post.approve", council) else None,
        "my_posts": posts_visible(user=user, council=council).filter(author=user)[:10]
        if can(user, "post.draft", council) else [],
        "can_draft": can(user, "post.draft", council),
        # What was decided on the person's posts since they last opened them (written by the deciding service).
        "notices": list(notices_for(user=user, council=council)[:10]),
        "to_confirm": overrides_to_confirm(user=user, council=council).count()
        if can(user, "post.approve", council) else None,
        "can_see_overrides": can(user, "overrides.view", council),
    }
    return render(request, "dashboard/home.html", context)


@require_POST
@login_required
def switch_council(request: HttpRequest) -> HttpResponse:
    form = CouncilForm(request.POST)
    if form.is_valid():
        choose_council(request, form.cleaned_data["council"])  # one of the person's councils, or nothing changes
    return redirect("dashboard:home")


# ---- the oversight dashboard (docs/dashboard-design.md) --------------------------------------------------------

def _council_asked(request: HttpRequest, council: Council) -> Council:
    """`?council=<slug>` picks one of the person's councils; a council they have no role in is not found."""
    slug = DashboardQueryForm.read(request.GET)["council"]
    if not slug or slug == council.slug:
        return council
    found = next((c for c in councils_of(request.user) if c.slug == slug), None)
    if found is None:
        raise NotFound("No such council among yours")
    require(request.user, "dashboard.view", found)
    return found


def _filters(request: HttpRequest, council: Council) -> tuple[Any, date, date, ServiceArea | None]:
    areas = list(ServiceArea.objects.filter(council=council).order_by("name"))
    form = DashboardFilterForm(request.GET or None, areas=[(a.slug, a.name) for a in areas])
    start, end = figures.default_period()
    area = None
    if form.is_bound and form.is_valid():
        start = form.cleaned_data.get("from") or start
        end = form.cleaned_data.get("to") or end
        area = next((a for a in areas if a.slug == form.cleaned_data.get("service_area")), None)
        if start > end:
            start, end = figures.default_period()
    return form, start, end, area


@require_GET
@council_page("dashboard.view")
def oversight(request: HttpRequest, council: Council) -> HttpResponse:
    council = _council_asked(request, council)
    form, start, end, area = _filters(request, council)
    board = services.dashboard_read(actor=request.user, council=council, start=start, end=end, service_area=area)
    blocks = {c.id: charts.figure(c) for s in board.sections for c in s.charts}
    asked = DashboardQueryForm.read(request.GET)["council"]
    query = board.filters.query() + (f"&council={council.slug}" if asked else "")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "dashboard/oversight.html", {
        "board": board, "form": form, "blocks": blocks, "query": query}, status=status)


@require_GET
@council_page("dashboard.view")
def records(request: HttpRequest, council: Council) -> HttpResponse:
    asked = DashboardQueryForm.read(request.GET)
    key = asked["figure"]
    source = figures.SOURCES.get(key)
    if source is None:
        raise Http404("No such figure")
    council = _council_asked(request, council)
    _, start, end, area = _filters(request, council)
    require(request.user, "dashboard.view", council)
    if not figures.may_follow(request.user, council, source):
        raise Http404("No such figure among those you may open")
    value = asked["value"]
    found = figures.records(viewer=request.user, council=council, key=key, start=start, end=end, service_area=area,
                            value=value)
    if source.confidential is not None:
        for record in found:
            confidential_read(reader=request.user, council=council, kind=source.confidential, object_id=record.pk,
                              what="listed behind a figure of the oversight dashboard", via="dashboard",
                              address=request.META.get("REMOTE_ADDR"))
    flt = figures.Filters(council, start, end, area)
    return render(request, "dashboard/records.html", {
        "source": source, "lines": [source.line(r) for r in found], "filters": flt,
        "back": f"{reverse('dashboard:oversight')}?{flt.query()}"})


@require_GET
@council_page("dashboard.view")
def download(request: HttpRequest, council: Council, fmt: str) -> HttpResponse:
    council = _council_asked(request, council)
    _, start, end, area = _filters(request, council)
    report = services.report_download(actor=request.user, council=council, start=start, end=end, fmt=fmt,
                                      service_area=area)
    response = HttpResponse(report.content, content_type=report.media_type)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    return response
