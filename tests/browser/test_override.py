"""Two people for a block, in a real browser: a representative drafts a post the check blocks, one approver
overrides it with a justification and sees it wait for a second person, a second approver confirms, and the
outbox shows the post marked as overridden by both."""

from __future__ import annotations

import re

import pytest

from civicguard.apps.posts.models import OutboxEntry, Post
from tests.apps.factories import AccountFactory, council, person
from tests.browser.pages import Browser

BLOCKED = "Call Mrs Jane Doe on 07700 900123 about her bin collection."
WHY = "Mrs Doe asked us to post her number; her signed consent is on file (ref C-19)."


def _choose(browser: Browser, decision: str) -> None:
    browser.find(f"label[for=decision-{decision}]").click()
    assert browser.find(f"#decision-{decision}").is_selected()


@pytest.mark.browser
def test_a_block_goes_out_only_when_a_second_person_confirms_the_override(browser: Browser) -> None:
    st_helens = council("st-helens")
    account = AccountFactory(council=st_helens, handle="@StHelensCouncil")
    author = person("representative", "st-helens", account=account, username="rep-sthelens")
    first = person("approver", "st-helens", username="approver-one")
    second = person("approver", "st-helens", username="approver-two")

    # The representative drafts a post naming a private person with her mobile number: the check blocks it.
    browser.sign_in(author.username)
    browser.follow("Draft a post for an official account")
    browser.choose("#account", str(account.pk))
    browser.fill("#text", BLOCKED)
    browser.submit("Save and check")
    match = re.search(r"/posts/(\d+)/", browser.driver.current_url)
    assert match, browser.driver.current_url
    pk = int(match.group(1))
    assert browser.text("h2 .govuk-tag") == "Blocked"
    browser.submit("Submit for approval")
    assert browser.text("[data-testid=status]") == "Waiting for approval"
    browser.sign_out()

    # The first approver overrides the block with a justification: the post waits for a second person.
    browser.sign_in(first.username)
    browser.visit(f"/posts/{pk}/")
    _choose(browser, "override")
    browser.submit("Record decision")
    assert browser.text("#justification-error") == "Error: Enter a justification for overriding the check"
    assert browser.text(".govuk-error-summary").startswith("There is a problem")
    _choose(browser, "override")
    browser.fill("#justification", WHY)
    browser.submit("Record decision")
    assert browser.banner().startswith("Override recorded: the post is waiting for a second person")
    assert browser.text("[data-testid=status]") == "Override waiting for a second person"
    assert WHY in browser.text("[data-testid=override]")
    assert "You asked for it, so someone else must confirm or refuse it." in browser.text("[data-testid=waiting]")
    assert browser.find_all("#decision-confirm_override") == [], "the requester is not offered the confirmation"
    assert not OutboxEntry.objects.filter(post_id=pk).exists()
    browser.visit("/posts/outbox")
    assert "Nothing is waiting to be published." in browser.text("main")
    browser.sign_out()

    # A second approver finds it from the start page and confirms it.
    browser.sign_in(second.username)
    browser.follow("Overrides waiting for a second person: 1")
    browser.leaving(browser.find(f"a[href='/posts/{pk}/']").click)
    assert browser.heading() == f"Post {pk}: Override waiting for a second person"
    assert browser.page_problems() == []
    assert f"{first.username}," in browser.text("[data-testid=override]")
    _choose(browser, "confirm_override")
    browser.fill("#justification", "I have seen the consent form too.")
    browser.submit("Record decision")
    assert browser.banner() == "Override confirmed: the post is in the outbox, marked as overridden."
    assert browser.text("[data-testid=status]") == "Approved"
    assert browser.text("[data-testid=overridden]") == "Overridden by two people"
    override = browser.text("[data-testid=override]")
    assert WHY in override and "I have seen the consent form too." in override and second.username in override

    # The outbox shows it marked overridden, with both people; the payload says the same.
    browser.follow("Outbox")
    [row] = browser.rows("table.govuk-table")
    assert row[3] == f"Overridden by two people {first.username} and {second.username}"
    payload = OutboxEntry.objects.get(post_id=pk).payload
    assert payload["overridden"] is True and payload["override"]["confirmer"]["username"] == second.username
    assert Post.objects.get(pk=pk).overridden
    assert browser.console_errors("/decide - Failed to load resource") == [], "only the refused form answered 400"
