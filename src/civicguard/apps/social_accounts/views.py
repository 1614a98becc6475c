"""The council's official accounts and the business cases for new ones: the list, an account's record, its
changes and going live; the business case's task list, sections, check answers, decision and the account made
from it; the providers deemed inappropriate. Thin: the services decide who may and what is complete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicguard.apps.access.checks import can, represents
from civicguard.apps.access.pages import council_page
from civicguard.apps.councils.models import Council
from civicguard.apps.social_accounts import services
from civicguard.apps.social_accounts.forms import (
    SECTION_FORMS,
    AccountCreateForm,
    AccountEditForm,
    CaseStartForm,
    CloseForm,
    DecisionForm,
    EndorsementForm,
    ProviderForm,
    SectionChoiceForm,
)
from civicguard.apps.social_accounts.models import (
    AccountStatus,
    BusinessCase,
    CaseState,
    InappropriateProvider,
    SocialAccount,
)
from civicguard.apps.staff.models import RoleAssignment
from civicguard.errors import CivicGuardError, InvalidState

# ---- accounts ---------------------------------------------------------------------------------------------------


@require_GET
@council_page("accounts.view")
def account_list(request: HttpRequest, council: Council) -> HttpResponse:
    accounts = SocialAccount.objects.filter(council=council).select_related("service_area")
    rows = [{"account": a, "yours": represents(request.user, a)} for a in accounts]
    return render(request, "social_accounts/list.html", {
        "rows": rows, "can_view_cases": can(request.user, "business_cases.view", council)})


def _account(council: Council, pk: int) -> SocialAccount:
    return get_object_or_404(SocialAccount.objects.filter(council=council).select_related(
        "service_area", "owner", "business_case"), pk=pk)


def _account_page(request: HttpRequest, council: Council, account: SocialAccount, *,
                  close_form: CloseForm | None = None, status: int = 200) -> HttpResponse:
    reps = RoleAssignment.objects.filter(council=council, role="representative", account=account).select_related(
        "user")
    can_close = services.account_close_refusal(request.user, account) is None
    return render(request, "social_accounts/detail.html", {
        "account": account, "representatives": [r.user for r in reps],
        "can_manage": services.account_manage_refusal(request.user, account) is None
        and account.status != AccountStatus.CLOSED,
        "can_go_live": services.go_live_refusal(request.user, account) is None,
        "missing": [m for _, m in services.go_live_missing(account)],
        "login_email_recorded": bool(account.login_email),
        "close_form": (close_form or CloseForm()) if can_close else None,
    }, status=status)


@require_GET
@council_page("accounts.view")
def account_detail(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _account_page(request, council, _account(council, pk))


@require_POST
@council_page("accounts.view")
def account_close(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    """Close the account (the confirm form on its record): it leaves the public register for good."""
    account = _account(council, pk)
    refusal = services.account_close_refusal(request.user, account)
    if isinstance(refusal, InvalidState):
        messages.error(request, refusal.message)
        return redirect("social_accounts:detail", pk=account.pk)
    if refusal is not None:
        raise refusal
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.account_close(account=account, actor=request.user, **form.cleaned_data)
        except CivicGuardError as exc:
            form.add_problem(exc)
        else:
            messages.success(request, f"{account} is closed. It is no longer on the public register.")
            return redirect("social_accounts:detail", pk=account.pk)
    return _account_page(request, council, account, close_form=form, status=400)


def _account_values(account: SocialAccount) -> dict[str, Any]:
    return {"handle": account.handle, "profile_url": account.profile_url, "platform_id": account.platform_id,
            "conditions_version": account.conditions_version,
            "conditions_accepted_on": account.conditions_accepted_on,
            "identifies_council": account.identifies_council, "branding_appropriate": account.branding_appropriate,
            "feedback_info": account.feedback_info}


@require_http_methods(["GET", "POST"])
@council_page("accounts.view")
def account_edit(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    account = _account(council, pk)
    refusal = services.account_manage_refusal(request.user, account)
    if refusal is not None:
        raise refusal
    if request.method != "POST":
        form = AccountEditForm(initial=_account_values(account))
        return render(request, "social_accounts/edit.html", {"account": account, "form": form})
    form = AccountEditForm(request.POST)
    if form.is_valid():
        try:
            services.account_update(account=account, actor=request.user, **form.cleaned_data)
        except CivicGuardError as exc:
            form.add_problem(exc)
        else:
            messages.success(request, f"{account} is updated.")
            return redirect("social_accounts:detail", pk=account.pk)
    form.show(login_email="")  # never drawn back, not even as typed (St Helens 6.8)
    return render(request, "social_accounts/edit.html", {"account": account, "form": form}, status=400)


@require_http_methods(["GET", "POST"])
@council_page("accounts.view")
def account_go_live(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    account = _account(council, pk)
    refusal = services.go_live_refusal(request.user, account)
    if isinstance(refusal, InvalidState):
        messages.error(request, refusal.message)
        return redirect("social_accounts:detail", pk=account.pk)
    if refusal is not None:
        raise refusal
    problems: list[str] = []
    if request.method == "POST":
        try:
            services.account_go_live(account=account, actor=request.user)
        except CivicGuardError as exc:
            problems = list(exc.data.get("missing") or [exc.message])
        else:
            messages.success(request, f"{account} is live and listed on the public register.")
            return redirect("social_accounts:detail", pk=account.pk)
    return render(request, "social_accounts/go_live.html", {
        "account": account, "missing": [m for _, m in services.go_live_missing(account)], "problems": problems,
    }, status=400 if problems else 200)


# ---- inappropriate providers (St Helens 6.11) ----------------------------------------------------------------


@require_GET
@council_page("accounts.view")
def providers(request: HttpRequest, council: Council) -> HttpResponse:
    return render(request, "social_accounts/providers.html", {
        "providers": InappropriateProvider.objects.filter(council=council).select_related("recorded_by"),
        "can_add": can(request.user, "accounts.manage", council)})


@require_http_methods(["GET", "POST"])
@council_page("accounts.manage")
def provider_add(request: HttpRequest, council: Council) -> HttpResponse:
    form = ProviderForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.provider_add(council=council, actor=request.user, **form.cleaned_data)
        except CivicGuardError as exc:
            form.add_problem(exc)
        else:
            messages.success(request, f"{provider} is on the list of inappropriate providers.")
            return redirect("social_accounts:providers")
    return render(request, "social_accounts/provider_add.html", {"form": form},
                  status=400 if form.is_bound else 200)


# ---- business cases ---------------------------------------------------------------------------------------------


def _case(council: Council, pk: int) -> BusinessCase:
    return get_object_or_404(BusinessCase.objects.filter(council=council).select_related(
        "author", "decided_by", "endorsed_by", "service_area"), pk=pk)


@require_GET
@council_page("business_cases.view")
def case_list(request: HttpRequest, council: Council) -> HttpResponse:
    cases = BusinessCase.objects.filter(council=council).select_related("author", "service_area")
    return render(request, "social_accounts/cases.html", {
        "cases": cases, "can_start": services.case_author_refusal(request.user, council) is None})


@require_http_methods(["GET", "POST"])
@council_page("business_cases.draft")
def case_new(request: HttpRequest, council: Council) -> HttpResponse:
    refusal = services.case_author_refusal(request.user, council)
    if refusal is not None:
        raise refusal
    form = CaseStartForm(request.POST if request.method == "POST" else None, council=council)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.business_case_create(council=council, actor=request.user, **form.cleaned_data)
        except CivicGuardError as exc:
            form.add_problem(exc)
        else:
            return redirect("social_accounts:case", pk=case.pk)
    return render(request, "social_accounts/case_new.html", {"form": form}, status=400 if form.is_bound else 200)


def _answers(case: BusinessCase) -> list[dict[str, Any]]:
    out = []
    for slug, heading, fields in services.SECTIONS:
        rows = []
        for name in fields:
            if name == "service_area":
                value = case.service_area.name if case.service_area else ""
            elif name == "platform":
                value = case.get_platform_display() if case.platform else ""
            else:
                value = getattr(case, name)
            rows.append({"name": name, "label": services.CASE_FIELD_LABELS[name], "value": value})
        out.append({"slug": slug, "heading": heading, "rows": rows})
    return out


def _case_page(request: HttpRequest, council: Council, case: BusinessCase, *,
               endorse_form: EndorsementForm | None = None, status: int = 200) -> HttpResponse:
    account = SocialAccount.objects.filter(business_case=case).first()
    can_endorse = services.case_endorse_refusal(request.user, case) is None
    return render(request, "social_accounts/case.html", {
        "case": case, "sections": services.section_status(case), "answers": _answers(case),
        "can_edit": services.case_edit_refusal(request.user, case) is None,
        "can_decide": services.case_decide_refusal(request.user, case) is None,
        "can_create": services.account_create_refusal(request.user, case) is None,
        "endorse_form": (endorse_form or EndorsementForm()) if can_endorse else None,
        "complete": not services.case_missing(case), "account": account,
        "provider_reason": services.provider_refusal(council, case.platform) if case.platform else None,
    }, status=status)


@require_GET
@council_page("business_cases.view")
def case_detail(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _case_page(request, council, _case(council, pk))


@require_POST
@council_page("business_cases.view")
def case_endorse(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    """Endorse or return a case (the form on the case's page: St Helens 9.11, the author's service manager)."""
    case = _case(council, pk)
    refusal = services.case_endorse_refusal(request.user, case)
    if isinstance(refusal, InvalidState):
        messages.error(request, refusal.message)
        return redirect("social_accounts:case", pk=case.pk)
    if refusal is not None:
        raise refusal
    form = EndorsementForm(request.POST)
    if form.is_valid():
        try:
            case = services.business_case_endorse(case=case, actor=request.user, **form.cleaned_data)
        except CivicGuardError as exc:
            form.add_problem(exc)
        else:
            messages.success(request, "You endorsed the business case: it waits for the approver's decision."
                             if case.state == CaseState.SUBMITTED else "The business case is returned to its author.")
            return redirect("social_accounts:case", pk=case.pk)
    return _case_page(request, council, case, endorse_form=form, status=400)


def _editable(request: HttpRequest, case: BusinessCase) -> HttpResponse | None:
    refusal = services.case_edit_refusal(request.user, case)
    if isinstance(refusal, InvalidState):
        messages.error(request, refusal.message)
        return redirect("social_accounts:case", pk=case.pk)
    if refusal is not None:
        raise refusal
    return None


@require_http_methods(["GET", "POST"])
@council_page("business_cases.draft")
def case_section(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    case = _case(council, pk)
    choice = SectionChoiceForm(request.GET)
    if not choice.is_valid():
        raise Http404("No such section")
    section = choice.cleaned_data["section"]
    stop = _editable(request, case)
    if stop is not None:
        return stop
    form_class = SECTION_FORMS[section]
    heading = next(h for s, h, _ in services.SECTIONS if s == section)
    if request.method != "POST":
        initial = {name: getattr(case, name) for name in form_class.base_fields}
        if "service_area" in initial:
            initial["service_area"] = case.service_area_id or ""
        form = form_class(initial=initial, council=council)
        return render(request, "social_accounts/case_section.html",
                      {"case": case, "form": form, "heading": heading, "section": section})
    form = form_class(request.POST, council=council)
    if form.is_valid():
        try:
            services.business_case_update(case=case, actor=request.user, **form.cleaned_data)
        except CivicGuardError as exc:
            form.add_problem(exc)
        else:
            return redirect("social_accounts:case", pk=case.pk)
    return render(request, "social_accounts/case_section.html",
                  {"case": case, "form": form, "heading": heading, "section": section}, status=400)


@require_http_methods(["GET", "POST"])
@council_page("business_cases.draft")
def case_check(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    """Check your answers, then submit."""
    case = _case(council, pk)
    stop = _editable(request, case)
    if stop is not None:
        return stop
    problems: list[str] = []
    if request.method == "POST":
        try:
            case = services.business_case_submit(case=case, actor=request.user)
        except CivicGuardError as exc:
            problems = [exc.message]
        else:
            if case.state == CaseState.REFUSED:
                messages.error(request, f"The business case was refused. {case.decision_reason}")
            elif case.state == CaseState.ENDORSEMENT:
                messages.success(request, "The business case is submitted to your service manager to endorse.")
            else:
                messages.success(request, "The business case is submitted for a decision.")
            return redirect("social_accounts:case", pk=case.pk)
    return render(request, "social_accounts/case_check.html", {
        "case": case, "answers": _answers(case), "problems": problems,
        "missing": [services.CASE_FIELD_LABELS[f] for f in services.case_missing(case)],
    }, status=400 if problems else 200)


@require_http_methods(["GET", "POST"])
@council_page("business_cases.decide")
def case_decide(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    case = _case(council, pk)
    refusal = services.case_decide_refusal(request.user, case)
    if isinstance(refusal, InvalidState):
        messages.error(request, refusal.message)
        return redirect("social_accounts:case", pk=case.pk)
    if refusal is not None:
        raise refusal
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.business_case_decide(case=case, actor=request.user, **form.cleaned_data)
        except CivicGuardError as exc:
            form.add_problem(exc)
        else:
            messages.success(request, f"The business case is {case.get_state_display().lower()}.")
            return redirect("social_accounts:case", pk=case.pk)
    return render(request, "social_accounts/case_decide.html",
                  {"case": case, "answers": _answers(case), "form": form}, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@council_page("accounts.manage")
def case_account(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    """Create the account an approved case asked for (the section the pack names: St Helens 6.2)."""
    case = _case(council, pk)
    refusal = services.account_create_refusal(request.user, case)
    if isinstance(refusal, InvalidState):
        messages.error(request, refusal.message)
        return redirect("social_accounts:case", pk=case.pk)
    if refusal is not None:
        raise refusal
    if request.method != "POST":
        form = AccountCreateForm(initial={"handle": case.handle})
        return render(request, "social_accounts/case_account.html", {"case": case, "form": form})
    form = AccountCreateForm(request.POST)
    if form.is_valid():
        try:
            account = services.account_create_from_case(case=case, actor=request.user, **form.cleaned_data)
        except CivicGuardError as exc:
            form.add_problem(exc)
        else:
            messages.success(request, f"{account} is created. Complete its checklist, then make it live.")
            return redirect("social_accounts:detail", pk=account.pk)
    form.show(login_email="")  # never drawn back, not even as typed (St Helens 6.8)
    return render(request, "social_accounts/case_account.html", {"case": case, "form": form}, status=400)
