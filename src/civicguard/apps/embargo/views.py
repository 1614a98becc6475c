"""The embargo register's pages (St Helens 5.2): comms list, read, register and withdraw unpublished documents.

The register is itself confidential: only the roles with `embargo.view` see it, and the list never shows a
document's text (its own page does).
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicguard.apps.access.checks import can
from civicguard.apps.access.pages import council_page
from civicguard.apps.councils.models import Council
from civicguard.apps.embargo.forms import RegisterForm
from civicguard.apps.embargo.models import EmbargoedDocument
from civicguard.apps.embargo.services import embargo_register, embargo_withdraw
from civicguard.common.forms import attach_error
from civicguard.errors import BadInput

# A document's status as its GOV.UK tag reads (sentence case), and the tag's colour.
TAGS = {"In force": "govuk-tag--red", "Ended": "govuk-tag--grey", "Withdrawn": "govuk-tag--grey"}


def status(doc: EmbargoedDocument, today: date) -> str:
    if doc.withdrawn is not None:
        return "Withdrawn"
    return "In force" if doc.until > today else "Ended"


@require_GET
@council_page("embargo.view")
def register_list(request: HttpRequest, council: Council) -> HttpResponse:
    today = timezone.localdate()
    docs = (EmbargoedDocument.objects.filter(council=council).select_related("registered_by").defer("text")
            .order_by("-until", "title"))
    rows = [{"doc": d, "status": status(d, today), "tag": TAGS[status(d, today)]} for d in docs]
    return render(request, "embargo/list.html", {
        "rows": rows, "can_manage": can(request.user, "embargo.manage", council),
    })


@require_GET
@council_page("embargo.view")
def detail(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    doc = get_object_or_404(EmbargoedDocument.objects.select_related("registered_by"), pk=pk, council=council)
    state = status(doc, timezone.localdate())
    return render(request, "embargo/detail.html", {
        "doc": doc, "status": state, "tag": TAGS[state],
        "can_manage": can(request.user, "embargo.manage", council),
    })


@require_http_methods(["GET", "POST"])
@council_page("embargo.manage")
def new(request: HttpRequest, council: Council) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, RegisterForm())
    form = RegisterForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, form, http_status=400)
    upload_name, upload_data = form.upload()
    try:
        doc = embargo_register(actor=request.user, council=council, title=form.cleaned_data["title"],
                               until=form.cleaned_data["until"], text=form.cleaned_data["text"],
                               upload_name=upload_name, upload_data=upload_data)
    except BadInput as exc:
        attach_error(form, exc, default="text", capitalise=True)
        return _form_page(request, form, http_status=400)
    messages.success(request, f"“{doc.title}” is on the embargo register until {doc.until.day} {doc.until:%B %Y}.")
    return redirect("embargo:detail", pk=doc.pk)


def _form_page(request: HttpRequest, form: RegisterForm, http_status: int = 200) -> HttpResponse:
    return render(request, "embargo/new.html", {"form": form}, status=http_status)


@require_POST
@council_page("embargo.manage")
def withdraw(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    doc = get_object_or_404(EmbargoedDocument, pk=pk, council=council)
    if doc.withdrawn is None:
        embargo_withdraw(actor=request.user, document=doc)
        messages.success(request, f"“{doc.title}” was withdrawn: posts are no longer checked against it.")
    return redirect("embargo:list")
