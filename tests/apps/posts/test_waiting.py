"""What official posts wait on a person for: posts to approve, overrides to confirm, returned posts to change.
Read from the posts themselves, with the approval page's rule for who may decide."""

from __future__ import annotations

from django.urls import reverse

from civicguard.apps.notifications.collect import waiting
from civicguard.apps.posts import services
from civicguard.apps.posts import waiting as posts_waiting
from civicguard.apps.posts.models import Notice
from civicguard.apps.staff.services import role_assign
from tests.apps.factories import AccountFactory, council, person

PII = "Call Mrs Joan Hughes on 07700 900123 about her housing application."
CLEAN = "The library on Victoria Square opens at 9am on Saturday."
WHY = "Mrs Hughes asked us to post this; consent form C-19 is on file."


def _submitted(text=CLEAN, slug="st-helens"):
    account = AccountFactory(council=council(slug))
    author = person("representative", slug, account=account)
    post = services.post_create(actor=author, account=account, text=text)
    services.post_submit(post=post, actor=author)
    return post, author


def texts(user, slug="st-helens"):
    return [w.text for w in posts_waiting.waiting_for(user, council(slug))]


def test_an_approver_is_asked_to_decide_each_submitted_post_but_not_their_own(st_helens):
    post, author = _submitted()
    approver = person("approver")
    [item] = posts_waiting.waiting_for(approver, st_helens)
    assert item.text == f"Approve or return post {post.pk} for {post.account} from {author.username}"
    assert item.url == reverse("posts:detail", args=[post.pk]) and item.area == "Official posts"
    role_assign(user=author, council=st_helens, role="approver")
    assert texts(author) == []  # the approval page offers its author nothing, so nothing waits on them
    assert texts(person("representative")) == []  # no approver role
    assert texts(person("approver", "sefton")) == []  # another council's approver, asked about their own
    services.post_decide(post=post, actor=approver, decision="approve")
    assert texts(approver) == []  # decided: it leaves the list


def test_an_override_waits_on_a_second_person_who_may_confirm_it(st_helens, monkeypatch):
    post, _ = _submitted(PII)
    first = person("approver")
    services.post_decide(post=post, actor=first, decision="override", justification=WHY)
    second = person("approver")
    assert texts(second) == [f"Confirm or refuse the override of post {post.pk} for {post.account}, asked by "
                             f"{first.username}"]
    assert texts(first) == []  # the person who asked cannot confirm
    # The pack names a role for confirming a block: the approval page offers a second approver without it only
    # a refusal, so the override does not wait on them.
    monkeypatch.setattr(services, "block_override_role", lambda council: "legal")
    assert texts(second) == []
    role_assign(user=second, council=st_helens, role="legal")
    assert len(texts(second)) == 1


def test_a_returned_post_waits_on_its_author_until_submitted_again(st_helens):
    post, author = _submitted()
    approver = person("approver")
    services.post_decide(post=post, actor=approver, decision="return", comment="Say which Saturday")
    [item] = posts_waiting.waiting_for(author, st_helens)
    assert item.text == (f"Change your post {post.pk} for {post.account} and submit it again: "
                         f"{approver.username} returned it")
    assert item.url == reverse("posts:detail", args=[post.pk])
    Notice.objects.filter(post=post).update(seen=post.updated)  # the banner was read; the work still waits
    assert len(texts(author)) == 1
    services.post_update(post=post, actor=author, text=CLEAN + " This Saturday.")
    services.post_submit(post=post, actor=author)
    assert texts(author) == []


def test_a_refused_override_waits_on_the_author_too(st_helens):
    post, author = _submitted(PII)
    services.post_decide(post=post, actor=person("approver"), decision="override", justification=WHY)
    refuser = person("approver")
    services.post_decide(post=post, actor=refuser, decision="refuse_override", comment="Take the number out")
    assert texts(author) == [f"Change your post {post.pk} for {post.account} and submit it again: "
                             f"{refuser.username} returned it"]


def test_past_twenty_one_line_sends_the_approver_to_the_list(st_helens, monkeypatch):
    monkeypatch.setattr(posts_waiting, "MOST", 2)
    for _ in range(3):
        _submitted()
    items = posts_waiting.waiting_for(person("approver"), st_helens)
    assert [i.text for i in items][-1] == "1 more post waiting for approval"
    assert items[-1].url == reverse("posts:list") + "?status=submitted"


def test_the_home_page_list_gathers_it(st_helens):
    post, _ = _submitted()
    approver = person("approver")
    assert any(w.url == reverse("posts:detail", args=[post.pk]) for w in waiting(approver, st_helens, strict=True))
