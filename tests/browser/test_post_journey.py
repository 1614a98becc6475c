"""The issue's done-when, in a real browser: draft, see the personal data highlighted, fix, pass, submit,
approve as someone else, and find both decisions in the audit trail and in the post's own history."""

from __future__ import annotations

import re

import pytest

from tests.apps.factories import AccountFactory, council, person
from tests.browser.pages import Browser

PII = "Well done to Derek Ainsworth (DOB 02/03/1951) of 12 Kiln Lane, WA10 1AB!"
FIXED = "Well done to our volunteer of the year, who has kept Sherdley Park tidy for ten years!"
PERSONAL_DATA = ["Derek Ainsworth", "02/03/1951", "12 Kiln Lane", "WA10 1AB"]


def _draft(browser: Browser, account_pk: int, text: str) -> int:
    """From the home page: draft a post and save it, which checks it. Returns the post's number."""
    browser.follow("Draft a post for an official account")
    assert browser.heading() == "Draft a post for an official account"
    assert browser.page_problems() == []
    browser.choose("#account", str(account_pk))
    browser.fill("#text", text)
    browser.submit("Save and check")
    match = re.search(r"/posts/(\d+)/", browser.driver.current_url)
    assert match, browser.driver.current_url
    return int(match.group(1))


@pytest.mark.browser
def test_draft_fix_submit_approve_and_audit(browser: Browser) -> None:
    st_helens = council("st-helens")
    account = AccountFactory(council=st_helens, handle="@StHelensCouncil")
    author = person("representative", "st-helens", account=account, username="rep-sthelens")
    approver = person("approver", "st-helens", username="approver-sthelens")
    img = person("img", "st-helens", username="img-sthelens")

    # The representative signs in through the real form and drafts a post naming a private person.
    browser.sign_in(author.username)
    assert browser.heading() == st_helens.name
    pk = _draft(browser, account.pk, PII)
    assert browser.driver.current_url.endswith(f"/posts/{pk}/#check-result")
    assert browser.text("[data-testid=status]") == "Draft"
    assert browser.page_problems() == []
    assert browser.text("h2 .govuk-tag") == "Blocked"
    assert "This post must not go out as it stands" in browser.text("#check-result .govuk-warning-text")

    # Each piece of personal data is highlighted, in place, and links to its explanation.
    assert browser.marked() == PERSONAL_DATA, browser.text("#check-result")
    assert browser.text("[data-testid=highlighted]") == " ".join(PII.split())
    for mark in browser.find_all("[data-testid=highlighted] mark"):
        assert "cg-block" in (mark.get_attribute("class") or "")
        assert mark.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"  # civicguard.css applies
        target = mark.get_attribute("data-finding")
        link = mark.find_element("css selector", "a")
        assert link.get_attribute("href").endswith(f"#{target}")
        finding = browser.find(f"#{target}")
        explained = " ".join(finding.text.split())
        assert "St Helens 5.2" in explained and "sth.personal-data.identifiers" in explained
        assert "How to fix it:" in explained and "Remove the" in explained
    assert "Derek Ainsworth" in browser.text("#finding-0") and "name" in browser.text("#finding-0 h3")

    # The representative takes the personal data out and checks again: it passes.
    browser.fill("#text", FIXED)
    browser.submit("Save and check again")
    assert browser.banner() == "Your changes are saved and the post has been checked again."
    assert browser.text("#check-result .govuk-panel__title") == "No problems found"
    assert browser.text("h2 .govuk-tag") == "Passed"
    assert browser.find_all("mark") == []
    assert browser.find("#text").get_attribute("value") == FIXED

    # ... submits it for approval, and signs out.
    browser.submit("Submit for approval")
    assert browser.banner() == "Sent to Customer Services for approval."
    assert browser.text("[data-testid=status]") == "Waiting for approval"
    assert browser.find_all("#text") == [], "a submitted post can no longer be changed"
    browser.sign_out()

    # An approver (not the author) finds it waiting, approves it and records the decision.
    browser.sign_in(approver.username)
    browser.follow("Posts waiting for your decision: 1")
    assert [row[0] for row in browser.rows("table.govuk-table")] == [FIXED[:79] + "…"]
    browser.leaving(browser.find(f"a[href='/posts/{pk}/']").click)
    assert browser.heading() == f"Post {pk}: Waiting for approval"
    assert browser.page_problems() == []
    browser.find("label[for=decision-approve]").click()
    assert browser.find("#decision-approve").is_selected()
    browser.submit("Record decision")
    assert browser.banner() == "Approved: the post is in the outbox."
    assert browser.text("[data-testid=status]") == "Approved"
    assert browser.find_all("#decision-approve") == [], "the decision form goes once the post is decided"
    assert f"{approver.username} – Approve" in browser.text("[data-testid=approvals]")
    browser.sign_out()

    # The Information Management Group sees both decisions in the audit trail ...
    browser.sign_in(img.username)
    browser.follow("Audit trail")
    assert browser.heading() == "Audit trail"
    assert browser.page_problems() == []
    subject = f" Post {pk}"  # the object each entry is about, linked to the post, after the event's name
    rows = browser.rows("[data-testid=audit-entries]")
    trail = [(row[1], row[2].removesuffix(subject)) for row in rows if row[2].endswith(subject)]
    assert (author.username, "Post drafted") in trail
    assert (author.username, "Post edited") in trail
    assert (author.username, "Post sent for approval") in trail
    assert (approver.username, "Post approved") in trail
    assert trail.count((author.username, "Post checked")) == 2
    assert trail.index((approver.username, "Post approved")) < trail.index((author.username, "Post sent for approval"))
    approve_row = next(row for row in rows if row[2] == f"Post approved{subject}")
    assert "Decision Approved" in approve_row[3] and "Check result Passed" in approve_row[3]
    assert "Status Waiting for approval → changed to Approved" in approve_row[3]

    # ... and in the post's own history, oldest first.
    browser.visit(f"/posts/{pk}/")
    history = [(row[1], row[2]) for row in browser.rows("[data-testid=history]")]
    assert history == [
        (author.username, "Post drafted"),
        (author.username, "Post checked (Blocked)"),
        (author.username, "Post edited"),
        (author.username, "Post checked (Passed)"),
        (author.username, "Post sent for approval (Passed)"),
        (approver.username, "Post checked (Passed)"),
        (approver.username, "Post approved (Passed)"),
    ]
    assert browser.find_all("#decision-approve") == [] and browser.find_all("#text") == []
    assert browser.console_errors() == [], "no script errors, blocked resources or missing files on the way"
