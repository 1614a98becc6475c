"""'Waiting for you' on the start page and /notifications/, and the daily e-mail choice."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.notifications import collect
from civicguard.apps.notifications.collect import Waiting
from civicguard.apps.notifications.models import DigestPreference
from tests.apps.factories import person


@pytest.fixture
def items(monkeypatch):
    found: list[Waiting] = []
    monkeypatch.setattr(collect, "_sources", lambda: [lambda user, council: list(found)])
    return found


def test_the_start_page_lists_what_waits_grouped_with_overdue_first(client, st_helens, items):
    today = timezone.localdate()
    items.extend([Waiting("Sign the User Agreement", "/agreements/1/", "Agreements"),
                  Waiting("Review @SthLibraries", "/reviews/4/", "Account reviews", due=today - timedelta(days=2)),
                  Waiting("Decide <b>the</b> case", "/cases/2/", "Business cases")])
    client.force_login(person("employee"))
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "Waiting for you" in page and 'href="/reviews/4/"' in page and "Overdue" in page
    assert page.index("Account reviews") < page.index("Agreements") < page.index("Business cases")
    assert "Decide &lt;b&gt;the&lt;/b&gt; case" in page


def test_the_start_page_shows_ten_and_links_to_the_rest(client, st_helens, items):
    items.extend(Waiting(f"Thing {n:02d}", f"/t/{n}/", "Training") for n in range(12))
    client.force_login(person("employee"))
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "Thing 09" in page and "Thing 10" not in page and "See all 12 things waiting for you" in page
    full = client.get(reverse("notifications:list")).content.decode()
    assert "Thing 11" in full and "12 things are waiting for you" in full


def test_nothing_waiting_says_so(client, st_helens, items):
    client.force_login(person("employee"))
    assert "Nothing is waiting for you" in client.get(reverse("dashboard:home")).content.decode()
    assert "Nothing is waiting for you in" in client.get(reverse("notifications:list")).content.decode()


def test_a_person_turns_the_daily_e_mail_off_and_on(client, st_helens, items):
    me = person("approver")
    client.force_login(me)
    assert 'id="send_digest-yes" name="send_digest" type="radio" value="yes" checked' in client.get(
        reverse("notifications:list")).content.decode()
    response = client.post(reverse("notifications:digest"), {"send_digest": "no"})
    assert response.status_code == 302 and not DigestPreference.objects.get(user=me).send_digest
    assert AuditEntry.objects.get(event="notifications.digest.preference").after == {"send_digest": False}
    assert "You do not get the daily e-mail" in client.get(reverse("notifications:list")).content.decode()
    client.post(reverse("notifications:digest"), {"send_digest": "yes"})
    assert DigestPreference.objects.get(user=me).send_digest


def test_no_choice_is_shown_beside_the_question(client, st_helens, items):
    client.force_login(person("employee"))
    response = client.post(reverse("notifications:digest"), {})
    assert response.status_code == 400 and "Select yes if you want the daily e-mail" in response.content.decode()
    assert not DigestPreference.objects.exists()
