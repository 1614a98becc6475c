"""The election calendar's pages: the list (with the period on now, if any), an election's page, adding, changing
and cancelling one. Who may do what is the services' rule; another council's election is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicguard.apps.access.checks import can
from civicguard.apps.access.pages import council_page
from civicguard.apps.councils.models import Council
from civicguard.apps.elections import selectors, services
from civicguard.apps.elections.forms import CancelForm, ElectionForm
from civicguard.apps.elections.models import Election
from civicguard.errors import BadInput, InvalidState

STATE_TAGS = {"on": ("Period on now", "govuk-tag--red"), "coming": ("Coming", "govuk-tag--blue"),
              "past": ("Past", "govuk-tag--grey"), "cancelled": ("Cancelled", "govuk-tag--grey")}


@require_GET
@council_page("elections.view")
def election_list(request: HttpRequest, council: Council) -> HttpResponse:
    today = timezone.localdate()
    rows = [{"election": e, "state": STATE_TAGS[selectors.state_of(e, today)]}
            for e in selectors.calendar(council=council)]
    rules = selectors.rules_of(council)
    return render(request, "elections/list.html", {
        "rows": rows, "current": selectors.period_for(council, today), "rules": rules,
        "can_manage": can(request.user, "elections.manage", council)})


@require_GET
@council_page("elections.view")
def detail(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    election = selectors.election_of(user=request.user, council=council, pk=pk)
    return _detail_page(request, council, election, CancelForm())


def _detail_page(request: HttpRequest, council: Council, election: Election, cancel_form: CancelForm,
                 http_status: int = 200) -> HttpResponse:
    return render(request, "elections/detail.html", {
        "election": election, "state": STATE_TAGS[selectors.state_of(election)], "cancel_form": cancel_form,
        "can_manage": can(request.user, "elections.manage", council) and election.status == "scheduled"},
        status=http_status)


def _arguments(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data.get(key) for key in ("name", "kind", "wards", "polling_day", "notice_published_on",
                                           "period_start", "period_end")}


@require_http_methods(["GET", "POST"])
@council_page("elections.manage")
def new(request: HttpRequest, council: Council) -> HttpResponse:
    form = ElectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            election = services.election_add(actor=request.user, council=council, **_arguments(form.cleaned_data))
        except BadInput as exc:
            form.add_problem(exc, default="name")
        else:
            messages.success(request, f"{election.name} is on the calendar. Its pre-election period runs from "
                                      f"{election.period_start:%-d %B %Y} to {election.period_end:%-d %B %Y}.")
            return redirect("elections:detail", pk=election.pk)
    return render(request, "elections/form.html", {"form": form, "election": None},
                  status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@council_page("elections.manage")
def change(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    election = selectors.election_of(user=request.user, council=council, pk=pk)
    initial = {"name": election.name, "kind": election.kind, "wards": election.wards,
               "polling_day": election.polling_day, "notice_published_on": election.notice_published_on,
               "period_start": election.period_start, "period_end": election.period_end}
    form = ElectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            election = services.election_change(actor=request.user, election=election,
                                                 **_arguments(form.cleaned_data))
        except (BadInput, InvalidState) as exc:
            form.add_problem(exc, default="name")
        else:
            messages.success(request, f"{election.name} is changed.")
            return redirect("elections:detail", pk=election.pk)
    return render(request, "elections/form.html", {"form": form, "election": election},
                  status=400 if form.is_bound else 200)


@require_POST
@council_page("elections.manage")
def cancel(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    election = selectors.election_of(user=request.user, council=council, pk=pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.election_cancel(actor=request.user, election=election, reason=form.cleaned_data["reason"])
        except (BadInput, InvalidState) as exc:
            form.add_problem(exc, default="reason")
        else:
            messages.success(request, f"{election.name} is cancelled: its pre-election period no longer applies.")
            return redirect("elections:list")
    return _detail_page(request, council, election, form, http_status=400)
