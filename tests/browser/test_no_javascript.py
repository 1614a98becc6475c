"""The pages work with JavaScript switched off: sign in, draft and check, fix, submit, approve, errors."""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.keys import Keys

from tests.apps.factories import AccountFactory, person
from tests.browser.pages import Browser

PII = "Well done to Derek Ainsworth (DOB 02/03/1951) of 12 Kiln Lane, WA10 1AB!"
FIXED = "Well done to our volunteer of the year, who has kept Sherdley Park tidy for ten years!"


def _scripts_are_off(browser: Browser) -> None:
    """app.mjs marks the body when it runs; without JavaScript it never does, and the styles still apply."""
    classes = (browser.find("body").get_attribute("class") or "").split()
    assert "js-enabled" not in classes and "govuk-frontend-supported" not in classes, classes
    assert "GDS Transport" in browser.find("h1").value_of_css_property("font-family")


@pytest.mark.browser
def test_draft_check_fix_submit_and_approve_without_javascript(browser_nojs: Browser) -> None:
    browser = browser_nojs
    account = AccountFactory()
    author = person("representative", "st-helens", account=account)
    approver = person("approver", "st-helens")

    browser.sign_in(author.username)
    _scripts_are_off(browser)
    browser.visit("/posts/new")
    # Without the character count script the plain hint stays.
    assert browser.text("#text-info") == "You can enter up to 10000 characters"
    browser.choose("#account", str(account.pk))
    browser.fill("#text", PII)
    browser.submit("Save and check")
    match = re.search(r"/posts/(\d+)/#check-result$", browser.driver.current_url)
    assert match, browser.driver.current_url
    pk = int(match.group(1))
    assert browser.marked() == ["Derek Ainsworth", "02/03/1951", "12 Kiln Lane", "WA10 1AB"], browser.text(
        "#check-result")
    assert "How to fix it:" in browser.text("#finding-0") and "St Helens 5.2" in browser.text("#finding-0")
    # The highlighted words are plain links to their explanation.
    browser.find("[data-testid=highlighted] mark a").click()
    browser.wait().until(lambda d: d.current_url.endswith("#finding-0"))

    browser.fill("#text", FIXED)
    browser.submit("Save and check again")
    assert browser.text("#check-result .govuk-panel__title") == "No problems found"
    assert browser.find_all("mark") == []
    browser.submit("Submit for approval")
    assert browser.text("[data-testid=status]") == "Waiting for approval"
    browser.sign_out()

    browser.sign_in(approver.username)
    browser.visit(f"/posts/{pk}/")
    browser.find("#decision-approve").click()
    browser.submit("Record decision")
    assert browser.banner() == "Approved: the post is in the outbox."
    assert browser.text("[data-testid=status]") == "Approved"


@pytest.mark.browser
def test_errors_and_the_skip_link_without_javascript(browser_nojs: Browser) -> None:
    browser = browser_nojs
    user = person("representative", "st-helens", account=AccountFactory())
    browser.sign_in(user.username)
    _scripts_are_off(browser)

    browser.visit("/posts/new")
    browser.submit("Save and check")
    assert browser.title().startswith("Error: ")
    link = browser.find(".govuk-error-summary__list a")
    assert link.text == "write the post's text"
    assert link.get_attribute("href") == browser.url("/posts/new#text")
    link.click()
    browser.wait().until(lambda d: d.current_url.endswith("#text"))
    assert browser.find("#text").tag_name == "textarea"

    # The skip link is a plain link: Tab reaches it first, Enter jumps to the main content, and the
    # next Tab carries on from there.
    browser.visit("/")
    browser.keys(Keys.TAB)
    assert browser.active_is("a.govuk-skip-link")
    browser.keys(Keys.ENTER)
    browser.wait().until(lambda d: d.current_url.endswith("#main-content"))
    browser.keys(Keys.TAB)
    main = browser.find("#main-content")
    assert main.find_elements("css selector", "a, button, input, select, textarea")[0] == browser.active()
