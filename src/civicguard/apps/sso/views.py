"""Signing in: with a password (and a two-factor code when services.two_factor_required says so), or through a
council's directory (OpenID Connect, mozilla-django-oidc's views with one client per council)."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import requests
import segno
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth.views import LoginView
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django.views.generic import View
from django_otp import login as otp_login
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from civicguard.apps.councils.models import Council
from civicguard.apps.sso.backend import ATTEMPT, Attempt, library_settings
from civicguard.apps.sso.discovery import DiscoveryError
from civicguard.apps.sso.forms import CallbackForm, CodeForm, DirectoryForm
from civicguard.apps.sso.services import (
    confirmed_device,
    directories,
    directory_sign_in_failed,
    key_text,
    two_factor_begin,
    two_factor_check,
    two_factor_confirm,
    two_factor_required,
)
from civicguard.apps.staff.views import SignInForm
from civicguard.errors import BadInput

PENDING = "civicguard_two_factor_pending"  # a password checked, the code not yet: nobody is signed in
PENDING_SECONDS = 300
STATES = "civicguard_sso_states"  # state -> council id, for the sign-ins this browser started
MAX_STATES = 10


def directory_links(next_url: str = "") -> list[dict[str, str]]:
    configured = directories()
    links = []
    for council in Council.objects.filter(slug__in=list(configured)).order_by("name"):
        query = {"council": council.slug, **({"next": next_url} if next_url else {})}
        links.append({"name": council.name, "url": reverse("sso:start") + "?" + urlencode(query)})
    return links


class PasswordSignIn(LoginView):
    """/sign-in/: the password form, and a button per council that signs in through its directory."""

    authentication_form = SignInForm
    redirect_authenticated_user = True
    template_name = "sso/sign_in.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["directories"] = directory_links(context.get("next", ""))
        return context

    def form_valid(self, form: SignInForm) -> HttpResponse:
        user = form.get_user()
        if not two_factor_required(user):
            return super().form_valid(form)
        self.request.session[PENDING] = {"user": user.pk, "backend": user.backend, "next": self.get_success_url(),
                                         "at": time.time()}
        return redirect("sso:two_factor" if confirmed_device(user) else "sso:two_factor_setup")


def _pending(request: HttpRequest) -> tuple[Any, dict[str, Any]] | None:
    data = request.session.get(PENDING)
    if not data:
        return None
    if time.time() - float(data.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    user = get_user_model().objects.filter(pk=data.get("user"), is_active=True).first()
    return (user, data) if user is not None else None


def _finish(request: HttpRequest, user: Any, data: dict[str, Any], device: Any) -> HttpResponse:
    request.session.pop(PENDING, None)
    auth.login(request, user, backend=data["backend"])
    otp_login(request, device)
    return redirect(data.get("next") or settings.LOGIN_REDIRECT_URL)


def _not_pending(request: HttpRequest) -> HttpResponse | None:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    return None


@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the person's authenticator app."""
    done = _not_pending(request)
    if done:
        return done
    pending = _pending(request)
    if pending is None:
        return redirect("login")
    user, data = pending
    if confirmed_device(user) is None:
        return redirect("sso:two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor_check(user=user, code=form.cleaned_data["code"])
        except BadInput as exc:
            form.add_error("code", exc.message)
        else:
            return _finish(request, user, data, device)
    return render(request, "sso/two_factor.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """After the password, for someone who must use two-factor and has no device yet: the QR code and the key."""
    done = _not_pending(request)
    if done:
        return done
    pending = _pending(request)
    if pending is None:
        return redirect("login")
    user, data = pending
    if confirmed_device(user) is not None:
        return redirect("sso:two_factor")
    device = two_factor_begin(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor_confirm(user=user, code=form.cleaned_data["code"])
        except BadInput as exc:
            form.add_error("code", exc.message)
        else:
            return _finish(request, user, data, device)
    # segno draws only paths from the otpauth: URL (no text of the person's): safe to put in the page as it is.
    qr = mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#0b0c0c", light="#ffffff"))  # noqa: S308
    return render(request, "sso/two_factor_setup.html", {
        "form": form, "qr": qr, "key": key_text(device),
        "username": user.username}, status=400 if form.errors else 200)


# ---- directory sign-in (OpenID Connect) ---------------------------------------------------------------------------

def _failed(request: HttpRequest, status: int = 400) -> HttpResponse:
    return render(request, "sso/failed.html", {"directories": directory_links()}, status=status)


class DirectoryStart(OIDCAuthenticationRequestView):
    """/sign-in/directory/?council=<id>: off to the council's directory, with state, nonce and PKCE."""

    def __init__(self, **kwargs: Any) -> None:  # the library reads one global client here; ours is per council
        View.__init__(self, **kwargs)
        self._settings: dict[str, Any] = {}

    def get_settings(self, attr: str, *args: Any) -> Any:
        if attr in self._settings:
            return self._settings[attr]
        if args:
            return args[0]
        raise SuspiciousOperation(f"no setting {attr} for this directory")

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        form = DirectoryForm(request.GET)
        config = directories().get(form.cleaned_data["council"]) if form.is_valid() else None
        if config is None:
            raise Http404("That council does not sign in through a directory")
        try:
            self._settings = library_settings(config)
        except DiscoveryError as exc:
            directory_sign_in_failed(config=config, reason=str(exc))
            return _failed(request, status=502)
        self.OIDC_OP_AUTH_ENDPOINT = self._settings["OIDC_OP_AUTHORIZATION_ENDPOINT"]
        self.OIDC_RP_CLIENT_ID = config.client_id
        response = super().get(request)
        state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
        states = dict(list(request.session.get(STATES, {}).items())[-(MAX_STATES - 1):])
        states[state] = config.slug
        request.session[STATES] = states
        return response


class DirectoryCallback(OIDCAuthenticationCallbackView):
    """/sign-in/directory/callback/: the directory's answer. The library checks the state, exchanges the code and
    checks the ID token (with DirectoryBackend); the service decides who the person is and their roles."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        form = CallbackForm(request.GET)
        state = form.cleaned_data["state"] if form.is_valid() else ""
        states = dict(request.session.get(STATES, {}))
        slug = states.pop(state, None) if state else None
        config = directories().get(slug) if slug else None
        if config is None:
            return _failed(request)
        request.session[STATES] = states
        self.attempt = Attempt(config=config)
        setattr(request, ATTEMPT, self.attempt)
        try:
            return super().get(request)
        except (SuspiciousOperation, requests.RequestException, DiscoveryError) as exc:
            directory_sign_in_failed(config=config, reason=str(exc))
            return _failed(request)

    def login_failure(self) -> HttpResponse:
        attempt = getattr(self, "attempt", None)
        if attempt is not None and attempt.refused is not None:
            return render(self.request, "sso/turned_away.html", {"message": attempt.refused.message}, status=403)
        if attempt is not None:
            directory_sign_in_failed(config=attempt.config, reason="the directory did not confirm the sign-in")
        return _failed(self.request)
