"""The disclosure pages: the requests, a new request, a request's search preview (the redacted rows the export
will hold), the export's download, closing a request, the disclosure log, and the retention schedule with the
purge log. Thin: read the form, call a service or a selector, show the result. A request of another council is a
404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicguard.apps.access.checks import can
from civicguard.apps.access.pages import council_page
from civicguard.apps.councils.models import Council
from civicguard.apps.disclosure import search, selectors, services
from civicguard.apps.disclosure.forms import CloseForm, RequestForm
from civicguard.apps.disclosure.retention import TYPE_NAMES, schedule
from civicguard.common.forms import attach_error
from civicguard.errors import BadInput, InvalidState

STATUS_TAGS = {"open": "govuk-tag--blue", "searched": "govuk-tag--yellow", "disclosed": "govuk-tag--green",
               "closed": "govuk-tag--grey"}


@require_GET
@council_page("disclosure.log")
def request_list(request: HttpRequest, council: Council) -> HttpResponse:
    rows = [{"r": r, "tag": STATUS_TAGS[r.status]} for r in selectors.requests(user=request.user, council=council)]
    return render(request, "disclosure/list.html", {"rows": rows,
                                                    "can_handle": can(request.user, "disclosure.handle", council)})


def _new_page(request: HttpRequest, form: RequestForm, status: int = 200) -> HttpResponse:
    return render(request, "disclosure/new.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@council_page("disclosure.handle")
def new(request: HttpRequest, council: Council) -> HttpResponse:
    if request.method != "POST":
        return _new_page(request, RequestForm())
    form = RequestForm(request.POST)
    if not form.is_valid():
        return _new_page(request, form, 400)
    d = form.cleaned_data
    try:
        made = services.disclosure_request_open(
            actor=request.user, council=council, kind=d["kind"],
            requester=services.Requester(d["requester_name"], d.get("requester_email") or "",
                                         d.get("requester_address") or ""),
            subject_name=d.get("subject_name") or "", subject_handles=d.get("subject_handles") or "",
            subject_emails=d.get("subject_emails") or "", date_from=d.get("date_from"), date_to=d.get("date_to"),
            received_on=d.get("received_on"))
    except BadInput as exc:
        attach_error(form, exc, default="subject_name")
        return _new_page(request, form, 400)
    messages.success(request, f"Request {made.reference} is open. It is due by {made.due_on:%-d %B %Y}.")
    return redirect("disclosure:detail", pk=made.pk)


def _detail(request: HttpRequest, council: Council, req: Any, *, close_form: CloseForm | None = None,
            status: int = 200) -> HttpResponse:
    rows = services.disclosure_request_preview(actor=request.user, request=req) if req.searched_at else []
    groups = search.group(rows)
    return render(request, "disclosure/detail.html", {
        "req": req, "tag": STATUS_TAGS[req.status], "groups": groups, "total": len(rows),
        "not_searched": [(search.TYPES[k], why) for k, why
                         in search.not_searched(actor=request.user, council=council).items()],
        "disclosures": req.disclosures.select_related("disclosed_by"), "close_form": close_form or CloseForm(),
    }, status=status)


@require_GET
@council_page("disclosure.handle")
def detail(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _detail(request, council, services.request_for(actor=request.user, council=council, pk=pk))


@require_POST
@council_page("disclosure.handle")
def run_search(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    req = services.request_for(actor=request.user, council=council, pk=pk)
    try:
        found = services.disclosure_request_search(actor=request.user, request=req)
    except InvalidState as exc:
        messages.error(request, exc.message)
        return redirect("disclosure:detail", pk=pk)
    messages.success(request, f"The search found {found.total} record{'s' if found.total != 1 else ''}. Check "
                              f"the redacted preview below before you download the export.")
    return redirect("disclosure:detail", pk=pk)


@require_POST
@council_page("disclosure.handle")
def export(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    req = services.request_for(actor=request.user, council=council, pk=pk)
    try:
        made = services.disclosure_request_export(actor=request.user, request=req)
    except InvalidState as exc:
        messages.error(request, exc.message)
        return redirect("disclosure:detail", pk=pk)
    response = HttpResponse(made.data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    return response


@require_POST
@council_page("disclosure.handle")
def close(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    req = services.request_for(actor=request.user, council=council, pk=pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _detail(request, council, req, close_form=form, status=400)
    try:
        services.disclosure_request_close(actor=request.user, request=req, reason=form.cleaned_data["reason"])
    except BadInput as exc:
        attach_error(form, exc, default="reason")
        return _detail(request, council, req, close_form=form, status=400)
    except InvalidState as exc:
        messages.error(request, exc.message)
        return redirect("disclosure:detail", pk=pk)
    messages.success(request, f"Request {req.reference} is closed.")
    return redirect("disclosure:detail", pk=pk)


@require_GET
@council_page("disclosure.log")
def log(request: HttpRequest, council: Council) -> HttpResponse:
    page = Paginator(selectors.disclosures(user=request.user, council=council), 50).get_page(request.GET.get("page"))
    rows = [{"d": d, "counts": [(search.TYPES.get(k, k), n) for k, n in d.counts.items()]} for d in page]
    return render(request, "disclosure/log.html", {"page": page, "rows": rows})


@require_GET
@council_page("disclosure.log")
def retention(request: HttpRequest, council: Council) -> HttpResponse:
    page = Paginator(selectors.purges(user=request.user, council=council), 100).get_page(request.GET.get("page"))
    return render(request, "disclosure/retention.html", {
        "schedule": schedule(council), "page": page, "type_names": TYPE_NAMES})
