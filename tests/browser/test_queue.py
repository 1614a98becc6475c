"""The moderator's queue order in a real browser: comments of different severity and age and one safeguarding
concern; the moderator sees the urgent banner, the safeguarding concern first, then the comments that must not
stay up (block), then the oldest; sends the concern to the safeguarding contact and is asked whether to hide it."""

from __future__ import annotations

import json

import pytest
from django.core import mail

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.moderation.models import Comment, CommentStatus
from civicguard.apps.moderation.services import ingest
from civicguard.apps.social_accounts.services import account_add
from tests.apps.factories import council, person
from tests.browser.pages import Browser

# (platform id, made at, text): oldest first as they arrive; the queue must reorder them.
COMMENTS = [
    ("q-complaint", "2025-03-15T08:00:00Z",
     "I've complained three times about the bins and nobody has done anything. Disgraceful."),
    ("q-personal", "2025-03-15T08:30:00Z",
     "My neighbour Joan Hughes on 07700 900123 is behind this, her NHS number is 943 476 5919."),
    ("q-offensive-old", "2025-03-15T09:00:00Z", "You lot are useless twats, every one of you."),
    ("q-offensive-new", "2025-03-15T10:00:00Z", "Shut up you stupid twat, nobody asked."),
    ("q-safeguarding", "2025-03-15T11:00:00Z",
     "I'm worried about the child next door, he is being hit by his dad every night."),
]


def _seed() -> dict[str, Comment]:
    account = account_add(council=council("st-helens"), platform="facebook", handle="@StHelensCouncil",
                          platform_id="104729384756")
    items = [{"id": pid, "text": text, "created_at": made, "author": f"Resident {n}"}
             for n, (pid, made, text) in enumerate(COMMENTS)]
    # Outside any transaction (transactional_db): the check runs in-process as soon as the comments are stored.
    ingest.ingest(source="json", body=json.dumps(items).encode(), account=account)
    found = {c.platform_id: c for c in Comment.objects.all()}
    assert {c.status for c in found.values()} == {CommentStatus.NEEDS_REVIEW}, {c.status for c in found.values()}
    return found


def _queue_order(browser: Browser) -> list[int]:
    return [int(row.get_attribute("data-comment") or 0) for row in browser.find_all("[data-testid=queue] tbody tr")]


@pytest.mark.browser
def test_safeguarding_first_then_block_then_oldest_and_the_question_after_routing(browser: Browser) -> None:
    c = _seed()
    moderator = person("moderator", "st-helens", username="moderator-queue")
    safeguarding = c["q-safeguarding"]

    browser.sign_in(moderator.username)
    browser.follow("Comment moderation")
    assert browser.heading() == "Comment moderation"
    assert browser.page_problems() == []
    # The urgent banner (important, not a success message) names the concern and links to it.
    banner = browser.text("[data-testid=safeguarding-banner]")
    assert "Important" in banner and "A safeguarding concern is waiting" in banner
    assert "govuk-notification-banner--success" not in (
        browser.find("[data-testid=safeguarding-banner]").get_attribute("class") or "")
    # Safeguarding first, then block (oldest first among them), then the rest oldest first.
    assert _queue_order(browser) == [safeguarding.pk, c["q-offensive-old"].pk, c["q-offensive-new"].pk,
                                     c["q-complaint"].pk, c["q-personal"].pk]
    assert "safeguarding first" in browser.text("[data-testid=queue] caption")
    assert browser.text(f"tr[data-comment='{safeguarding.pk}'] [data-testid=urgent]") == "Urgent"

    # The banner's link opens the concern; the safeguarding contact is suggested, urgent.
    browser.follow(f"Safeguarding concern: comment {safeguarding.pk}")
    assert browser.heading() == f"Comment {safeguarding.pk}: Needs review"
    assert browser.text("[data-testid=suggested-route]") == "Designated safeguarding contact"
    assert browser.find("#route").get_attribute("value") == "safeguarding"
    assert browser.find("#route_reason_code").get_attribute("value") == "safeguarding"
    browser.submit("Send to the team")

    # After the hand-off the page asks whether to hide the comment too.
    assert browser.heading() == f"Do you want to hide comment {safeguarding.pk} too?"
    assert browser.banner().startswith("Sent to Designated safeguarding contact as urgent.")
    assert browser.page_problems() == []
    assert [m.to for m in mail.outbox] == [["safeguarding@sthelens.gov.uk"]]
    browser.submit("Continue")  # no answer: a GOV.UK error that says what to do
    assert "Select yes if you want to hide the comment too" in browser.text(".govuk-error-summary")
    assert browser.title().startswith("Error: ")
    browser.find("label[for=hide]").click()
    assert browser.find("#hide_reason").get_attribute("value") == "safeguarding"
    browser.submit("Continue")
    assert browser.banner() == "The comment is marked as hidden. Hide it on Facebook now."
    assert browser.text("[data-testid=status]") == "Hidden"
    assert AuditEntry.objects.filter(event="moderation.comment.hide", object_id=str(safeguarding.pk)).exists()

    # Nothing urgent waits now: no banner, and the block comments lead the queue.
    browser.follow("Comment moderation")
    assert browser.find_all("[data-testid=safeguarding-banner]") == []
    assert _queue_order(browser)[:2] == [c["q-offensive-old"].pk, c["q-offensive-new"].pk]
    # The one 400 is the unanswered question, on purpose.
    assert browser.console_errors("hide-too - Failed to load resource: the server responded with a status of 400") \
        == [], "no script errors, blocked resources or missing files on the way"
