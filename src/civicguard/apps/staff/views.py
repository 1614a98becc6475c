"""Sign-in, and the administrator's page of people and roles."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from civicguard.apps.access.pages import council_page
from civicguard.apps.access.roles import ROLES
from civicguard.apps.councils.models import Council
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.apps.staff import throttle
from civicguard.apps.staff.forms import AssignForm
from civicguard.apps.staff.models import RoleAssignment
from civicguard.apps.staff.services import role_assign, role_revoke
from civicguard.common.forms import FieldOptions, GovukForm
from civicguard.errors import BadInput


class SignInForm(AuthenticationForm, GovukForm):
    """Django's sign-in form drawn by the GOV.UK renderer, keeping Django's ids (#id_username, #id_password)."""

    field_options = {"username": FieldOptions(classes="govuk-!-width-one-half"),
                     "password": FieldOptions(classes="govuk-!-width-one-half")}
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account has been switched off",
        "locked": "Too many failed attempts to sign in. Wait 15 minutes, then try again.",
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_%s")
        super().__init__(request, *args, **kwargs)
        # No autofocus (GOV.UK: it moves people past the page's heading); no spelling check of a username.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs["spellcheck"] = "false"

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        ip = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        if throttle.locked_out(username, ip):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.note_failure(username, ip)
            raise
        throttle.clear(username, ip)
        return cleaned


@require_GET
@council_page("staff.manage")
def people(request: HttpRequest, council: Council) -> HttpResponse:
    assignments = (RoleAssignment.objects.filter(council=council).select_related("user", "account")
                   .order_by("user__username", "role"))
    rows: dict[str, dict[str, Any]] = {}
    for a in assignments:
        rows.setdefault(a.user.username, {"user": a.user, "roles": []})["roles"].append(a)
    return render(request, "staff/people.html", {
        "rows": rows.values(), "errors": [],
        "assign_form": AssignForm(accounts=SocialAccount.objects.filter(council=council)),
    })


@require_POST
@council_page("staff.manage")
def assign(request: HttpRequest, council: Council) -> HttpResponse:
    form = AssignForm(request.POST, accounts=SocialAccount.objects.filter(council=council))
    if not form.is_valid():
        messages.error(request, "Enter a username and select a role.")
        return redirect("staff:list")
    user = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
    # Only people already known in this council may be given more roles here (no cross-council lookups).
    if user is None or not RoleAssignment.objects.filter(user=user, council=council).exists():
        messages.error(request, "No one with that username works for this council: enter the username of someone "
                                "listed above.")
        return redirect("staff:list")
    account = None
    if form.cleaned_data.get("account"):
        account = get_object_or_404(SocialAccount, pk=form.cleaned_data["account"], council=council)
    try:
        role_assign(user=user, council=council, role=form.cleaned_data["role"], account=account, actor=request.user)
    except BadInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{user.username} is now {ROLES[form.cleaned_data['role']].lower()}.")
    return redirect("staff:list")


@require_POST
@council_page("staff.manage")
def revoke(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    assignment = get_object_or_404(RoleAssignment, pk=pk, council=council)
    if assignment.user_id == request.user.pk and assignment.role == "admin":
        messages.error(request, "You cannot remove your own administrator role: ask another administrator to do "
                                "it.")
        return redirect("staff:list")
    role_revoke(assignment=assignment, actor=request.user)
    messages.success(request, f"Role removed from {assignment.user.username}.")
    return redirect("staff:list")
