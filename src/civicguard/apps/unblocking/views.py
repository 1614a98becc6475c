"""The website unblocking pages (Sefton 5.1, 5.4, Appendix 2): the requests a person may see, a new request, one
request with its history and the decision open to the person reading it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicguard.apps.access.checks import can
from civicguard.apps.access.pages import council_page
from civicguard.apps.councils.models import Council
from civicguard.apps.unblocking import services
from civicguard.apps.unblocking.forms import DecisionForm, RequestForm
from civicguard.apps.unblocking.models import UnblockRequest, UnblockStatus
from civicguard.common.forms import attach_error
from civicguard.errors import BadInput, InvalidState, NotAllowed

TAGS = {
    UnblockStatus.SUBMITTED: "govuk-tag--blue", UnblockStatus.WITH_AUDITOR: "govuk-tag--blue",
    UnblockStatus.WITH_AD: "govuk-tag--yellow", UnblockStatus.ACTIVE: "govuk-tag--green",
    UnblockStatus.EXPIRED: "govuk-tag--grey", UnblockStatus.REFUSED: "govuk-tag--red",
    UnblockStatus.RETURNED: "govuk-tag--orange", UnblockStatus.WITHDRAWN: "govuk-tag--grey",
}


@require_GET
@council_page("unblocking.request")
def request_list(request: HttpRequest, council: Council) -> HttpResponse:
    rows = [{"req": r, "tag": TAGS[UnblockStatus(r.status)]}
            for r in services.visible(user=request.user, council=council)]
    return render(request, "unblocking/list.html", {
        "rows": rows, "refusal": services.availability_refusal(council),
        "ad_step": services.rules(council).assistant_director_approval,
        "sees_all": can(request.user, "unblocking.handle", council) or can(request.user, "unblocking.approve",
                                                                            council),
    })


@require_http_methods(["GET", "POST"])
@council_page("unblocking.request")
def new(request: HttpRequest, council: Council) -> HttpResponse:
    refusal = services.availability_refusal(council)
    if refusal is not None:
        raise refusal
    if request.method != "POST":
        return _form_page(request, RequestForm())
    form = RequestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            req = services.unblock_request_create(
                actor=request.user, council=council, team=data["team"], people=data["people"], sites=data["sites"],
                other_sites=data["other_sites"], reason=data["reason"], expires=data["expires"],
                work_only=data["work_only"])
        except BadInput as exc:
            attach_error(form, exc, default="team")
        else:
            messages.success(request, "Your request has gone to the ICT helpdesk.")
            return redirect("unblocking:detail", pk=req.pk)
    return _form_page(request, form, http_status=400)


def _form_page(request: HttpRequest, form: RequestForm, http_status: int = 200) -> HttpResponse:
    return render(request, "unblocking/new.html", {"form": form}, status=http_status)


def _decision_form(request: HttpRequest, req: UnblockRequest, data: object = None) -> DecisionForm | None:
    decisions = services.decisions_open_to(request.user, req)
    if not decisions:
        return None
    ask_ad = "pass_on" in decisions and services.rules(req.council).assistant_director_approval == "where_applicable"
    return DecisionForm(data, decisions=decisions, ask_ad=ask_ad)


def _detail_page(request: HttpRequest, req: UnblockRequest, form: DecisionForm | None,
                 http_status: int = 200) -> HttpResponse:
    return render(request, "unblocking/detail.html", {
        "req": req, "tag": TAGS[UnblockStatus(req.status)], "form": form,
        "ad_step": services.rules(req.council).assistant_director_approval,
    }, status=http_status)


@require_GET
@council_page("unblocking.request")
def detail(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    req = services.request_of(user=request.user, council=council, pk=pk)
    return _detail_page(request, req, _decision_form(request, req))


@require_POST
@council_page("unblocking.request")
def decide(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    req = services.request_of(user=request.user, council=council, pk=pk)
    open_to = services.decisions_open_to(request.user, req)
    if not open_to:
        raise NotAllowed("There is nothing for you to decide on this request now")
    # Every decision is read (the service says why one is not open to this person); only the open ones are shown.
    ask_ad = services.rules(council).assistant_director_approval == "where_applicable"
    form = DecisionForm(request.POST, decisions=list(services.DECISIONS), ask_ad=ask_ad)
    if form.is_valid():
        data = form.cleaned_data
        try:
            req = services.unblock_request_decide(actor=request.user, request=req, decision=data["decision"],
                                                  note=data["note"], needs_ad=bool(data.get("needs_ad")))
        except (BadInput, InvalidState) as exc:
            attach_error(form, BadInput(exc.message, field=exc.data.get("field")), default="decision")
        else:
            messages.success(request, f"The request is now: {req.get_status_display().lower()}.")
            return redirect("unblocking:detail", pk=req.pk)
    shown = _decision_form(request, req)
    if shown is not None:
        form.fields["decision"].choices = shown.fields["decision"].choices
        form.fields["note"].help_text = shown.fields["note"].help_text
        if "needs_ad" in form.fields and "needs_ad" not in shown.fields and "needs_ad" not in form.errors:
            del form.fields["needs_ad"]  # only offered with "pass it on"
    return _detail_page(request, req, form, http_status=400)
