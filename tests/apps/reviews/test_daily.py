"""The daily job (reviews.daily, `civicguard reviews run`): reviews opened for accounts that have none, dormant
accounts flagged (St Helens 6.13); running it again the same day changes nothing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.posts.models import Approval, Decision, Post, PostStatus
from civicguard.apps.reviews import selectors
from civicguard.apps.reviews.models import AccountReview
from civicguard.apps.reviews.services import reviews_run
from civicguard.apps.reviews.tasks import daily
from civicguard.apps.social_accounts.models import AccountStatus, SocialAccount
from tests.apps.factories import person
from tests.apps.reviews.factories import live_account

LONG_AGO = timezone.now() - timedelta(days=120)


def quiet(account, since=LONG_AGO):
    SocialAccount.objects.filter(pk=account.pk).update(created=since, status_changed=since)


def approved_post(account, when):
    author = person("representative", account=account)
    post = Post.objects.create(council=account.council, account=account, author=author, text="Libraries open late",
                               status=PostStatus.APPROVED)
    approval = Approval.objects.create(post=post, actor=person("approver"), decision=Decision.APPROVE)
    Approval.objects.filter(pk=approval.pk).update(created=when)


def test_a_live_account_with_no_approved_post_for_90_days_is_flagged_dormant(st_helens):
    account = live_account()
    quiet(account)
    report = daily()
    account.refresh_from_db()
    assert account.status == AccountStatus.DORMANT and "No approved post for 120 days" in account.status_reason
    assert report["dormant"] == 1
    entry = AuditEntry.objects.get(event="social_accounts.account.dormant")
    assert entry.actor == ""  # CivicGuard, not a person


def test_an_approval_within_the_time_keeps_the_account_live(st_helens):
    account = live_account()
    quiet(account)
    approved_post(account, timezone.now() - timedelta(days=10))
    reviews_run()
    account.refresh_from_db()
    assert account.status == AccountStatus.LIVE


def test_only_live_accounts_become_dormant(st_helens):
    setting_up = live_account(status=AccountStatus.SET_UP)
    closed = live_account(status=AccountStatus.CLOSED)
    for account in (setting_up, closed):
        quiet(account)
    assert reviews_run().dormant == []
    assert {a.status for a in SocialAccount.objects.all()} == {AccountStatus.SET_UP, AccountStatus.CLOSED}


def test_each_reviewed_account_gets_one_open_review_due_an_interval_after_it_went_live(st_helens):
    went_live = timezone.now() - timedelta(days=30)
    account = live_account(status_changed=went_live)
    live_account(status=AccountStatus.SET_UP)
    report = reviews_run()
    [review] = report.scheduled
    assert review.account == account and review.due == selectors.add_months(timezone.localdate(went_live), 6)
    assert AuditEntry.objects.filter(event="reviews.review.create").count() == 1


def test_running_it_twice_changes_nothing_the_second_time(st_helens, sefton):
    quiet(live_account())
    live_account("sefton")
    first = reviews_run()
    entries = AuditEntry.objects.count()
    second = reviews_run()
    assert (len(first.scheduled), len(first.dormant)) == (2, 1)
    assert (second.scheduled, second.dormant) == ([], [])
    assert AuditEntry.objects.count() == entries and AccountReview.objects.count() == 2


def test_the_job_is_on_the_beat_schedule():
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE["reviews-daily"]["task"] == daily.name == "reviews.daily"
