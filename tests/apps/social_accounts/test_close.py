"""Closing an account: a reason, by a person who manages the council's accounts; it leaves the public register
for good (St Helens 6.7)."""

from django.urls import reverse
from rest_framework.test import APIClient

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.social_accounts.models import AccountStatus, SocialAccount
from civicguard.apps.staff.services import token_issue
from tests.apps.factories import AccountFactory, person


def _live(council, handle="@StHelensParksLive"):
    return AccountFactory(council=council, platform="x", handle=handle, status=AccountStatus.LIVE,
                          feedback_info="Complain at sthelens.gov.uk/complaints")


def test_a_closed_account_leaves_the_public_register(client, st_helens):
    account = _live(st_helens)
    register, as_json = reverse("register:page", args=["st-helens"]), reverse("register:json", args=["st-helens"])
    assert "@StHelensParksLive" in client.get(register).content.decode()
    client.force_login(person("approver"))
    detail = reverse("social_accounts:detail", args=[account.pk])
    assert "close-form" in client.get(detail).content.decode()
    close = reverse("social_accounts:close", args=[account.pk])
    bad = client.post(close, {"reason": ""})
    assert bad.status_code == 400 and "Enter why the account is closing" in bad.content.decode()
    assert client.post(close, {"reason": "The parks team now posts on the main account"})["Location"] == detail
    account.refresh_from_db()
    assert account.status == AccountStatus.CLOSED and "main account" in account.status_reason
    assert AuditEntry.objects.filter(event="social_accounts.account.close", object_id=str(account.pk)).exists()
    page = client.get(detail).content.decode()
    assert "close-form" not in page and "main account" in page
    client.logout()
    assert "@StHelensParksLive" not in client.get(register).content.decode()
    assert "@StHelensParksLive" not in client.get(as_json).content.decode()


def test_only_a_person_who_manages_accounts_may_close_one(client, st_helens):
    account = _live(st_helens)
    client.force_login(person("representative", account=account))
    assert "close-form" not in client.get(reverse("social_accounts:detail", args=[account.pk])).content.decode()
    assert client.post(reverse("social_accounts:close", args=[account.pk]), {"reason": "Mine"}).status_code == 403
    assert SocialAccount.objects.get(pk=account.pk).status == AccountStatus.LIVE


def test_the_api_closes_through_the_same_service(st_helens):
    first = _live(st_helens)
    admin = person("admin")
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION="Bearer " + token_issue(user=admin))
    url = f"/api/v1/accounts/{first.pk}/close"
    assert http.post(url, {}, format="json").status_code == 400
    answer = http.post(url, {"reason": "Merged"}, format="json")
    assert answer.status_code == 200 and answer.json()["status"] == "closed"
    assert http.post(url, {"reason": "Again"}, format="json").status_code == 409
