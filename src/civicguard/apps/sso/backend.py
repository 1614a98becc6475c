"""mozilla-django-oidc's backend, with one client per council (settings.CIVICGUARD_SSO) instead of one global one.

It acts only inside the directory callback (civicguard.apps.sso.views.DirectoryCallback puts the attempt on the
request); a password sign-in passes it by. The library exchanges the code (with the PKCE verifier), fetches the
JWKS and checks the ID token's signature, expiry and nonce; it does not check `aud` or `iss`, so `_verify_jws`
decodes with them (and RS256 only). Who the person is and what roles they get is the service's rule
(services.directory_sign_in).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import jwt
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from civicguard.apps.sso.config import DirectoryConfig
from civicguard.apps.sso.discovery import endpoints
from civicguard.apps.sso.services import TurnedAway, directory_sign_in

ALGORITHM = "RS256"
LEEWAY_SECONDS = 60
ATTEMPT = "civicguard_sso_attempt"


@dataclass
class Attempt:
    """One directory sign-in in progress: the council's configuration, and why it was refused (if it was)."""

    config: DirectoryConfig
    refused: TurnedAway | None = None
    claims: dict[str, Any] = field(default_factory=dict)


def library_settings(config: DirectoryConfig) -> dict[str, Any]:
    """The library's settings for one council (what it would otherwise read from django.conf.settings)."""
    found = endpoints(config)
    return {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": found.authorization,
        "OIDC_OP_TOKEN_ENDPOINT": found.token,
        "OIDC_OP_USER_ENDPOINT": found.userinfo,
        "OIDC_OP_JWKS_ENDPOINT": found.jwks,
        "OIDC_RP_CLIENT_ID": config.client_id,
        "OIDC_RP_CLIENT_SECRET": config.client_secret,
        "OIDC_RP_SIGN_ALGO": ALGORITHM,
        "OIDC_RP_IDP_SIGN_KEY": None,
        "OIDC_RP_SCOPES": config.scopes,
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_AUTHENTICATION_CALLBACK_URL": "sso:callback",
        "OIDC_VERIFY_SSL": True,
        "OIDC_TIMEOUT": 10,
        "OIDC_PROXY": None,
        "OIDC_TOKEN_USE_BASIC_AUTH": False,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_CREATE_USER": True,
        "OIDC_REDIRECT_FIELD_NAME": "next",
    }


class DirectoryBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:  # the settings come per council, in authenticate()
        self.UserModel = get_user_model()
        self._settings: dict[str, Any] = {}

    def get_settings(self, attr: str, *args: Any) -> Any:
        if attr in self._settings:
            return self._settings[attr]
        if args:
            return args[0]
        raise SuspiciousOperation(f"no setting {attr} for this directory")

    def authenticate(self, request: Any, **kwargs: Any) -> Any:
        attempt: Attempt | None = getattr(request, ATTEMPT, None) if request is not None else None
        if attempt is None or "nonce" not in kwargs:
            return None
        self.attempt = attempt
        self._settings = library_settings(attempt.config)
        self.OIDC_OP_TOKEN_ENDPOINT = self._settings["OIDC_OP_TOKEN_ENDPOINT"]
        self.OIDC_OP_USER_ENDPOINT = self._settings["OIDC_OP_USER_ENDPOINT"]
        self.OIDC_OP_JWKS_ENDPOINT = self._settings["OIDC_OP_JWKS_ENDPOINT"]
        self.OIDC_RP_CLIENT_ID = attempt.config.client_id
        self.OIDC_RP_CLIENT_SECRET = attempt.config.client_secret
        self.OIDC_RP_SIGN_ALGO = ALGORITHM
        self.OIDC_RP_IDP_SIGN_KEY = None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token: Any, **kwargs: Any) -> Any:
        """Refuse a token that is not an RS256 JWT naming its key before the library looks the key up."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError:
            raise SuspiciousOperation("the ID token is not a JWT") from None
        if header.get("alg") != ALGORITHM or not header.get("kid"):
            raise SuspiciousOperation(f"the ID token is signed with {header.get('alg')!r} (or names no key), "
                                      f"not {ALGORITHM}")
        return super().verify_token(token, **kwargs)

    def _verify_jws(self, payload: Any, key: Any) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(payload)
        except jwt.InvalidTokenError:
            raise SuspiciousOperation("the ID token is not a JWT") from None
        if header.get("alg") != ALGORITHM:
            raise SuspiciousOperation(f"the ID token is signed with {header.get('alg')!r}, not {ALGORITHM}")
        try:
            return jwt.decode(payload, key, algorithms=[ALGORITHM], audience=self.attempt.config.client_id,
                              issuer=self.attempt.config.issuer, leeway=LEEWAY_SECONDS,
                              options={"require": ["exp", "iat", "iss", "aud", "sub"]})
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"the ID token is not valid: {exc}") from None

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        """The ID token's claims (Entra ID puts `groups` there), with the userinfo answer's for what it lacks."""
        claims = dict(self.get_userinfo(access_token, id_token, payload))
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("the userinfo answer is about someone else than the ID token")
        claims.update(payload)
        self.attempt.claims = claims
        try:
            return directory_sign_in(config=self.attempt.config, claims=claims)
        except TurnedAway as refused:
            self.attempt.refused = refused
            return None
