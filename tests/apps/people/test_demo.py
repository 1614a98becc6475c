"""The demo has staff records in both councils, linked to the demo sign-ins; one politically restricted person in
St Helens; running it again adds nothing."""

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.people.models import ImportRun, StaffRecord
from civicguard.demo import load_demo


def test_the_demo_has_staff_records_and_one_restricted_post_in_st_helens(monkeypatch):
    monkeypatch.setenv("CIVICGUARD_DEMO_PASSWORD", "Demo-Password-For-Tests")
    load_demo()
    restricted = StaffRecord.objects.filter(politically_restricted=True)
    assert [(r.council.slug, r.user.username) for r in restricted] == [("st-helens", "sth-employee")]
    rep = StaffRecord.objects.get(work_email="sef-representative@example.gov.uk")
    assert rep.line_manager.user.username == "sef-line-manager" and rep.service_area.name == "Communications"
    assert rep.service_area.manager_record.manager.user.username == "sef-service-manager"
    count, imports = StaffRecord.objects.count(), AuditEntry.objects.filter(event="people.staff.import").count()
    load_demo()
    assert StaffRecord.objects.count() == count >= 15  # 7 roles in each council and a leaver in each
    assert not StaffRecord.objects.get(work_email="sth-leaver@example.gov.uk").active
    assert AuditEntry.objects.filter(event="people.staff.import").count() == imports == 2
    check = ImportRun.objects.get(council__slug="sefton", dry_run=True)
    assert check.counts["created"] == 2 and check.counts["bad_rows"] == 1 and check.source_rows
    assert ImportRun.objects.filter(dry_run=True).count() == 2
