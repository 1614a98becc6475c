"""The daily e-mail: one per person and council, only when something waits, never twice the same day (whatever
restarts), plain text and escaped HTML, not for people who turned it off; the hourly job, and the command."""

from datetime import date, datetime

import pytest
from click.testing import CliRunner
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.notifications import collect, tasks
from civicguard.apps.notifications.collect import Waiting
from civicguard.apps.notifications.models import DigestSent
from civicguard.apps.notifications.services import digest_due, digest_preference_set, digest_send
from civicguard.cli.main import cli
from tests.apps.factories import person

DAY = date(2026, 12, 7)


@pytest.fixture
def waiting_on(monkeypatch):
    """username -> what waits on them (every council)."""
    found: dict[str, list[Waiting]] = {}
    monkeypatch.setattr(collect, "_sources", lambda: [lambda user, council: list(found.get(user.username, []))])
    return found


def test_one_e_mail_to_each_person_something_waits_on(st_helens, waiting_on):
    person("employee", username="bo")
    ann = person("approver", username="ann")
    waiting_on["ann"] = [Waiting("Decide the business case for @SthLibraries", "/cases/3/", "Business cases",
                                 due=date(2026, 12, 1)),
                         Waiting("Sign the User Agreement", "/agreements/", "Agreements")]
    outcomes = {o.username: o.result for o in digest_send(today=DAY)}
    assert outcomes == {"ann": "sent", "bo": "nothing waiting"}
    [message] = mail.outbox
    assert message.to == [ann.email]
    assert message.subject == "CivicGuard: 2 things waiting for you in St Helens Council"
    assert "Decide the business case for @SthLibraries (overdue: due 1 December 2026)" in message.body
    assert "/cases/3/" in message.body and message.alternatives[0][1] == "text/html"
    assert DigestSent.objects.get(user=ann).items == 2
    assert AuditEntry.objects.get(event="notifications.digest.sent").after == {"day": "2026-12-07", "sent": 1}


def test_never_twice_the_same_day_even_after_a_restart(st_helens, waiting_on):
    person("approver", username="ann")
    waiting_on["ann"] = [Waiting("Sign", "/a/", "Agreements")]
    digest_send(today=DAY)
    assert [o.result for o in digest_send(today=DAY)] == ["already sent"]  # a second worker, or a restarted one
    assert len(mail.outbox) == 1
    digest_send(today=date(2026, 12, 8))
    assert len(mail.outbox) == 2


def test_the_html_part_escapes_what_people_wrote(st_helens, waiting_on):
    person("approver", username="ann")
    waiting_on["ann"] = [Waiting("Decide <script>alert(1)</script>", "/a/?x=1&y=2", "Business cases")]
    digest_send(today=DAY)
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html and 'href="/a/?x=1&amp;y=2"' in html
    assert "Decide <script>alert(1)</script>" in mail.outbox[0].body  # plain text is plain


@override_settings(CIVICGUARD_SITE_URL="https://civicguard.sthelens.gov.uk")
def test_links_are_absolute_when_the_site_s_address_is_set(st_helens, waiting_on):
    person("approver", username="ann")
    waiting_on["ann"] = [Waiting("Sign", "/agreements/", "Agreements")]
    digest_send(today=DAY)
    assert "https://civicguard.sthelens.gov.uk/agreements/" in mail.outbox[0].body


def test_people_who_turned_it_off_or_have_no_address_get_none(st_helens, waiting_on):
    ann = person("approver", username="ann")
    person("employee", username="bo", email="")
    waiting_on.update(ann=[Waiting("Sign", "/a/", "Agreements")], bo=[Waiting("Sign", "/a/", "Agreements")])
    digest_preference_set(actor=ann, council=st_helens, send_digest=False)
    outcomes = {o.username: o.result for o in digest_send(today=DAY)}
    assert outcomes == {"ann": "turned off", "bo": "no e-mail address"} and not mail.outbox


def test_a_refused_e_mail_is_tried_again_next_time(st_helens, waiting_on, monkeypatch):
    person("approver", username="ann")
    waiting_on["ann"] = [Waiting("Sign", "/a/", "Agreements")]

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    assert [o.result for o in digest_send(today=DAY)] == ["failed"] and not DigestSent.objects.exists()
    monkeypatch.undo()
    monkeypatch.setattr(collect, "_sources", lambda: [lambda user, council: [Waiting("Sign", "/a/", "Agreements")]])
    assert [o.result for o in digest_send(today=DAY)] == ["sent"]


def test_a_dry_run_sends_nothing_and_records_nothing(st_helens, waiting_on):
    person("approver", username="ann")
    waiting_on["ann"] = [Waiting("Sign", "/a/", "Agreements")]
    assert [(o.result, o.items) for o in digest_send(today=DAY, dry_run=True)] == [("would send", 1)]
    assert not mail.outbox and not DigestSent.objects.exists()


def test_the_hourly_job_sends_from_the_digest_hour_on(st_helens, waiting_on, monkeypatch):
    person("approver", username="ann")
    waiting_on["ann"] = [Waiting("Sign", "/a/", "Agreements")]
    tz = timezone.get_current_timezone()
    with override_settings(CIVICGUARD_DIGEST_HOUR=7):
        assert not digest_due(datetime(2026, 12, 7, 6, 59, tzinfo=tz))
        assert digest_due(datetime(2026, 12, 7, 7, 0, tzinfo=tz))
        monkeypatch.setattr(tasks, "digest_due", lambda: True)
        assert tasks.digest() == 1 and tasks.digest() == 0
        monkeypatch.setattr(tasks, "digest_due", lambda: False)
        assert tasks.digest() == 0


def test_the_job_is_on_the_beat_schedule_and_runs_in_process():
    from civicguard.cli.web import beat_jobs

    [job] = [job for job in beat_jobs() if job.name == "notifications-digest"]
    assert job.schedule == 3600.0


def test_the_command_says_who_would_get_one_and_sends_them(st_helens, waiting_on, monkeypatch):
    monkeypatch.setattr("civicguard.cli.notifications.open_database", lambda: None)
    person("approver", username="ann")
    waiting_on["ann"] = [Waiting("Sign", "/a/", "Agreements")]
    result = CliRunner().invoke(cli, ["notifications", "digest", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "ann (st-helens): 1 thing waiting: would send" in result.output and not mail.outbox
    result = CliRunner().invoke(cli, ["notifications", "digest", "--council", "st-helens"])
    assert "ann (st-helens): 1 thing waiting: sent" in result.output and len(mail.outbox) == 1
    result = CliRunner().invoke(cli, ["notifications", "digest"])
    assert "already sent" in result.output and len(mail.outbox) == 1
