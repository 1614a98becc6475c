"""/api/v1 for staff records, service areas and the import reports: the same services and checks as the pages."""

import pytest
from rest_framework.test import APIClient

from civicguard.apps.people.importing import staff_import
from civicguard.apps.people.models import StaffRecord
from civicguard.apps.staff.services import token_issue
from tests.apps.factories import person, staff_record


def client_for(user):
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)}")
    return http


@pytest.fixture
def hr(st_helens):
    return client_for(person("hr"))


def test_hr_lists_reads_adds_and_changes_records(hr, st_helens):
    boss = staff_record(name="Bea Boss")
    response = hr.post("/api/v1/staff-records", {"council": "st-helens", "name": "Nia Jones",
                                                 "work_email": "nia@x.gov.uk", "line_manager": boss.pk},
                       format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["line_manager"]["name"] == "Bea Boss" and body["politically_restricted"] is False
    listed = hr.get("/api/v1/staff-records?council=st-helens&active=true").json()
    assert [r["name"] for r in listed["results"]] == ["Bea Boss", "Nia Jones"]
    response = hr.patch(f"/api/v1/staff-records/{body['id']}", {"active": False, "employment_type": "secondee"},
                        format="json")
    assert response.status_code == 200 and response.json()["active"] is False
    assert StaffRecord.objects.get(pk=body["id"]).employment_type == "secondee"


def test_the_flag_is_not_changed_through_the_record_and_only_hr_sets_it(hr, st_helens):
    record = staff_record()
    response = hr.patch(f"/api/v1/staff-records/{record.pk}", {"politically_restricted": True}, format="json")
    assert response.status_code == 200 and not StaffRecord.objects.get().politically_restricted  # not a field here
    admin = client_for(person("admin"))
    body = {"politically_restricted": True, "reason": "Chief officer"}
    assert admin.post(f"/api/v1/staff-records/{record.pk}/restriction", body, format="json").status_code == 403
    response = hr.post(f"/api/v1/staff-records/{record.pk}/restriction", body, format="json")
    assert response.status_code == 200 and response.json()["politically_restricted"] is True


def test_hr_cannot_set_their_own_flag(st_helens):
    me = person("hr")
    record = staff_record(user=me)
    response = client_for(me).post(f"/api/v1/staff-records/{record.pk}/restriction",
                                   {"politically_restricted": True, "reason": "x"}, format="json")
    assert response.status_code == 403 and not StaffRecord.objects.get().politically_restricted


def test_an_unknown_service_area_is_a_400_naming_it(hr, st_helens, sefton):
    other = staff_record("sefton")
    response = hr.post("/api/v1/staff-records", {"council": "st-helens", "name": "Nia", "work_email": "n@x.gov.uk",
                                                 "line_manager": other.pk}, format="json")
    assert response.status_code == 400 and response.json()["error"]["field"] == "line_manager"


def test_records_of_another_council_are_not_found(st_helens, sefton):
    record = staff_record()
    sefton_hr = client_for(person("hr", "sefton"))
    assert sefton_hr.get(f"/api/v1/staff-records/{record.pk}").status_code == 404
    assert sefton_hr.get("/api/v1/staff-records?council=st-helens").status_code == 404
    assert client_for(person("employee")).get("/api/v1/staff-records").status_code == 403


def test_service_areas_are_listed_and_added_with_a_manager(hr, st_helens):
    boss = staff_record(name="Bea Boss")
    response = hr.post("/api/v1/service-areas", {"council": "st-helens", "name": "Heritage", "manager": boss.pk},
                       format="json")
    assert response.status_code == 201 and response.json()["manager"]["name"] == "Bea Boss"
    names = [a["name"] for a in hr.get("/api/v1/service-areas?council=st-helens").json()["results"]]
    assert "Heritage" in names


def test_import_reports_are_listed_and_read_with_each_row_s_changes(hr, st_helens):
    staff_record(name="Ann Lee", work_email="ann@x.gov.uk")
    run = staff_import(council=st_helens, file_name="may.csv", rows=[
        {"email": "ann@x.gov.uk", "name": "Ann Lee-Smith", "employment_type": "", "service_area": "",
         "line_manager_email": "", "politically_restricted": "", "hr_reference": ""}]).run
    [listed] = hr.get("/api/v1/staff-imports").json()["results"]
    assert listed["file_name"] == "may.csv" and listed["actor"] is None and "changes" not in listed
    detail = hr.get(f"/api/v1/staff-imports/{run.pk}").json()
    assert detail["changes"][0]["changes"]["name"] == ["Ann Lee", "Ann Lee-Smith"]
