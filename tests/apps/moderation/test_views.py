"""The moderator's pages, as the people who use them would see them: the queue, a comment, hand-offs, dead
letters and the export. Comments arrive through the real ingest and are checked by the real engine."""

from __future__ import annotations

import csv
import io
import itertools
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.moderation.models import Comment, CommentStatus, DeadLetter, Delivery, Handoff, ModerationDecision
from civicguard.apps.moderation.services import ingest
from civicguard.apps.social_accounts.services import account_add
from tests.apps.factories import council, person

OFFENSIVE = "You lot are useless twats <script>alert('pwned')</script>"
COMPLAINT = "Missed bin collection on Rainford Road again, green bins left out since Monday."
PERSONAL = "Ask Kelly Shaw at 31 Westfield Street, St Helens WA10 1QZ why her hedge blocks the whole pavement."
_ids = itertools.count(1)
CLEAN = "Lovely afternoon in Victoria Park, thank you to the gardeners."
SAFEGUARDING = "I'm worried about the child next door, he is being hit by his dad every night."


@pytest.fixture
def load(django_capture_on_commit_callbacks):
    """Ingest comments for an account as a platform would deliver them; the check runs after commit."""

    def load(account, *texts: str, start: str = "2025-03-15T08", author: str = "Resident") -> list[Comment]:
        items = [{"id": f"{account.handle}-{next(_ids)}", "text": text,
                  "created_at": f"{start}:{i:02d}:00Z", "author": f"{author} {i}", "author_id": f"user-{i}",
                  "url": f"https://www.facebook.com/post/{i}"} for i, text in enumerate(texts)]
        with django_capture_on_commit_callbacks(execute=True):
            report = ingest.ingest(source="json", body=json.dumps(items).encode(), account=account)
        comments = {c.pk: c for c in Comment.objects.filter(pk__in=report.created)}
        return [comments[pk] for pk in report.created]

    return load


@pytest.fixture
def sth_account():
    return account_add(council=council("st-helens"), platform="facebook", handle="@StHelensCouncil",
                       platform_id="104729384756")


@pytest.fixture
def moderator(client):
    user = person("moderator", "st-helens")
    client.force_login(user)
    return user


def _page(response) -> str:
    return response.content.decode()


@pytest.fixture
def edit(django_capture_on_commit_callbacks):
    """The author edits a comment: the platform delivers it again with a new text."""

    def edit(comment, text: str) -> Comment:
        item = {"id": comment.platform_id, "text": text, "created_at": comment.created_at.isoformat()}
        with django_capture_on_commit_callbacks(execute=True):
            assert ingest.ingest(source="json", body=json.dumps([item]).encode(), account=comment.account).edited
        comment.refresh_from_db()
        return comment

    return edit


# ---- the queue ----------------------------------------------------------------------------------------------

def test_the_queue_shows_only_the_council_s_flagged_comments_oldest_first(client, moderator, load, sth_account):
    sefton = account_add(council=council("sefton"), platform="facebook", handle="@SeftonCouncil")
    later, earlier, clean = load(sth_account, COMPLAINT, OFFENSIVE, CLEAN)
    Comment.objects.filter(pk=later.pk).update(created_at=timezone.now())
    (elsewhere,) = load(sefton, PERSONAL)
    page = _page(client.get(reverse("moderation:queue")))
    assert f"Comment {earlier.pk}<" in page and f"Comment {later.pk}<" in page
    assert page.index(f"Comment {earlier.pk}<") < page.index(f"Comment {later.pk}<")
    assert f"Comment {clean.pk}<" not in page and f"Comment {elsewhere.pk}<" not in page
    assert "Kelly Shaw" not in page
    everything = _page(client.get(reverse("moderation:queue"), {"status": "all"}))
    assert f"Comment {clean.pk}<" in everything and f"Comment {elsewhere.pk}<" not in everything
    assert 'data-testid="counts"' in page and "<strong>2</strong> need review" in page


