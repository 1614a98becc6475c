"""The policy review pages: the council's policy versions with their review dates, and each review's steps
(St Helens 10.1-10.2; Sefton 9.1). Every change goes through services.py, which decides who may."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicguard.apps.access.pages import council_page
from civicguard.apps.councils.models import Council
from civicguard.apps.policyreview import services
from civicguard.apps.policyreview.forms import CommentForm, DecisionForm, RecordVersionForm, ReviewDueForm, StartForm
from civicguard.apps.policyreview.models import PolicyReview, PolicyVersion, ReviewState
from civicguard.apps.policyreview.selectors import current_version, due_state
from civicguard.common.forms import attach_error
from civicguard.engine.packs.history import KeptVersionError
from civicguard.errors import BadInput, InvalidState


def _reviewer(request: HttpRequest, council: Council) -> None:
    """The pack's rule, asked before a form is shown (the service asks again when it is sent)."""
    refusal = services.review_refusal(request.user, council)
    if refusal is not None:
        raise refusal


def _refused(request: HttpRequest, message: str, *args: Any) -> HttpResponse:
    """A step the review is not ready for: back to its page (or the versions), saying why."""
    messages.error(request, message)
    return redirect(*args) if args else redirect("policyreview:versions")


def _review(council: Council, pk: int) -> PolicyReview:
    return get_object_or_404(PolicyReview.objects.filter(council=council)
                             .select_related("of_version", "started_by", "decided_by", "published_version"), pk=pk)


@require_GET
@council_page("policy.view")
def versions(request: HttpRequest, council: Council) -> HttpResponse:
    today = timezone.localdate()
    records = list(PolicyVersion.objects.filter(council=council).select_related("published_by"))
    latest = records[0] if records else None
    loaded = services.loaded_version(council)
    runs = services.review_refusal(request.user, council) is None
    return render(request, "policyreview/versions.html", {
        "versions": [(v, due_state(v, today) if v is latest else None) for v in records],
        "current": current_version(council), "loaded": loaded,
        "loaded_recorded": any(v.version == loaded.version for v in records),
        "reviews": PolicyReview.objects.filter(council=council).select_related("of_version"),
        "can_run": runs, "start_refusal": services.start_refusal(council),
        "facts": services.reviews_facts(council), "approving_body": services.approving_body_of(council),
        "consultees": services.consultees_of(council),
    })


