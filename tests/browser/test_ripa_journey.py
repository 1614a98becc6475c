"""Issue 18's done-when for RIPA, in a real browser: an investigator registers an investigation and logs viewings of
a seller's profile until the repeat-viewing warning; the next viewing is refused; they apply for directed
surveillance; an Authorising Officer (a different person) authorises it; the magistrate's approval is entered; and
viewing the profile is allowed again. And a recruitment search is refused (Sefton 8.1)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from civicguard.apps.investigations.models import Authorisation, ProfileView
from civicguard.apps.investigations.services import investigation_open
from tests.apps.factories import council, person
from tests.browser.pages import Browser

# One profile, written three ways: counted as one.
ADDRESSES = ["https://www.facebook.com/corner.shop.singles", "facebook.com/corner.shop.singles/",
             "https://m.facebook.com/corner.shop.singles?fbclid=IwAR0x", "https://www.facebook.com/corner.shop.singles"]
TOBACCO = "Sale of tobacco to a person under 18 (Children and Young Persons Act 1933, s. 7)"


def _log_viewing(browser: Browser, address: str, purpose: str = "evidence") -> None:
    browser.fill("#profile_url", address)
    browser.find(f"label[for=purpose-{purpose}]").click()
    browser.fill("#recorded", "Screenshot of the page's latest posts")
    browser.submit("Log the viewing")


@pytest.mark.browser
def test_repeat_viewing_is_warned_then_refused_until_an_authorisation_approved_by_a_magistrate(
        browser: Browser) -> None:
    officer = person("investigator", "st-helens", username="inv-ripa-journey")
    authoriser = person("authorising-officer", "st-helens", username="ao-ripa-journey")

    browser.sign_in(officer.username)
    browser.visit("/investigations/")
    browser.follow("Register an investigation")
    browser.fill("#reference", "TS/2026/321")
    browser.fill("#offence", "Selling single cigarettes to children")
    browser.find("label[for=service]").click()  # Trading Standards
    browser.submit("Register the investigation")
    assert browser.heading() == "TS/2026/321"
    assert browser.page_problems() == []

    # Three viewings: the third warns; the fourth is refused, and kept.
    for address in ADDRESSES[:2]:
        _log_viewing(browser, address)
        assert "Your viewing of https://facebook.com/corner.shop.singles/ is logged" in browser.banner()
    _log_viewing(browser, ADDRESSES[2])
    assert ("this may be directed surveillance under RIPA 2000 (St Helens 8.2): ask for an authorisation before "
            "viewing again") in browser.text("[data-testid=warned]")
    _log_viewing(browser, ADDRESSES[3])
    refused = browser.text("[data-testid=refused]")
    assert refused.startswith("Viewing refused") and "viewed 3 times in 28 days" in refused
    assert [row[-1] for row in browser.rows("[data-testid=views]")] == [
        "Refused", "Allowed, with a warning", "Allowed", "Allowed"]

    # The application, from the refusal.
    browser.follow("Apply for an authorisation")
    assert browser.heading() == "Apply for an authorisation"
    assert browser.find("#profiles").get_attribute("value") == "https://facebook.com/corner.shop.singles/"
    browser.find("label[for=kind-directed-surveillance]").click()
    browser.fill("#subject", "The corner shop's owner")
    browser.fill("#necessity", "Test purchases are refused to officers; sales are arranged through the page")
    browser.fill("#proportionality", "Only the page's public posts, at most weekly")
    browser.fill("#collateral_intrusion", "Customers' comments may be seen; their names are not recorded")
    browser.find("label[for=threshold-listed]").click()
    browser.choose("#threshold_offence", TOBACCO)
    browser.submit("Apply")
    assert browser.text("[data-testid=status]") == "Waiting for the Authorising Officer"
    pk = int(re.search(r"/authorisations/(\d+)/", browser.driver.current_url).group(1))
    assert browser.find_all("button") and not [b for b in browser.find_all("button")
                                               if b.text == "Record the decision"]
    browser.sign_out()

    # A different person, an Authorising Officer, authorises it.
    browser.sign_in(authoriser.username)
    browser.visit("/investigations/")
    browser.follow("Directed surveillance in TS/2026/321")
    browser.find("label[for=decision-authorise]").click()
    browser.find("label[for=grade]").click()  # Director
    browser.fill("#reasons", "Necessary to prove the sales; no less intrusive way; the intrusion is limited")
    browser.submit("Record the decision")
    assert browser.banner().startswith("Authorised. It is not in effect until a magistrate approves it")
    assert browser.text("[data-testid=status]") == "Authorised: waiting for a magistrate"
    browser.sign_out()

    # Not yet in effect: still refused. Then the magistrate's approval, entered by the investigator.
    browser.sign_in(officer.username)
    browser.visit(f"/investigations/authorisations/{pk}/")
    browser.follow("TS/2026/321")
    _log_viewing(browser, ADDRESSES[1])
    assert browser.text("[data-testid=refused]").startswith("Viewing refused")
    browser.follow("Directed surveillance of The corner shop's owner")
    today = timezone.localdate()
    browser.fill("#court_heard_on-day", str(today.day))
    browser.fill("#court_heard_on-month", str(today.month))
    browser.fill("#court_heard_on-year", str(today.year))
    browser.fill("#court_court", "St Helens Magistrates' Court")
    browser.find("label[for=court_decision-approved]").click()
    browser.submit("Record the magistrate's decision")
    assert browser.banner().startswith("The magistrate's approval is recorded: the authorisation is in effect until")
    assert browser.text("[data-testid=status]") == "In effect"
    assert Authorisation.objects.get(pk=pk).status == "in-effect"

    # Viewing is allowed again, under the authorisation.
    browser.follow("TS/2026/321")
    _log_viewing(browser, ADDRESSES[0])
    assert browser.banner() == ("Your viewing of https://facebook.com/corner.shop.singles/ is logged, under the "
                                "authorisation in effect.")
    assert ProfileView.objects.order_by("-id").first().authorisation_id == pk
    assert browser.console_errors() == []


@pytest.mark.browser
def test_a_recruitment_search_is_refused(browser: Browser) -> None:
    officer = person("investigator", "sefton", username="inv-ripa-recruitment")
    found = investigation_open(actor=officer, council=council("sefton"), reference="CF/2026/88",
                               offence="Blue badge misuse", service="Counter Fraud")
    browser.sign_in(officer.username)
    browser.visit(f"/investigations/{found.pk}/")
    _log_viewing(browser, "https://www.linkedin.com/in/jo-applicant", purpose="recruitment")
    refused = browser.text("[data-testid=refused]")
    assert "Recruiting managers should not conduct searches about applicants" in refused.replace(
        "Refused: recruiting", "Recruiting") and "(Sefton 8.1)" in refused
    assert ProfileView.objects.get(investigation=found).outcome == "refused"
    assert browser.page_problems() == []