def test_the_queue_filters_by_category_severity_account_age_and_status(client, moderator, load, sth_account):
    other = account_add(council=council("st-helens"), platform="x", handle="@sthelensnews")
    offensive, complaint = load(sth_account, OFFENSIVE, COMPLAINT)
    (personal,) = load(other, PERSONAL)
    Comment.objects.filter(pk=complaint.pk).update(received=timezone.now() - timedelta(hours=30))

    def shown(**params: str) -> set[int]:
        response = client.get(reverse("moderation:queue"), params)
        assert response.status_code == 200
        return {c.pk for c in (offensive, complaint, personal) if f"Comment {c.pk}<" in _page(response)}

    assert shown() == {offensive.pk, complaint.pk, personal.pk}
    assert shown(category="offensive") == {offensive.pk}
    assert shown(category="personal_data") == {personal.pk}
    assert shown(severity="block") == {offensive.pk}
    assert shown(severity="warn") == {offensive.pk, personal.pk}
    assert shown(account=str(other.pk)) == {personal.pk}
    assert shown(older_than="24h") == {complaint.pk}
    assert shown(newer_than="4h") == {offensive.pk, personal.pk}
    assert shown(status="hidden") == set()
    bad = client.get(reverse("moderation:queue"), {"severity": "dreadful"})
    assert bad.status_code == 400 and "There is a problem" in _page(bad) and 'href="#severity"' in _page(bad)


def test_the_queue_highlights_the_flagged_words_and_escapes_hostile_text(client, moderator, load, sth_account):
    load(sth_account, OFFENSIVE, "\u202egnp.exe <img src=x onerror=alert(1)> Kelly Shaw")
    page = _page(client.get(reverse("moderation:queue")))
    assert '<mark class="cg-block">useless twats</mark>' in page
    assert "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page and "&lt;img src=x" in page
    assert "St Helens 9.7" in page and "offensive, abusive or sexual language" in page
    assert 'data-testid="category">Offensive language<' in page


def test_the_sla_panel_shows_overdue_comments_per_account(client, moderator, load, sth_account):
    (old, _new) = load(sth_account, OFFENSIVE, COMPLAINT)
    Comment.objects.filter(pk=old.pk).update(received=timezone.now() - timedelta(hours=25))
    page = _page(client.get(reverse("moderation:queue")))
    sla = page[page.index('data-testid="sla"'):page.index("</table>", page.index('data-testid="sla"'))]
    assert "@StHelensCouncil" in sla and "govuk-tag--red" in sla and "1 overdue" in sla


def _queue_ids(page: str, *comments: Comment) -> list[int]:
    """The comments in the order the queue table shows them."""
    table = page[page.index('data-testid="queue"'):]
    return sorted((c.pk for c in comments if f">Comment {c.pk}</a>" in table),
                  key=lambda pk: table.index(f">Comment {pk}</a>"))


def test_the_queue_shows_safeguarding_first_then_block_then_the_oldest_with_an_urgent_banner(
        client, moderator, load, sth_account):
    complaint, offensive, personal, safeguarding = load(sth_account, COMPLAINT, OFFENSIVE, PERSONAL, SAFEGUARDING)
    page = _page(client.get(reverse("moderation:queue")))
    assert _queue_ids(page, complaint, offensive, personal, safeguarding) == [
        safeguarding.pk, offensive.pk, complaint.pk, personal.pk]
    assert "safeguarding first, then those that must not stay up (block), then oldest first" in page
    banner = page[page.index('data-testid="safeguarding-banner"'):page.index("<h1")]
    assert "govuk-notification-banner" in banner and "govuk-notification-banner--success" not in banner
    assert "A safeguarding concern is waiting" in banner
    assert f'href="{reverse("moderation:detail", args=[safeguarding.pk])}"' in banner
    # Once sent to the safeguarding contact, it no longer waits: no banner.
    client.post(reverse("moderation:route", args=[safeguarding.pk]),
                {"route": "safeguarding", "reason_code": "safeguarding"})
    assert 'data-testid="safeguarding-banner"' not in _page(client.get(reverse("moderation:queue")))


def test_a_finding_is_explained_once_per_rule_with_all_its_spans_highlighted(client, moderator, load, sth_account):
    (comment,) = load(sth_account, "You useless twats, honestly, you twats.")
    queue = _page(client.get(reverse("moderation:queue")))
    findings = queue[queue.index('data-testid="findings"'):queue.index("</ul>", queue.index('data-testid="findings"'))]
    assert findings.count("offensive, abusive or sexual language") == 1 and "found in 2 places" in findings
    assert queue.count('<mark class="cg-block">') == 2
    page = _page(client.get(reverse("moderation:detail", args=[comment.pk])))
    assert page.count('data-testid="rule-line"') == 1 and "Found in 2 places." in page
    assert page.count('<mark class="cg-block" data-finding="finding-0"><a href="#finding-0">') == 2


# ---- deciding -----------------------------------------------------------------------------------------------

