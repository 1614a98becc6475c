"""The staff records pages: who sees them, the restriction form (GOV.UK radios and a reason), never one's own."""

from django.urls import reverse

from civicguard.apps.people.models import StaffRecord
from tests.apps.factories import person, staff_record


def test_hr_sees_the_list_with_yes_or_no_and_the_nav_link(client, st_helens):
    staff_record(name="Ann Lee", politically_restricted=True, employment_type="agency-worker")
    client.force_login(person("hr"))
    page = client.get(reverse("people:list")).content.decode()
    assert "Ann Lee" in page and "Agency worker" in page and ">Yes</td>" in page
    assert f'href="{reverse("people:list")}"' in page


def test_an_employee_is_refused_the_list(client, st_helens):
    client.force_login(person("employee"))
    assert client.get(reverse("people:list")).status_code == 403


def test_hr_sets_the_flag_through_the_form(client, st_helens):
    record = staff_record(name="Ann Lee")
    client.force_login(person("hr"))
    url = reverse("people:restriction", args=[record.pk])
    form = client.get(url).content.decode()
    assert 'id="restricted-yes"' in form
    assert 'id="restricted-no" name="restricted" type="radio" value="no" checked' in form
    response = client.post(url, {"restricted": "yes", "reason": "Chief officer's post"})
    assert response.status_code == 302 and StaffRecord.objects.get().politically_restricted


def test_a_missing_reason_is_shown_beside_its_field(client, st_helens):
    record = staff_record()
    client.force_login(person("hr"))
    response = client.post(reverse("people:restriction", args=[record.pk]), {"restricted": "yes"})
    assert response.status_code == 400 and "Enter the reason for the change" in response.content.decode()
    assert not StaffRecord.objects.get().politically_restricted


def test_hr_cannot_open_the_form_for_their_own_record(client, st_helens):
    hr = person("hr")
    record = staff_record(user=hr)
    client.force_login(hr)
    url = reverse("people:restriction", args=[record.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"restricted": "yes", "reason": "Mine"}).status_code == 403
    assert not StaffRecord.objects.get().politically_restricted


def test_another_council_s_hr_gets_not_found(client, st_helens, sefton):
    record = staff_record()
    client.force_login(person("hr", "sefton"))
    assert client.get(reverse("people:detail", args=[record.pk])).status_code == 404
    assert client.post(reverse("people:restriction", args=[record.pk]),
                       {"restricted": "yes", "reason": "x"}).status_code == 404
