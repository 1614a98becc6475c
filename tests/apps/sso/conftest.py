"""A real OpenID Connect provider on loopback (tests/oidc_provider) configured as St Helens' directory, and the
helpers that walk a sign-in through it: our start page, the provider's /authorize, our callback (which exchanges
the code and checks the ID token over real HTTP)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from civicguard.apps.sso.config import DirectoryConfig, parse_group_roles
from civicguard.apps.sso.discovery import forget
from tests.oidc_provider.provider import OidcProvider, Person, Tamper

CLIENT_ID = "civicguard-st-helens"
CLIENT_SECRET = "provider-secret-for-tests"
IMG_GROUP = "5f0c1c9e-0000-4000-8000-00000000a001"
LEGAL_GROUP = "5f0c1c9e-0000-4000-8000-00000000a002"
ADMIN_GROUP = "5f0c1c9e-0000-4000-8000-00000000a003"
UNMAPPED_GROUP = "5f0c1c9e-0000-4000-8000-00000000a999"
GROUP_ROLES = f"{IMG_GROUP}=img,{LEGAL_GROUP}=legal,{ADMIN_GROUP}=admin,{ADMIN_GROUP}=img"


@pytest.fixture(scope="session")
def provider() -> Iterator[OidcProvider]:
    with OidcProvider(client_id=CLIENT_ID, client_secret=CLIENT_SECRET) as running:
        yield running


def directory_config(provider: OidcProvider, slug: str = "st-helens") -> DirectoryConfig:
    return DirectoryConfig(slug=slug, issuer=provider.issuer, client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                           groups_claim="groups", group_roles=parse_group_roles(GROUP_ROLES, "test"))


@pytest.fixture
def directory(provider: OidcProvider, settings: Any, st_helens: Any) -> OidcProvider:
    """St Helens signs in through the provider; the provider signs in nobody yet and makes good tokens."""
    settings.CIVICGUARD_SSO = {"st-helens": directory_config(provider)}
    provider.tamper = Tamper()
    provider.sign_in_as(None)
    forget()
    yield provider
    forget()


def member(sub: str = "sub-ann", username: str = "ann.jones@sthelens.gov.uk", *groups: str,
           name: str = "Ann Jones") -> Person:
    return Person(sub=sub, preferred_username=username, groups=list(groups), email=username, name=name)


def sign_in_through(client: Any, provider: OidcProvider, person: Person | None, council: str = "st-helens",
                    next_url: str = "") -> tuple[Any, str]:
    """Start at our page, let the provider sign `person` in, and come back: (our callback's answer, its URL)."""
    provider.sign_in_as(person)
    query = {"council": council, **({"next": next_url} if next_url else {})}
    start = client.get("/sign-in/directory/", query)
    assert start.status_code == 302, start
    assert start["Location"].startswith(provider.issuer + "/authorize?")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    assert back.netloc == "testserver" and back.path == "/sign-in/directory/callback/"
    callback = f"{back.path}?{back.query}"
    return client.get(callback), callback