def test_a_decision_with_a_reason_is_recorded_audited_and_leaves_the_queue(client, moderator, load, sth_account):
    (comment,) = load(sth_account, OFFENSIVE)
    response = client.post(reverse("moderation:decide", args=[comment.pk]),
                           {"action": "hide", "reason_code": "offensive", "note": "abusive"})
    assert response.status_code == 302 and response["Location"] == reverse("moderation:detail", args=[comment.pk])
    comment.refresh_from_db()
    decision = ModerationDecision.objects.get(comment=comment)
    assert comment.status == CommentStatus.HIDDEN
    assert (decision.actor, decision.action, decision.reason_code, decision.note) == (moderator, "hide", "offensive",
                                                                                       "abusive")
    assert AuditEntry.objects.filter(event="moderation.comment.hide", object_id=str(comment.pk)).exists()
    page = _page(client.get(reverse("moderation:detail", args=[comment.pk])))
    decisions = page[page.index('data-testid="decisions"'):]
    assert moderator.username in decisions and "Material of an offensive nature" in decisions
    assert "The comment is marked as hidden." in page and "Record decision" in page
    assert f"Comment {comment.pk}<" not in _page(client.get(reverse("moderation:queue")))


def test_a_decision_without_a_reason_shows_the_error_summary(client, moderator, load, sth_account):
    (comment,) = load(sth_account, OFFENSIVE)
    response = client.post(reverse("moderation:decide", args=[comment.pk]), {"action": "hide"})
    page = _page(response)
    assert response.status_code == 400
    assert "There is a problem" in page and '<a href="#reason_code">Choose a reason for your decision</a>' in page
    assert "govuk-form-group--error" in page and 'aria-describedby="reason_code-hint reason_code-error"' in page
    comment.refresh_from_db()
    assert comment.status == CommentStatus.NEEDS_REVIEW and not ModerationDecision.objects.exists()


