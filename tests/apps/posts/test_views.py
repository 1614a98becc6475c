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


# ---- two people for a block -------------------------------------------------------------------------------

def _requested(client, first):
    account = AccountFactory()
    author = person("representative", account=account)
    client.force_login(author)
    _draft(client, account)
    post = Post.objects.get()
    client.post(reverse("posts:submit", args=[post.pk]))
    client.force_login(first)
    response = client.post(reverse("posts:decide", args=[post.pk]),
                           {"decision": "override", "justification": "Consent form C-19 on file"}, follow=True)
    assert "the post is waiting for a second person to confirm it" in response.content.decode()
    return post


def test_the_requester_sees_the_post_waiting_and_cannot_confirm_it(client):
    first = person("approver", username="first-approver")
    post = _requested(client, first)
    page = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert "Override waiting for a second person" in page and 'data-testid="waiting"' in page
    assert 'value="confirm_override"' not in page
    assert client.post(reverse("posts:decide", args=[post.pk]), {"decision": "confirm_override"}).status_code == 403


def test_a_second_approver_confirms_on_the_page_and_the_outbox_marks_it(client):
    post = _requested(client, person("approver", username="first-approver"))
    client.force_login(person("approver", username="second-approver"))
    assert "Overrides waiting for a second person: 1" in client.get(reverse("dashboard:home")).content.decode()
    page = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert 'value="confirm_override"' in page and 'value="refuse_override"' in page and 'value="approve"' not in page
    done = client.post(reverse("posts:decide", args=[post.pk]), {"decision": "confirm_override"}, follow=True)
    assert "Override confirmed: the post is in the outbox, marked as overridden." in done.content.decode()
    assert "Overridden by two people" in done.content.decode()
    outbox = client.get(reverse("posts:outbox")).content.decode()
    assert "Overridden by two people" in outbox and "first-approver" in outbox and "second-approver" in outbox
    assert "Overridden by two people" in client.get(reverse("posts:list")).content.decode()


def test_a_refusal_without_a_comment_is_a_form_error_that_says_what_to_do(client):
    post = _requested(client, person("approver"))
    client.force_login(person("approver"))
    response = client.post(reverse("posts:decide", args=[post.pk]), {"decision": "refuse_override"})
    assert response.status_code == 400
    assert "Enter a comment saying why you are refusing the override" in response.content.decode()
    nothing = client.post(reverse("posts:decide", args=[post.pk]), {})
    assert nothing.status_code == 400 and "Choose a decision" in nothing.content.decode()
    post.refresh_from_db()
    assert post.status == "override_requested"


def test_the_overrides_page_counts_them_and_shows_both_justifications(client):
    post = _requested(client, person("approver", username="first-approver"))
    client.force_login(person("approver"))
    client.post(reverse("posts:decide", args=[post.pk]),
                {"decision": "confirm_override", "justification": "Seen the consent form myself"})
    client.force_login(person("img"))
    page = client.get(reverse("posts:overrides")).content.decode()
    assert "Consent form C-19 on file" in page and "Seen the consent form myself" in page
    assert 'data-testid="override-counts"' in page and "first-approver" in page


def test_the_list_filters_by_status_and_keeps_what_was_chosen(client):
    account = AccountFactory()
    client.force_login(person("representative", account=account))
    _draft(client, account, text="Bins go out on Tuesday.")
    _draft(client, account, text=CLEAN)
    client.post(reverse("posts:submit", args=[Post.objects.get(text=CLEAN).pk]))
    page = client.get(reverse("posts:list"), {"status": "submitted"}).content.decode()
    assert '<option value="submitted" selected>Waiting for approval</option>' in page
    assert "Sherdley Park" in page and "Bins go out" not in page
    everything = client.get(reverse("posts:list")).content.decode()
    assert "Sherdley Park" in everything and "Bins go out" in everything and " selected>" not in everything


def test_a_status_that_is_not_offered_is_explained_beside_the_filter(client):
    account = AccountFactory()
    client.force_login(person("representative", account=account))
    _draft(client, account, text=CLEAN)
    response = client.get(reverse("posts:list"), {"status": "lost"})
    page = response.content.decode()
    assert response.status_code == 400 and "<title>Error: Official posts" in page
    assert '<a href="#status">Choose which posts to show from the list</a>' in page
    assert '<p id="status-error" class="govuk-error-message">' in page
    assert "Sherdley Park" in page  # every post, as without a filter
