"""The public register (St Helens 6.7, 6.14): anyone, signed in or not, sees a council's live accounts with their
feedback information; nothing that is not live, and never the login e-mail or the owner."""

import pytest
from django.urls import reverse

from civicguard.apps.social_accounts.models import AccountStatus
from tests.apps.factories import AccountFactory, person
from tests.apps.social_accounts.cases import area

SECRET = "hidden.login@sthelens.gov.uk"


@pytest.fixture
def accounts(st_helens, sefton):
    owner = person("service-manager", username="owner-ownerson")
    live = AccountFactory(council=st_helens, platform="x", handle="@StHelensLive", status=AccountStatus.LIVE,
                          service_area=area(st_helens, "Libraries"), login_email=SECRET, owner=owner,
                          feedback_info="Complain at sthelens.gov.uk/<b>complaints</b>")
    others = [AccountFactory(council=st_helens, handle=f"@StHelens{s}", status=s, login_email=SECRET, owner=owner)
              for s in ("set_up", "dormant", "closed")]
    AccountFactory(council=sefton, handle="@SeftonLive", status=AccountStatus.LIVE)
    return live, others


def test_anyone_sees_the_live_accounts_and_nothing_else(client, accounts):
    response = client.get(reverse("register:page", args=["st-helens"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "@StHelensLive" in page and 'href="https://x.com/StHelensLive"' in page and "Libraries" in page
    assert "sthelens.gov.uk/&lt;b&gt;complaints&lt;/b&gt;" in page
    for hidden in ("@StHelensset_up", "@StHelensdormant", "@StHelensclosed", "@SeftonLive", SECRET,
                   "hidden.login", "owner-ownerson"):
        assert hidden not in page
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


def test_the_json_is_the_same_list(client, accounts):
    response = client.get(reverse("register:json", args=["st-helens"]))
    data = response.json()
    assert data["council"] == "st-helens"
    assert data["accounts"] == [{"platform": "x", "handle": "@StHelensLive", "url": "https://x.com/StHelensLive",
                                 "service_area": "Libraries",
                                 "feedback": "Complain at sthelens.gov.uk/<b>complaints</b>"}]
    assert SECRET not in response.content.decode() and "owner" not in response.content.decode()


def test_a_signed_in_person_sees_it_too_and_it_is_not_kept(client, accounts):
    client.force_login(person("employee", "sefton"))
    response = client.get(reverse("register:page", args=["st-helens"]))
    assert "@StHelensLive" in response.content.decode() and "no-store" in response["Cache-Control"]


def test_an_unknown_council_is_not_found(client, accounts):
    assert client.get(reverse("register:page", args=["nowhere"])).status_code == 404
    assert client.get(reverse("register:json", args=["nowhere"])).status_code == 404


def test_a_council_with_no_live_accounts(client, st_helens):
    page = client.get(reverse("register:page", args=["st-helens"])).content.decode()
    assert "has no official social media accounts listed yet" in page
