"""Signing in through St Helens' directory, for real: our start page, the loopback provider's /authorize, our
callback, the code exchange with the PKCE verifier, the JWKS and the checks on the ID token. Nothing is mocked."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model

from civicguard.apps.access.checks import roles_in
from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.sso.models import DirectoryIdentity
from civicguard.apps.staff.services import role_assign
from tests.apps.factories import person
from tests.apps.sso.conftest import (
    ADMIN_GROUP,
    IMG_GROUP,
    LEGAL_GROUP,
    UNMAPPED_GROUP,
    member,
    sign_in_through,
)
from tests.oidc_provider.provider import Tamper

User = get_user_model()


def _signed_in_as(client: Any) -> Any:
    """Who the session is signed in as (an AnonymousUser if nobody)."""
    from django.contrib.auth.models import AnonymousUser

    pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=pk) if pk else AnonymousUser()


def test_the_sign_in_page_offers_the_directory_of_a_council_that_has_one(client: Any, directory: Any,
                                                                         settings: Any) -> None:
    page = client.get("/sign-in/").content.decode()
    assert "Sign in with St Helens Council&#x27;s directory" in page or "Sign in with St Helens" in page
    assert "/sign-in/directory/?council=st-helens" in page
    settings.CIVICGUARD_SSO = {}
    assert "directory" not in client.get("/sign-in/").content.decode().lower()


def test_the_start_asks_for_a_signed_nonce_and_pkce_and_an_unknown_council_is_not_found(client: Any,
                                                                                       directory: Any) -> None:
    start = client.get("/sign-in/directory/", {"council": "st-helens"})
    query = parse_qs(urlsplit(start["Location"]).query)
    assert query["response_type"] == ["code"] and query["code_challenge_method"] == ["S256"]
    assert query["nonce"] and query["state"] and "openid" in query["scope"][0].split()
    assert client.get("/sign-in/directory/", {"council": "sefton"}).status_code == 404
    assert client.get("/sign-in/directory/").status_code == 404


def test_a_member_of_a_mapped_group_is_created_with_its_role_and_signed_in(client: Any, directory: Any,
                                                                            st_helens: Any) -> None:
    answer, _ = sign_in_through(client, directory, member("sub-ann", "ann.jones@sthelens.gov.uk", IMG_GROUP))
    assert answer.status_code == 302 and answer["Location"] == "/"
    user = _signed_in_as(client)
    assert user.username == "ann.jones@sthelens.gov.uk" and user.email == "ann.jones@sthelens.gov.uk"
    assert user.first_name == "Ann" and not user.has_usable_password()
    assert roles_in(user, "st-helens") == {"img"}
    identity = DirectoryIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject, identity.council) == (directory.issuer, "sub-ann", st_helens)
    events = list(AuditEntry.objects.filter(council="st-helens").values_list("event", flat=True))
    assert {"staff.user.create", "staff.role.assign", "sso.sign_in"} <= set(events)


def test_roles_follow_the_groups_at_each_sign_in_and_roles_the_map_does_not_name_stay(client: Any,
                                                                                      directory: Any,
                                                                                      st_helens: Any) -> None:
    sign_in_through(client, directory, member("sub-bob", "bob@sthelens.gov.uk", IMG_GROUP))
    bob = User.objects.get(username="bob@sthelens.gov.uk")
    role_assign(user=bob, council=st_helens, role="employee")  # given by an administrator, not by the directory
    client.post("/sign-out/")
    answer, _ = sign_in_through(client, directory, member("sub-bob", "bob@sthelens.gov.uk", LEGAL_GROUP,
                                                          ADMIN_GROUP, UNMAPPED_GROUP))
    assert answer.status_code == 302
    assert roles_in(_signed_in_as(client), "st-helens") == {"legal", "admin", "img", "employee"}
    client.post("/sign-out/")
    sign_in_through(client, directory, member("sub-bob", "bob@sthelens.gov.uk", LEGAL_GROUP))
    assert roles_in(_signed_in_as(client), "st-helens") == {"legal", "employee"}
    assert User.objects.filter(username__startswith="bob").count() == 1
    revoked = AuditEntry.objects.filter(event="staff.role.revoke", council="st-helens").count()
    assert revoked == 2  # admin and img


def test_someone_whose_groups_map_to_no_role_is_turned_away_and_it_is_recorded(client: Any,
                                                                               directory: Any) -> None:
    answer, _ = sign_in_through(client, directory, member("sub-cat", "cat@sthelens.gov.uk", UNMAPPED_GROUP))
    assert answer.status_code == 403
    page = answer.content.decode()
    assert "You cannot sign in to CivicGuard" in page and "do not give you a role" in page
    assert not _signed_in_as(client).is_authenticated
    assert not User.objects.filter(username="cat@sthelens.gov.uk").exists()
    refusal = AuditEntry.objects.get(event="sso.sign_in.refuse")
    assert refusal.council == "st-helens" and refusal.after["groups"] == [UNMAPPED_GROUP]


def test_someone_removed_from_their_groups_loses_the_roles_and_is_turned_away(client: Any,
                                                                               directory: Any) -> None:
    sign_in_through(client, directory, member("sub-dan", "dan@sthelens.gov.uk", IMG_GROUP))
    client.post("/sign-out/")
    answer, _ = sign_in_through(client, directory, member("sub-dan", "dan@sthelens.gov.uk"))
    assert answer.status_code == 403
    assert roles_in(User.objects.get(username="dan@sthelens.gov.uk"), "st-helens") == set()
    assert not _signed_in_as(client).is_authenticated


def test_a_username_another_council_s_person_has_is_never_theirs(client: Any, directory: Any) -> None:
    sefton_person = person("admin", "sefton", username="ann.jones@sthelens.gov.uk")
    answer, _ = sign_in_through(client, directory, member("sub-ann2", "ann.jones@sthelens.gov.uk", IMG_GROUP))
    assert answer.status_code == 302
    user = _signed_in_as(client)
    assert user.pk != sefton_person.pk and user.username == "ann.jones@sthelens.gov.uk+st-helens"
    assert roles_in(sefton_person, "st-helens") == set() and roles_in(user, "sefton") == set()


@pytest.mark.parametrize("tamper", [
    pytest.param(Tamper(foreign_key=True), id="signed-by-a-key-not-in-the-jwks"),
    pytest.param(Tamper(audience="another-client"), id="another-audience"),
    pytest.param(Tamper(expires_in=-300), id="expired"),
    pytest.param(Tamper(issuer="https://login.example.net/other/v2.0"), id="another-issuer"),
    pytest.param(Tamper(alg_none=True), id="unsigned"),
])
def test_an_id_token_that_is_not_valid_is_refused(client: Any, directory: Any, tamper: Tamper) -> None:
    directory.tamper = tamper
    answer, _ = sign_in_through(client, directory, member("sub-eve", "eve@sthelens.gov.uk", IMG_GROUP))
    assert answer.status_code == 400
    assert "Signing in through your directory did not work" in answer.content.decode()
    assert not _signed_in_as(client).is_authenticated
    assert not User.objects.filter(username="eve@sthelens.gov.uk").exists()
    assert AuditEntry.objects.filter(event="sso.sign_in.fail", council="st-helens").exists()


def test_a_replayed_nonce_and_a_replayed_callback_are_refused(client: Any, directory: Any) -> None:
    fay = member("sub-fay", "fay@sthelens.gov.uk", IMG_GROUP)
    answer, callback = sign_in_through(client, directory, fay)
    assert answer.status_code == 302
    old_nonce = directory.nonces_seen[-1]
    client.post("/sign-out/")
    assert client.get(callback).status_code == 400  # the same answer again: its state was used
    directory.tamper = Tamper(nonce=old_nonce)  # a token minted for the earlier sign-in
    answer, _ = sign_in_through(client, directory, fay)
    assert answer.status_code == 400
    assert not _signed_in_as(client).is_authenticated


def test_someone_the_directory_does_not_sign_in_is_told_it_did_not_work(client: Any, directory: Any) -> None:
    answer, _ = sign_in_through(client, directory, None)  # the provider answers error=access_denied
    assert answer.status_code == 400
    assert not _signed_in_as(client).is_authenticated


def test_a_signed_in_person_is_sent_to_the_start_page(client: Any, directory: Any) -> None:
    client.force_login(person("employee"))
    assert client.get("/sign-in/directory/", {"council": "st-helens"})["Location"] == "/"
    assert client.get("/sign-in/directory/callback/")["Location"] == "/"
