"""The election calendar's pages, the banner on every page during a period, and the issue's check through the
official check page's API twin (POST /api/v1/checks) and the post's own check."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.elections.models import Election, Status
from tests.apps.elections.factories import election
from tests.apps.factories import person

pytestmark = pytest.mark.django_db


def _dates(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def test_the_group_adds_an_election_and_its_period_follows_the_pack(client):
    client.force_login(person("img"))
    poll = timezone.localdate() + timedelta(days=90)
    response = client.post(reverse("elections:new"), {"name": "Mayoral election 2027", "kind": "mayoral",
                                                      **_dates("polling_day", poll)})
    found = Election.objects.get()
    assert response.status_code == 302 and found.period_end == poll
    page = client.get(reverse("elections:detail", args=[found.pk])).content.decode()
    assert "Mayoral election 2027" in page and poll.strftime("%B %Y") in page and "Change the election" in page


def test_a_by_election_without_wards_is_refused_beside_the_field(client):
    client.force_login(person("approver"))
    poll = timezone.localdate() + timedelta(days=30)
    response = client.post(reverse("elections:new"), {"name": "Haydock by-election", "kind": "by-election",
                                                      **_dates("polling_day", poll)})
    assert response.status_code == 400 and "Enter the ward or wards" in response.content.decode()
    assert not Election.objects.exists()


def test_an_employee_sees_the_calendar_but_not_the_button_and_may_not_add(client):
    election(on=False, name="Borough council elections 2027")
    client.force_login(person("employee"))
    page = client.get(reverse("elections:list")).content.decode()
    assert "Borough council elections 2027" in page and "Add an election" not in page
    assert client.get(reverse("elections:new")).status_code == 403


def test_another_councils_election_is_not_found(client):
    found = election("sefton")
    client.force_login(person("img"))
    assert client.get(reverse("elections:detail", args=[found.pk])).status_code == 404


def test_cancelling_takes_the_banner_off_every_page(client):
    found = election(name="St Helens Borough Council elections")
    client.force_login(person("admin"))
    home = client.get("/").content.decode()
    assert "The pre-election period for the St Helens Borough Council elections is on until" in home
    response = client.post(reverse("elections:cancel", args=[found.pk]), {"reason": "Countermanded"})
    assert response.status_code == 302
    assert Election.objects.get().status == Status.CANCELLED
    assert AuditEntry.objects.filter(event="elections.election.cancel").exists()
    assert "The pre-election period for" not in client.get("/").content.decode()


def test_the_banner_is_only_for_the_council_with_the_period(client):
    election("sefton")
    client.force_login(person("employee", "st-helens"))
    assert "The pre-election period for" not in client.get(reverse("elections:list")).content.decode()
    client.force_login(person("employee", "sefton"))
    assert "The pre-election period for" in client.get(reverse("elections:list")).content.decode()


def test_a_restricted_employees_personal_check_page_shows_the_reminder_during_a_period(client):
    from tests.apps.factories import staff_record

    election(name="St Helens Borough Council elections")
    employee = person("employee")
    staff_record(user=employee, politically_restricted=True)
    client.force_login(employee)
    page = client.post(reverse("posts:personal_check"), {"text": "Lovely walk at Sherdley Park."}).content.decode()
    assert "Reminder: the pre-election period for the St Helens Borough Council elections is on" in page
