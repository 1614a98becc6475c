"""The council's official accounts: everyone in the council may see them; other councils' stay hidden."""

from django.urls import reverse

from civicguard.apps.social_accounts.services import account_add
from tests.apps.factories import AccountFactory, person

LIST = reverse("social_accounts:list")


def test_anyone_in_the_council_sees_its_accounts(client, st_helens, sefton):
    AccountFactory(council=st_helens, platform="facebook", handle="@StHelensCouncil", platform_id="4242")
    AccountFactory(council=st_helens, platform="x", handle="@<b>StHelensLibraries</b>")
    AccountFactory(council=sefton, handle="@SeftonCouncil")
    client.force_login(person("employee"))
    page = client.get(LIST).content.decode()
    assert "2 accounts" in page and "Facebook" in page and "@StHelensCouncil" in page and "4242" in page
    assert "@&lt;b&gt;StHelensLibraries&lt;/b&gt;" in page and "<b>StHelensLibraries" not in page
    assert "@SeftonCouncil" not in page


def test_a_representative_sees_which_accounts_they_post_for(client, st_helens):
    mine = AccountFactory(council=st_helens, handle="@Mine")
    AccountFactory(council=st_helens, handle="@NotMine")
    client.force_login(person("representative", account=mine))
    page = client.get(LIST).content.decode()
    assert page.count("you post for this account") == 1
    assert page.index("@Mine") < page.index("you post for this account") < page.index("@NotMine")


def test_an_account_added_through_the_service_appears(client, st_helens):
    account_add(council=st_helens, platform="instagram", handle="@sthelensparks")
    client.force_login(person("img"))
    assert "@sthelensparks" in client.get(LIST).content.decode()


def test_no_accounts_yet(client, st_helens):
    client.force_login(person("moderator"))
    assert "has no official accounts registered yet" in client.get(LIST).content.decode()


def test_the_page_is_read_only_and_needs_a_role(client, st_helens):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(person("employee", "sefton"))
    assert client.get(LIST).status_code == 200  # their own council's (empty) list
    assert client.post(LIST).status_code == 405