def _form_page(request: HttpRequest, template: str, context: dict[str, Any], form: Any) -> HttpResponse:
    return render(request, template, {**context, "form": form}, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@council_page("policy.review")
def version_record(request: HttpRequest, council: Council) -> HttpResponse:
    _reviewer(request, council)
    loaded = services.loaded_version(council)
    context = {"loaded": loaded, "months": services.reviews_facts(council).policy_interval_months}
    if request.method != "POST":
        return _form_page(request, "policyreview/version_record.html", context, RecordVersionForm())
    form = RecordVersionForm(request.POST)
    if form.is_valid():
        try:
            version = services.policy_version_record(actor=request.user, council=council, **form.cleaned_data)
        except BadInput as exc:
            attach_error(form, exc)
        except InvalidState as exc:
            return _refused(request, exc.message)
        else:
            messages.success(request, f"Version {version.version} is recorded. Its review is due on "
                                      f"{version.review_due:%-d %B %Y}.")
            return redirect("policyreview:versions")
    return _form_page(request, "policyreview/version_record.html", context, form)


@require_http_methods(["GET", "POST"])
@council_page("policy.review")
def version_due(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    version = get_object_or_404(PolicyVersion.objects.filter(council=council), pk=pk)
    _reviewer(request, council)
    context = {"version": version}
    if request.method != "POST":
        return _form_page(request, "policyreview/version_due.html", context, ReviewDueForm())
    form = ReviewDueForm(request.POST)
    if form.is_valid():
        try:
            version = services.policy_version_review_due_set(actor=request.user, version=version,
                                                             review_due=form.cleaned_data["review_due"],
                                                             reason=form.cleaned_data["early_review_reason"])
        except BadInput as exc:
            attach_error(form, exc)
        else:
            messages.success(request, f"The review of version {version.version} is now due on "
                                      f"{version.review_due:%-d %B %Y}.")
            return redirect("policyreview:versions")
    return _form_page(request, "policyreview/version_due.html", context, form)


@require_http_methods(["GET", "POST"])
@council_page("policy.review")
def review_start(request: HttpRequest, council: Council) -> HttpResponse:
    _reviewer(request, council)
    refusal = services.start_refusal(council)
    if refusal is not None:
        return _refused(request, refusal)
    context = {"version": services.current_record(council), "consultees": services.consultees_of(council),
               "approving_body": services.approving_body_of(council)}
    if request.method != "POST":
        return _form_page(request, "policyreview/review_start.html", context, StartForm())
    form = StartForm(request.POST)
    if form.is_valid():
        try:
            review = services.policy_review_start(actor=request.user, council=council,
                                                  reason=form.cleaned_data["reason"])
        except BadInput as exc:
            attach_error(form, exc)
        except InvalidState as exc:
            return _refused(request, exc.message)
        else:
            messages.success(request, "The review has started. Send it for consultation when the consultees "
                                      "have the policy.")
            return redirect("policyreview:review", pk=review.pk)
    return _form_page(request, "policyreview/review_start.html", context, form)


@require_GET
@council_page("policy.view")
def review(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    item = _review(council, pk)
    comments = list(item.comments.select_related("recorded_by"))
    unreadable = ""
    try:
        changes, why_not = services.review_changes(item)
    except KeptVersionError as exc:  # the rest of the review still shows
        changes, why_not, unreadable = None, "", exc.plain
    runs = services.review_refusal(request.user, council) is None
    return render(request, "policyreview/review.html", {
        "review": item, "comments": comments,
        "consultees": [(body, [c for c in comments if c.consultee == body]) for body in item.consultees],
        "changes": changes, "why_no_changes": why_not, "unreadable": unreadable, "can_run": runs,
        "decide_refusal": services.decide_refusal(item), "publish_refusal": services.publish_refusal(item),
        "missing": services.missing_reviewers(item),
    })


@require_POST
@council_page("policy.review")
def review_consult(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    item = _review(council, pk)
    try:
        services.policy_review_consult(actor=request.user, review=item)
    except InvalidState as exc:
        return _refused(request, exc.message, "policyreview:review", item.pk)
    messages.success(request, "The review is with its consultees. Record their comments as they arrive.")
    return redirect("policyreview:review", pk=item.pk)


@require_http_methods(["GET", "POST"])
@council_page("policy.review")
def review_comment(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    item = _review(council, pk)
    _reviewer(request, council)
    if item.state != ReviewState.CONSULTING:
        return _refused(request, f"Comments are recorded while the review is in consultation; it is "
                                 f"{item.get_state_display().lower()}", "policyreview:review", item.pk)
    context = {"review": item}
    if request.method != "POST":
        return _form_page(request, "policyreview/review_comment.html", context,
                          CommentForm(consultees=item.consultees))
    form = CommentForm(request.POST, consultees=item.consultees)
    if form.is_valid():
        try:
            services.review_comment_add(actor=request.user, review=item, **form.cleaned_data)
        except BadInput as exc:
            attach_error(form, exc)
        except InvalidState as exc:
            return _refused(request, exc.message, "policyreview:review", item.pk)
        else:
            messages.success(request, f"The comments of the {form.cleaned_data['consultee']} are recorded.")
            return redirect("policyreview:review", pk=item.pk)
    return _form_page(request, "policyreview/review_comment.html", context, form)


@require_http_methods(["GET", "POST"])
@council_page("policy.review")
def review_decide(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    item = _review(council, pk)
    _reviewer(request, council)
    refusal = services.decide_refusal(item)
    if refusal is not None:
        return _refused(request, refusal, "policyreview:review", item.pk)
    context = {"review": item}
    if request.method != "POST":
        return _form_page(request, "policyreview/review_decide.html", context,
                          DecisionForm(initial={"approved_by": item.approving_body}))
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.policy_review_decide(actor=request.user, review=item, **form.cleaned_data)
        except BadInput as exc:
            attach_error(form, exc)
        except InvalidState as exc:
            return _refused(request, exc.message, "policyreview:review", item.pk)
        else:
            messages.success(request, "The approval is recorded. Publish it when it takes effect.")
            return redirect("policyreview:review", pk=item.pk)
    return _form_page(request, "policyreview/review_decide.html", context, form)


@require_POST
@council_page("policy.review")
def review_publish(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    item = _review(council, pk)
    try:
        item = services.policy_review_publish(actor=request.user, review=item)
    except InvalidState as exc:
        return _refused(request, exc.message, "policyreview:review", item.pk)
    version = item.published_version
    assert version is not None
    if item.outcome == "new-version":
        messages.success(request, f"Version {version.version} is published. Everyone who posts for the council "
                                  "is asked to sign the User Agreement again.")
    else:
        messages.success(request, f"The policy stands unchanged. Its next review is due on "
                                  f"{version.review_due:%-d %B %Y}.")
    return redirect("policyreview:review", pk=item.pk)
