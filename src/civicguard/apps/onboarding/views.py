"""The onboarding pages: your agreement and training (what is missing), signing the User Agreement, your team's
status (line managers), the courses, and recording a completion. Thin: the rules are the services' and selectors'."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from civicguard.apps.access.checks import can
from civicguard.apps.access.pages import council_page
from civicguard.apps.councils.models import Council
from civicguard.apps.onboarding.forms import CourseForm, PersonLinkForm, PublishForm, RecordForm, SignForm
from civicguard.apps.onboarding.models import Course
from civicguard.apps.onboarding.selectors import (
    account_refusals,
    agreement_state,
    completions_of,
    posting_gaps,
    required_courses,
    team_of,
    team_status,
    training_state,
)
from civicguard.apps.onboarding.services import (
    agreement_publish,
    agreement_sign,
    completion_record,
    course_create,
    course_update,
    record_refusal,
    sign_refusal,
)
from civicguard.common.forms import attach_error
from civicguard.errors import BadInput, InvalidState


@require_GET
@council_page("onboarding.sign")
def status(request: HttpRequest, council: Council) -> HttpResponse:
    user = request.user
    return render(request, "onboarding/status.html", {
        "gaps": posting_gaps(user, council), "agreement": agreement_state(user, council),
        "training": [training_state(user, council, slug) for slug in required_courses(council)],
        "completions": completions_of(user, council)[:50],
        "can_team": can(user, "onboarding.team", council),
        "can_publish": can(user, "onboarding.publish", council),
    })


@require_http_methods(["GET", "HEAD", "POST"])
@council_page("onboarding.sign")
def sign(request: HttpRequest, council: Council) -> HttpResponse:
    state = agreement_state(request.user, council)
    refusal = sign_refusal(request.user, council)  # the service's rule, asked before the form is shown
    form = SignForm(request.POST) if request.method == "POST" else SignForm()
    if refusal is None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement_sign(actor=request.user, council=council, typed_name=data["typed_name"],
                           personal_devices=data["personal_devices"],
                           personal_use_at_work=data["personal_use_at_work"])
        except BadInput as exc:
            attach_error(form, exc, default="typed_name", capitalise=True)
        except InvalidState as exc:
            refusal = exc
        else:
            messages.success(request, "You have signed the Social Media User Agreement.")
            return redirect("onboarding:status")
    bad = request.method == "POST" and (refusal is not None or bool(form.errors))
    return render(request, "onboarding/sign.html", {"state": state, "form": form, "refusal": refusal},
                  status=400 if bad else 200)


@require_GET
@council_page("onboarding.team")
def team(request: HttpRequest, council: Council) -> HttpResponse:
    return render(request, "onboarding/team.html", {
        "members": team_status(request.user, council), "courses": required_courses(council),
        "account_refusals": account_refusals(request.user, council),
        "everyone": can(request.user, "training.manage", council),
        "can_record": can(request.user, "training.record", council),
    })


@require_GET
@council_page("training.view")
def courses(request: HttpRequest, council: Council) -> HttpResponse:
    return render(request, "onboarding/courses.html", {
        "courses": Course.objects.filter(council=council).order_by("name"),
        "required": set(required_courses(council)),
        "can_record": can(request.user, "training.record", council),
        "can_manage": can(request.user, "training.manage", council),
    })


@require_http_methods(["GET", "HEAD", "POST"])
@council_page("training.manage")
def course_new(request: HttpRequest, council: Council) -> HttpResponse:
    form = CourseForm(request.POST) if request.method == "POST" else CourseForm(initial={"validity_days": 365})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            found = course_create(actor=request.user, council=council, slug=data["slug"], name=data["name"],
                                  validity_days=data["validity_days"])
        except BadInput as exc:
            attach_error(form, exc, default="name", capitalise=True)
        else:
            messages.success(request, f"{found.name} is added to the courses.")
            return redirect("onboarding:courses")
    return render(request, "onboarding/course.html", {"form": form, "course": None},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@council_page("training.manage")
def course_edit(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    course = get_object_or_404(Course.objects.filter(council=council), pk=pk)
    if request.method != "POST":
        form = CourseForm(initial={"name": course.name, "validity_days": course.validity_days}, with_slug=False)
        return render(request, "onboarding/course.html", {"form": form, "course": course})
    form = CourseForm(request.POST, with_slug=False)
    if form.is_valid():
        try:
            course_update(actor=request.user, course=course, name=form.cleaned_data["name"],
                          validity_days=form.cleaned_data["validity_days"])
        except BadInput as exc:
            attach_error(form, exc, default="name", capitalise=True)
        else:
            messages.success(request, f"{course.name} is saved.")
            return redirect("onboarding:courses")
    return render(request, "onboarding/course.html", {"form": form, "course": course}, status=400)


def _choices(request: HttpRequest, council: Council) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The people whose training this person may record (the service's rule), by user id, and the choices."""
    team = [m for m in team_of(request.user, council) if record_refusal(request.user, m.user, council) is None]
    return {str(m.user_id): m.user for m in team}, [(str(m.user_id), m.name) for m in team]


@require_http_methods(["GET", "HEAD", "POST"])
@council_page("training.record")
def record(request: HttpRequest, council: Council) -> HttpResponse:
    people, person_choices = _choices(request, council)
    found = {str(c.pk): c for c in Course.objects.filter(council=council).order_by("name")}
    course_choices = [(pk, c.name) for pk, c in found.items()]
    if request.method != "POST":
        initial = {"person": PersonLinkForm(request.GET).chosen()}
        form = RecordForm(initial=initial, people=person_choices, courses=course_choices)
        return render(request, "onboarding/record.html", {"form": form, "has_team": bool(people)})
    chosen = PersonLinkForm(request.POST).chosen()
    if chosen.isdigit() and chosen not in people:
        # Someone of this council who is not in the person's team: refused (403), as the service would.
        other = get_user_model().objects.filter(pk=int(chosen), role_assignments__council=council).first()
        refusal = record_refusal(request.user, other, council) if other is not None else None
        if refusal is not None:
            raise refusal
    form = RecordForm(request.POST, people=person_choices, courses=course_choices)
    if form.is_valid():
        data = form.cleaned_data
        person, course = people[data["person"]], found[data["course"]]
        try:
            completion_record(actor=request.user, course=course, person=person, completed=data["completed"])
        except BadInput as exc:
            attach_error(form, exc, default="completed", capitalise=True)
        else:
            messages.success(request, f"{course.name} recorded for {dict(person_choices)[data['person']]}.")
            return redirect("onboarding:team")
    return render(request, "onboarding/record.html", {"form": form, "has_team": bool(people)}, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
@council_page("onboarding.publish")
def publish(request: HttpRequest, council: Council) -> HttpResponse:
    form = PublishForm(request.POST) if request.method == "POST" else PublishForm()
    if request.method == "POST" and form.is_valid():
        try:
            version = agreement_publish(actor=request.user, council=council, text=form.cleaned_data["text"],
                                        effective=form.cleaned_data["effective"])
        except BadInput as exc:
            attach_error(form, exc, default="text", capitalise=True)
        else:
            messages.success(request, f"The new User Agreement is published: from {version.effective:%-d %B %Y} "
                                      "everyone signs it again.")
            return redirect("onboarding:status")
    return render(request, "onboarding/publish.html", {"form": form},
                  status=400 if request.method == "POST" else 200)
