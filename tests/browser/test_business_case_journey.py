"""The issue's done-when, in a real browser: a service manager drafts and submits a business case, the approver
approves it, the creating section creates the account, completes its checklist and makes it live, and the account
is on the council's public register, opened without signing in."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from civicguard.apps.councils.models import ServiceArea
from tests.apps.factories import council, person
from tests.browser.pages import Browser

SECTIONS = {
    "Who will run it": {"#posters": "The parks events officer and the parks manager",
                        "#moderators": "The parks events officer",
                        "#hours_covered": "Monday to Friday, 9am to 5pm"},
    "Content and success": {"#content_plan": "Three posts a week about events and closures",
                            "#success_measures": "Attendance at park events"},
    "Risks, feedback and complaints": {"#risks": "Abusive comments: moderated every working day",
                                       "#feedback_arrangements": "Message us, or complain at "
                                                                 "www.sthelens.gov.uk/complaints"},
}


def _click(browser: Browser, css: str) -> None:
    browser.find(css).click()


@pytest.mark.browser
def test_a_business_case_from_draft_to_the_public_register(browser: Browser) -> None:
    st_helens = council("st-helens")
    parks = ServiceArea.objects.create(council=st_helens, slug="parks", name="Parks and Open Spaces")
    manager = person("service-manager", "st-helens", username="manager-sthelens")
    approver = person("approver", "st-helens", username="approver-sthelens")

    # The service manager starts a case and completes it section by section from the task list.
    browser.sign_in(manager.username)
    browser.visit("/accounts/business-cases/")
    browser.follow("Start a business case")
    browser.fill("#title", "St Helens Parks")
    browser.submit("Continue")
    assert browser.heading() == "St Helens Parks"
    assert browser.page_problems() == []
    assert browser.text("#section-about-status") == "In progress"
    browser.follow("About the account")
    assert browser.page_problems() == []
    browser.choose("#service_area", str(parks.pk))
    _click(browser, "#platform-instagram")
    browser.fill("#handle", "@StHelensParks")
    browser.fill("#purpose", "Tell residents about events in the parks")
    browser.fill("#audience", "Families and park users")
    browser.submit("Save and continue")
    assert browser.text("#section-about-status") == "Completed"
    for heading, fields in SECTIONS.items():
        browser.follow(heading)
        assert browser.heading() == heading
        for css, text in fields.items():
            browser.fill(css, text)
        browser.submit("Save and continue")
    assert [s.text for s in browser.find_all(".govuk-task-list__status")] == ["Completed"] * 4
    browser.follow("Check your answers and submit")
    assert browser.heading() == "Check your answers before submitting the business case"
    assert browser.page_problems() == []
    assert "Monday to Friday, 9am to 5pm" in browser.text("main")
    browser.submit("Submit the business case")
    assert "submitted for a decision" in browser.text("main")
    browser.sign_out()

    # The approver approves it, with reasons.
    browser.sign_in(approver.username)
    browser.visit("/accounts/business-cases/")
    browser.follow("St Helens Parks")
    browser.follow("Decide on this business case")
    assert browser.page_problems() == []
    _click(browser, "#decision-approve")
    browser.fill("#reason", "A clear need, and two trained officers to run it")
    browser.submit("Save the decision")
    assert "A clear need, and two trained officers to run it" in browser.text("#decision")

    # The approver is also St Helens' creating section (6.2): the account is created, completed and made live.
    browser.follow("Create the account")
    assert browser.page_problems() == []
    browser.fill("#handle", "@StHelensParks")
    browser.fill("#login_email", "parks.social@sthelens.gov.uk")
    browser.submit("Create the account")
    assert browser.heading().startswith("@StHelensParks")
    assert "Being set up" in browser.heading()
    assert browser.page_problems() == []
    assert "parks.social@sthelens.gov.uk" not in browser.driver.page_source
    assert "Confirm the profile clearly identifies the council" in browser.text("main")
    browser.follow("Change the account's record")
    assert browser.page_problems() == []
    browser.fill("#conditions_version", "Instagram Terms of Use, 2025")
    _click(browser, "#identifies_council")
    _click(browser, "#branding_appropriate")
    browser.submit("Save")
    browser.follow("Make it live")
    assert browser.page_problems() == []
    browser.submit("Make it live")
    assert "is live and listed on the public register" in browser.text("main")
    browser.sign_out()

    # Anyone, without signing in, finds it on the council's register.
    browser.visit("/register/st-helens/")
    assert browser.heading() == "Official social media accounts"
    assert browser.page_problems() == []
    rows = browser.rows("#register")
    assert ["Instagram", "@StHelensParks", "Parks and Open Spaces",
            "Message us, or complain at www.sthelens.gov.uk/complaints"] in rows
    link = browser.driver.find_element(By.LINK_TEXT, "@StHelensParks")
    assert link.get_attribute("href") == "https://www.instagram.com/StHelensParks"
    assert "parks.social" not in browser.driver.page_source and manager.username not in browser.driver.page_source


@pytest.mark.browser
def test_a_line_manager_s_case_is_endorsed_by_their_service_manager_before_the_decision(browser: Browser) -> None:
    """St Helens 9.11: a line manager's case waits for their service manager, who endorses it on the case's page."""
    from civicguard.apps.social_accounts import services
    from tests.apps.social_accounts.cases import complete_case

    st_helens = council("st-helens")
    line_manager = person("line-manager", "st-helens", username="line-sthelens")
    manager = person("service-manager", "st-helens", username="manager-sthelens")
    approver = person("approver", "st-helens", username="approver-sthelens")
    case = services.business_case_submit(case=complete_case(st_helens, line_manager, title="St Helens Parks"),
                                         actor=line_manager)

    browser.sign_in(manager.username)
    browser.visit(f"/accounts/business-cases/{case.pk}/")
    assert browser.page_problems() == []
    assert "Waiting for the service manager's endorsement" in browser.text("main")
    _click(browser, "#decision-return")
    browser.submit("Save")
    assert "Enter what the author should change" in browser.text(".govuk-error-summary")
    assert browser.page_problems() == []
    _click(browser, "#decision-endorse")
    browser.fill("#reason", "The parks team can run it")
    browser.submit("Save")
    assert "The parks team can run it" in browser.text("#endorsement")
    browser.sign_out()

    browser.sign_in(approver.username)
    browser.visit(f"/accounts/business-cases/{case.pk}/")
    browser.follow("Decide on this business case")
    assert browser.page_problems() == []
