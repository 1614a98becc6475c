"""What waits on HR in the staff records: people who work in CivicGuard with no record or an unlinked one, and the
rows the latest import skipped."""

from django.urls import reverse

from civicguard.apps.notifications.collect import waiting
from civicguard.apps.people.importing import staff_import
from civicguard.apps.people.waiting import MAX_PEOPLE, waiting_for
from tests.apps.factories import person, staff_record


def texts(items):
    return [item.text for item in items]


def test_hr_is_asked_to_add_a_record_for_someone_in_civicguard_without_one(st_helens):
    hr = person("hr")
    staff_record(user=hr)
    rep = person("representative", username="rep-no-record", email="rep@x.gov.uk")
    [item] = waiting_for(hr, st_helens)
    assert "Add a staff record for rep-no-record" in item.text and item.area == "Staff records"
    assert item.url == reverse("people:new") + "?email=rep%40x.gov.uk&name="
    staff_record(user=rep)
    assert waiting_for(hr, st_helens) == []


def test_a_record_under_their_address_but_not_linked_asks_for_the_link(st_helens):
    hr = person("hr")
    staff_record(user=hr)
    person("approver", username="appr", email="appr@x.gov.uk")
    record = staff_record(name="Al Approver", work_email="APPR@x.gov.uk")
    [item] = waiting_for(hr, st_helens)
    assert item.text == "Link Al Approver's staff record to the CivicGuard sign-in appr"
    assert item.url == reverse("people:edit", args=[record.pk])


def test_many_people_are_summed_up_after_the_first_ten(st_helens):
    hr = person("hr")
    staff_record(user=hr)
    for _ in range(MAX_PEOPLE + 3):
        person("employee")
    items = waiting_for(hr, st_helens)
    assert len(items) == MAX_PEOPLE + 1 and items[-1].text.startswith("3 more people")


def test_the_latest_import_s_skipped_rows_wait_until_an_import_without_them(st_helens):
    hr = person("hr")
    staff_record(user=hr)
    bad = {"email": "bad", "name": "Bo", "employment_type": "", "service_area": "", "line_manager_email": "",
           "politically_restricted": "", "hr_reference": ""}
    run = staff_import(council=st_helens, rows=[bad], file_name="june.csv").run
    staff_import(council=st_helens, rows=[bad], file_name="dry.csv", dry_run=True)  # a check is not an import
    [item] = waiting_for(hr, st_helens)
    assert item.text.startswith("Fix the 1 row skipped when june.csv was imported on")
    assert item.url == reverse("people:import_run", args=[run.pk])
    staff_import(council=st_helens, rows=[{**bad, "email": "bo@x.gov.uk"}])
    assert waiting_for(hr, st_helens) == []


def test_nothing_waits_on_people_who_do_not_keep_the_records(st_helens):
    person("representative")
    assert waiting_for(person("approver"), st_helens) == []


def test_the_collector_gathers_hr_s_items_from_this_app(st_helens):
    hr = person("hr")
    person("representative", username="rep-no-record")
    assert any("rep-no-record" in text for text in texts(waiting(hr, st_helens, strict=True)))


def test_a_check_not_yet_imported_waits_on_who_made_it_until_imported(st_helens):
    from civicguard.apps.people.importing import staff_import_confirm

    hr = person("hr")
    staff_record(user=hr)
    good = {"email": "ann@x.gov.uk", "name": "Ann", "employment_type": "", "service_area": "",
            "line_manager_email": "", "politically_restricted": "", "hr_reference": ""}
    check = staff_import(council=st_helens, actor=hr, rows=[good], file_name="july.csv", dry_run=True,
                         keep_rows=True).run
    [item] = waiting_for(hr, st_helens)
    assert item.text.startswith("Import july.csv: you checked it on") and str(check.pk) in item.url
    other = person("admin")
    staff_record(user=other)
    assert waiting_for(other, st_helens) == []  # someone else's check
    staff_import_confirm(actor=hr, preview=check)
    assert waiting_for(hr, st_helens) == []
