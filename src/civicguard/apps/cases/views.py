"""The concern and case pages (issue 18): the list (one's reports, one's removal requests, the cases one may read,
the notices sent to one's role), reporting a concern (St Helens 7.8; Sefton 7.2), a report's page, opening a case
from a report, an escalated comment or a post's finding, a case's page with its actions, its evidence (every view
and download in the chain of custody) and its bundle, a removal request (Sefton 6.4) and a notice.

Who reads a record is access/confidential.py's rule, asked by the services: anything else is a 404, and every read
is logged."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicguard.apps.access.checks import can
from civicguard.apps.access.confidential import confidential_read, may_read_case_of, may_read_notice
from civicguard.apps.access.pages import council_page
from civicguard.apps.cases import selectors, services
from civicguard.apps.cases.forms import (
    CaseNewForm,
    ClassifyForm,
    ConfirmRemovalForm,
    DeadlineForm,
    DecideForm,
    EmptyForm,
    EvidenceForm,
    NoteForm,
    NoticeForm,
    OpenEvidenceForm,
    OwnerForm,
    RemovalForm,
    ReportForm,
    SourceForm,
    read_upload,
)
from civicguard.apps.cases.models import Case, CaseStatus, Classification, PackNotice
from civicguard.apps.councils.models import Council
from civicguard.apps.onboarding.network import address_of
from civicguard.apps.people.models import StaffRecord
from civicguard.errors import BadInput, InvalidState, NotFound


def _agent(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_USER_AGENT", ""))[:300]


# ---- the list ----------------------------------------------------------------------------------------------------

@require_GET
@council_page("cases.report")
def case_list(request: HttpRequest, council: Council) -> HttpResponse:
    user = request.user
    reports = selectors.reports(user=user, council=council)
    cases = selectors.cases(user=user, council=council)
    removals = selectors.removals(user=user, council=council)
    mine = [r for r in reports if r.reporter_id == user.pk]
    to_me = [r for r in reports if r.reporter_id != user.pk and not Case.objects.filter(concern=r).exists()]
    if to_me or cases or removals:
        confidential_read(reader=user, council=council, kind="case", what="The list of concerns and cases",
                          address=address_of(request) or None)
    today = timezone.localdate()
    return render(request, "cases/list.html", {
        "mine": mine, "to_me": to_me,
        "cases": [{"case": c, "clock": services.referral_clock(c, today) if c.status == CaseStatus.OPEN else "",
                   "late": c.status == CaseStatus.OPEN and c.referral_due < today} for c in cases],
        "my_removals": [r for r in removals if r.employee.user_id == user.pk],
        "removals": [r for r in removals if r.employee.user_id != user.pk],
        "notices": selectors.notices_to(user=user, council=council), "now": timezone.now(),
    })


# ---- concern reports ---------------------------------------------------------------------------------------------

def _colleagues(request: HttpRequest, council: Council) -> list[tuple[str, str]]:
    records = StaffRecord.objects.filter(council=council, active=True).exclude(user=request.user).order_by("name")
    return [(str(r.pk), r.name) for r in records]


@require_http_methods(["GET", "POST"])
@council_page("cases.report")
def report_new(request: HttpRequest, council: Council) -> HttpResponse:
    staff = _colleagues(request, council)
    if request.method != "POST":
        return render(request, "cases/report.html", {"form": ReportForm(staff=staff)})
    form = ReportForm(request.POST, request.FILES, staff=staff)
    if form.is_valid():
        data = form.cleaned_data
        subject = StaffRecord.objects.filter(council=council, pk=data["subject"]).first()
        try:
            report = services.concern_report(
                actor=request.user, council=council, subject=subject, link=data["link"], text=data["text"],
                worry=data["worry"], screenshot=read_upload(data.get("screenshot")),
                address=address_of(request) or None, user_agent=_agent(request))
        except BadInput as exc:
            form.add_problem(exc, default="text")
        else:
            messages.success(request, "Thank you: your concern is reported.")
            return redirect("cases:concern", pk=report.pk)
    return render(request, "cases/report.html", {"form": form}, status=400)


def _sees_evidence(user: Any, council: Council, subject: Any) -> bool:
    return may_read_case_of(user, council, subject)


@require_GET
@council_page("cases.report")
def concern(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    report = services.concern_get(user=request.user, council=council, pk=pk)
    report = services.concern_read(actor=request.user, report=report, address=address_of(request) or None)
    case = Case.objects.filter(concern=report).first()
    manager = may_read_case_of(request.user, council, report.subject)
    return render(request, "cases/concern.html", {
        "report": report, "reporter": report.reporter_id == request.user.pk, "case": case if manager else None,
        "has_case": case is not None, "may_open": manager and case is None and can(request.user, "cases.manage",
                                                                                  council),
        "sees_findings": manager,
    })


# ---- opening a case ----------------------------------------------------------------------------------------------

def _manageable(request: HttpRequest, council: Council) -> list[tuple[str, str]]:
    records = StaffRecord.objects.filter(council=council, active=True).select_related("line_manager").order_by("name")
    return [(str(r.pk), r.name) for r in records if may_read_case_of(request.user, council, r)]


def _source(request: HttpRequest, council: Council) -> dict[str, Any]:
    """The concern report, comment or post named in the address (?concern=, ?comment=, ?post=)."""
    form = SourceForm(request.GET)
    chosen = form.cleaned_data if form.is_valid() else {}

    def number(name: str) -> int | None:
        return chosen.get(name) or None

    if (pk := number("concern")) is not None:
        return {"concern": services.concern_get(user=request.user, council=council, pk=pk)}
    if (pk := number("comment")) is not None:
        from civicguard.apps.moderation.models import Comment

        found = Comment.objects.filter(council=council, pk=pk).first()
        if found is None:
            raise NotFound("No such comment among yours")
        return {"comment": found}
    if (pk := number("post")) is not None:
        from civicguard.apps.posts.models import Post

        post = Post.objects.filter(council=council, pk=pk).select_related("author").first()
        if post is None:
            raise NotFound("No such post among yours")
        return {"post": post}
    raise NotFound("Open a case from a concern report, an escalated comment or an official post")


def _default_subject(council: Council, source: dict[str, Any]) -> str:
    post = source.get("post")
    if post is not None:
        record = StaffRecord.objects.filter(council=council, user=post.author, active=True).first()
        return str(record.pk) if record else ""
    return ""


@require_http_methods(["GET", "POST"])
@council_page("cases.manage")
def case_new(request: HttpRequest, council: Council) -> HttpResponse:
    source = _source(request, council)
    concern_report = source.get("concern")
    staff = None if concern_report is not None else _manageable(request, council)
    context: dict[str, Any] = {"source": source, "concern": concern_report, "comment": source.get("comment"),
                               "post": source.get("post"), "query": request.GET.urlencode()}
    if concern_report is not None:
        existing = Case.objects.filter(concern=concern_report).first()
        if existing is not None:
            messages.info(request, "A case is already open from this concern report.")
            return redirect("cases:detail", pk=existing.pk)
    if request.method != "POST":
        form = CaseNewForm(staff=staff, initial={"subject": _default_subject(council, source)})
        return render(request, "cases/new.html", {**context, "form": form})
    form = CaseNewForm(request.POST, staff=staff)
    if form.is_valid():
        subject = None
        if staff is not None:
            subject = StaffRecord.objects.filter(council=council, pk=form.cleaned_data["subject"]).first()
        try:
            case = services.case_open(actor=request.user, council=council, subject=subject,
                                      summary=form.cleaned_data.get("summary", ""), address=address_of(request) or None,
                                      user_agent=_agent(request), **source)
        except (BadInput, InvalidState) as exc:
            form.add_problem(exc, default="summary")
        else:
            messages.success(request, f"Case {case.reference} is open.")
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/new.html", {**context, "form": form}, status=400)


# ---- a case ------------------------------------------------------------------------------------------------------

def _case(request: HttpRequest, council: Council, pk: int) -> Case:
    return services.case_get(user=request.user, council=council, pk=pk)


def _people(case: Case) -> list[tuple[str, str]]:
    return [(str(u.pk), u.get_full_name() or u.get_username()) for u in services.owner_choices(case)]


def _detail(request: HttpRequest, case: Case, forms: dict[str, Any] | None = None,
            http_status: int = 200) -> HttpResponse:
    from civicguard.apps.evidence.selectors import custody_of

    services.case_read(actor=request.user, case=case, address=address_of(request) or None)
    user, council = request.user, case.council
    manage = can(user, "cases.manage", council)
    hr = can(user, "cases.classify", council)
    forms = forms or {}
    open_states = selectors.OPEN_STATES
    shown: dict[str, Any] = {
        "note_form": forms.get("note") or (NoteForm(id_prefix="note_") if manage else None),
        "owner_form": forms.get("owner") or (OwnerForm(people=_people(case), id_prefix="owner_",
                                                       initial={"owner": case.owner_id})
                                             if manage and case.status != CaseStatus.CLOSED else None),
        "deadline_form": forms.get("deadline") or (DeadlineForm(id_prefix="deadline_")
                                                   if manage and case.status in open_states else None),
        "evidence_form": forms.get("evidence") or (EvidenceForm(id_prefix="evidence_")
                                                   if manage and case.status != CaseStatus.CLOSED else None),
        "removal_form": forms.get("removal") or (RemovalForm(id_prefix="removal_")
                                                 if manage and case.status not in (CaseStatus.CLOSED,)
                                                 and case.subject.user_id else None),
        "classify_form": forms.get("classify") or (ClassifyForm(id_prefix="classify_",
                                                                initial={"classification": case.classification
                                                                         or case.proposed})
                                                   if hr and case.status in (CaseStatus.REFERRED,
                                                                             CaseStatus.CLASSIFIED) else None),
        "decide_form": forms.get("decide") or (DecideForm(id_prefix="decide_")
                                               if hr and case.status in (CaseStatus.CLASSIFIED,
                                                                         CaseStatus.INVESTIGATING) else None),
    }
    sent = {n.rule for n in case.notices.all()}
    due = [{"rule": rule, "sent": rule.slug in sent,
            "form": forms.get(f"notice-{rule.slug}") or NoticeForm(
                id_prefix=f"notice_{rule.slug}_", initial={"rule": rule.slug,
                                                           "text": services.notice_text(case, rule)})}
           for rule in services.notices_due(case)] if manage else []
    errors = [f for f in list(shown.values()) + [d["form"] for d in due] if f is not None and f.errors]
    evidence = [{"item": item, "custody": list(custody_of(item))} for item in case.evidence.all()]
    return render(request, "cases/detail.html", {
        "case": case, **shown, "failed_forms": errors, "notices_due": due, "evidence": evidence,
        "clock": services.referral_clock(case), "late": case.referred_at is None and
        case.referral_due < timezone.localdate(),
        "may_refer": manage and case.status == CaseStatus.OPEN,
        "may_investigate": hr and case.status == CaseStatus.CLASSIFIED,
        "may_close": hr and case.status == CaseStatus.DECIDED, "may_bundle": manage and case.evidence.exists(),
        "gross": case.proposed == Classification.GROSS, "steps": case.steps.select_related("actor"),
        "notes": case.notes.select_related("author"), "decisions": case.decisions.select_related("decided_by"),
        "removals": case.removals.all(), "notices": case.notices.select_related("sent_by"), "now": timezone.now(),
    }, status=http_status)


@require_GET
@council_page("cases.report")
def detail(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _detail(request, _case(request, council, pk))


def _act(request: HttpRequest, council: Council, pk: int, done: str, call: Any) -> HttpResponse:
    """A button-only action: refer, start the investigation, close."""
    case = _case(request, council, pk)
    EmptyForm(request.POST).is_valid()
    try:
        call(case)
    except InvalidState as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("cases:detail", pk=case.pk)


@require_POST
@council_page("cases.manage")
def refer(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _act(request, council, pk, "The case is referred to HR.",
                lambda case: services.case_refer(actor=request.user, case=case))


@require_POST
@council_page("cases.classify")
def investigate(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _act(request, council, pk, "The investigation has started.",
                lambda case: services.case_investigate(actor=request.user, case=case))


@require_POST
@council_page("cases.classify")
def close(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _act(request, council, pk, "The case is closed.",
                lambda case: services.case_close(actor=request.user, case=case))


def _form_action(request: HttpRequest, council: Council, pk: int, key: str, form: Any, default: str,
                 call: Any, done: str) -> HttpResponse:
    case = _case(request, council, pk)
    if form.is_valid():
        try:
            call(case, form.cleaned_data)
        except InvalidState as exc:
            messages.info(request, exc.message)
            return redirect("cases:detail", pk=case.pk)
        except BadInput as exc:
            form.add_problem(exc, default=default)
        else:
            messages.success(request, done)
            return redirect("cases:detail", pk=case.pk)
    return _detail(request, case, {key: form}, http_status=400)


@require_POST
@council_page("cases.classify")
def classify_case(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _form_action(request, council, pk, "classify", ClassifyForm(request.POST, id_prefix="classify_"),
                        "reasons", lambda case, d: services.case_classify(
                            actor=request.user, case=case, classification=d["classification"],
                            reasons=d["reasons"]), "The classification is recorded.")


@require_POST
@council_page("cases.classify")
def decide(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _form_action(request, council, pk, "decide", DecideForm(request.POST, id_prefix="decide_"), "reasons",
                        lambda case, d: services.case_decide(actor=request.user, case=case, outcome=d["outcome"],
                                                             reasons=d["reasons"], sanction=d["sanction"]),
                        "The outcome is recorded.")


@require_POST
@council_page("cases.manage")
def note(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _form_action(request, council, pk, "note", NoteForm(request.POST, id_prefix="note_"), "note",
                        lambda case, d: services.case_note_add(actor=request.user, case=case, text=d["note"]),
                        "The note is added.")


@require_POST
@council_page("cases.manage")
def owner(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    from django.contrib.auth import get_user_model

    case = _case(request, council, pk)
    form = OwnerForm(request.POST, people=_people(case), id_prefix="owner_")
    return _form_action(request, council, pk, "owner", form, "owner", lambda case, d: services.case_owner_set(
        actor=request.user, case=case, owner=get_user_model().objects.filter(pk=d["owner"]).first()),
        "The owner is set.")


@require_POST
@council_page("cases.manage")
def deadline(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _form_action(request, council, pk, "deadline", DeadlineForm(request.POST, id_prefix="deadline_"),
                        "deadline", lambda case, d: services.case_deadline_set(
                            actor=request.user, case=case, deadline=d["deadline"], what=d["deadline_for"]),
                        "The deadline is set.")


@require_POST
@council_page("cases.manage")
def evidence_add(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    form = EvidenceForm(request.POST, request.FILES, id_prefix="evidence_")
    return _form_action(request, council, pk, "evidence", form, "file", lambda case, d: services.case_evidence_add(
        actor=request.user, case=case, upload=read_upload(d.get("file")) or services.Upload("", b""),
        description=d["description"], source_url=d.get("source_url") or "", address=address_of(request) or None,
        user_agent=_agent(request)), "The evidence is added to the case.")


@require_POST
@council_page("cases.manage")
def removal_new(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _form_action(request, council, pk, "removal", RemovalForm(request.POST, id_prefix="removal_"),
                        "postings", lambda case, d: services.removal_request(
                            actor=request.user, case=case, postings=d["postings"], deadline=d.get("deadline"),
                            note=d.get("note") or ""), "The employee is asked to remove the postings.")


@require_POST
@council_page("cases.manage")
def notice_send(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    form = NoticeForm(request.POST)
    slug = "".join(c for c in form.cleaned_data["rule"][:100] if c.isalnum() or c == "-") if form.is_valid() else ""
    form.id_prefix, form.auto_id = f"notice_{slug}_", f"notice_{slug}_%s"  # as the case page drew it
    return _form_action(request, council, pk, f"notice-{slug}", form, "text",
                        lambda case, d: services.notice_send(actor=request.user, case=case, rule_slug=d["rule"],
                                                             text=d["text"]), "The notice is sent.")


@require_GET
@council_page("cases.report")
def evidence_file(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    form = OpenEvidenceForm(request.GET)
    download = bool(form.cleaned_data.get("download")) if form.is_valid() else False
    _, found, data = services.case_evidence_open(actor=request.user, council=council, item_pk=pk,
                                                 action="download" if download else "view",
                                                 address=address_of(request) or None)
    # A picture is shown as it is; captured text and web pages are shown as plain text (never run as a page).
    picture = found.content_type.startswith("image/")
    content_type = found.content_type if picture or download else "text/plain; charset=utf-8"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(download, f"{found.pk}-{found.file_name}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@council_page("cases.manage")
def bundle(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    case = _case(request, council, pk)
    data = services.case_bundle(actor=request.user, case=case, address=address_of(request) or None)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-evidence-bundle.zip"'
    response["Cache-Control"] = "no-store"
    return response


# ---- removal requests --------------------------------------------------------------------------------------------

def _removal_page(request: HttpRequest, removal: Any, form: ConfirmRemovalForm | None,
                  http_status: int = 200) -> HttpResponse:
    services.removal_read(actor=request.user, removal=removal, address=address_of(request) or None)
    return render(request, "cases/removal.html", {
        "removal": removal, "form": form, "state": removal.state(), "employee": removal.employee.user_id ==
        request.user.pk, "sees_case": may_read_case_of(request.user, removal.case.council, removal.case.subject),
    }, status=http_status)


@require_GET
@council_page("cases.report")
def removal(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    found = services.removal_get(user=request.user, council=council, pk=pk)
    form = (ConfirmRemovalForm() if found.employee.user_id == request.user.pk and found.confirmed_at is None
            else None)
    return _removal_page(request, found, form)


@require_POST
@council_page("cases.report")
def removal_confirm(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    found = services.removal_get(user=request.user, council=council, pk=pk)
    form = ConfirmRemovalForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.removal_confirm(actor=request.user, removal=found,
                                     screenshot=read_upload(form.cleaned_data.get("screenshot")),
                                     note=form.cleaned_data.get("note") or "", address=address_of(request) or None,
                                     user_agent=_agent(request))
        except InvalidState as exc:
            messages.info(request, exc.message)
            return redirect("cases:removal", pk=found.pk)
        except BadInput as exc:
            form.add_problem(exc, default="screenshot")
        else:
            messages.success(request, "Thank you: the removal is confirmed.")
            return redirect("cases:removal", pk=found.pk)
    return _removal_page(request, found, form, http_status=400)


# ---- notices -----------------------------------------------------------------------------------------------------

def _notice(request: HttpRequest, council: Council, pk: int) -> PackNotice:
    found = PackNotice.objects.select_related("case", "case__council", "case__subject", "sent_by").filter(
        case__council=council, pk=pk).first()
    if found is None or not may_read_notice(request.user, found):
        raise NotFound("No such notice among yours")
    return found


@require_GET
@council_page("cases.report")
def notice(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    found = _notice(request, council, pk)
    confidential_read(reader=request.user, council=council, kind="case", what=f"Notice {found.pk} about a case",
                      object_id=found.case_id, address=address_of(request) or None)
    recipient = bool(found.role) and found.role in _roles(request, council)
    return render(request, "cases/notice.html", {
        "notice": found, "may_acknowledge": recipient and found.acknowledged_at is None,
        "sees_case": may_read_case_of(request.user, council, found.case.subject)})


def _roles(request: HttpRequest, council: Council) -> set[str]:
    from civicguard.apps.access.checks import roles_in

    return roles_in(request.user, council)


@require_POST
@council_page("cases.report")
def notice_acknowledge(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    found = _notice(request, council, pk)
    EmptyForm(request.POST).is_valid()
    try:
        services.notice_acknowledge(actor=request.user, notice=found)
    except InvalidState as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, "Thank you: the notice is acknowledged.")
    return redirect("cases:notice", pk=found.pk)
