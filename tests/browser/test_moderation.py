"""The moderator's desk in a real browser: the queue with highlighted words and keyboard shortcuts, hiding an
offensive comment, routing a complaint to the Contact Centre with the suggested reply, the hand-off, and the
Information Management Group finding those decisions in the audit trail."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from selenium.webdriver.common.keys import Keys

from civicguard.apps.moderation.models import Comment, Handoff
from civicguard.apps.moderation.services import ingest
from civicguard.apps.social_accounts.services import account_add
from tests.apps.factories import council, person
from tests.browser.pages import Browser

OFFENSIVE = "You lot are useless twats <script>alert('pwned')</script>"
COMPLAINT = "Missed bin collection on Rainford Road again, green bins left out since Monday."


def _seed() -> tuple[Comment, Comment]:
    account = account_add(council=council("st-helens"), platform="facebook", handle="@StHelensCouncil",
                          platform_id="104729384756")
    items = [{"id": "fb-1", "text": OFFENSIVE, "created_at": "2025-03-15T08:00:00Z", "author": "Angry Resident",
              "url": "https://www.facebook.com/104729384756/posts/1"},
             {"id": "fb-2", "text": COMPLAINT, "created_at": "2025-03-15T09:00:00Z", "author": "Rainford Residents"}]
    # Outside any transaction (transactional_db): the check runs in-process as soon as the comments are stored.
    ingest.ingest(source="json", body=json.dumps(items).encode(), account=account)
    offensive, complaint = Comment.objects.get(platform_id="fb-1"), Comment.objects.get(platform_id="fb-2")
    assert offensive.status == complaint.status == "needs_review"
    return offensive, complaint


@pytest.mark.browser
def test_moderate_hide_route_and_audit(browser: Browser) -> None:
    offensive, complaint = _seed()
    moderator = person("moderator", "st-helens", username="moderator-sthelens")
    img = person("img", "st-helens", username="img-sthelens")

    # The moderator opens the queue: both comments, oldest first, the flagged words highlighted, the script inert.
    browser.sign_in(moderator.username)
    browser.follow("Comment moderation")
    assert browser.heading() == "Comment moderation"
    assert browser.page_problems() == []
    assert [row[4].split(" ")[:2] for row in browser.rows("[data-testid=queue]")] == [
        ["Comment", str(offensive.pk)], ["Comment", str(complaint.pk)]]
    # "Missed bin" is the service request's wording; the rest of the sentence is the complaint the council model
    # reads in it ("again", "since Monday"), highlighted after the words already marked.
    assert browser.marked() == ["useless twats", "Missed bin",
                                " collection on Rainford Road again, green bins left out since Monday."]
    assert "<script>alert('pwned')</script>" in browser.text("[data-testid=queue]")
    assert browser.find_all("[data-testid=queue] script") == []
    assert "2 need review" in browser.text("[data-testid=counts]")

    # Keyboard: j moves to the first comment, x chooses it, o opens it.
    browser.keys("j")
    first = browser.find(f"tr[data-comment='{offensive.pk}']")
    assert browser.active() == first and "cg-row--current" in (first.get_attribute("class") or "")
    browser.keys("x")
    assert browser.find(f"#choose-{offensive.pk}").is_selected()
    browser.keys("x")
    assert not browser.find(f"#choose-{offensive.pk}").is_selected()
    browser.leaving(lambda: browser.keys("o"))
    assert browser.heading() == f"Comment {offensive.pk}: Needs review"
    assert browser.page_problems() == []
    assert browser.marked() == ["useless twats"]
    link = browser.find("[data-testid=platform-link]")
    assert link.get_attribute("rel") == "noopener noreferrer"

    # On the comment, h chooses "hide" and moves to the reason, which offers only reasons that fit hiding.
    browser.keys("h")
    assert browser.find("#action-hide").is_selected() and browser.active_is("#reason_code")
    assert browser.find("#reason_code option[value=complies]").get_attribute("disabled") is not None
    assert browser.find("#reason_code option[value=offensive]").get_attribute("disabled") is None
    browser.choose("#reason_code", "offensive")
    browser.fill("#note", "Abusive language")
    browser.submit("Record decision")
    assert browser.banner() == "The comment is marked as hidden."
    assert browser.text("[data-testid=status]") == "Hidden"
    decisions = browser.rows("[data-testid=decisions]")
    assert [row[1:] for row in decisions] == [[moderator.username, "Hide", "Material of an offensive nature",
                                               "Abusive language"]]
    assert browser.rows("[data-testid=checks]")[0][1] == "CivicGuard (automatic)"

    # The complaint: the Contact Centre is suggested, with its reply; the moderator sends it there.
    browser.follow("Comment moderation")
    assert [row[4].split(" ")[:2] for row in browser.rows("[data-testid=queue]")] == [["Comment", str(complaint.pk)]]
    browser.follow(f"Comment {complaint.pk}")
    assert browser.text("[data-testid=suggested-route]") == "Contact Centre"
    assert browser.find("#route").get_attribute("value") == "contact_centre"
    assert browser.find("#route_reason_code").get_attribute("value") == "service-request"
    reply = browser.find("#reply").get_attribute("value")
    assert "contactcentre@sthelens.gov.uk" in reply and "01744 676789" in reply
    browser.submit("Check reply")
    assert "No problems found in the reply." in browser.text("[data-testid=reply-check]")
    assert not Handoff.objects.exists()
    browser.submit("Send to the team")
    assert browser.banner().startswith("Sent to Contact Centre.")
    assert browser.text("[data-testid=status]") == "Routed"
    handoff = Handoff.objects.get(comment=complaint)
    assert handoff.reply == reply.strip()
    assert [m.to for m in mail.outbox] == [["contactcentre@sthelens.gov.uk"]]

    # The hand-offs page lists it, delivered by e-mail.
    browser.follow("Comment moderation")
    browser.follow("Hand-offs")
    assert browser.heading() == "Hand-offs"
    assert browser.page_problems() == []
    rows = browser.rows("[data-testid=handoffs]")
    assert len(rows) == 1 and rows[0][1] == "Contact Centre" and f"Comment {complaint.pk}" in rows[0][2]
    assert rows[0][3] == moderator.username and "E-mail: Delivered" in rows[0][4]
    assert browser.console_errors() == [], "no script errors, blocked resources or missing files on the way"
    browser.sign_out()

    # The Information Management Group sees the moderator's decisions in the audit trail.
    browser.sign_in(img.username)
    browser.follow("Audit trail")
    # Who, then what happened in plain English followed by the comment it happened to (linked to its page).
    trail = [(row[1], row[2]) for row in browser.rows("[data-testid=audit-entries]")]
    assert (moderator.username, f"Comment hidden Comment {offensive.pk}") in trail
    assert (moderator.username, f"Comment passed to a service Comment {complaint.pk}") in trail
    assert browser.console_errors() == []


@pytest.mark.browser
def test_bulk_hide_without_javascript(browser_nojs: Browser) -> None:
    browser = browser_nojs
    account = account_add(council=council("st-helens"), platform="facebook", handle="@StHelensCouncil")
    items = [{"id": f"fb-{i}", "text": text, "created_at": f"2025-03-15T08:0{i}:00Z", "author": "Resident"}
             for i, text in enumerate((OFFENSIVE, "Shut up you stupid twat", COMPLAINT))]
    ingest.ingest(source="json", body=json.dumps(items).encode(), account=account)
    first, second, complaint = (Comment.objects.get(platform_id=f"fb-{i}") for i in range(3))
    moderator = person("moderator", "st-helens", username="moderator-nojs")

    browser.sign_in(moderator.username)
    browser.visit("/moderation/?category=offensive")
    assert len(browser.rows("[data-testid=queue]")) == 2
    browser.find(f"label[for=choose-{first.pk}]").click()
    browser.find(f"label[for=choose-{second.pk}]").click()
    browser.choose("#action", "hide")
    browser.choose("#reason_code", "offensive")
    browser.submit("Apply to chosen comments")
    assert browser.banner() == "2 comments marked as hidden."
    assert browser.driver.current_url.endswith("/moderation/?category=offensive")
    assert browser.rows("[data-testid=queue]") == []
    assert set(Comment.objects.filter(status="hidden").values_list("pk", flat=True)) == {first.pk, second.pk}
    complaint.refresh_from_db()
    assert complaint.status == "needs_review"


@pytest.mark.browser
def test_a_decision_without_a_reason_leads_back_to_the_reason_with_the_note_kept(browser: Browser) -> None:
    offensive, _ = _seed()
    moderator = person("moderator", "st-helens", username="moderator-errors")
    browser.sign_in(moderator.username)
    browser.visit(f"/moderation/comments/{offensive.pk}/")
    browser.find("label[for=action-hide]").click()
    browser.fill("#note", "Abusive language")
    browser.submit("Record decision")

    # The GOV.UK error summary takes the focus; its link leads to the reason, which says what is missing.
    assert browser.title().startswith("Error: ") and browser.page_problems() == []
    browser.wait().until(lambda d: browser.active_is(".govuk-error-summary"))
    browser.keys(Keys.TAB)
    assert browser.active().text == "Choose a reason for your decision"
    browser.keys(Keys.ENTER)
    browser.wait().until(lambda d: browser.active_is("#reason_code"))
    assert browser.text("#reason_code-error") == "Error: Choose a reason for your decision"
    # What was chosen and typed is still there, and the reasons still fit hiding.
    assert browser.find("#action-hide").is_selected()
    assert browser.find("#note").get_attribute("value") == "Abusive language"
    assert browser.find("#reason_code option[value=complies]").get_attribute("disabled") is not None
    browser.choose("#reason_code", "offensive")
    browser.submit("Record decision")
    assert browser.banner() == "The comment is marked as hidden."
    assert browser.console_errors(f"{offensive.pk}/decide - Failed to load resource: the server responded with a "
                                  "status of 400") == []
