"""The pages of service area procedures and account reviews (St Helens 6.12, 6.13, 9.9): the procedures by service
area (list, upload, read, download), the reviews due and overdue, a review's checklist and sign-off, and the
dormant accounts."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from civicguard.apps.access.checks import can
from civicguard.apps.access.pages import council_page
from civicguard.apps.councils.models import Council, ServiceArea
from civicguard.apps.reviews import selectors
from civicguard.apps.reviews.forms import CHECKLIST_LABELS, OTHER, ProcedureForm, ProcedureLinkForm, SignOffForm
from civicguard.apps.reviews.models import AccountReview
from civicguard.apps.reviews.services import (
    CHECKLIST,
    procedure_download,
    procedure_upload,
    review_sign_off,
    sign_off_refusal,
    upload_refusal,
)
from civicguard.common.forms import attach_error
from civicguard.errors import BadInput, InvalidState

PROCEDURE_TAGS = {"missing": "govuk-tag--grey", "current": "govuk-tag--green", "out_of_date": "govuk-tag--red"}


# ---- procedures --------------------------------------------------------------------------------------------

def _upload_areas(request: HttpRequest, council: Council) -> list[ServiceArea]:
    """The service areas the person may upload a procedure for (the service's rule, asked per area)."""
    if not can(request.user, "procedures.upload", council):
        return []
    return [area for area in ServiceArea.objects.filter(council=council).order_by("name")
            if upload_refusal(request.user, area) is None]


@require_GET
@council_page("procedures.view")
def procedures(request: HttpRequest, council: Council) -> HttpResponse:
    rows = selectors.area_procedures(council=council)
    return render(request, "reviews/procedures.html", {
        "rows": [{"row": r, "tag": PROCEDURE_TAGS[r.status]} for r in rows],
        "current_version": selectors.policy_version(council), "can_upload": bool(_upload_areas(request, council)),
    })


@require_http_methods(["GET", "POST"])
@council_page("procedures.upload")
def procedure_new(request: HttpRequest, council: Council) -> HttpResponse:
    areas = _upload_areas(request, council)
    current = selectors.policy_version(council)
    areas_offered, versions = [(str(a.pk), a.name) for a in areas], selectors.known_versions(council)
    if request.method != "POST":
        area = ProcedureLinkForm(request.GET, areas=areas_offered).area_chosen
        form = ProcedureForm(initial={"policy_version": current, "service_area": area},
                             areas=areas_offered, versions=versions, current=current)
        return _upload_page(request, form)
    form = ProcedureForm(request.POST, request.FILES, areas=areas_offered, versions=versions, current=current)
    if not form.is_valid():
        return _upload_page(request, form, http_status=400)
    area = next(a for a in areas if str(a.pk) == form.cleaned_data["service_area"])  # one offered: the form said
    name, data = form.upload()
    try:
        procedure = procedure_upload(actor=request.user, area=area, title=form.cleaned_data["title"],
                                     policy_version=form.version(), file_name=name, data=data)
    except BadInput as exc:
        if exc.data.get("field") == "policy_version" and form.cleaned_data["policy_version"] == OTHER:
            form.add_error("other_version", exc.message)  # the version typed is the one at fault
        else:
            attach_error(form, exc, default="file")
        return _upload_page(request, form, http_status=400)
    messages.success(request, f"“{procedure.title}” is now the procedure for {area.name}.")
    return redirect("reviews:procedure", pk=procedure.pk)


def _upload_page(request: HttpRequest, form: ProcedureForm, http_status: int = 200) -> HttpResponse:
    offered = len(form.fields["service_area"].choices) > 1  # beyond "Choose a service area"
    return render(request, "reviews/procedure_new.html", {"form": form, "offered": offered}, status=http_status)


@require_GET
@council_page("procedures.view")
def procedure(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.procedures_of(council=council), pk=pk)
    others = selectors.procedures_of(council=council, area=item.service_area).order_by("-uploaded_at", "-id")
    in_force = others.first()
    version = selectors.policy_version(council)
    return render(request, "reviews/procedure.html", {
        "procedure": item, "in_force": in_force is not None and in_force.pk == item.pk,
        "out_of_date": selectors.is_out_of_date(item, version), "current_version": version,
        "history": others.exclude(pk=item.pk),
        "can_upload": can(request.user, "procedures.upload", council)
        and upload_refusal(request.user, item.service_area) is None,
    })


@require_GET
@council_page("procedures.view")
def procedure_file(request: HttpRequest, council: Council, pk: int) -> FileResponse:
    item = get_object_or_404(selectors.procedures_of(council=council), pk=pk)
    procedure_download(actor=request.user, procedure=item)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.file_name)


