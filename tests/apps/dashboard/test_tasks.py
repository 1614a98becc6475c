"""The monthly meeting pack goes to the group on the pack's day, once a month, with the PDF of the month before."""

from __future__ import annotations

from datetime import date

from django.core import mail

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.dashboard.models import MonthlyPack
from civicguard.apps.dashboard.services import monthly_pack_send
from civicguard.apps.dashboard.tasks import monthly_pack
from tests.apps.factories import person


def test_the_pack_is_sent_once_a_month_to_the_group(st_helens, monkeypatch):
    member = person("img")
    person("employee")
    assert monthly_pack_send(council=st_helens, today=date(2026, 3, 1)) is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert message.subject == "CivicGuard: St Helens Council's social media policy pack for February 2026"
    name, content, kind = message.attachments[0]
    assert (name, kind) == ("civicguard-st-helens-2026-02-01-to-2026-02-28.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
    # The same day again, and later in the month: nothing more.
    assert monthly_pack_send(council=st_helens, today=date(2026, 3, 1)) is None
    assert monthly_pack_send(council=st_helens, today=date(2026, 3, 20)) is None
    assert len(mail.outbox) == 1
    # The next month, once more.
    assert monthly_pack_send(council=st_helens, today=date(2026, 4, 1)) is not None
    assert len(mail.outbox) == 2
    assert list(MonthlyPack.objects.values_list("month", flat=True)) == [date(2026, 3, 1), date(2026, 2, 1)]
    assert AuditEntry.objects.filter(event="dashboard.pack.send").count() == 2


def test_before_the_pack_s_day_nothing_is_sent(st_helens, monkeypatch):
    import civicguard.engine
    from civicguard.engine import pack_for

    def on_the_fifth(slug):
        pack = pack_for(slug)
        reports = pack.facts.reports.model_copy(update={"day_of_month": 5})
        return pack.model_copy(update={"facts": pack.facts.model_copy(update={"reports": reports})})

    person("img")
    monkeypatch.setattr(civicguard.engine, "pack_for", on_the_fifth)
    assert monthly_pack_send(council=st_helens, today=date(2026, 3, 4)) is None
    assert monthly_pack_send(council=st_helens, today=date(2026, 3, 5)) is not None
    assert len(mail.outbox) == 1


def test_the_hourly_task_sends_each_council_s_pack_once(st_helens, sefton):
    person("img")
    person("img", "sefton")
    first = monthly_pack()
    assert first == {"sent": 2}
    assert monthly_pack() == {"sent": 0}
    assert len(mail.outbox) == 2


def test_no_one_in_the_group_means_no_pack_and_a_later_try(st_helens):
    assert monthly_pack_send(council=st_helens, today=date(2026, 3, 1)) is None
    person("img")
    assert monthly_pack_send(council=st_helens, today=date(2026, 3, 2)) is not None
