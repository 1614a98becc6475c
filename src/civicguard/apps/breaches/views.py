"""The personal data breach pages (UK GDPR articles 33-34): the list with each record's ICO clock, opening a record
(prefilled from a comment the moderation queue removed for personal information: /breaches/new/?comment=ID), a
record's page, and the Data Protection Officer's forms: the assessment, the ICO, the people, the notices, closing.

Thin: read the form, call a service, show the result. A record the person may not read is a 404 (access/
confidential.py decides); every page that shows a record logs the read (`services.breach_read`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicguard.apps.access.checks import can, roles_in
from civicguard.apps.access.confidential import breach_readers
from civicguard.apps.access.pages import council_page
from civicguard.apps.breaches import selectors, services
from civicguard.apps.breaches.forms import AssessForm, CloseForm, FromForm, IcoForm, NoticeForm, OpenForm, PeopleForm
from civicguard.apps.breaches.models import DATA_CHOICES, DataBreach, Risk, Source, Status
from civicguard.apps.councils.models import Council
from civicguard.apps.onboarding.network import address_of
from civicguard.common.forms import GovukForm
from civicguard.errors import CivicGuardError, InvalidState, NotFound

STATUS_TAGS = {Status.OPEN: "govuk-tag--yellow", Status.ASSESSED: "govuk-tag--blue", Status.CLOSED: "govuk-tag--grey"}
CLOCK_TAGS = {"running": "govuk-tag--yellow", "overdue": "govuk-tag--red", "told": "govuk-tag--green",
              "not-required": "govuk-tag--grey"}


def _row(breach: DataBreach, now: Any) -> dict[str, Any]:
    found = selectors.clock(breach, now)
    tag = "govuk-tag--red" if found.urgent else CLOCK_TAGS[found.state]
    return {"breach": breach, "clock": found, "clock_tag": tag, "status_tag": STATUS_TAGS[Status(breach.status)]}


@require_GET
@council_page("breaches.open")
def breach_list(request: HttpRequest, council: Council) -> HttpResponse:
    breaches = list(selectors.readable(user=request.user, council=council).order_by("status", "-aware_at", "-id"))
    services.breach_list_read(actor=request.user, council=council, breaches=breaches, address=address_of(request))
    now = timezone.now()
    rows = [_row(b, now) for b in breaches]
    return render(request, "breaches/list.html", {
        "open_rows": [r for r in rows if r["breach"].status != Status.CLOSED],
        "closed_rows": [r for r in rows if r["breach"].status == Status.CLOSED],
        "sees_all": bool(roles_in(request.user, council) & breach_readers(council)),
        "hours": selectors.ico_hours(council),
    })


# ---- opening ----------------------------------------------------------------------------------------------------

def _comment(request: HttpRequest, council: Council, pk: Any) -> Any:
    from civicguard.apps.moderation.models import Comment

    if not can(request.user, "comments.view", council):
        raise NotFound("No such comment among yours")
    found = Comment.objects.filter(council=council, pk=pk).select_related("account", "latest_check",
                                                                         "council").first()
    if found is None:
        raise NotFound("No such comment among yours")
    return found


def _post(request: HttpRequest, council: Council, pk: Any) -> Any:
    from civicguard.apps.posts.selectors import posts_visible

    found = posts_visible(user=request.user, council=council).filter(pk=pk).first()
    if found is None:
        raise NotFound("No such post among yours")
    return found


def _prefill(council: Council, item: Any, kind: str) -> dict[str, Any]:
    """What the form starts with, from a comment or post and its check's personal data findings."""
    findings = list(((item.latest_check.result or {}) if item.latest_check else {}).get("findings", []))
    data = selectors.data_categories_of(council, findings) or ["names"]
    labels = [label.split(" (")[0].lower() for code, label in DATA_CHOICES if code in data]
    where = f"{item.account.handle} ({item.account.get_platform_display()})"
    if kind == "comment":
        removed = selectors.removed_for_personal_data(item)
        what = (f"Comment {item.pk} on {where} disclosed personal information ({', '.join(labels)}) about someone "
                f"other than its author, and was public on the council's page until "
                f"{'a moderator removed it' if removed else 'it was hidden or removed'}.")
        containment = (f"Comment {item.pk} was removed from {item.account.get_platform_display()} by the moderation "
                       "team." if removed else "")
        return {"source": Source.COMMENT, "comment": item.pk, "what": what, "data_categories": data,
                "people_categories": ["residents"], "people_count": 1, "containment": containment}
    what = f"Post {item.pk} on {where} disclosed personal information ({', '.join(labels)})."
    return {"source": Source.POST, "post": item.pk, "what": what, "data_categories": data,
            "people_categories": ["residents"], "people_count": 1}