def test_bulk_hide_of_two_comments_keeps_the_filters(client, moderator, load, sth_account):
    first, second, complaint = load(sth_account, OFFENSIVE, "Shut up you stupid twat", COMPLAINT)
    back = reverse("moderation:queue") + "?category=offensive"
    page = _page(client.get(back))
    assert f'name="ids" type="checkbox" value="{first.pk}"' in page and 'name="next"' in page
    response = client.post(reverse("moderation:bulk"), {"ids": [first.pk, second.pk], "action": "hide",
                                                         "reason_code": "offensive", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert set(Comment.objects.filter(status=CommentStatus.HIDDEN).values_list("pk", flat=True)) == {first.pk,
                                                                                                    second.pk}
    assert "2 comments marked as hidden." in _page(client.get(back))
    evil = client.post(reverse("moderation:bulk"), {"ids": [complaint.pk], "action": "approve",
                                                    "reason_code": "service-request",
                                                    "next": "https://evil.example/"})
    assert evil["Location"] == reverse("moderation:queue")


def test_bulk_errors_are_shown_on_the_queue(client, moderator, load, sth_account):
    (comment,) = load(sth_account, OFFENSIVE)
    nothing = client.post(reverse("moderation:bulk"), {"action": "hide", "reason_code": "offensive"})
    no_reason = client.post(reverse("moderation:bulk"), {"ids": [comment.pk], "action": "hide"})
    assert nothing.status_code == 400 and 'href="#comments"' in _page(nothing)
    assert no_reason.status_code == 400 and 'href="#reason_code"' in _page(no_reason)
    assert f'value="{comment.pk}" checked' in _page(no_reason)


def test_a_removal_in_st_helens_needs_a_second_moderator(client, moderator, load, sth_account):
    (comment,) = load(sth_account, OFFENSIVE)
    client.post(reverse("moderation:decide", args=[comment.pk]), {"action": "remove", "reason_code": "offensive"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REMOVAL_PENDING
    page = _page(client.get(reverse("moderation:detail", args=[comment.pk])))
    assert "a second person must confirm or refuse it: another moderator, or someone with the Approver role" in page
    assert "Confirm removal</button>" not in page
    refused = client.post(reverse("moderation:decide", args=[comment.pk]), {"action": "confirm_removal"})
    comment.refresh_from_db()
    assert refused.status_code == 403 and comment.status == CommentStatus.REMOVAL_PENDING
    assert "Ask another moderator or an approver to confirm or refuse the removal you asked for" in _page(refused)

    client.force_login(person("moderator", "st-helens"))
    assert "Confirm removal</button>" in _page(client.get(reverse("moderation:detail", args=[comment.pk])))
    client.post(reverse("moderation:decide", args=[comment.pk]), {"action": "confirm_removal"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REMOVED
    assert list(comment.decisions.values_list("action", flat=True)) == ["remove", "confirm_removal"]


def test_a_waiting_removal_hides_the_comment_has_its_own_clock_and_the_approver_answers_it(
        client, moderator, load, sth_account):
    (comment,) = load(sth_account, OFFENSIVE)
    asked = client.post(reverse("moderation:decide", args=[comment.pk]),
                        {"action": "remove", "reason_code": "offensive"}, follow=True)
    assert "Hide the comment on Facebook now: it stays hidden until a second person" in _page(asked)
    assert "Hidden on Facebook while the removal waits." in _page(asked)
    ModerationDecision.objects.filter(comment=comment).update(created=timezone.now() - timedelta(hours=5))
    queue = _page(client.get(reverse("moderation:queue")))
    clock = queue[queue.index('data-testid="removal-clock"'):queue.index("</table>", queue.index(
        'data-testid="removal-clock"'))]
    assert moderator.username in clock and "Overdue" in clock and "hidden meanwhile" in clock
    assert "someone with the Approver role" in queue and "The target is 4 hours" in queue
    assert 'data-testid="removal-waiting">Waiting 5' in queue

    # Legal may read the comment but not answer the removal: 403, and nothing of the comment in the answer.
    client.force_login(person("legal", "st-helens"))
    refused = client.post(reverse("moderation:removal", args=[comment.pk]), {"action": "confirm_removal"})
    assert refused.status_code == 403 and "useless twats" not in _page(refused)
    assert "Confirm removal</button>" not in _page(client.get(reverse("moderation:detail", args=[comment.pk])))

    # The approver (the pack's other role) refuses it: shown again, back in the queue.
    client.force_login(person("approver", "st-helens"))
    page = _page(client.get(reverse("moderation:detail", args=[comment.pk])))
    assert "Refuse removal</button>" in page and "Record decision" not in page and "Send to the team" not in page
    done = client.post(reverse("moderation:removal", args=[comment.pk]),
                       {"action": "refuse_removal", "note": "fair comment", "edits": "0"}, follow=True)
    assert "Removal refused: show the comment again on Facebook" in _page(done)
    comment.refresh_from_db()
    assert (comment.status, comment.hidden_pending_removal) == (CommentStatus.NEEDS_REVIEW, False)
    entry = AuditEntry.objects.get(event="moderation.comment.refuse_removal")
    assert entry.after["shown_again"] is True and entry.actor.startswith("approver")
    nothing = client.post(reverse("moderation:removal", args=[comment.pk]), {"action": ""})
    assert nothing.status_code == 400 and "Choose to confirm or refuse the removal" in _page(nothing)


def test_routing_a_safeguarding_concern_asks_whether_to_hide_it_too(client, moderator, load, sth_account):
    first, second = load(sth_account, SAFEGUARDING, SAFEGUARDING + " Please help.")
    routed = client.post(reverse("moderation:route", args=[first.pk]),
                         {"route": "safeguarding", "reason_code": "safeguarding"})
    assert routed["Location"] == reverse("moderation:hide_too", args=[first.pk])
    question = _page(client.get(routed["Location"]))
    assert f"Do you want to hide comment {first.pk} too?" in question and "Designated safeguarding contact" in question
    assert '<option value="safeguarding" selected>' in question
    unanswered = client.post(routed["Location"], {"reason_code": "safeguarding"})
    assert unanswered.status_code == 400
    assert '<a href="#hide">Select yes if you want to hide the comment too</a>' in _page(unanswered)
    hidden = client.post(routed["Location"], {"hide": "yes", "reason_code": "safeguarding", "edits": "0"},
                         follow=True)
    first.refresh_from_db()
    assert first.status == CommentStatus.HIDDEN and "Hide it on Facebook now." in _page(hidden)
    assert AuditEntry.objects.get(event="moderation.comment.hide").after["reason_code"] == "safeguarding"
    # Asked again for a comment already hidden: nothing to ask, back to the comment.
    assert client.get(routed["Location"])["Location"] == reverse("moderation:detail", args=[first.pk])

    client.post(reverse("moderation:route", args=[second.pk]), {"route": "safeguarding",
                                                                "reason_code": "safeguarding"})
    kept = client.post(reverse("moderation:hide_too", args=[second.pk]), {"hide": "no"}, follow=True)
    second.refresh_from_db()
    assert second.status == CommentStatus.ROUTED and "The comment stays visible on Facebook." in _page(kept)


def test_routing_elsewhere_does_not_ask_about_hiding(client, moderator, load, sth_account):
    (comment,) = load(sth_account, COMPLAINT)
    response = client.post(reverse("moderation:route", args=[comment.pk]),
                           {"route": "contact_centre", "reason_code": "service-request"})
    assert response["Location"] == reverse("moderation:detail", args=[comment.pk])


def test_the_handoff_pages_say_when_email_is_only_written_to_the_server_log(client, moderator, load, sth_account,
                                                                          settings):
    (comment,) = load(sth_account, COMPLAINT)
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    done = client.post(reverse("moderation:route", args=[comment.pk]),
                       {"route": "contact_centre", "reason_code": "service-request"}, follow=True)
    assert "only writes e-mails to its log" in _page(done) and "tell Contact Centre yourself" in _page(done)
    listing = _page(client.get(reverse("moderation:handoffs")))
    assert 'data-testid="email-not-sent"' in listing and "Django&#x27;s console e-mail backend" in listing
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert 'data-testid="email-not-sent"' not in _page(client.get(reverse("moderation:handoffs")))


# ---- the comment page and routing ---------------------------------------------------------------------------

def test_the_comment_page_keeps_automatic_checks_apart_from_decisions(client, moderator, load, sth_account):
    (comment,) = load(sth_account, OFFENSIVE)
    page = _page(client.get(reverse("moderation:detail", args=[comment.pk])))
    checks = page[page.index('data-testid="checks"'):page.index('data-testid="decisions"')]
    assert "CivicGuard (automatic)" in checks and comment.policy_version in checks and moderator.username not in checks
    assert 'href="https://www.facebook.com/post/0" rel="noopener noreferrer"' in page
    assert '<mark class="cg-block" data-finding="finding-0"><a href="#finding-0">useless twats</a></mark>' in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert 'data-cg-action-form' in page and "Keyboard shortcuts" in page


def test_the_comment_page_shows_the_earlier_texts_escaped_newest_first(client, moderator, load, sth_account, edit):
    (comment,) = load(sth_account, "Great work <script>alert('first')</script> on the park")
    edit(comment, "Second version")
    comment = edit(comment, OFFENSIVE)
    page = _page(client.get(reverse("moderation:detail", args=[comment.pk])))
    assert 'data-testid="edited"' in page and "by its author 2 times" in page
    earlier = page[page.index('data-testid="revisions"'):page.index("</ol>", page.index('data-testid="revisions"'))]
    assert earlier.index("Second version") < earlier.index("Great work")
    assert "&lt;script&gt;alert(&#x27;first&#x27;)&lt;/script&gt;" in earlier and "<script>alert" not in page
    assert earlier.count("delivered by json. Status then: Nothing found.") == 2
    assert "checked again" in page and 'data-testid="kept-through-edit"' not in page
    decisions = page[page.index('data-testid="decisions"'):]
    assert decisions.count("Edited by its author: checked again") == 2
    queue = _page(client.get(reverse("moderation:queue")))
    assert f'Comment {comment.pk}</a> <strong class="govuk-tag govuk-tag--yellow" data-testid="edited">' in queue


def test_the_comment_page_says_a_decision_stands_through_an_edit(client, moderator, load, sth_account, edit):
    (comment,) = load(sth_account, OFFENSIVE)
    Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.HIDDEN)
    edit(comment, CLEAN)
    page = _page(client.get(reverse("moderation:detail", args=[comment.pk])))
    assert 'data-testid="kept-through-edit"' in page and "The decision stands (hidden)" in page


def test_a_decision_on_a_text_edited_since_the_page_was_opened_is_refused(client, moderator, load, sth_account,
                                                                         edit):
    (comment,) = load(sth_account, OFFENSIVE)
    page = _page(client.get(reverse("moderation:detail", args=[comment.pk])))
    assert '<input type="hidden" name="edits" value="0">' in page
    edit(comment, PERSONAL)
    response = client.post(reverse("moderation:decide", args=[comment.pk]),
                           {"action": "approve", "reason_code": "complies", "edits": "0"})
    assert response.status_code == 409 and f"edited comment {comment.pk} after you opened it" in _page(response)
    assert "Kelly Shaw" in _page(response)  # the page shows the new text
    comment.refresh_from_db()
    assert comment.status == CommentStatus.NEEDS_REVIEW
    response = client.post(reverse("moderation:decide", args=[comment.pk]),
                           {"action": "approve", "reason_code": "complies", "edits": "1"})
    assert response.status_code == 302


def test_a_bulk_decision_including_a_comment_edited_since_the_queue_was_shown_is_refused(
        client, moderator, load, sth_account, edit):
    first, second = load(sth_account, OFFENSIVE, COMPLAINT)
    assert f'name="seen-{second.pk}" value="0"' in _page(client.get(reverse("moderation:queue")))
    edit(second, OFFENSIVE + " again")
    response = client.post(reverse("moderation:bulk"), {"ids": [first.pk, second.pk], "action": "hide",
                                                        "reason_code": "offensive", f"seen-{first.pk}": "0",
                                                        f"seen-{second.pk}": "0"})
    assert response.status_code == 409 and f"edited comment {second.pk} after you opened it" in _page(response)
    assert set(Comment.objects.values_list("status", flat=True)) == {CommentStatus.NEEDS_REVIEW}


def test_routing_a_comment_edited_since_the_page_was_opened_is_refused(client, moderator, load, sth_account,
                                                                      edit):
    (comment,) = load(sth_account, COMPLAINT)
    page = _page(client.get(reverse("moderation:detail", args=[comment.pk])))
    assert page.count('<input type="hidden" name="edits" value="0">') == 2  # the decide and the route forms
    edit(comment, COMPLAINT + " Still nothing.")
    form = {"route": "contact_centre", "reason_code": "service-request", "edits": "0"}
    response = client.post(reverse("moderation:route", args=[comment.pk]), form)
    assert response.status_code == 409 and f"edited comment {comment.pk} after you opened it" in _page(response)
    assert "Still nothing</a>" in _page(response) and not Handoff.objects.exists()  # the new text, highlighted
    response = client.post(reverse("moderation:route", args=[comment.pk]), {**form, "edits": "1"})
    assert response.status_code == 302 and Handoff.objects.filter(comment=comment).count() == 1


def test_routing_a_complaint_creates_a_handoff_and_emails_the_contact_centre(
        client, moderator, load, sth_account, django_capture_on_commit_callbacks):
    (comment,) = load(sth_account, COMPLAINT)
    page = _page(client.get(reverse("moderation:detail", args=[comment.pk])))
    assert '<option value="contact_centre" data-reply="' in page and 'selected>Contact Centre' in page
    assert "please contact our Contact Centre" in page
    reply = ("Thank you for getting in touch. So that we can help you properly, please contact our Contact Centre "
             "directly by e-mail at contactcentre@sthelens.gov.uk or by phone on 01744 676789.")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("moderation:route", args=[comment.pk]), {
            "route": "contact_centre", "reason_code": "service-request", "reply": reply, "note": "bins"})
    assert response.status_code == 302
    handoff = Handoff.objects.get(comment=comment)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.ROUTED and handoff.route_name == "Contact Centre"
    assert [m.to for m in mail.outbox] == [["contactcentre@sthelens.gov.uk"]]
    assert COMPLAINT in mail.outbox[0].body
    listing = _page(client.get(reverse("moderation:handoffs")))
    assert f"Comment {comment.pk}</a>" in listing and "Contact Centre" in listing and "Delivered" in listing


def test_the_check_reply_button_shows_findings_without_routing(client, moderator, load, sth_account):
    (comment,) = load(sth_account, COMPLAINT)
    reply = "Thanks, Derek Ainsworth of 12 Kiln Lane will call you on 07700 900987."
    response = client.post(reverse("moderation:route", args=[comment.pk]), {
        "route": "contact_centre", "reason_code": "service-request", "reply": reply, "check_reply": "1"})
    page = _page(response)
    assert response.status_code == 200 and 'data-testid="reply-check"' in page
    assert '<mark class="cg-block">Derek Ainsworth</mark>' in page and "Blocked" in page
    assert not Handoff.objects.exists()
    refused = client.post(reverse("moderation:route", args=[comment.pk]), {
        "route": "contact_centre", "reason_code": "service-request", "reply": reply})
    assert refused.status_code == 400 and 'href="#reply"' in _page(refused) and not Handoff.objects.exists()


def test_a_failed_delivery_can_be_retried_from_the_handoffs_page(client, moderator, load, sth_account):
    (comment,) = load(sth_account, COMPLAINT)
    client.post(reverse("moderation:route", args=[comment.pk]), {"route": "contact_centre",
                                                                 "reason_code": "service-request"})
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED, attempts=6,
                                                   last_error="SMTPServerDisconnected: gone")
    page = _page(client.get(reverse("moderation:handoffs")))
    assert "Failed" in page and "SMTPServerDisconnected" in page and "Retry" in page
    response = client.post(reverse("moderation:retry_delivery", args=[delivery.pk]))
    delivery.refresh_from_db()
    assert response.status_code == 302 and delivery.status == Delivery.Status.PENDING
    client.force_login(person("legal", "st-helens"))
    assert "Retry" not in _page(client.get(reverse("moderation:handoffs")))


# ---- dead letters -------------------------------------------------------------------------------------------

def _dead_letter(django_capture_on_commit_callbacks) -> DeadLetter:
    item = {"id": "dl-1", "account": "StHelensLibraries", "platform": "facebook", "created_at": "2025-03-15",
            "author": "Reader", "text": "When does the library open? <script>alert(1)</script>"}
    with django_capture_on_commit_callbacks(execute=True):
        ingest.ingest(source="json", body=json.dumps([item]).encode(), council=council("st-helens"))
    return DeadLetter.objects.get()


def test_dead_letters_are_listed_shown_escaped_retaken_and_resolved(client, django_capture_on_commit_callbacks):
    client.force_login(person("moderator", "st-helens"))
    letter = _dead_letter(django_capture_on_commit_callbacks)
    listing = _page(client.get(reverse("moderation:dead_letters")))
    assert "unknown account" in listing and reverse("moderation:dead_letter", args=[letter.pk]) in listing
    page = _page(client.get(reverse("moderation:dead_letter", args=[letter.pk])))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert '<pre class="cg-pre cg-body govuk-body-s" data-testid="body">' in page and "Take it again" in page

    still = client.post(reverse("moderation:dead_letter_retake", args=[letter.pk]), follow=True)
    assert "The account is still unknown" in _page(still)
    account_add(council=council("st-helens"), platform="facebook", handle="StHelensLibraries")
    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post(reverse("moderation:dead_letter_retake", args=[letter.pk]), follow=True)
    comment = Comment.objects.get(platform_id="dl-1")
    assert "The comment is in the queue of account StHelensLibraries" in _page(taken)
    assert f"comment {comment.pk}</a>" in _page(taken)
    assert comment.status == CommentStatus.NEEDS_REVIEW

    other = DeadLetter.objects.create(council=council("st-helens"), source="meta", reason="bad signature",
                                      body="{}")
    empty = client.post(reverse("moderation:dead_letter_resolve", args=[other.pk]), {"resolution": ""})
    assert empty.status_code == 400 and 'href="#resolution"' in _page(empty)
    client.post(reverse("moderation:dead_letter_resolve", args=[other.pk]), {"resolution": "spam"})
    other.refresh_from_db()
    assert other.resolution == "spam" and other.resolved is not None
    assert "bad signature" not in _page(client.get(reverse("moderation:dead_letters")))
    assert "bad signature" in _page(client.get(reverse("moderation:dead_letters"), {"resolved": "1"}))


# ---- export -------------------------------------------------------------------------------------------------

def _download(client, **params: str) -> str:
    response = client.get(reverse("moderation:export"), {"download": "1", **params})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="comments-st-helens-')
    return b"".join(response.streaming_content).decode()


def test_export_csv_and_json_with_and_without_redaction(client, load, sth_account):
    load(sth_account, PERSONAL, COMPLAINT)
    client.force_login(person("legal", "st-helens"))
    form = client.get(reverse("moderation:export"))
    assert form.status_code == 200 and "Redact third parties" in _page(form)

    rows = list(csv.DictReader(io.StringIO(_download(client, format="csv"))))
    assert [r["text"] for r in rows] == [PERSONAL, COMPLAINT] and rows[0]["author_name"] == "Resident 0"
    redacted = list(csv.DictReader(io.StringIO(_download(client, format="csv", redact="yes", subject="user-1"))))
    assert "Kelly Shaw" not in redacted[0]["text"] and "[personal data removed]" in redacted[0]["text"]
    assert redacted[0]["author_name"] == "[third party]" and redacted[1]["author_name"] == "Resident 1"

    data = json.loads(_download(client, format="json", account=str(sth_account.pk)))
    assert [d["text"] for d in data] == [PERSONAL, COMPLAINT]
    hidden = json.loads(_download(client, format="json", redact="yes"))
    assert all("Kelly Shaw" not in json.dumps(d) for d in hidden)
    assert AuditEntry.objects.filter(event="moderation.comments.export").count() == 4
    bad = client.get(reverse("moderation:export"), {"download": "1", "since-day": "31", "since-month": "2",
                                                    "since-year": "2025"})
    assert bad.status_code == 400 and "There is a problem" in _page(bad)


# ---- who may see what ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "name", "method"), [
    ("representative", "moderation:queue", "get"),
    ("img", "moderation:queue", "get"),
    ("legal", "moderation:bulk", "post"),
    ("approver", "moderation:dead_letters", "get"),
    ("moderator", "moderation:export", "get"),
    ("admin", "moderation:handoffs", "get"),
])
def test_roles_without_the_capability_get_403(client, role, name, method):
    client.force_login(person(role, "st-helens"))
    assert getattr(client, method)(reverse(name)).status_code == 403


def test_reading_roles_see_the_queue_without_the_moderation_forms(client, load, sth_account):
    (comment,) = load(sth_account, OFFENSIVE)
    client.force_login(person("legal", "st-helens"))
    queue = _page(client.get(reverse("moderation:queue")))
    page = _page(client.get(reverse("moderation:detail", args=[comment.pk])))
    assert f"Comment {comment.pk}<" in queue and 'name="ids"' not in queue
    assert "Record decision" not in page and "Send to the team" not in page
    assert client.post(reverse("moderation:decide", args=[comment.pk]),
                       {"action": "hide", "reason_code": "offensive"}).status_code == 403


def test_another_council_s_comment_is_not_found(client, moderator, load):
    sefton = account_add(council=council("sefton"), platform="facebook", handle="@SeftonCouncil")
    (comment,) = load(sefton, OFFENSIVE)
    letter = DeadLetter.objects.create(council=council("sefton"), source="meta", reason="bad", body="{}")
    assert client.get(reverse("moderation:detail", args=[comment.pk])).status_code == 404
    assert client.post(reverse("moderation:decide", args=[comment.pk]),
                       {"action": "hide", "reason_code": "offensive"}).status_code == 404
    assert client.post(reverse("moderation:route", args=[comment.pk]), {"route": "contact_centre"}).status_code == 404
    assert client.get(reverse("moderation:dead_letter", args=[letter.pk])).status_code == 404
    comment.refresh_from_db()
    assert comment.status == CommentStatus.NEEDS_REVIEW


def test_the_queue_page_costs_the_same_queries_however_many_rows(client, moderator, load, sth_account):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    (comment,) = load(sth_account, OFFENSIVE)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("moderation:queue")).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    Comment.objects.bulk_create([
        Comment(council=comment.council, account=sth_account, platform="facebook", platform_id=f"copy-{i}",
                author_name="Copy", text=comment.text, created_at=comment.created_at, source="json",
                status=comment.status, verdict=comment.verdict, severity=comment.severity,
                categories=comment.categories, policy_version=comment.policy_version,
                latest_check=comment.latest_check) for i in range(60)])
    assert queries() == few


