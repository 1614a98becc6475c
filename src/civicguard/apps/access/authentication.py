"""The API's token authentication: `Authorization: Bearer TOKEN`, a token from `civicguard users token NAME`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from civicguard.apps.staff.services import token_user


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer TOKEN` (also accepts the word Token), for systems."""

    keywords = (b"bearer", b"token")

    def authenticate(self, request: Request) -> tuple[Any, str] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Send the token as the header 'Authorization: Bearer TOKEN'")
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(
                "The token is not valid: get a new one with 'civicguard users token USERNAME'") from None
        user = token_user(token)
        if user is None:
            raise exceptions.AuthenticationFailed(
                "The token is not valid or has been replaced: get a new one with 'civicguard users token USERNAME'")
        return user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema: an HTTP bearer scheme."""

    target_class = "civicguard.apps.access.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "a token from `civicguard users token NAME`"}