def _new_page(request: HttpRequest, council: Council, form: OpenForm, source: Any = None,
              status: int = 200) -> HttpResponse:
    awareness = None
    if source is not None and hasattr(source, "decisions"):
        awareness = selectors.comment_awareness(source)
    return render(request, "breaches/new.html", {"form": form, "source": source, "awareness": awareness,
                                                 "hours": selectors.ico_hours(council)}, status=status)


@require_http_methods(["GET", "POST"])
@council_page("breaches.open")
def new(request: HttpRequest, council: Council) -> HttpResponse:
    if request.method != "POST":
        source = None
        initial: dict[str, Any] = {"source": Source.OTHER, "people_count": 1}
        chosen = FromForm(request.GET).chosen()
        if chosen is not None:
            kind, pk = chosen
            source = _comment(request, council, pk) if kind == "comment" else _post(request, council, pk)
            initial = _prefill(council, source, kind)
        return _new_page(request, council, OpenForm(initial=initial), source)
    form = OpenForm(request.POST)
    if not form.is_valid():
        return _new_page(request, council, form, status=400)
    data = form.cleaned_data
    try:
        comment = _comment(request, council, data["comment"]) if data["source"] == Source.COMMENT else None
        post = _post(request, council, data["post"]) if data["source"] == Source.POST and data["post"] else None
        breach = services.breach_open(
            actor=request.user, council=council, source=data["source"], comment=comment, post=post,
            source_description=data["source_description"], what=data["what"],
            people_categories=data["people_categories"], data_categories=data["data_categories"],
            people_count=data["people_count"], aware_at=data.get("aware_at"), containment=data["containment"])
    except NotFound as exc:
        form.add_error("comment" if data["source"] == Source.COMMENT else "post", exc.message)
        return _new_page(request, council, form, status=400)
    except CivicGuardError as exc:
        form.add_problem(exc)
        return _new_page(request, council, form, status=400)
    messages.success(request, f"Personal data breach record {breach.pk} is open. "
                              f"{selectors.clock(breach).text}.")
    return redirect("breaches:detail", pk=breach.pk)


# ---- a record ---------------------------------------------------------------------------------------------------

def _read(request: HttpRequest, council: Council, pk: int, what: str = "") -> DataBreach:
    breach = selectors.breach_get(user=request.user, council=council, pk=pk)
    return services.breach_read(actor=request.user, breach=breach, address=address_of(request), what=what)


def _context(request: HttpRequest, breach: DataBreach) -> dict[str, Any]:
    now = timezone.now()
    row = _row(breach, now)
    return {**row, "manages": selectors.manages(request.user, breach), "notices": list(breach.notices.select_related(
        "sent_by")), "due": selectors.notices_due(breach), "missing": selectors.notices_missing(breach),
        "problems": selectors.close_refusals(breach), "high": breach.risk == Risk.HIGH,
        "sees_comment": breach.comment_id is not None and can(request.user, "comments.view", breach.council),
        "hours": selectors.ico_hours(breach.council)}


