"""The staff records pages added for HR: add and change a record, service areas and their managers, HR's export
(upload, the dry run's report, confirm) and the import reports."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.councils.models import ServiceArea
from civicguard.apps.people.models import ImportRun, StaffRecord
from civicguard.apps.people.services import service_area_create
from tests.apps.factories import person, staff_record

HEADER = "email,name,employment_type,service_area,line_manager_email,politically_restricted,hr_reference\n"
RECORD = {"name": "Nia Jones", "work_email": "Nia.Jones@example.gov.uk", "employment_type": "contractor",
          "service_area": "", "line_manager": "", "user": "", "hr_reference": "HR-7"}


def test_hr_adds_a_record_linked_to_the_sign_in_with_its_e_mail(client, st_helens):
    nia = person("representative", email="nia.jones@example.gov.uk")
    client.force_login(person("hr"))
    form = client.get(reverse("people:new") + "?email=nia.jones@example.gov.uk&name=Nia").content.decode()
    assert 'value="nia.jones@example.gov.uk"' in form and 'id="employment_type-agency-worker"' in form
    response = client.post(reverse("people:new"), RECORD)
    record = StaffRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[record.pk])
    assert record.work_email == "nia.jones@example.gov.uk" and record.user == nia
    assert record.employment_type == "contractor" and AuditEntry.objects.filter(event="people.staff_record.create")


def test_a_taken_e_mail_is_shown_beside_its_field(client, st_helens):
    staff_record(work_email="nia.jones@example.gov.uk")
    client.force_login(person("admin"))
    response = client.post(reverse("people:new"), RECORD)
    page = response.content.decode()
    assert response.status_code == 400 and "already has a staff record for nia.jones@example.gov.uk" in page
    assert 'href="#work_email"' in page and StaffRecord.objects.count() == 1


def test_a_manager_from_another_council_cannot_be_chosen(client, st_helens, sefton):
    other = staff_record("sefton", name="Sefton Boss")
    client.force_login(person("hr"))
    response = client.post(reverse("people:new"), {**RECORD, "line_manager": str(other.pk)})
    assert response.status_code == 400 and "Select a line manager from the list" in response.content.decode()
    assert not StaffRecord.objects.filter(council=st_helens).exists()


def test_hr_changes_a_record_and_marks_someone_who_left_inactive(client, st_helens):
    boss = staff_record(name="Bea Boss")
    record = staff_record(name="Ann Lee", work_email="ann@x.gov.uk")
    client.force_login(person("hr"))
    form = client.get(reverse("people:edit", args=[record.pk])).content.decode()
    assert 'value="Ann Lee"' in form and 'id="active-yes"' in form
    assert f'<option value="{record.pk}"' not in form  # never their own line manager
    response = client.post(reverse("people:edit", args=[record.pk]), {
        **RECORD, "name": "Ann Lee", "work_email": "ann@x.gov.uk", "line_manager": str(boss.pk), "active": "no"})
    record.refresh_from_db()
    assert response.status_code == 302 and record.line_manager == boss and not record.active
    entry = AuditEntry.objects.get(event="people.staff_record.update")
    assert entry.after["active"] is False and "politically_restricted" not in entry.after


def test_the_record_page_links_to_the_change_form_and_is_not_found_from_another_council(client, st_helens):
    record = staff_record()
    client.force_login(person("hr"))
    page = client.get(reverse("people:detail", args=[record.pk])).content.decode()
    assert reverse("people:edit", args=[record.pk]) in page
    client.force_login(person("hr", "sefton"))
    assert client.get(reverse("people:detail", args=[record.pk])).status_code == 404


def test_service_areas_are_listed_added_and_given_a_manager(client, st_helens):
    boss = staff_record(name="Bea Boss")
    client.force_login(person("hr"))
    response = client.post(reverse("people:area_new"), {"name": "Heritage Services", "manager": str(boss.pk)})
    area = ServiceArea.objects.get(council=st_helens, name="Heritage Services")
    assert response.status_code == 302 and area.manager_record.manager == boss
    page = client.get(reverse("people:areas")).content.decode()
    assert "Heritage Services" in page and "Bea Boss" in page
    other = staff_record(name="Cy New")
    response = client.post(reverse("people:area_manager", args=[area.pk]), {"manager": str(other.pk)})
    area.refresh_from_db()
    assert response.status_code == 302 and area.manager_record.manager == other
    assert AuditEntry.objects.get(event="people.service_area.manager").after == {"manager": other.work_email}


def test_a_service_area_name_already_used_is_refused_beside_the_field(client, st_helens):
    hr = person("hr")
    service_area_create(actor=hr, council=st_helens, name="Heritage Services")
    client.force_login(hr)
    response = client.post(reverse("people:area_new"), {"name": "heritage services", "manager": ""})
    assert response.status_code == 400 and "already has a service area called" in response.content.decode()


def test_an_administrator_reads_the_areas_but_an_employee_may_not(client, st_helens):
    client.force_login(person("employee"))
    assert client.get(reverse("people:areas")).status_code == 403


def _upload(text, name="staff.csv"):
    return SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text, "text/csv")


def test_hr_uploads_the_export_reads_what_would_change_then_imports_it(client, st_helens):
    staff_record(name="Cy Gone", work_email="cy@x.gov.uk")
    client.force_login(person("hr"))
    response = client.post(reverse("people:import"), {
        "file": _upload(HEADER + "ann@x.gov.uk,Ann Lee,employee,Libraries,,,\nbad,Bo,employee,,,,\n"),
        "deactivate_missing": "yes"})
    preview = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("people:import_run", args=[preview.pk])
    assert preview.dry_run and not StaffRecord.objects.filter(work_email="ann@x.gov.uk").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Nothing has been saved yet" in page and "Import the file" in page
    assert "bad is not an e-mail address" in page and "cy@x.gov.uk – would be marked inactive" in page
    response = client.post(reverse("people:import_confirm", args=[preview.pk]))
    run = ImportRun.objects.get(dry_run=False)
    assert response["Location"] == reverse("people:import_run", args=[run.pk])
    assert StaffRecord.objects.get(work_email="ann@x.gov.uk").service_area.name == "Libraries"
    assert not StaffRecord.objects.get(work_email="cy@x.gov.uk").active
    imports = client.get(reverse("people:imports")).content.decode()
    assert "Checked only" in imports and "staff.csv" in imports and "1 marked inactive" in imports


def test_confirming_twice_loads_once_and_says_so(client, st_helens):
    client.force_login(person("hr"))
    client.post(reverse("people:import"), {"file": _upload(HEADER + "ann@x.gov.uk,Ann Lee,employee,,,,\n"),
                                           "deactivate_missing": "no"})
    preview = ImportRun.objects.get()
    client.post(reverse("people:import_confirm", args=[preview.pk]))
    response = client.post(reverse("people:import_confirm", args=[preview.pk]), follow=True)
    assert "This file has been imported already" in response.content.decode()
    assert ImportRun.objects.filter(dry_run=False).count() == 1


def test_a_file_that_is_not_the_export_is_refused_beside_the_file_field(client, st_helens):
    client.force_login(person("hr"))
    for data, says in [("email,name\nann@x.gov.uk,Ann\n", "has no column employment_type"),
                       (b"PK\x03\x04rest", "not CSV"), ("ann\xe9".encode("latin-1"), "is not UTF-8")]:
        response = client.post(reverse("people:import"), {"file": _upload(data), "deactivate_missing": "no"})
        page = response.content.decode()
        assert response.status_code == 400 and says in page and 'href="#file"' in page, says
    assert not ImportRun.objects.exists()


@override_settings(CIVICGUARD_MAX_UPLOAD_BYTES=100)
def test_a_file_over_the_upload_limit_is_refused(client, st_helens):
    client.force_login(person("hr"))
    response = client.post(reverse("people:import"), {"file": _upload(HEADER + "x" * 200), "deactivate_missing": "no"})
    assert response.status_code == 400 and "larger than" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_user_text_in_the_report_is_escaped(client, st_helens):
    client.force_login(person("hr"))
    export = HEADER + "<b>x</b>,<script>alert(1)</script>,employee,,,,\n"
    client.post(reverse("people:import"), {"file": _upload(export), "deactivate_missing": "no"})
    page = client.get(reverse("people:import_run", args=[ImportRun.objects.get().pk])).content.decode()
    assert "<script>alert(1)" not in page and "&lt;b&gt;x&lt;/b&gt;" in page


def test_a_link_fills_in_only_what_the_record_form_would_take(client, st_helens):
    client.force_login(person("hr"))
    form = client.get(reverse("people:new"), {"email": "cy@x.gov.uk", "name": "N" * 201}).content.decode()
    assert 'id="work_email" maxlength="254" name="work_email" type="text" value="cy@x.gov.uk"' in form
    assert "N" * 201 not in form  # too long for a name: left for HR to type
    assert '<input class="govuk-input" id="name" maxlength="200" name="name" type="text">' in form
    assert 'id="employment_type-employee" name="employment_type" type="radio" value="employee" checked' in form