def test_a_pack_without_moderation_facts_says_so(client, moderator, monkeypatch):
    from civicguard.apps.moderation.services import decisions
    from civicguard.errors import InvalidState

    def missing(council):
        raise InvalidState("the st-helens policy pack does not set up comment moderation (facts.moderation)")

    monkeypatch.setattr(decisions, "moderation_facts", missing)
    response = client.get(reverse("moderation:queue"))
    assert response.status_code == 409 and "Comment moderation is not set up" in _page(response)


def test_the_comment_page_marks_a_late_older_version_and_a_deletion_on_the_platform(client, moderator, load,
                                                                                   sth_account):
    from datetime import timedelta

    from django.utils import timezone

    from civicguard.apps.moderation.models import CommentRevision

    (comment,) = load(sth_account, OFFENSIVE)
    written = timezone.now() - timedelta(hours=2)
    CommentRevision.objects.create(comment=comment, text="An older draft <b>kept</b>", source="meta",
                                   status_before=comment.status, platform_time=written, stale=True,
                                   note="Older than the version we hold; kept in the history.")
    type(comment).objects.filter(pk=comment.pk).update(deleted_at=timezone.now())
    page = _page(client.get(reverse("moderation:detail", args=[comment.pk])))
    late = page[page.index('data-testid="stale-revision"'):]
    assert "Arrived late" in late and "Older than the version we hold" in late and "never shown" in late
    assert "An older draft &lt;b&gt;kept&lt;/b&gt;" in page
    assert 'data-testid="deleted"' in page and "Deleted on the platform" in page