@require_GET
@council_page("breaches.open")
def detail(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    breach = _read(request, council, pk)
    return render(request, "breaches/detail.html", {**_context(request, breach), "close_form": CloseForm()})


def _form_page(request: HttpRequest, breach: DataBreach, template: str, form: GovukForm | None,
               status: int = 200, **extra: Any) -> HttpResponse:
    return render(request, template, {**_context(request, breach), "form": form, **extra}, status=status)


def _manage(request: HttpRequest, council: Council, pk: int, what: str) -> DataBreach:
    """The record, read (logged) for one of the DPO's forms; NotFound for a non-reader, NotAllowed (403) for a
    reader who may not decide (its opener)."""
    breach = selectors.breach_get(user=request.user, council=council, pk=pk)
    services.require_manager(request.user, breach)
    return services.breach_read(actor=request.user, breach=breach, address=address_of(request), what=what)


def _closed(request: HttpRequest, breach: DataBreach) -> HttpResponse | None:
    if breach.status == Status.CLOSED:
        messages.info(request, "This breach record is closed: nothing more can be changed.")
        return redirect("breaches:detail", pk=breach.pk)
    return None


@require_http_methods(["GET", "POST"])
@council_page("breaches.manage")
def assess(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    breach = _manage(request, council, pk, f"Personal data breach record {pk}: the assessment form")
    if (done := _closed(request, breach)) is not None:
        return done
    if request.method != "POST":
        initial = {"risk": breach.risk, "risk_reasons": breach.risk_reasons,
                   "ico_required": {True: "yes", False: "no"}.get(breach.ico_required, ""),
                   "ico_not_required_reason": breach.ico_not_required_reason}
        return _form_page(request, breach, "breaches/assess.html", AssessForm(initial=initial))
    form = AssessForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.breach_assess(actor=request.user, breach=breach, risk=data["risk"], reasons=data["risk_reasons"],
                                   ico_required=data["ico_required"] == "yes",
                                   ico_not_required_reason=data["ico_not_required_reason"])
        except CivicGuardError as exc:
            form.add_problem(exc)
        else:
            messages.success(request, "The assessment is recorded.")
            return redirect("breaches:detail", pk=breach.pk)
    return _form_page(request, breach, "breaches/assess.html", form, status=400)


@require_http_methods(["GET", "POST"])
@council_page("breaches.manage")
def ico(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    breach = _manage(request, council, pk, f"Personal data breach record {pk}: the ICO form")
    if (done := _closed(request, breach)) is not None:
        return done
    if breach.ico_required is not True:
        messages.info(request, "Assess the breach first and decide that the ICO must be told.")
        return redirect("breaches:detail", pk=breach.pk)
    if request.method != "POST":
        return _form_page(request, breach, "breaches/ico.html", IcoForm(initial={"reference": breach.ico_reference}))
    form = IcoForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.breach_ico_record(actor=request.user, breach=breach, told_at=data["told_at"],
                                       reference=data["reference"], late_reason=data["late_reason"])
        except CivicGuardError as exc:
            form.add_problem(exc)
        else:
            messages.success(request, "Telling the ICO is recorded.")
            return redirect("breaches:detail", pk=breach.pk)
    return _form_page(request, breach, "breaches/ico.html", form, status=400)


@require_http_methods(["GET", "POST"])
@council_page("breaches.manage")
def people(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    breach = _manage(request, council, pk, f"Personal data breach record {pk}: the people-told form")
    if (done := _closed(request, breach)) is not None:
        return done
    if breach.status != Status.ASSESSED:
        messages.info(request, "Assess the breach first.")
        return redirect("breaches:detail", pk=breach.pk)
    if request.method != "POST":
        return _form_page(request, breach, "breaches/people.html", PeopleForm())
    form = PeopleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        told = data["outcome"] == "told"
        try:
            services.breach_people_told(actor=request.user, breach=breach, told_at=data["told_at"] if told else None,
                                        how=data["how"], not_told="" if told else data["outcome"],
                                        not_told_reason=data["not_told_reason"])
        except CivicGuardError as exc:
            form.add_problem(exc)
        else:
            messages.success(request, "What the people were told is recorded." if told
                             else "Why the people were not told is recorded.")
            return redirect("breaches:detail", pk=breach.pk)
    return _form_page(request, breach, "breaches/people.html", form, status=400)


def _notice_forms(breach: DataBreach, bound: NoticeForm | None = None) -> list[dict[str, Any]]:
    sent = {n.rule: n for n in breach.notices.all()}
    out = []
    for rule in selectors.notices_due(breach):
        form = None
        if rule.slug not in sent:
            form = (bound if bound is not None and bound.data.get("rule") == rule.slug else
                    NoticeForm(initial={"rule": rule.slug, "text": services.notice_text(breach, rule)},
                               id_prefix=f"{rule.slug}-"))
        out.append({"rule": rule, "sent": sent.get(rule.slug), "form": form})
    return out


@require_http_methods(["GET", "POST"])
@council_page("breaches.manage")
def notices(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    breach = _manage(request, council, pk, f"Personal data breach record {pk}: the notices")
    if request.method != "POST":
        return _form_page(request, breach, "breaches/notices.html", None, rules=_notice_forms(breach))
    if (done := _closed(request, breach)) is not None:
        return done
    form = NoticeForm(request.POST)
    if form.is_valid():
        form.auto_id = f"{form.cleaned_data['rule']}-%s"  # the ids the page gave this notice's fields
        try:
            notice = services.breach_notice_send(actor=request.user, breach=breach, rule_slug=form.cleaned_data["rule"],
                                                 text=form.cleaned_data["text"])
        except InvalidState as exc:
            messages.info(request, exc.message)
            return redirect("breaches:notices", pk=breach.pk)
        except CivicGuardError as exc:
            form.add_problem(exc, default="text")
        else:
            to = f" ({', '.join(notice.sent_to)})" if notice.sent_to else ""
            messages.success(request, f"{notice.recipient[:1].upper()}{notice.recipient[1:]} told{to}.")
            return redirect("breaches:notices", pk=breach.pk)
    return _form_page(request, breach, "breaches/notices.html", form, status=400,
                      rules=_notice_forms(breach, form))


@require_POST
@council_page("breaches.manage")
def close(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    breach = _manage(request, council, pk, f"Personal data breach record {pk}: closing")
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.breach_close(actor=request.user, breach=breach, note=form.cleaned_data["note"])
        except CivicGuardError as exc:
            form.add_problem(exc, default="note")
        else:
            messages.success(request, f"Personal data breach record {breach.pk} is closed.")
            return redirect("breaches:detail", pk=breach.pk)
    return render(request, "breaches/detail.html", {**_context(request, breach), "close_form": form}, status=409)
