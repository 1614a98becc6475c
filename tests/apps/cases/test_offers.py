"""Where a case starts from outside the cases pages: an official post whose check found something offers its line
manager "Open a case"; an escalated comment's moderation page tells the moderator whom to send it to, and offers
the button to someone who may open cases. Nothing is offered where no case could open."""

from __future__ import annotations

from django.urls import reverse

from civicguard.apps.cases import services
from civicguard.apps.moderation.services.decisions import decide
from tests.apps.cases.factories import BREACH_TEXT
from tests.apps.factories import AccountFactory, person, staff_record
from tests.apps.moderation.factories import account, comment


def _post(w, text):
    from civicguard.apps.posts.models import Post
    from civicguard.apps.posts.services import post_check

    author = person("representative", "sefton")
    record = staff_record("sefton", user=author, name="Ray Rep", line_manager=w.subject.line_manager)
    post = Post.objects.create(council=w.council, account=AccountFactory(council=w.council), author=author,
                               text=text)
    post_check(actor=author, post=post)
    return post, record


def test_a_posts_finding_offers_its_line_manager_a_case_and_then_links_to_it(w, client):
    post, record = _post(w, BREACH_TEXT)
    client.force_login(w.manager)
    page = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert 'data-testid="case-offer"' in page and f"{reverse('cases:new')}?post={post.pk}" in page
    case = services.case_open(actor=w.manager, council=w.council, subject=record, post=post)
    page = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert f"Case {case.reference}</a> was opened from this post" in page


def test_a_clean_post_offers_no_case_and_its_author_is_never_offered_one(w, client):
    clean, _ = _post(w, "Southport Pier is open again after repairs. Thank you for your patience.")
    client.force_login(w.manager)
    assert 'data-testid="case-offer"' not in client.get(reverse("posts:detail", args=[clean.pk])).content.decode()
    flagged, _ = _post(w, BREACH_TEXT)
    client.force_login(flagged.author)
    assert 'data-testid="case-offer"' not in client.get(reverse("posts:detail", args=[flagged.pk])).content.decode()


def test_an_escalated_comment_tells_the_moderator_whom_to_send_it_to(w, client):
    moderator = person("moderator", "sefton")
    found = comment(account("sefton"), BREACH_TEXT)
    client.force_login(moderator)
    page = client.get(reverse("moderation:detail", args=[found.pk])).content.decode()
    assert 'data-testid="case-offer"' not in page  # not escalated: no case can open from it
    decide(comment=found, actor=moderator, action="escalate", reason_code="offensive", note="One of ours")
    page = client.get(reverse("moderation:detail", args=[found.pk])).content.decode()
    assert "send this page's address to their line manager or HR" in page
    assert f"{reverse('cases:new')}?comment={found.pk}" in page and ">Open a case</a>" not in page
