"""Issue 19's single sign-on, in a real browser against a real OpenID Connect provider on loopback
(tests/oidc_provider): a member of the directory group mapped to the Information Management Group in St Helens
follows "Sign in with St Helens Council's directory", goes through the provider's /authorize and back (code
exchange with PKCE, ID token checked against the provider's JWKS) and lands signed in with that role; someone whose
groups map to no role is turned away with a page that says why, and nobody is created for them."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from civicguard.apps.access.checks import roles_in
from civicguard.apps.audit.models import AuditEntry
from tests.apps.factories import council
from tests.apps.sso.conftest import IMG_GROUP, UNMAPPED_GROUP, member
from tests.browser.pages import Browser
from tests.oidc_provider.provider import OidcProvider


@pytest.mark.browser
def test_a_member_of_the_img_group_signs_in_through_the_directory_and_an_outsider_is_turned_away(
        browser: Browser, directory: OidcProvider) -> None:
    st_helens = council("st-helens")
    button = f"Sign in with {st_helens.name}'s directory"

    directory.sign_in_as(member("sub-imogen", "imogen.group@sthelens.gov.uk", IMG_GROUP, name="Imogen Group"))
    browser.visit("/sign-in/")
    assert browser.page_problems() == []
    browser.follow(button)
    assert "Signed in as imogen.group@sthelens.gov.uk" in browser.text("main"), browser.text("main")[:500]
    user = get_user_model().objects.get(username="imogen.group@sthelens.gov.uk")
    assert roles_in(user, "st-helens") == {"img"}
    browser.sign_out()

    directory.sign_in_as(member("sub-otto", "otto.outsider@sthelens.gov.uk", UNMAPPED_GROUP))
    browser.follow(button)
    assert browser.heading() == "You cannot sign in to CivicGuard"
    assert "do not give you a role" in browser.text("main")
    assert browser.page_problems() == []
    assert not get_user_model().objects.filter(username="otto.outsider@sthelens.gov.uk").exists()
    assert AuditEntry.objects.filter(event="sso.sign_in.refuse", council="st-helens").count() == 1
    browser.visit("/sign-in/")
    assert browser.heading() == "Sign in to CivicGuard"
