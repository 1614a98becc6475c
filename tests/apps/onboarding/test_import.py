"""`training_import`: the learning system's export: create, never delete, bad rows by line, a dry run."""

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.onboarding.importing import training_import
from civicguard.apps.onboarding.models import Completion
from tests.apps.factories import person


def test_rows_are_added_once_and_bad_rows_reported_by_line(st_helens):
    rep = person("representative", onboarded=False, username="rae")
    person("img")
    rows = [{"email": rep.email, "course": "social-media", "completed": "2026-03-01"},
            {"email": rep.email.upper(), "course": "Social media training", "completed": "01/03/2026"},
            {"email": "nobody@example.gov.uk", "course": "social-media", "completed": "2026-03-01"},
            {"email": rep.email, "course": "knitting", "completed": "2026-03-01"},
            {"email": rep.email, "course": "social-media", "completed": "next week"}]
    report = training_import(council=st_helens, rows=rows)
    assert report.counts() == {"created": 1, "unchanged": 1, "bad_rows": 3}
    assert [b.line for b in report.bad] == [4, 5, 6] and "not anyone with a CivicGuard sign-in" in report.bad[0].problem
    assert Completion.objects.get(user=rep).source == "lms-import"
    assert AuditEntry.objects.get(event="onboarding.training.import").after["created"] == 1
    assert training_import(council=st_helens, rows=rows[:1]).counts()["created"] == 0  # never twice


def test_a_dry_run_saves_nothing(st_helens):
    rep = person("representative", onboarded=False)
    person("img")
    report = training_import(council=st_helens, dry_run=True,
                             rows=[{"email": rep.email, "course": "social-media", "completed": "2026-03-01"}])
    assert report.counts()["created"] == 1 and not Completion.objects.filter(user=rep).exists()
