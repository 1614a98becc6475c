"""A real OpenID Connect provider on loopback, for the tests: discovery, JWKS, /authorize, /token, /userinfo.

Authorisation-code flow as Microsoft Entra ID runs it: the ID token (RS256, a key generated per run) carries the
person's groups; /userinfo answers without them. /authorize signs in whoever the test chose (`provider.sign_in_as`)
and sends the browser back with a one-use code; /token checks the client's id and secret, the redirect URI and the
PKCE verifier (S256) before it answers. Built on Authlib's pieces (PKCE, tokens) and joserfc (Authlib's JOSE
library: keys, signing). The knobs in `Tamper` make the ID token wrong in one way each, for the refusal tests.

    with OidcProvider(client_id="civicguard", client_secret="s3cret") as provider:
        provider.sign_in_as(Person(sub="u1", preferred_username="ann@sthelens.gov.uk", groups=["img-group"]))
        ... provider.issuer ...
"""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import RSAKey


@dataclass
class Person:
    sub: str
    preferred_username: str
    groups: list[str] = field(default_factory=list)
    email: str = ""
    name: str = ""


@dataclass
class Tamper:
    """One thing wrong with the next ID tokens (all None: a good token)."""

    foreign_key: bool = False         # signed by a key the JWKS does not hold (same kid)
    audience: str | None = None       # another client's audience
    expires_in: int | None = None     # seconds from now (negative: expired)
    nonce: str | None = None          # a nonce of the provider's choosing (replayed from an earlier sign-in)
    issuer: str | None = None
    alg_none: bool = False            # unsigned


class OidcProvider:
    def __init__(self, *, client_id: str, client_secret: str, groups_claim: str = "groups") -> None:
        self.client_id, self.client_secret, self.groups_claim = client_id, client_secret, groups_claim
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "alg": "RS256", "use": "sig"})
        self.foreign = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "alg": "RS256", "use": "sig"})
        self.person: Person | None = None
        self.tamper = Tamper()
        self.codes: dict[str, dict[str, Any]] = {}
        self.access_tokens: dict[str, Person] = {}
        self.nonces_seen: list[str] = []
        self.token_requests = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> OidcProvider:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()

    def sign_in_as(self, person: Person | None) -> None:
        self.person = person

    # ---- what the provider answers ----------------------------------------------------------------------------

    def discovery(self) -> dict[str, Any]:
        return {"issuer": self.issuer, "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token", "userinfo_endpoint": f"{self.issuer}/userinfo",
                "jwks_uri": f"{self.issuer}/jwks", "response_types_supported": ["code"],
                "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"]}

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.key.as_dict(private=False)]}

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], str]:
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id or not redirect_uri:
            return 400, {}, "unknown client or no redirect_uri"
        if query.get("response_type") != "code" or "openid" not in query.get("scope", "").split():
            return 400, {}, "only the code flow with the openid scope"
        back = {"state": query.get("state", "")}
        if self.person is None:
            back["error"] = "access_denied"
        else:
            code = generate_token(32)
            self.codes[code] = {"person": self.person, "nonce": query.get("nonce"), "redirect_uri": redirect_uri,
                                "challenge": query.get("code_challenge"),
                                "method": query.get("code_challenge_method")}
            if query.get("nonce"):
                self.nonces_seen.append(query["nonce"])
            back["code"] = code
        return 302, {"Location": f"{redirect_uri}?{urlencode(back)}"}, ""

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        self.token_requests += 1
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization.startswith("Basic "):
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if client_id != self.client_id or secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)  # one use
        if form.get("grant_type") != "authorization_code" or grant is None:
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri differs"}
        if grant["challenge"]:
            verifier = form.get("code_verifier", "")
            if grant["method"] != "S256" or create_s256_code_challenge(verifier) != grant["challenge"]:
                return 400, {"error": "invalid_grant", "error_description": "PKCE verifier does not match"}
        person: Person = grant["person"]
        access = generate_token(40)
        self.access_tokens[access] = person
        return 200, {"access_token": access, "token_type": "Bearer", "expires_in": 3600,
                     "id_token": self.id_token(person, grant["nonce"])}

    def id_token(self, person: Person, nonce: str | None) -> str:
        t, now = self.tamper, int(time.time())
        claims: dict[str, Any] = {
            "iss": t.issuer or self.issuer, "aud": t.audience or self.client_id, "sub": person.sub,
            "iat": now, "nbf": now, "exp": now + (t.expires_in if t.expires_in is not None else 600),
            "preferred_username": person.preferred_username, "name": person.name, "tid": "test-tenant",
            self.groups_claim: list(person.groups)}
        if person.email:
            claims["email"] = person.email
        if t.nonce is not None or nonce:
            claims["nonce"] = t.nonce if t.nonce is not None else nonce
        if t.alg_none:
            def b64(data: dict[str, Any]) -> str:
                return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
            return f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}."
        key = self.foreign if t.foreign_key else self.key
        return jwt.encode({"alg": "RS256", "kid": "test-key-1", "typ": "JWT"}, claims, key)

    def userinfo(self, authorization: str) -> tuple[int, dict[str, Any]]:
        person = self.access_tokens.get(authorization.removeprefix("Bearer ").strip())
        if person is None:
            return 401, {"error": "invalid_token"}
        info = {"sub": person.sub, "name": person.name, "preferred_username": person.preferred_username}
        if person.email:
            info["email"] = person.email
        return 200, info

    # ---- HTTP -------------------------------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: Any = "", headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode() if isinstance(body, dict) else str(body).encode()
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json" if isinstance(body, dict) else "text/plain")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._send(200, provider.discovery())
                elif url.path == "/jwks":
                    self._send(200, provider.jwks())
                elif url.path == "/authorize":
                    status, headers, text = provider.authorize(query)
                    self._send(status, text, headers)
                elif url.path == "/userinfo":
                    self._send(*provider.userinfo(self.headers.get("Authorization", "")))
                else:
                    self._send(404, "not found")

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path == "/token":
                    self._send(*provider.token(form, self.headers.get("Authorization", "")))
                else:
                    self._send(404, "not found")

        return Handler
