"""The photo consent pages (Sefton 5.5): the register with its filters and its export, recording a consent (the
signed form uploaded, or the e-form signed here), a record's page (a child's is read-logged), its signed forms
(every look logged), a withdrawal, and the takedown tasks with their confirmation.

What each person sees is the selectors' rule (`register`, `takedowns`); a record or task they may not see is a
404, as is anything of another council."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicguard.apps.access.checks import can
from civicguard.apps.access.pages import council_page
from civicguard.apps.consent import selectors, services
from civicguard.apps.consent.forms import (
    ConfirmForm,
    PermissionForm,
    PermissionWithdrawForm,
    RecordForm,
    RegisterFilterForm,
    WithdrawForm,
)
from civicguard.apps.consent.models import ConsentRecord, PersonalPermission, TakedownTask
from civicguard.apps.councils.models import Council
from civicguard.apps.people.models import StaffRecord
from civicguard.common.forms import attach_error
from civicguard.errors import BadInput, InvalidState, NotAllowed, NotFound

STATUS_TAGS = {"current": ("Current", "govuk-tag--green"), "expired": ("Expired", "govuk-tag--grey"),
               "withdrawn": ("Withdrawn", "govuk-tag--red")}
READS_SHOWN = 50
FORM_EXTENSION = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


@require_GET
@council_page("consent.pages")
def register(request: HttpRequest, council: Council) -> HttpResponse:
    form = RegisterFilterForm(request.GET or None)
    chosen: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    today = timezone.localdate()
    records = selectors.filtered(selectors.register(user=request.user, council=council), today=today,
                                 kind=chosen.get("kind", ""), status=chosen.get("status", ""),
                                 platform=chosen.get("platform", ""), name=chosen.get("q", ""))
    rows = [{"record": r, "status": STATUS_TAGS[selectors.status_of(r, today)]} for r in records]
    open_tasks = selectors.takedowns(user=request.user, council=council).filter(confirmed_at__isnull=True).count()
    return render(request, "consent/register.html", {
        "form": form, "rows": rows, "sees_all": can(request.user, "consent.view", council),
        "sees_children": selectors.sees_children(request.user, council),
        "can_record": can(request.user, "consent.record", council),
        "can_takedown": can(request.user, "consent.takedown", council), "open_tasks": open_tasks,
    })


@require_GET
@council_page("consent.view")
def export(request: HttpRequest, council: Council) -> HttpResponse:
    text = services.consent_register_export(actor=request.user, council=council)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="consent-register-{council.slug}-'
                                       f'{timezone.localdate():%Y-%m-%d}.csv"')
    return response


def _staff_choices(council: Council) -> list[tuple[str, str]]:
    return [(str(pk), name) for pk, name in StaffRecord.objects.filter(council=council, active=True)
            .order_by("name").values_list("pk", "name")]


def _new_page(request: HttpRequest, form: RecordForm, http_status: int = 200) -> HttpResponse:
    return render(request, "consent/new.html", {"form": form, "declarations": services.DECLARATIONS},
                  status=http_status)


@require_http_methods(["GET", "POST"])
@council_page("consent.record")
def new(request: HttpRequest, council: Council) -> HttpResponse:
    staff, colleagues = _staff_choices(council), _employees(council)
    if request.method != "POST":
        return _new_page(request, RecordForm(staff_records=staff, colleagues=colleagues))
    form = RecordForm(request.POST, request.FILES, staff_records=staff, colleagues=colleagues)
    if not form.is_valid():
        return _new_page(request, form, http_status=400)
    data = form.cleaned_data
    try:
        record = services.consent_record(actor=request.user, council=council, **_record_arguments(data, council))
    except BadInput as exc:
        attach_error(form, exc, default="name")
        return _new_page(request, form, http_status=400)
    messages.success(request, f"The consent of {record.name} is on the register.")
    return redirect("consent:detail", pk=record.pk)


def _record_arguments(data: dict[str, Any], council: Council) -> dict[str, Any]:
    """The service's arguments from the page's form."""
    kind = data["person_kind"]
    staff = None
    if data.get("staff_record"):
        staff = StaffRecord.objects.filter(council=council, pk=data["staff_record"]).first()
        if staff is None:
            raise BadInput("Select one of the council's staff records", field="staff_record")
    form = esignature = None
    if data["form_kind"] == "upload":
        chosen = RecordForm.read(data.get("form"))
        if chosen is None:
            raise BadInput("Select the signed consent form", field="form")
        form = services.Upload(*chosen)
    else:
        esignature = services.ESignature(typed_name=data.get("typed_name") or "",
                                         declarations=tuple(data.get("declarations") or ()))
    child = None
    if kind == "child":
        display = RecordForm.read(data.get("display_form"))
        child = services.ChildDetails(
            consent_from=data.get("consent_from") or "", consent_from_name=data.get("consent_from_name") or "",
            age_understanding=data.get("age_understanding") or "", file_reference=data.get("file_reference") or "",
            purpose=data.get("child_purpose") or "", explained_to_child=bool(data.get("explained_to_child")),
            explained_to_carer=bool(data.get("explained_to_carer")),
            not_explained_reason=data.get("not_explained_reason") or "", looked_after=data.get("looked_after") or "",
            display_form=services.Upload(*display) if display is not None else None)
    obtained_by = None
    if data.get("obtained_by"):
        from django.contrib.auth import get_user_model

        obtained_by = get_user_model().objects.filter(pk=data["obtained_by"], is_active=True).first()
        if obtained_by is None:
            raise BadInput("Choose one of the council's staff", field="obtained_by")
    return dict(person_kind=kind, name=data["name"], platforms=data.get("platforms") or [], obtained_by=obtained_by,
                purposes=data["purposes"], media_description=data["media_description"],
                lawful_basis=data.get("lawful_basis") or "consent", obtained_on=data["obtained_on"],
                expires_on=data["expires_on"], told_free_to_refuse=bool(data.get("told_free_to_refuse")),
                staff_record=staff, form=form, esignature=esignature, child=child)


def _employees(council: Council) -> list[tuple[str, str]]:
    from django.contrib.auth import get_user_model

    from civicguard.apps.staff.models import RoleAssignment

    ids = RoleAssignment.objects.filter(council=council).values("user_id")
    users = get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username")
    return [(str(u.pk), u.get_full_name() or u.get_username()) for u in users]


def _permission_form(request: HttpRequest, record: ConsentRecord, data: Any = None) -> PermissionForm | None:
    if record.is_child or record.withdrawn_at is not None or not can(request.user, "consent.permit", record.council):
        return None
    return PermissionForm(data, employees=_employees(record.council))


def _detail_page(request: HttpRequest, record: ConsentRecord, withdraw_form: WithdrawForm | None,
                 http_status: int = 200, permission_form: PermissionForm | None = None) -> HttpResponse:
    today = timezone.localdate()
    tags = record.tags.select_related("media_item", "created_by").order_by("created", "id")
    return render(request, "consent/detail.html", {
        "record": record, "status": STATUS_TAGS[selectors.status_of(record, today)], "tags": tags,
        "takedowns": record.takedowns.select_related("post", "post__account").order_by("confirmed_at", "deadline"),
        "withdraw_form": withdraw_form, "child_reads": record.reads.count() if record.is_child else None,
        "reads": record.reads.select_related("reader")[:READS_SHOWN],
        "permissions": selectors.personal_permissions(user=request.user, council=record.council).filter(
            record=record),
        "permission_form": permission_form or _permission_form(request, record),
        "can_permit": can(request.user, "consent.permit", record.council), "today": today,
        "sees_images": can(request.user, "media.view", record.council),
        "refusals": [(name, selectors.refusal(record, code, today)) for code, name in _platforms(record)],
    }, status=http_status)


def _platforms(record: ConsentRecord) -> list[tuple[str, str]]:
    from civicguard.apps.consent.models import PLATFORM_NAMES

    return [(code, PLATFORM_NAMES[code]) for code in record.platforms if code in PLATFORM_NAMES]


def _withdraw_form(request: HttpRequest, record: ConsentRecord, data: Any = None) -> WithdrawForm | None:
    if record.withdrawn_at is not None or not can(request.user, "consent.record", record.council):
        return None
    return WithdrawForm(data)


@require_GET
@council_page("consent.pages")
def detail(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    record = services.consent_get(user=request.user, council=council, pk=pk)
    record = services.consent_read(actor=request.user, record=record)
    return _detail_page(request, record, _withdraw_form(request, record))


def _form_file(request: HttpRequest, council: Council, pk: int, which: str) -> HttpResponse:
    record = services.consent_get(user=request.user, council=council, pk=pk)
    data, content_type = services.consent_form_view(actor=request.user, record=record, which=which)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (f'inline; filename="consent-{record.pk}-{which}.'
                                       f'{FORM_EXTENSION.get(content_type, "bin")}"')
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@council_page("consent.pages")
def signed_form(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _form_file(request, council, pk, "form")


@require_GET
@council_page("consent.pages")
def display_form(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _form_file(request, council, pk, "display-form")


@require_POST
@council_page("consent.record")
def withdraw(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    record = services.consent_get(user=request.user, council=council, pk=pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            record = services.consent_withdraw(actor=request.user, record=record, reason=form.cleaned_data["reason"])
        except InvalidState as exc:
            messages.info(request, exc.message)
            return redirect("consent:detail", pk=record.pk)
        except BadInput as exc:
            attach_error(form, exc, default="reason")
        else:
            tasks = record.takedowns.count()
            follow = (f" {tasks} published post{'s' if tasks != 1 else ''} must now be taken down: the author"
                      f"{'s' if tasks != 1 else ''} and approver{'s' if tasks != 1 else ''} have been asked."
                      if tasks else " No published post uses an image of them.")
            messages.success(request, f"The consent of {record.name} is withdrawn.{follow}")
            return redirect("consent:detail", pk=record.pk)
    record = services.consent_read(actor=request.user, record=record)
    return _detail_page(request, record, form, http_status=400)


@require_GET
@council_page("consent.takedown")
def takedowns(request: HttpRequest, council: Council) -> HttpResponse:
    tasks = list(selectors.takedowns(user=request.user, council=council).order_by("confirmed_at", "deadline", "id"))
    now = timezone.now()
    return render(request, "consent/takedowns.html", {
        "open": [t for t in tasks if t.confirmed_at is None], "done": [t for t in tasks if t.confirmed_at][:100],
        "now": now,
    })


def _task(request: HttpRequest, council: Council, pk: int) -> TakedownTask:
    task = selectors.takedowns(user=request.user, council=council).filter(pk=pk).first()
    if task is None:
        raise NotFound("No such takedown task among yours")
    return task


def _task_page(request: HttpRequest, task: TakedownTask, form: ConfirmForm | None,
               http_status: int = 200) -> HttpResponse:
    return render(request, "consent/takedown.html", {
        "task": task, "form": form, "overdue": task.confirmed_at is None and task.deadline <= timezone.now(),
        "sees_record": selectors.record_refusal(request.user, task.consent) is None,
        "sees_post": can(request.user, "post.view", task.council) or task.post.author_id == request.user.pk,
        "sees_image": (can(request.user, "media.view", task.council)
                       or task.media_item.uploaded_by_id == request.user.pk),
    }, status=http_status)


@require_GET
@council_page("consent.takedown")
def takedown(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    task = _task(request, council, pk)
    form = ConfirmForm() if services.takedown_confirm_refusal(request.user, task) is None else None
    return _task_page(request, task, form)


@require_POST
@council_page("consent.takedown")
def takedown_confirm(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    task = _task(request, council, pk)
    refusal = services.takedown_confirm_refusal(request.user, task)
    if refusal is not None:
        if task.confirmed_at is not None:
            messages.info(request, refusal)
            return redirect("consent:takedown", pk=task.pk)
        raise NotAllowed(refusal)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.takedown_confirm(actor=request.user, task=task, note=form.cleaned_data["note"])
        except BadInput as exc:
            attach_error(form, exc, default="note")
        else:
            messages.success(request, f"Thank you: the takedown of post {task.post.pk} is confirmed.")
            return redirect("consent:takedown", pk=task.pk)
    return _task_page(request, task, form, http_status=400)


@require_POST
@council_page("consent.permit")
def permit(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    record = services.consent_get(user=request.user, council=council, pk=pk)
    form = _permission_form(request, record, request.POST)
    if form is None:
        raise InvalidState("No permission can be given for this record")
    if form.is_valid():
        from django.contrib.auth import get_user_model

        data = form.cleaned_data
        employee = get_user_model().objects.filter(pk=data["employee"]).first()
        try:
            permission = services.personal_permission_grant(actor=request.user, record=record, employee=employee,
                                                            legal_advice=data["legal_advice"],
                                                            expires_on=data["permission_expires_on"])
        except BadInput as exc:
            attach_error(form, exc, default="employee")
        else:
            messages.success(request, f"{permission.employee.get_username()} may now post images of {record.name} "
                                      "on their own accounts.")
            return redirect("consent:detail", pk=record.pk)
    record = services.consent_read(actor=request.user, record=record)
    return _detail_page(request, record, _withdraw_form(request, record), http_status=400, permission_form=form)


@require_POST
@council_page("consent.permit")
def permission_withdraw(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    permission = PersonalPermission.objects.filter(pk=pk, record__council=council).select_related("record").first()
    if permission is None or selectors.record_refusal(request.user, permission.record) is not None:
        raise NotFound("No such permission among yours")
    PermissionWithdrawForm(request.POST).is_valid()
    try:
        services.personal_permission_withdraw(actor=request.user, permission=permission)
    except InvalidState as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, "The permission is withdrawn.")
    return redirect("consent:detail", pk=permission.record.pk)
