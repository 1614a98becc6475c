"""Keyboard use, the skip link, the error summary, and the GOV.UK styles and scripts actually loading."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement

from tests.apps.factories import PASSWORD, AccountFactory, person
from tests.browser.pages import Browser

FOCUSABLE = ("a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), "
             "textarea:not([disabled]), [tabindex]:not([tabindex='-1'])")


def _first_focusable(browser: Browser) -> WebElement:
    return browser.driver.execute_script(f"return document.querySelector({FOCUSABLE!r});")


def _tab_to(browser: Browser, css: str, most: int = 30) -> int:
    """Press Tab until `css` has the focus; how many presses it took."""
    for presses in range(most + 1):
        if browser.active_is(css):
            return presses
        browser.keys(Keys.TAB)
    raise AssertionError(f"{css} never had the focus after {most} presses of Tab")


@pytest.mark.browser
def test_govuk_frontend_styles_fonts_and_scripts_load(browser: Browser) -> None:
    for path in ("/static/govuk/govuk-frontend.min.css", "/static/govuk/govuk-frontend.min.js",
                 "/static/civicguard/civicguard.css", "/static/civicguard/app.mjs",
                 "/static/govuk/assets/images/favicon.ico"):
        assert browser.status_of(path) == 200, path
    browser.visit("/sign-in/")
    # Computed styles that only the GOV.UK stylesheet gives (the browser's defaults are Times and no colour).
    assert "GDS Transport" in browser.find("h1").value_of_css_property("font-family")
    assert "GDS Transport" in browser.find("label.govuk-label").value_of_css_property("font-family")
    assert browser.find("h1").value_of_css_property("font-weight") == "700"
    assert browser.find(".govuk-header").value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
    assert browser.find(".govuk-button").value_of_css_property("color") == "rgba(255, 255, 255, 1)"
    # The font files themselves arrive (the stylesheet asks for them at /assets/, served by WhiteNoise).
    loaded = browser.wait().until(lambda d: d.execute_script(
        "return document.fonts.status === 'loaded' && "
        "[...document.fonts].filter(f => f.family.includes('GDS Transport') && f.status === 'loaded').length;"))
    assert loaded >= 1
    # app.mjs ran (CSP allows it) and started GOV.UK Frontend's components.
    classes = browser.find("body").get_attribute("class").split()
    assert "js-enabled" in classes and "govuk-frontend-supported" in classes
    assert browser.console_errors() == []


@pytest.mark.browser
def test_sign_in_with_the_keyboard_alone(browser: Browser) -> None:
    user = person("representative", "st-helens", account=AccountFactory())
    browser.visit("/")
    assert browser.driver.current_url.endswith("/sign-in/?next=/")
    _tab_to(browser, "#id_username")
    browser.keys(user.username, Keys.TAB)
    assert browser.active_is("#id_password")
    browser.keys("not the password")
    browser.leaving(lambda: browser.keys(Keys.ENTER))

    # A wrong password: the error summary takes the focus, and its link leads back to the username.
    assert browser.heading() == "Sign in to CivicGuard" and browser.title().startswith("Error: ")
    assert browser.text(".govuk-error-summary__title") == "There is a problem"
    browser.wait().until(lambda d: browser.active_is(".govuk-error-summary"))
    browser.keys(Keys.TAB)
    assert browser.active().text == "Enter a correct username and password"
    assert browser.active().get_attribute("href").endswith("#id_username")
    browser.keys(Keys.ENTER)
    browser.wait().until(lambda d: browser.active_is("#id_username"))
    assert browser.find("#id_username").get_attribute("value") == user.username

    browser.keys(Keys.TAB)
    assert browser.active_is("#id_password")
    browser.keys(PASSWORD)
    browser.leaving(lambda: browser.keys(Keys.ENTER))
    assert browser.driver.current_url == browser.url("/")
    assert f"Signed in as {user.username}" in browser.text("main")


@pytest.mark.browser
def test_the_skip_link_comes_first_and_moves_the_focus_to_the_main_content(browser: Browser) -> None:
    user = person("approver", "st-helens")
    browser.visit("/sign-in/")
    skip = browser.find("a.govuk-skip-link")
    assert _first_focusable(browser) == skip, "the skip link is the first thing in the tab order"
    assert skip.size["height"] <= 1, "hidden until it has the focus (GOV.UK styles)"

    browser.sign_in(user.username)
    browser.visit("/posts/")
    browser.keys(Keys.TAB)
    assert browser.active_is("a.govuk-skip-link")
    skip = browser.find("a.govuk-skip-link")
    assert skip.text == "Skip to main content" and skip.get_attribute("href").endswith("#main-content")
    assert skip.is_displayed() and skip.size["height"] > 10, "visible once focused"
    browser.keys(Keys.ENTER)
    browser.wait().until(lambda d: browser.active_is("#main-content"))
    assert browser.driver.current_url.endswith("#main-content")
    browser.keys(Keys.TAB)
    inside = browser.driver.execute_script(
        "return document.getElementById('main-content').contains(document.activeElement);")
    assert inside, "the next Tab goes on from the main content, past the header and navigation"
    assert browser.active_is("#status"), "the list's first control"


@pytest.mark.browser
def test_an_empty_post_shows_the_error_summary_linked_to_the_field(browser: Browser) -> None:
    account = AccountFactory()
    user = person("representative", "st-helens", account=account)
    browser.sign_in(user.username)
    browser.visit("/posts/new")
    browser.fill("#text", "   ")
    browser.submit("Save and check")

    assert browser.title().startswith("Error: ")
    summary = browser.find(".govuk-error-summary")
    assert browser.text(".govuk-error-summary__title") == "There is a problem"
    browser.wait().until(lambda d: browser.active_is(".govuk-error-summary"))
    links = browser.find_all(".govuk-error-summary__list a")
    assert [a.text for a in links] == ["write the post's text"]
    assert links[0].get_attribute("href") == browser.url("/posts/new#text")
    field = browser.find("#text")
    assert field.tag_name == "textarea"
    # The message is beside the field and read out with it.
    assert browser.text("#text-error") == "Error: write the post's text"
    assert "text-error" in (field.get_attribute("aria-describedby") or "").split()
    assert summary.find_element("css selector", "[role=alert]")
    assert browser.page_problems() == []

    links[0].click()
    browser.wait().until(lambda d: browser.active_is("#text"))
    assert browser.console_errors("/posts/new - Failed to load resource: the server responded with a status of 400",
                                  ) == []
