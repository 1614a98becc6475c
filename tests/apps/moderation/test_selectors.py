"""The moderator's queue: filters, its order (safeguarding, block, oldest), the urgent banner, the SLA clock per
account, the clock of pending removals, the counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from civicguard.apps.moderation.models import Comment, CommentStatus
from civicguard.apps.moderation.selectors import (
    QueueFilter,
    comments_for,
    pending_removals,
    queue_counts,
    safeguarding_categories,
    safeguarding_waiting,
    sla_clocks,
)
from civicguard.apps.moderation.services.decisions import decide
from civicguard.apps.moderation.services.routing import route_comment
from civicguard.errors import BadInput
from tests.apps.factories import person
from tests.apps.moderation.factories import (
    CLEAN,
    COMPLAINT,
    OFFENSIVE,
    PERSONAL,
    SAFEGUARDING,
    account,
    comment,
    comments,
)


@pytest.mark.parametrize(("params", "field"), [
    ({"status": "bogus"}, "status"),
    ({"severity": "critical"}, "severity"),
    ({"older_than": "3d"}, "older_than"),
    ({"newer_than": "forever"}, "newer_than"),
    ({"account": "abc"}, "account"),
    ({"account": "-1"}, "account"),
    ({"account": "\u00b2"}, "account"),
    ({"account": "9" * 40}, "account"),
    ({"category": "x'; drop table"}, "category"),
    ({"category": "no_such_category"}, "category"),
])
def test_bad_filter_values_are_refused_with_the_field(params, field):
    with pytest.raises(BadInput) as err:
        QueueFilter.from_params(params)
    assert err.value.data["field"] == field


def test_filter_values_are_read_from_the_query_string():
    flt = QueueFilter.from_params(QueryDict("status=all&account=12&category=offensive&severity=warn"
                                            "&older_than=1h&newer_than=7d&other=ignored"))
    assert flt == QueueFilter(status="all", account=12, category="offensive", severity="warn", older_than="1h",
                              newer_than="7d")
    assert QueueFilter.from_params({}) == QueueFilter()
    assert QueueFilter.from_params({"status": " ", "account": ["1"], "severity": None}) == QueueFilter()
    assert QueueFilter.from_params({"status": "removal_pending"}).status == "removal_pending"


@pytest.fixture
def queue(st_helens):
    """St Helens' comments on two accounts, made in a known order, and one of Sefton's."""
    start = timezone.now() - timedelta(days=3)
    a, b = account(), account(platform="x", handle="@StHelensX", sla_hours=4)
    offensive, personal = comments(a, [{"text": OFFENSIVE, "created_at": (start + timedelta(hours=2)).isoformat()},
                                       {"text": PERSONAL, "created_at": start.isoformat()}])
    complaint, clean = comments(b, [{"text": COMPLAINT, "created_at": (start + timedelta(hours=1)).isoformat()},
                                    {"text": CLEAN, "created_at": (start + timedelta(hours=3)).isoformat()}])
    comment(account("sefton"), OFFENSIVE)
    return {"a": a, "b": b, "offensive": offensive, "personal": personal, "complaint": complaint, "clean": clean}


def ids(qs) -> list[int]:
    return [c.pk for c in qs]


def test_the_queue_is_what_needs_a_person_block_first_then_oldest(st_helens, queue):
    # The offensive comment is `block`: first although the newest; the rest oldest first. Other lists: oldest first.
    assert ids(comments_for(council=st_helens)) == [queue["offensive"].pk, queue["personal"].pk,
                                                    queue["complaint"].pk]
    assert ids(comments_for(council=st_helens, flt=QueueFilter(status="all"))) == [
        queue["personal"].pk, queue["complaint"].pk, queue["offensive"].pk, queue["clean"].pk]
    assert ids(comments_for(council=st_helens, flt=QueueFilter(status="clear"))) == [queue["clean"].pk]
    moderator = person("moderator")
    decide(comment=queue["offensive"], actor=moderator, action="remove", reason_code="offensive")
    decide(comment=queue["complaint"], actor=moderator, action="escalate", reason_code="other-inappropriate")
    decide(comment=queue["personal"], actor=moderator, action="hide", reason_code="personal-data")
    assert ids(comments_for(council=st_helens)) == [queue["offensive"].pk, queue["complaint"].pk]
    assert ids(comments_for(council=st_helens, flt=QueueFilter(status="hidden"))) == [queue["personal"].pk]


def test_the_queue_filters_by_account_category_and_severity(st_helens, queue):
    def only(**kwargs):
        return ids(comments_for(council=st_helens, flt=QueueFilter(status="all", **kwargs)))

    assert only(account=queue["b"].pk) == [queue["complaint"].pk, queue["clean"].pk]
    assert only(category="offensive") == [queue["offensive"].pk]
    assert only(category="personal_data") == [queue["personal"].pk]
    assert only(category="press_enquiry") == []
    assert only(severity="block") == [queue["offensive"].pk]
    assert only(severity="warn") == [queue["personal"].pk, queue["offensive"].pk]
    assert only(severity="info") == [queue["personal"].pk, queue["complaint"].pk, queue["offensive"].pk]
    assert only(account=queue["a"].pk, severity="block", category="offensive") == [queue["offensive"].pk]
    # Another council's account gives nothing, not its comments.
    sefton_account = Comment.objects.get(council__slug="sefton").account
    assert only(account=sefton_account.pk) == []


def test_the_queue_filters_by_how_long_comments_have_waited(st_helens, queue):
    now = timezone.now()
    Comment.objects.filter(pk=queue["personal"].pk).update(received=now - timedelta(hours=30))
    Comment.objects.filter(pk=queue["complaint"].pk).update(received=now - timedelta(hours=2))
    Comment.objects.filter(pk=queue["offensive"].pk).update(received=now - timedelta(minutes=10))

    def only(**kwargs):
        return ids(comments_for(council=st_helens, flt=QueueFilter(**kwargs), now=now))

    assert only(older_than="24h") == [queue["personal"].pk]
    assert only(older_than="1h") == [queue["personal"].pk, queue["complaint"].pk]
    assert only(newer_than="1h") == [queue["offensive"].pk]
    assert only(newer_than="4h") == [queue["offensive"].pk, queue["complaint"].pk]  # block first
    assert only(older_than="1h", newer_than="4h") == [queue["complaint"].pk]
    assert only(older_than="7d") == []


def test_the_sla_clock_per_account_uses_the_packs_default_or_the_accounts_own(st_helens, queue):
    now = timezone.now()
    Comment.objects.filter(pk=queue["personal"].pk).update(received=now - timedelta(hours=30))
    Comment.objects.filter(pk=queue["offensive"].pk).update(received=now - timedelta(hours=5))
    Comment.objects.filter(pk=queue["complaint"].pk).update(received=now - timedelta(hours=5))
    idle = account(sla_hours=1)
    clocks = {c.account.pk: c for c in sla_clocks(council=st_helens, now=now)}
    assert set(clocks) == {queue["a"].pk, queue["b"].pk, idle.pk}
    a, b = clocks[queue["a"].pk], clocks[queue["b"].pk]
    # Account a has the pack's 24 hours: one of its two waiting comments is past it.
    assert (a.sla_hours, a.waiting, a.overdue, a.breached) == (24, 2, 1, True)
    assert a.oldest == now - timedelta(hours=30) and a.due == a.oldest + timedelta(hours=24)
    # Account b has its own 4 hours: its complaint (5 hours) is overdue; the clear comment does not count.
    assert (b.sla_hours, b.waiting, b.overdue, b.breached) == (4, 1, 1, True)
    assert (clocks[idle.pk].waiting, clocks[idle.pk].oldest, clocks[idle.pk].due, clocks[idle.pk].breached) == (
        0, None, None, False)
    # Once decided, a comment stops the clock.
    decide(comment=queue["personal"], actor=person("moderator"), action="hide", reason_code="personal-data")
    a = next(c for c in sla_clocks(council=st_helens, now=now) if c.account.pk == queue["a"].pk)
    assert (a.waiting, a.overdue, a.breached) == (1, 0, False)


def test_queue_counts(st_helens, queue):
    assert queue_counts(council=st_helens) == {"needs_review": 3, "escalated": 0, "removal_pending": 0}
    moderator = person("moderator")
    decide(comment=queue["offensive"], actor=moderator, action="remove", reason_code="offensive")
    decide(comment=queue["complaint"], actor=moderator, action="escalate", reason_code="other-inappropriate")
    assert queue_counts(council=st_helens) == {"needs_review": 1, "escalated": 1, "removal_pending": 1}
    assert CommentStatus.REMOVAL_PENDING in Comment.objects.values_list("status", flat=True)


def test_safeguarding_comes_first_then_block_then_the_oldest(st_helens):
    start = timezone.now() - timedelta(days=1)
    texts = [COMPLAINT, PERSONAL, OFFENSIVE, OFFENSIVE + " Again.", SAFEGUARDING]
    complaint, personal, offensive, offensive2, safeguarding = comments(account(), texts, created_at=start)
    assert ids(comments_for(council=st_helens)) == [safeguarding.pk, offensive.pk, offensive2.pk, complaint.pk,
                                                    personal.pk]
    # Another list than the queue stays oldest first.
    assert ids(comments_for(council=st_helens, flt=QueueFilter(status="needs_review"))) == [
        complaint.pk, personal.pk, offensive.pk, offensive2.pk, safeguarding.pk]


def test_the_urgent_banner_lists_safeguarding_comments_waiting_for_a_moderator(st_helens):
    first, routed, escalated, _offensive = comments(account(), [SAFEGUARDING, SAFEGUARDING + " Please help.",
                                                                SAFEGUARDING + " Still.", OFFENSIVE])
    moderator = person("moderator")
    route_comment(comment=routed, actor=moderator, route="safeguarding", reason_code="safeguarding")
    decide(comment=escalated, actor=moderator, action="escalate", reason_code="safeguarding")
    comment(account("sefton"), SAFEGUARDING)
    assert ids(safeguarding_waiting(council=st_helens)) == [first.pk, escalated.pk]


def test_the_safeguarding_band_follows_the_packs_safeguarding_route(st_helens):
    assert safeguarding_categories(st_helens) == ["safeguarding"]


def test_a_pending_removal_has_its_own_clock_against_the_packs_target(st_helens):
    offensive, personal = comments(account(), [OFFENSIVE, PERSONAL])
    decide(comment=offensive, actor=person("moderator", username="first-moderator"), action="remove",
           reason_code="offensive")
    [waiting] = pending_removals(council=st_helens)
    asked = offensive.decisions.get().created
    assert (waiting.comment, waiting.asked_by, waiting.asked, waiting.target_hours) == (
        offensive, "first-moderator", asked, 4)
    later = pending_removals(council=st_helens, now=asked + timedelta(hours=5))[0]
    assert later.waited == timedelta(hours=5) and later.due == asked + timedelta(hours=4) and later.overdue
    assert not pending_removals(council=st_helens, now=asked + timedelta(hours=3))[0].overdue
    # The review clock of the account counts only what waits for review, not the removal.
    [clock] = sla_clocks(council=st_helens)
    assert clock.waiting == 1 and clock.oldest == personal.received


def test_the_api_lists_the_queue_in_the_same_order(st_helens):
    from rest_framework.test import APIClient

    start = timezone.now() - timedelta(days=1)
    complaint, offensive, safeguarding = comments(account(), [COMPLAINT, OFFENSIVE, SAFEGUARDING], created_at=start)
    client = APIClient()
    client.force_authenticate(person("moderator"))
    queue = client.get("/api/v1/comments?status=queue").json()["results"]
    assert [c["id"] for c in queue] == [safeguarding.pk, offensive.pk, complaint.pk]
    every = client.get("/api/v1/comments").json()["results"]
    assert [c["id"] for c in every] == [complaint.pk, offensive.pk, safeguarding.pk]
