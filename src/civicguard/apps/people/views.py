"""The staff records pages: the council's list and a record (HR and administrators), and HR's form to set or clear
"politically restricted" (St Helens 5.7: never one's own)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from civicguard.apps.access.pages import council_page
from civicguard.apps.councils.models import Council
from civicguard.apps.people.forms import RestrictionForm
from civicguard.apps.people.models import StaffRecord
from civicguard.apps.people.services import restriction_refusal, staff_restriction_set
from civicguard.common.forms import attach_error
from civicguard.errors import BadInput


def _records(council: Council) -> QuerySet[StaffRecord]:
    return StaffRecord.objects.filter(council=council).select_related("service_area", "line_manager", "user",
                                                                      "restricted_set_by")


@require_GET
@council_page("staff.view")
def record_list(request: HttpRequest, council: Council) -> HttpResponse:
    return render(request, "people/list.html", {"records": _records(council).order_by("-active", "name")})


@require_GET
@council_page("staff.view")
def detail(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    record = get_object_or_404(_records(council), pk=pk)
    return render(request, "people/detail.html", {
        "record": record, "reports": record.reports.filter(active=True).order_by("name"),
        "can_restrict": restriction_refusal(request.user, record) is None,
    })


@require_http_methods(["GET", "POST"])
@council_page("staff.restrict")
def restriction(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    record = get_object_or_404(_records(council), pk=pk)
    refusal = restriction_refusal(request.user, record)  # the service's rule, asked before the form is shown
    if refusal is not None:
        raise refusal
    if request.method != "POST":
        form = RestrictionForm(initial={"restricted": "yes" if record.politically_restricted else "no"})
        return _form_page(request, record, form)
    form = RestrictionForm(request.POST)
    if form.is_valid():
        try:
            staff_restriction_set(actor=request.user, record=record,
                                  restricted=form.cleaned_data["restricted"] == "yes",
                                  reason=form.cleaned_data["reason"])
        except BadInput as exc:
            attach_error(form, exc, default="restricted")
        else:
            state = "politically restricted" if form.cleaned_data["restricted"] == "yes" else "not restricted"
            messages.success(request, f"{record.name}'s post is now marked {state}.")
            return redirect("people:detail", pk=record.pk)
    return _form_page(request, record, form, http_status=400)


def _form_page(request: HttpRequest, record: StaffRecord, form: RestrictionForm,
               http_status: int = 200) -> HttpResponse:
    return render(request, "people/restriction.html", {"record": record, "form": form}, status=http_status)
