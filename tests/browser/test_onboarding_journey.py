"""Issue 16's done-when, in a real browser: a new representative tries to draft and is told they may not yet and
why, signs the User Agreement, has their training recorded by their line manager, then drafts and submits their
first post."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from tests.apps.factories import AccountFactory, council, person, staff_record
from tests.browser.pages import Browser

FIRST_POST = "Sherdley Park's café is open until 4pm this weekend. Pop in after the fun run!"


@pytest.mark.browser
def test_new_representative_from_not_allowed_to_a_first_post(browser: Browser) -> None:
    st_helens = council("st-helens")
    account = AccountFactory(council=st_helens, handle="@StHelensCouncil")
    person("img", "st-helens")  # the agreement is published and the course set up
    manager = person("line-manager", "st-helens", username="lee-line-manager")
    rep = person("representative", "st-helens", account=account, username="nia-new-rep", onboarded=False)
    staff_record(user=rep, name="Nia New-Representative",
                 line_manager=staff_record(user=manager, name="Lee Line-Manager"))

    # She tries to draft: not allowed yet, and told why and where to put it right.
    browser.sign_in(rep.username)
    browser.follow("Draft a post for an official account")
    assert browser.heading() == "You cannot do this"
    refusal = browser.text("[data-testid=refusal]")
    assert "You cannot draft posts yet: you have not signed the Social Media User Agreement" in refusal
    assert "no record of you completing Social media training" in refusal
    browser.follow("See what you need to do")
    assert browser.heading() == "Your User Agreement and training"
    assert browser.page_problems() == []

    # She reads and signs the agreement: her name as HR has it, and both declarations.
    browser.follow("read it and sign it")
    assert browser.heading() == "Sign the Social Media User Agreement"
    assert "I will follow the council's social media policy." in browser.text("[data-testid=agreement-text]")
    assert browser.page_problems() == []
    browser.fill("#typed_name", "Nia New-Representative")
    browser.submit("Sign the agreement")
    assert browser.heading() == "Sign the Social Media User Agreement"  # the declarations are missing
    assert "Confirm that you will not use your personal devices" in browser.text(".govuk-error-summary")
    browser.find("label[for=personal_devices]").click()
    browser.find("label[for=personal_use_at_work]").click()
    browser.fill("#typed_name", "Nia New-Representative")
    browser.submit("Sign the agreement")
    assert browser.heading() == "Your User Agreement and training"
    assert browser.text("[data-testid=signature]").startswith("Nia New-Representative,")
    assert [g.startswith("There is no record of you completing") for g in
            browser.text("[data-testid=gaps]").split(". ") if g] == [True]
    browser.sign_out()

    # Her line manager sees her in the team and records the course she completed.
    browser.sign_in(manager.username)
    browser.visit("/onboarding/team")
    assert "Nia New-Representative" in browser.text("[data-testid=team]")
    browser.follow("Record it for Nia New-Representative")
    assert browser.heading() == "Record a course completion"
    course = st_helens.courses.get(slug="social-media")
    browser.choose("#course", str(course.pk))
    today = timezone.localdate()
    browser.fill("input[name=completed-day]", str(today.day))
    browser.fill("input[name=completed-month]", str(today.month))
    browser.fill("input[name=completed-year]", str(today.year))
    browser.submit("Record the completion")
    assert "Social media training recorded for Nia New-Representative" in browser.banner() + browser.text("main")
    browser.sign_out()

    # Now she drafts and submits her first post.
    browser.sign_in(rep.username)
    browser.follow("Draft a post for an official account")
    assert browser.heading() == "Draft a post for an official account"
    browser.choose("#account", str(account.pk))
    browser.fill("#text", FIRST_POST)
    browser.submit("Save and check")
    assert re.search(r"/posts/\d+/", browser.driver.current_url), browser.driver.current_url
    browser.submit("Submit for approval")
    assert browser.text("[data-testid=status]") == "Waiting for approval"
