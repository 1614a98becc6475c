"""The staff records pages: the council's list and a record, adding and changing one, service areas and their
managers, HR's export (upload, a dry run to read, then confirm) and the import reports (HR and administrators), and
HR's form to set or clear "politically restricted" (St Helens 5.7: never one's own)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicguard.apps.access.checks import can
from civicguard.apps.access.pages import council_page
from civicguard.apps.councils.models import Council, ServiceArea
from civicguard.apps.people.csvfile import parse_export
from civicguard.apps.people.events import FIELD_LABELS, VALUE_LABELS
from civicguard.apps.people.forms import (
    AreaManagerForm,
    ImportForm,
    NewRecordLinkForm,
    RestrictionForm,
    ServiceAreaForm,
    StaffRecordForm,
)
from civicguard.apps.people.importing import import_confirm_refusal, staff_import, staff_import_confirm
from civicguard.apps.people.models import ImportRun, StaffRecord
from civicguard.apps.people.services import (
    restriction_refusal,
    service_area_create,
    service_area_manager_set,
    staff_record_create,
    staff_record_update,
    staff_restriction_set,
)
from civicguard.common.forms import attach_error
from civicguard.errors import BadInput, InvalidState


def _records(council: Council) -> QuerySet[StaffRecord]:
    return StaffRecord.objects.filter(council=council).select_related("service_area", "line_manager", "user",
                                                                      "restricted_set_by")


@require_GET
@council_page("staff.view")
def record_list(request: HttpRequest, council: Council) -> HttpResponse:
    return render(request, "people/list.html", {"records": _records(council).order_by("-active", "name"),
                                                "can_edit": can(request.user, "staff.edit", council)})


@require_GET
@council_page("staff.view")
def detail(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    record = get_object_or_404(_records(council), pk=pk)
    return render(request, "people/detail.html", {
        "record": record, "reports": record.reports.filter(active=True).order_by("name"),
        "can_restrict": restriction_refusal(request.user, record) is None,
        "can_edit": can(request.user, "staff.edit", council),
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


# ---- adding and changing records ------------------------------------------------------------------------------

def _record_page(request: HttpRequest, form: StaffRecordForm, record: StaffRecord | None,
                 status: int = 200) -> HttpResponse:
    return render(request, "people/record_form.html", {"form": form, "record": record}, status=status)


@require_http_methods(["GET", "POST"])
@council_page("staff.edit")
def record_new(request: HttpRequest, council: Council) -> HttpResponse:
    if request.method != "POST":
        # Prefilled from the link on HR's "waiting for you" list (a person in CivicGuard with no record).
        initial = NewRecordLinkForm(request.GET).record_initial()
        return _record_page(request, StaffRecordForm(initial=initial, council=council), None)
    form = StaffRecordForm(request.POST, council=council)
    if form.is_valid():
        try:
            record = staff_record_create(actor=request.user, council=council, **form.changes())
        except BadInput as exc:
            attach_error(form, exc)
        else:
            messages.success(request, f"Staff record added for {record.name}.")
            return redirect("people:detail", pk=record.pk)
    return _record_page(request, form, None, status=400)


@require_http_methods(["GET", "POST"])
@council_page("staff.edit")
def record_edit(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    record = get_object_or_404(_records(council), pk=pk)
    if request.method != "POST":
        initial = {"name": record.name, "work_email": record.work_email, "employment_type": record.employment_type,
                   "service_area": str(record.service_area_id or ""), "line_manager": str(record.line_manager_id or ""),
                   "user": str(record.user_id or ""), "hr_reference": record.hr_reference,
                   "active": "yes" if record.active else "no"}
        return _record_page(request, StaffRecordForm(initial=initial, council=council, record=record), record)
    form = StaffRecordForm(request.POST, council=council, record=record)
    if form.is_valid():
        try:
            staff_record_update(actor=request.user, record=record, **form.changes())
        except BadInput as exc:
            attach_error(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['name']}'s staff record is saved.")
            return redirect("people:detail", pk=record.pk)
    return _record_page(request, form, record, status=400)


# ---- service areas ----------------------------------------------------------------------------------------------

@require_GET
@council_page("staff.view")
def areas(request: HttpRequest, council: Council) -> HttpResponse:
    found = (ServiceArea.objects.filter(council=council).select_related("manager_record__manager")
             .annotate(people=Count("staff_records", filter=Q(staff_records__active=True))).order_by("name"))
    return render(request, "people/areas.html", {"areas": found, "can_edit": can(request.user, "staff.edit", council)})


@require_http_methods(["GET", "POST"])
@council_page("staff.edit")
def area_new(request: HttpRequest, council: Council) -> HttpResponse:
    form = ServiceAreaForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        try:
            area = service_area_create(actor=request.user, council=council, name=form.cleaned_data["name"],
                                       manager=form.manager_record())
        except BadInput as exc:
            attach_error(form, exc)
        else:
            messages.success(request, f"Service area added: {area.name}.")
            return redirect("people:areas")
    return render(request, "people/area_form.html", {"form": form, "area": None},
                  status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@council_page("staff.edit")
def area_manager(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    area = get_object_or_404(ServiceArea.objects.filter(council=council).select_related("manager_record"), pk=pk)
    current = getattr(area, "manager_record", None)
    if request.method != "POST":
        form = AreaManagerForm(initial={"manager": str(current.manager_id or "") if current else ""}, council=council)
        return render(request, "people/area_form.html", {"form": form, "area": area})
    form = AreaManagerForm(request.POST, council=council)
    if form.is_valid():
        try:
            service_area_manager_set(actor=request.user, area=area, manager=form.manager_record())
        except BadInput as exc:
            attach_error(form, exc)
        else:
            messages.success(request, f"The manager of {area.name} is saved.")
            return redirect("people:areas")
    return render(request, "people/area_form.html", {"form": form, "area": area}, status=400)


# ---- HR's export: upload, check (a dry run), confirm; the import reports -----------------------------------------

@require_http_methods(["GET", "POST"])
@council_page("staff.edit")
def import_upload(request: HttpRequest, council: Council) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        name, data = form.upload()
        try:
            rows = parse_export(data, name, max_bytes=settings.CIVICGUARD_MAX_UPLOAD_BYTES)
            report = staff_import(council=council, rows=rows, actor=request.user, dry_run=True, keep_rows=True,
                                  file_name=name, deactivate_missing=form.cleaned_data["deactivate_missing"] == "yes")
        except BadInput as exc:
            attach_error(form, exc, default="file")
        else:
            assert report.run is not None
            return redirect("people:import_run", pk=report.run.pk)
    return render(request, "people/import.html", {"form": form}, status=400 if form.is_bound else 200)


@require_POST
@council_page("staff.edit")
def import_confirm(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    preview = get_object_or_404(ImportRun.objects.filter(council=council), pk=pk)
    try:
        report = staff_import_confirm(actor=request.user, preview=preview)
    except InvalidState as exc:
        messages.error(request, exc.message)
        return redirect("people:import_run", pk=preview.pk)
    assert report.run is not None
    messages.success(request, f"{preview.file_name or 'The export'} is imported.")
    return redirect("people:import_run", pk=report.run.pk)


@require_GET
@council_page("staff.view")
def imports(request: HttpRequest, council: Council) -> HttpResponse:
    runs = ImportRun.objects.filter(council=council).select_related("actor").order_by("-started", "-pk")[:200]
    return render(request, "people/imports.html", {"runs": runs, "can_edit": can(request.user, "staff.edit", council)})


@require_GET
@council_page("staff.view")
def import_run(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun.objects.filter(council=council).select_related("actor", "confirmed_by_run"),
                            pk=pk)
    can_confirm = can(request.user, "staff.edit", council) and import_confirm_refusal(request.user, run) is None
    waiting_check = run.dry_run and run.source_rows and not can_confirm
    return render(request, "people/import_run.html", {
        "run": run, "can_confirm": can_confirm,
        "refusal": import_confirm_refusal(request.user, run) if waiting_check else None,
        "changes": [{**c, "fields": [(FIELD_LABELS.get(f, f), _value(f, v[0]), _value(f, v[1]))
                                     for f, v in c.get("changes", {}).items()]} for c in run.changes],
        "preview": getattr(run, "preview", None) if not run.dry_run else None,
    })


def _value(field: str, value: Any) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(VALUE_LABELS.get(field, {}).get(str(value), value))
