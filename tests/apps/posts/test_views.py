"""The post review journey through the pages, as the people who use it would see it."""

from django.urls import reverse

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.posts.models import KeptCheck, OutboxEntry, Post
from tests.apps.factories import AccountFactory, person

PII = "Well done to Derek Ainsworth (DOB 02/03/1951) of 12 Kiln Lane, WA10 1AB!"
CLEAN = "Sherdley Park's café is open until 4pm this weekend."


def _draft(client, account, text=PII):
    return client.post(reverse("posts:new"), {"account": account.pk, "text": text})


def test_a_draft_with_personal_data_is_shown_highlighted_with_clause_and_remedy(client):
    account = AccountFactory()
    client.force_login(person("representative", account=account))
    response = _draft(client, account)
    post = Post.objects.get()
    page = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert response.status_code == 302
    assert "<mark" in page and "Derek Ainsworth" in page and "How to fix it" in page
    assert post.latest_check.verdict == "block"


def test_fix_submit_and_approve_by_another_person_puts_the_post_in_the_outbox(client):
    account = AccountFactory()
    author = person("representative", account=account)
    client.force_login(author)
    _draft(client, account)
    post = Post.objects.get()
    client.post(reverse("posts:edit", args=[post.pk]), {"text": CLEAN})
    client.post(reverse("posts:submit", args=[post.pk]))
    client.force_login(person("approver"))
    client.post(reverse("posts:decide", args=[post.pk]), {"decision": "approve"})
    post.refresh_from_db()
    assert post.status == "approved" and OutboxEntry.objects.filter(post=post).exists()
    events = list(AuditEntry.objects.filter(object_id=str(post.pk), object_type="posts.post")
                  .values_list("event", flat=True))
    assert {"posts.post.create", "posts.post.update", "posts.post.submit", "posts.post.approve"} <= set(events)


def test_an_approver_cannot_approve_their_own_post(client):
    account = AccountFactory()
    both = person("representative", account=account)
    from civicguard.apps.staff.services import role_assign

    role_assign(user=both, council=account.council, role="approver")
    client.force_login(both)
    _draft(client, account, CLEAN)
    post = Post.objects.get()
    client.post(reverse("posts:submit", args=[post.pk]))
    response = client.post(reverse("posts:decide", args=[post.pk]), {"decision": "approve"})
    post.refresh_from_db()
    assert response.status_code == 403 and post.status == "submitted"


def test_approving_a_post_with_a_block_needs_an_override_with_justification(client):
    account = AccountFactory()
    client.force_login(person("representative", account=account))
    _draft(client, account)
    post = Post.objects.get()
    client.post(reverse("posts:submit", args=[post.pk]))
    client.force_login(person("approver"))
    refused = client.post(reverse("posts:decide", args=[post.pk]), {"decision": "approve"})
    no_reason = client.post(reverse("posts:decide", args=[post.pk]), {"decision": "override"})
    post.refresh_from_db()
    assert refused.status_code == 400 and no_reason.status_code == 400 and post.status == "submitted"
    assert "justification" in no_reason.content.decode().lower()


def test_a_personal_check_stores_nothing_unless_kept(client):
    client.force_login(person("employee"))
    before = AuditEntry.objects.count()
    page = client.post(reverse("posts:personal_check"), {"text": PII}).content.decode()
    assert "Derek Ainsworth" in page and "<mark" in page
    assert AuditEntry.objects.count() == before and not KeptCheck.objects.exists() and not Post.objects.exists()
    client.post(reverse("posts:personal_check"), {"text": PII, "keep": "yes"})
    assert KeptCheck.objects.count() == 1


def test_hostile_text_is_shown_as_text_never_as_markup(client):
    client.force_login(person("employee"))
    page = client.post(reverse("posts:personal_check"), {"text": "<script>alert(1)</script> idiot"}).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_another_councils_post_is_not_found(client):
    account = AccountFactory()
    client.force_login(person("representative", account=account))
    _draft(client, account, CLEAN)
    client.force_login(person("approver", "sefton"))
    assert client.get(reverse("posts:detail", args=[Post.objects.get().pk])).status_code == 404
