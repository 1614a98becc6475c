"""What waits on a person: the reviews they sign off that are due or overdue; their area's procedure when it is out
of date or missing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from civicguard.apps.reviews.services import procedure_upload, review_open
from civicguard.apps.reviews.waiting import waiting_for
from civicguard.apps.social_accounts.models import AccountStatus
from tests.apps.factories import person, staff_record
from tests.apps.reviews.factories import live_account, managed_area, manager, pdf


def test_an_overdue_review_waits_on_its_line_manager_and_nobody_else(st_helens):
    boss_user, boss = manager("line-manager")
    owner = person("representative")
    staff_record(user=owner, line_manager=boss)
    review_open(account=live_account(owner=owner, handle="@LibrariesLate"),
                due=timezone.localdate() - timedelta(days=1))
    [item] = waiting_for(boss_user, st_helens)
    assert item.urgent and item.text == "Overdue: sign off the review of Facebook @LibrariesLate"
    assert waiting_for(person("line-manager"), st_helens) == []
    assert waiting_for(person("approver"), st_helens) == []


def test_a_review_due_later_than_30_days_waits_on_nobody(st_helens):
    review_open(account=live_account(), due=timezone.localdate() + timedelta(days=31))
    assert waiting_for(person("line-manager"), st_helens) == []


def test_an_out_of_date_procedure_waits_on_the_area_s_manager(st_helens):
    area, user, _ = managed_area()
    procedure_upload(actor=user, area=area, title="Old", policy_version="2019", file_name="a.pdf", data=pdf("Old"))
    [item] = waiting_for(user, st_helens)
    assert item.area == "Service area procedures" and "follows policy version 2019" in item.text


def test_an_area_with_accounts_and_no_procedure_waits_on_its_manager(st_helens):
    area, user, _ = managed_area()
    assert waiting_for(user, st_helens) == []  # no accounts: nothing to govern yet
    live_account(service_area=area)
    assert [i.text for i in waiting_for(user, st_helens)] == ["Upload the social media procedure for Libraries"]


def test_a_closed_account_s_review_waits_on_nobody(st_helens):
    review_open(account=live_account(status=AccountStatus.CLOSED), due=timezone.localdate() - timedelta(days=1))
    assert waiting_for(person("line-manager"), st_helens) == []
