"""Authors are told what was decided on their posts: a notice on their start page and an e-mail."""

import pytest
from django.core import mail
from django.urls import reverse

from civicguard.apps.posts import services
from civicguard.apps.posts.models import Notice
from civicguard.apps.posts.notices import notices_seen
from civicguard.errors import BadInput
from tests.apps.factories import AccountFactory, person

CLEAN = "The library on Victoria Square opens at 9am on Saturday."
PII = "Call Mrs Joan Hughes on 07700 900123 about her housing application."


def _submitted(text=CLEAN, **author_fields):
    account = AccountFactory()
    author = person("representative", account=account, **author_fields)
    post = services.post_create(actor=author, account=account, text=text)
    services.post_submit(post=post, actor=author)
    return post, author


def test_an_approval_is_e_mailed_to_the_author_once_it_is_committed(django_capture_on_commit_callbacks):
    post, author = _submitted()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.post_decide(post=post, actor=person("approver", username="ann"), decision="approve")
        assert mail.outbox == []  # nothing before the decision is committed
    assert len(callbacks) == 1 and len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [author.email] and f"post {post.pk}" in sent.subject and "approved" in sent.subject
    assert "approved by ann" in sent.body and CLEAN not in sent.body  # the post's text never leaves by e-mail


def test_a_return_tells_the_author_with_the_comment():
    post, author = _submitted()
    services.post_decide(post=post, actor=person("approver"), decision="return", comment="Add the opening hours")
    notice = Notice.objects.get(user=author)
    assert notice.kind == "returned" and notice.comment == "Add the opening hours" and notice.seen is None


def test_each_step_of_a_two_person_override_is_a_notice(django_capture_on_commit_callbacks):
    post, author = _submitted(PII)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_decide(post=post, actor=person("approver", username="ann"), decision="override",
                             justification="Consent on file")
        services.post_decide(post=post, actor=person("approver", username="bob"), decision="confirm_override")
    kinds = list(Notice.objects.filter(user=author).order_by("created", "id").values_list("kind", flat=True))
    assert kinds == ["override_requested", "override_confirmed"]
    assert "ann asked for it and bob confirmed it" in Notice.objects.get(kind="override_confirmed").message
    assert [m.to for m in mail.outbox] == [[author.email], [author.email]]


def test_a_refusal_tells_the_author_why():
    post, author = _submitted(PII)
    services.post_decide(post=post, actor=person("approver"), decision="override", justification="Consent on file")
    services.post_decide(post=post, actor=person("approver"), decision="refuse_override",
                         comment="Take the phone number out")
    notice = Notice.objects.filter(user=author).first()
    assert notice.kind == "override_refused" and notice.comment == "Take the phone number out"


def test_an_author_without_an_e_mail_address_still_gets_the_notice(django_capture_on_commit_callbacks):
    post, author = _submitted(email="")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_decide(post=post, actor=person("approver"), decision="approve")
    assert Notice.objects.filter(user=author).count() == 1 and mail.outbox == []


def test_a_refused_decision_tells_nobody(django_capture_on_commit_callbacks):
    post, _ = _submitted()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(BadInput):
        services.post_decide(post=post, actor=person("approver"), decision="return")
    assert not Notice.objects.exists() and mail.outbox == []


def test_the_notice_is_on_the_start_page_until_the_author_opens_the_post(client):
    post, author = _submitted()
    services.post_decide(post=post, actor=person("approver"), decision="return", comment="Add the opening hours")
    client.force_login(author)
    home = client.get(reverse("dashboard:home")).content.decode()
    assert "Decisions on your posts" in home and "Add the opening hours" in home
    page = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert 'data-testid="latest-comment"' in page and "Add the opening hours" in page
    assert "Decisions on your posts" not in client.get(reverse("dashboard:home")).content.decode()


def test_someone_else_opening_the_post_leaves_the_authors_notice():
    post, author = _submitted()
    approver = person("approver")
    services.post_decide(post=post, actor=approver, decision="approve")
    assert notices_seen(user=approver, post=post) == 0
    assert Notice.objects.get(user=author).seen is None
