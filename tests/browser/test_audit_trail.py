"""The audit trail fits the page on a 1280-pixel screen and on a phone, long hashes and addresses included."""

from __future__ import annotations

import pytest

from civicguard.apps.audit.services import audit_record
from tests.apps.factories import person
from tests.browser.pages import Browser

# The page is wider than the window when anything overflows: the document, or the table past its container.
OVERFLOW = """
const doc = document.documentElement, table = document.querySelector('[data-testid="audit-entries"]');
const box = table.parentElement.getBoundingClientRect(), t = table.getBoundingClientRect();
return {page: doc.scrollWidth - doc.clientWidth, table: Math.round(t.right - box.right)};
"""


def _long_entries() -> None:
    digest = "f" * 64
    audit_record(event="policy.pack.change", actor="system-loader", council="st-helens",
                 subject=("councils.council", "1"), before={"pack_digest": "0" * 64, "pack_version": "2024.1"},
                 after={"pack_digest": digest, "pack_version": "2025.2"})
    audit_record(event="posts.post.update", actor="a-very-long-username-of-a-representative", council="st-helens",
                 subject=("posts.post", "7"),
                 before={"text": "Short", "links": []},
                 after={"text": "Bin collections " * 40, "links": ["https://www.sthelens.gov.uk/" + "x" * 150]})


@pytest.mark.browser
def test_the_audit_trail_fits_at_1280_pixels_and_on_a_phone(browser: Browser) -> None:
    img = person("img")
    _long_entries()
    browser.sign_in(img.username)
    try:
        browser.driver.set_window_size(1280, 1024)
        browser.visit("/audit/")
        assert "Policy pack changed" in browser.text("[data-testid=audit-entries]")
        assert browser.driver.execute_script(OVERFLOW) == {"page": 0, "table": 0}
        browser.driver.set_window_size(375, 812)
        browser.visit("/audit/")
        assert browser.driver.execute_script(OVERFLOW) == {"page": 0, "table": 0}
        # Stacked: each cell on its own line under its column's name (the header row is for screen readers).
        cell = browser.find("[data-testid=audit-entries] td[data-label='Who']")
        assert cell.value_of_css_property("display") == "block"
        label = browser.driver.execute_script(
            "return getComputedStyle(arguments[0], '::before').content;", cell)
        assert label == '"Who"'
    finally:
        browser.driver.set_window_size(1280, 1024)
    assert browser.console_errors() == []