# ---- reviews -----------------------------------------------------------------------------------------------

def _state(review: AccountReview) -> dict[str, str]:
    state = selectors.review_state(review)
    return {"state": state, "label": selectors.STATE_LABELS[state], "tag": selectors.STATE_TAGS[state]}


@require_GET
@council_page("reviews.view")
def review_list(request: HttpRequest, council: Council) -> HttpResponse:
    attention = selectors.reviews_needing_attention(council=council)
    signed = selectors.reviews_of(council=council).filter(signed_off_at__isnull=False).order_by("-signed_off_at")[:20]
    return render(request, "reviews/list.html", {
        "rows": [{"review": r, **_state(r), "manager": selectors.line_manager_of(r.account)} for r in attention],
        "signed": signed, "soon_days": selectors.DUE_SOON_DAYS,
        "interval": selectors.interval_months(council),
    })


@require_http_methods(["GET", "POST"])
@council_page("reviews.view")
def review(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.reviews_of(council=council), pk=pk)
    refusal = sign_off_refusal(request.user, item)
    if request.method != "POST":
        return _review_page(request, council, item, refusal, SignOffForm())
    if isinstance(refusal, InvalidState):
        messages.info(request, "This review has already been signed off.")
        return redirect("reviews:review", pk=item.pk)
    if refusal is not None:
        raise refusal
    form = SignOffForm(request.POST)
    if form.is_valid():
        try:
            following = review_sign_off(actor=request.user, review=item, notes=form.cleaned_data["notes"],
                                        **form.ticks())
        except BadInput as exc:
            attach_error(form, exc, default="checklist")
        else:
            messages.success(request, f"Review of {item.account} signed off. The next is due on "
                                      f"{following.due.day} {following.due:%B %Y}.")
            return redirect("reviews:review", pk=item.pk)
    return _review_page(request, council, item, refusal, form, http_status=400)


def _review_page(request: HttpRequest, council: Council, item: AccountReview, refusal: Exception | None,
                 form: SignOffForm, http_status: int = 200) -> HttpResponse:
    account = item.account
    queue = f"{reverse('moderation:queue')}?account={account.pk}"
    following = (selectors.reviews_of(council=council).filter(account=account, signed_off_at__isnull=True)
                 .exclude(pk=item.pk).first())
    return render(request, "reviews/review.html", {
        "review": item, **_state(item), "account": account, "manager": selectors.line_manager_of(account),
        "waiting": selectors.waiting_comments(account), "queue_url": queue,
        "can_see_queue": can(request.user, "comments.view", council),
        "form": form, "refusal": None if isinstance(refusal, InvalidState) else refusal,
        "can_sign_off": refusal is None, "following": following,
        "ticks": [(CHECKLIST_LABELS[name], getattr(item, name)) for name in CHECKLIST],
    }, status=http_status)


@require_GET
@council_page("reviews.view")
def dormant(request: HttpRequest, council: Council) -> HttpResponse:
    accounts = list(selectors.dormant_accounts(council=council))
    now = timezone.now()
    candidates = selectors.dormant_candidates(council=council, now=now)
    return render(request, "reviews/dormant.html", {
        "accounts": accounts, "days": selectors.dormant_after_days(council),
        "candidates": [{"account": a, "since": since, "quiet_days": (now - since).days} for a, since in candidates],
    })
