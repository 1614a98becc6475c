"""The investigations pages (St Helens 8.1-8.3; Sefton 8.1): the list, registering an investigation, its page with
the viewing log and the form that logs a viewing (showing the repeat-viewing warning or the refusal), applying for
an authorisation, an authorisation's page (the Authorising Officer's decision, the magistrate's, reviews, renewals,
cancellation), and the central record with its CSV export.

Who reads which record is access/confidential.py's rule (through the selectors); anything else is a 404. Every page
that shows a record logs the read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicguard.apps.access.checks import can
from civicguard.apps.access.pages import council_page
from civicguard.apps.councils.models import Council
from civicguard.apps.investigations import selectors, services
from civicguard.apps.investigations.forms import (
    ApplyForm,
    CancelForm,
    CloseForm,
    CourtForm,
    DecideForm,
    InvestigationForm,
    LastViewingForm,
    PrefillForm,
    RenewForm,
    ReviewForm,
    ViewForm,
)
from civicguard.apps.investigations.models import (
    Authorisation,
    AuthorisationStatus,
    Investigation,
    InvestigationStatus,
)
from civicguard.apps.onboarding.network import address_of
from civicguard.errors import BadInput, CivicGuardError, InvalidState

VIEWS_SHOWN = 200
STATUS_TAGS = {
    AuthorisationStatus.APPLIED: "govuk-tag--yellow", AuthorisationStatus.REFUSED: "govuk-tag--red",
    AuthorisationStatus.AUTHORISED: "govuk-tag--blue", AuthorisationStatus.NOT_APPROVED: "govuk-tag--red",
    AuthorisationStatus.IN_EFFECT: "govuk-tag--green", AuthorisationStatus.CANCELLED: "govuk-tag--grey",
    AuthorisationStatus.EXPIRED: "govuk-tag--grey",
}



def _facts(council: Council) -> Any:
    from civicguard.engine.packs.loader import pack_for

    facts: Any = pack_for(council.slug).facts
    return facts.investigations


@require_GET
@council_page("investigations.pages")
def investigation_list(request: HttpRequest, council: Council) -> HttpResponse:
    found = selectors.investigations(user=request.user, council=council)
    services.investigations_list_read(actor=request.user, council=council, count=len(found),
                                      address=address_of(request) or None)
    waiting = [a for a in selectors.authorisations(user=request.user, council=council)
               if a.status == AuthorisationStatus.APPLIED]
    return render(request, "investigations/list.html", {
        "investigations": found, "can_work": can(request.user, "investigations.work", council),
        "can_central": can(request.user, "investigations.central_record", council),
        "waiting": waiting if can(request.user, "investigations.authorise", council) else [],
        "facts": _facts(council),
    })


def _colleagues(request: HttpRequest, council: Council) -> list[tuple[str, str]]:
    from django.contrib.auth import get_user_model

    from civicguard.apps.staff.models import RoleAssignment

    ids = RoleAssignment.objects.filter(council=council, role="investigator").values("user_id")
    users = get_user_model().objects.filter(pk__in=ids, is_active=True).exclude(pk=request.user.pk)
    return [(str(u.pk), u.get_full_name() or u.get_username()) for u in users.order_by("username")]


@require_http_methods(["GET", "POST"])
@council_page("investigations.work")
def new(request: HttpRequest, council: Council) -> HttpResponse:
    form = InvestigationForm(request.POST or None, services=_facts(council).services,
                             colleagues=_colleagues(request, council))
    if request.method == "POST" and form.is_valid():
        from django.contrib.auth import get_user_model

        data = form.cleaned_data
        officers = list(get_user_model().objects.filter(pk__in=data.get("officers") or []))
        try:
            found = services.investigation_open(actor=request.user, council=council, reference=data["reference"],
                                                offence=data["offence"], service=data["service"], officers=officers)
        except BadInput as exc:
            form.add_problem(exc, default="reference")
        else:
            messages.success(request, f"Investigation {found.reference} is registered.")
            return redirect("investigations:detail", pk=found.pk)
    return render(request, "investigations/new.html", {"form": form}, status=400 if form.errors else 200)


def _detail_page(request: HttpRequest, found: Investigation, view_form: ViewForm | None = None,
                 last: Any = None, http_status: int = 200) -> HttpResponse:
    services.investigation_read(actor=request.user, investigation=found, address=address_of(request) or None)
    council = found.council
    is_officer = found.officers.filter(pk=request.user.pk).exists()
    may_log = (is_officer and found.status == InvestigationStatus.OPEN
               and can(request.user, "investigations.work", council))
    facts = _facts(council)
    return render(request, "investigations/detail.html", {
        "investigation": found, "officers": found.officers.order_by("username"),
        "views": found.views.select_related("officer", "authorisation")[:VIEWS_SHOWN],
        "authorisations": [(a, STATUS_TAGS.get(a.status, "")) for a in
                           found.authorisations.select_related("authorising_officer").order_by("-applied_at")],
        "view_form": (view_form or ViewForm()) if may_log else None, "last": last, "facts": facts,
        "can_apply": may_log, "close_form": CloseForm() if may_log else None,
    }, status=http_status)


@require_GET
@council_page("investigations.pages")
def detail(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    found = selectors.investigation(user=request.user, council=council, pk=pk)
    last = None
    query = LastViewingForm(request.GET)
    if query.is_valid() and query.cleaned_data.get("viewed"):
        last = found.views.filter(pk=query.cleaned_data["viewed"], officer=request.user).first()
    return _detail_page(request, found, last=last)


@require_POST
@council_page("investigations.work")
def view_record(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    found = selectors.investigation(user=request.user, council=council, pk=pk)
    form = ViewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            view = services.profile_view_record(actor=request.user, investigation=found,
                                                profile_url=data["profile_url"], purpose=data["purpose"],
                                                purpose_detail=data.get("purpose_detail") or "",
                                                recorded=data.get("recorded") or "")
        except BadInput as exc:
            form.add_problem(exc, default="profile_url")
        except InvalidState as exc:
            messages.info(request, exc.message)
            return redirect("investigations:detail", pk=found.pk)
        else:
            return redirect(reverse("investigations:detail", args=[found.pk]) + f"?viewed={view.pk}#last-viewing")
    return _detail_page(request, found, form, http_status=400)


@require_http_methods(["GET", "POST"])
@council_page("investigations.work")
def apply(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    found = selectors.investigation(user=request.user, council=council, pk=pk)
    facts = _facts(council)
    initial = {}
    query = PrefillForm(request.GET)
    if request.method == "GET" and query.is_valid() and query.cleaned_data.get("profile"):
        initial = {"profiles": query.cleaned_data["profile"], "kind": "directed-surveillance"}
    form = ApplyForm(request.POST or None, initial=initial, offences=list(facts.threshold_offences))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.authorisation_apply(
                actor=request.user, investigation=found, kind=data["kind"], subject=data["subject"],
                profiles=(data.get("profiles") or "").splitlines(), necessity=data["necessity"],
                proportionality=data["proportionality"], collateral_intrusion=data["collateral_intrusion"],
                threshold=data.get("threshold") or "", threshold_offence=data.get("threshold_offence") or "",
                confidential_likely=bool(data.get("confidential_likely")))
        except BadInput as exc:
            form.add_problem(exc, default="kind")
        else:
            messages.success(request, "The application is made: it waits for an Authorising Officer's decision.")
            return redirect("investigations:authorisation", pk=made.pk)
    services.investigation_read(actor=request.user, investigation=found, address=address_of(request) or None)
    return render(request, "investigations/apply.html", {"investigation": found, "form": form, "facts": facts},
                  status=400 if form.errors else 200)


@require_POST
@council_page("investigations.work")
def close(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    found = selectors.investigation(user=request.user, council=council, pk=pk)
    CloseForm(request.POST).is_valid()
    try:
        services.investigation_close(actor=request.user, investigation=found)
    except InvalidState as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, f"Investigation {found.reference} is closed.")
    return redirect("investigations:detail", pk=found.pk)


# ---- an authorisation ------------------------------------------------------------------------------------------------

def _authorisation_page(request: HttpRequest, a: Authorisation, forms: dict[str, Any] | None = None,
                        http_status: int = 200) -> HttpResponse:
    services.authorisation_read(actor=request.user, authorisation=a, address=address_of(request) or None)
    council = a.council
    facts = _facts(council)
    forms = forms or {}
    decide = services.decide_refusal(request.user, a) is None
    court = services.court_refusal(request.user, a) is None
    in_effect = a.status == AuthorisationStatus.IN_EFFECT
    may_authorise = can(request.user, "investigations.authorise", council)
    cancellable = services.cancel_refusal(request.user, a) is None
    today = timezone.localdate()
    return render(request, "investigations/authorisation.html", {
        "a": a, "investigation": a.investigation, "status_tag": STATUS_TAGS.get(a.status, ""),
        "approvals": a.approvals.select_related("recorded_by"), "events": a.events.select_related("by"),
        "decide_form": forms.get("decide") or (DecideForm(grades=list(facts.authorising_grades)) if decide
                                               else None),
        "involved_now": decide and services.involved(request.user, a.investigation),
        "own_application": a.applicant_id == request.user.pk and may_authorise
        and a.status == AuthorisationStatus.APPLIED,
        "court_form": forms.get("court") or (CourtForm() if court else None),
        "review_form": forms.get("review") or (ReviewForm() if in_effect and may_authorise else None),
        "renew_form": forms.get("renew") or (RenewForm() if in_effect and may_authorise and not a.renewal_pending
                                             and a.applicant_id != request.user.pk else None),
        "cancel_form": forms.get("cancel") or (CancelForm() if cancellable else None),
        "involved_warning": services.INVOLVED_WARNING, "current": a.is_current(today), "facts": facts,
        "review_overdue": in_effect and a.next_review_on is not None and a.next_review_on <= today,
    }, status=http_status)


@require_GET
@council_page("investigations.pages")
def authorisation(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _authorisation_page(request, selectors.authorisation(user=request.user, council=council, pk=pk))


def _act(request: HttpRequest, a: Authorisation, name: str, form: Any, call: Any, success: Any,
         default: str) -> HttpResponse:
    if form.is_valid():
        try:
            result = call(form.cleaned_data)
        except BadInput as exc:
            form.add_problem(exc, default=default)
        except CivicGuardError as exc:
            if isinstance(exc, InvalidState):
                messages.info(request, exc.message)
                return redirect("investigations:authorisation", pk=a.pk)
            raise
        else:
            messages.success(request, success if not callable(success) else success(result))
            return redirect("investigations:authorisation", pk=a.pk)
    return _authorisation_page(request, a, {name: form}, http_status=400)


@require_POST
@council_page("investigations.authorise")
def decide(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    a = selectors.authorisation(user=request.user, council=council, pk=pk)
    form = DecideForm(request.POST, grades=list(_facts(council).authorising_grades))

    def done(result: Authorisation) -> str:
        said = ("Authorised. It is not in effect until a magistrate approves it: the applicant takes it to the "
                "magistrates' court." if result.status == AuthorisationStatus.AUTHORISED else "The application is "
                "refused, with your reasons.")
        return f"{said} {services.INVOLVED_WARNING}" if result.authoriser_involved else said

    return _act(request, a, "decide", form, lambda d: services.authorisation_decide(
        actor=request.user, authorisation=a, decision=d["decision"], grade=d["grade"], reasons=d["reasons"],
        involved_declared=bool(d.get("involved_declared"))), done, "decision")


@require_POST
@council_page("investigations.court")
def court(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    a = selectors.authorisation(user=request.user, council=council, pk=pk)
    form = CourtForm(request.POST)

    def done(result: Any) -> str:
        a.refresh_from_db()
        if result.decision != "approved":
            return "The magistrate's refusal is recorded."
        return (f"The magistrate's approval is recorded: the authorisation is in effect until "
                f"{a.expires_on.day} {a.expires_on:%B %Y}.") if a.expires_on else "Recorded."

    return _act(request, a, "court", form, lambda d: services.judicial_approval_record(
        actor=request.user, authorisation=a, heard_on=d["heard_on"], court=d["court"], decision=d["decision"],
        notes=d.get("notes") or ""), done, "decision")


@require_POST
@council_page("investigations.authorise")
def review(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    a = selectors.authorisation(user=request.user, council=council, pk=pk)
    return _act(request, a, "review", ReviewForm(request.POST), lambda d: services.authorisation_review(
        actor=request.user, authorisation=a, notes=d["notes"]), "The review is recorded.", "notes")


@require_POST
@council_page("investigations.authorise")
def renew(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    a = selectors.authorisation(user=request.user, council=council, pk=pk)
    return _act(request, a, "renew", RenewForm(request.POST), lambda d: services.authorisation_renew(
        actor=request.user, authorisation=a, reasons=d["reasons"]),
        "The renewal is recorded: it needs a magistrate's approval too.", "reasons")


@require_POST
@council_page("investigations.authorise")
def cancel(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    a = selectors.authorisation(user=request.user, council=council, pk=pk)
    return _act(request, a, "cancel", CancelForm(request.POST), lambda d: services.authorisation_cancel(
        actor=request.user, authorisation=a, reason=d["reason"]), "The authorisation is cancelled.", "reason")


# ---- the central record --------------------------------------------------------------------------------------------

@require_GET
@council_page("investigations.central_record")
def central_record(request: HttpRequest, council: Council) -> HttpResponse:
    rows = services.central_record(actor=request.user, council=council, address=address_of(request) or None)
    from civicguard.apps.investigations.models import PurgeLog

    return render(request, "investigations/central_record.html", {
        "rows": rows, "columns": services.CENTRAL_COLUMNS, "facts": _facts(council),
        "purged": PurgeLog.objects.filter(council=council)[:200]})


@require_GET
@council_page("investigations.central_record")
def central_record_export(request: HttpRequest, council: Council) -> HttpResponse:
    text = services.central_record_csv(actor=request.user, council=council, address=address_of(request) or None)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="ripa-central-record-{council.slug}-'
                                       f'{timezone.localdate().isoformat()}.csv"')
    response["Cache-Control"] = "no-store"
    return response
