"""The advice pages (St Helens 6.15, 8.3; Sefton 5.5): the questions a person may read, asking one, and a question
with its answer, the answer form for its adviser and withdrawing it for its asker."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicguard.apps.access.checks import can
from civicguard.apps.access.pages import council_page
from civicguard.apps.advice import services
from civicguard.apps.advice.forms import AnswerForm, AskForm
from civicguard.apps.advice.models import AdviceRequest, AdviceStatus
from civicguard.apps.councils.models import Council
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.common.forms import attach_error
from civicguard.errors import BadInput, InvalidState, NotFound

TAGS = {AdviceStatus.OPEN: "govuk-tag--blue", AdviceStatus.ANSWERED: "govuk-tag--green",
        AdviceStatus.WITHDRAWN: "govuk-tag--grey"}


@require_GET
@council_page("advice.ask")
def request_list(request: HttpRequest, council: Council) -> HttpResponse:
    rows = [{"req": r, "tag": TAGS[AdviceStatus(r.status)], "mine": r.asked_by_id == request.user.pk}
            for r in services.visible(user=request.user, council=council)]
    return render(request, "advice/list.html", {
        "rows": rows, "advisers": services.advisers(council),
        "sees_all": can(request.user, "advice.view_all", council),
    })


def _ask_form(council: Council, data: object = None) -> AskForm:
    advisers = [(a.slug, a.name, a.about) for a in services.advisers(council)]
    accounts = [(str(a.pk), str(a)) for a in SocialAccount.objects.filter(council=council).order_by("platform",
                                                                                                     "handle")]
    return AskForm(data, advisers=advisers, accounts=accounts)


@require_http_methods(["GET", "POST"])
@council_page("advice.ask")
def new(request: HttpRequest, council: Council) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, _ask_form(council))
    form = _ask_form(council, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["post"] and data["account"]:
                raise BadInput("Choose a post or an account, not both", field="post")
            about = (services.about_object(council, "post", data["post"]) if data["post"]
                     else services.about_object(council, "account", int(data["account"])) if data["account"]
                     else None)
            req = services.advice_request_create(actor=request.user, council=council, adviser=data["adviser"],
                                                 question=data["question"], about=about,
                                                 reference=data["reference"])
        except (BadInput, NotFound) as exc:
            field = exc.data.get("field")
            if field == "about":  # the page names what it is about with one of two fields
                field = "post" if data["post"] else "account"
            attach_error(form, BadInput(exc.message, field=field), default="question", capitalise=True)
        else:
            messages.success(request, f"Your question has gone to {req.adviser_name}.")
            return redirect("advice:detail", pk=req.pk)
    return _form_page(request, form, http_status=400)


def _form_page(request: HttpRequest, form: AskForm, http_status: int = 200) -> HttpResponse:
    return render(request, "advice/new.html", {"form": form}, status=http_status)


def _detail_page(request: HttpRequest, req: AdviceRequest, form: AnswerForm | None = None,
                 http_status: int = 200) -> HttpResponse:
    can_answer = services.answer_refusal(request.user, req) is None
    return render(request, "advice/detail.html", {
        "req": req, "tag": TAGS[AdviceStatus(req.status)], "about": services.about_label(req),
        "form": form or (AnswerForm() if can_answer else None),
        "can_withdraw": services.withdraw_refusal(request.user, req) is None,
    }, status=http_status)


@require_GET
@council_page("advice.ask")
def detail(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _detail_page(request, services.request_of(user=request.user, council=council, pk=pk))


@require_POST
@council_page("advice.answer")
def answer(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    req = services.request_of(user=request.user, council=council, pk=pk)
    refusal = services.answer_refusal(request.user, req)
    if refusal is not None and not isinstance(refusal, InvalidState):
        raise refusal
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.advice_request_answer(actor=request.user, request=req, answer=form.cleaned_data["answer"])
        except (BadInput, InvalidState) as exc:
            attach_error(form, BadInput(exc.message, field=exc.data.get("field")), default="answer")
        else:
            messages.success(request, "Your answer has been sent.")
            return redirect("advice:detail", pk=req.pk)
    return _detail_page(request, req, form, http_status=400)


@require_POST
@council_page("advice.ask")
def withdraw(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    req = services.request_of(user=request.user, council=council, pk=pk)
    refusal = services.withdraw_refusal(request.user, req)
    if isinstance(refusal, InvalidState):
        messages.error(request, refusal.message)
    else:
        services.advice_request_withdraw(actor=request.user, request=req)
        messages.success(request, "Your question was withdrawn.")
    return redirect("advice:detail", pk=req.pk)
