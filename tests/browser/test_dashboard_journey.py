"""Issue 19's done-when for the dashboard, in a real browser: a member of the directory group mapped to the
Information Management Group signs in through the local OpenID Connect provider (tests/oidc_provider), sees St Helens'
dashboard with its charts and tables, downloads the spreadsheet and the PDF meeting pack (the PDF's text holds the
same figures as the page), and is refused another council's dashboard."""

from __future__ import annotations

import io
import re
import urllib.request
from typing import Any

from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.apps.dashboard import factories as make
from tests.apps.factories import AccountFactory, council, person
from tests.apps.sso.conftest import IMG_GROUP, member
from tests.browser.pages import Browser

FIGURES = r"""
return [...document.querySelectorAll("dd[data-figure]")].map(dd => [
  dd.previousElementSibling.textContent.trim(),
  ((dd.querySelector("a") || dd).childNodes[0].textContent || "").trim()]);
"""


def _download(browser: Browser, link_text: str) -> bytes:
    """Fetch what a download link on the page gives, with the browser's session."""
    href = browser.link(link_text).get_attribute("href")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in browser.driver.get_cookies())
    request = urllib.request.Request(href, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=browser.WAIT) as response:  # noqa: S310
        assert response.status == 200
        return response.read()


def test_the_group_sees_st_helens_dashboard_downloads_the_pack_and_is_refused_sefton(browser: Browser,
                                                                                    directory: Any) -> None:
    st_helens = council("st-helens")
    council("sefton")
    make.checked_post(verdict="block")
    make.checked_post(verdict="warn", findings=[make.finding("criticism", "5.3", "warn")])
    make.comment(account=AccountFactory(council=st_helens), categories="offensive", hours_ago=3, decided_after=1)
    make.case()
    directory.sign_in_as(member("sub-imogen", "imogen.group@sthelens.gov.uk", IMG_GROUP, name="Imogen Group"))
    browser.visit("/sign-in/")
    browser.follow(f"Sign in with {st_helens.name}'s directory")
    assert "Signed in as imogen.group@sthelens.gov.uk" in browser.text("main")
    browser.follow("Oversight")
    assert browser.heading() == "Oversight dashboard"
    assert browser.page_problems() == []
    charts = browser.find_all("svg[role=img]")
    assert len(charts) == 7
    for chart in charts:
        title_id, desc_id = chart.get_attribute("aria-labelledby").split()
        assert browser.find(f"#{title_id}").get_attribute("textContent")
        assert browser.find(f"#{desc_id}").get_attribute("textContent")
    assert browser.rows("#checks-by-category-table") == [["Criticism", "1"], ["Personal data", "1"]]
    shown = browser.driver.execute_script(FIGURES)
    figures = dict(shown)
    assert figures["Checks run on official posts"] == "2"
    assert figures["Open cases"] == "1"
    # The group reads no case: a count with no link.
    assert not browser.find_all("dd[data-figure=cases] a")

    # The same period as a year, through the date boxes (no JavaScript needed for the form).
    browser.fill("#from-day", "1")
    browser.fill("#from-month", "1")
    browser.fill("#from-year", str(timezone.localdate().year))
    browser.submit("Show these figures")
    assert f"1 January {timezone.localdate().year} to" in browser.text("[data-testid=period]")
    shown = browser.driver.execute_script(FIGURES)

    book = load_workbook(io.BytesIO(_download(browser, "Download the figures as a spreadsheet (XLSX)")))
    sheet = {row[1]: row[2] for row in book["Figures"].iter_rows(values_only=True) if len(row) > 2 and row[1]}
    for label, value in shown:
        assert str(sheet[label]) == value, label

    pdf = _download(browser, "Download the meeting pack (PDF)")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    for label, value in shown:
        assert re.search(rf"{re.escape(label)} {re.escape(value)}(?!\w)", text), (label, value)

    browser.visit("/dashboard/?council=sefton")
    assert browser.heading() == "Page not found"


def test_the_filters_work_without_javascript(browser_nojs: Browser) -> None:
    council("st-helens")
    make.checked_post(verdict="block")
    img = person("img", username="img-no-js")
    browser_nojs.sign_in(img.username)
    browser_nojs.visit("/dashboard/")
    year = timezone.localdate().year
    for box, value in (("#from-day", "1"), ("#from-month", "1"), ("#from-year", str(year)), ("#to-day", "31"),
                       ("#to-month", "12"), ("#to-year", str(year))):
        browser_nojs.fill(box, value)
    browser_nojs.submit("Show these figures")
    assert browser_nojs.text("[data-testid=period]") == f"1 January {year} to 31 December {year}, all service areas."
    assert browser_nojs.text("dd[data-figure=checks-blocked] a").startswith("1")
    assert len(browser_nojs.find_all("svg[role=img]")) == 7
