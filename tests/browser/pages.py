"""A thin driver for the browser tests: visit a page, submit a form and wait for the next page, read what shows.

Every wait is explicit (WebDriverWait on the next page or element); nothing sleeps.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.apps.factories import PASSWORD


def _xpath_literal(text: str) -> str:
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return "concat(" + ", '\"', ".join(f'"{part}"' for part in text.split('"')) + ")"


class Browser:
    """One Chromium (started on first use), aimed at the live server of the test that uses it."""

    # The longest wait for one page or element; generous for a slow machine (the first check loads the models).
    WAIT = float(os.environ.get("CIVICGUARD_BROWSER_WAIT", "60"))

    def __init__(self, *, javascript: bool, start: Callable[[], tuple[WebDriver, Path]]) -> None:
        self.javascript = javascript
        self._start = start
        self._driver: WebDriver | None = None
        self._profile: Path | None = None
        self.base_url = ""

    # ---- the driver ---------------------------------------------------------------------------------------

    @property
    def driver(self) -> WebDriver:
        if self._driver is None:
            self._driver, self._profile = self._start()
        return self._driver

    def quit(self) -> None:
        if self._driver is not None:
            try:
                self._driver.quit()
            finally:
                self._driver = None
        if self._profile is not None:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None

    def reset(self, base_url: str) -> None:
        """Start a test signed out (the previous test's cookies are for the same live server)."""
        self.base_url = base_url.rstrip("/")
        if self._driver is not None:
            with contextlib.suppress(WebDriverException):
                self._driver.delete_all_cookies()
            self.console_errors()  # forget the previous test's console

    def console_errors(self, *expected: str) -> list[str]:
        """What the browser's console reported as errors since the last call (JS errors, CSP, 404s), less
        those containing one of the `expected` strings (a page answered 400 on purpose, say)."""
        return [entry["message"] for entry in self.driver.get_log("browser")
                if entry["level"] == "SEVERE" and not any(e in entry["message"] for e in expected)]

    def wait(self, timeout: float | None = None) -> WebDriverWait:
        return WebDriverWait(self.driver, timeout or self.WAIT)

    # ---- pages --------------------------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return self.base_url + path

    def status_of(self, path: str) -> int:
        """The HTTP status the live server answers for `path` (fetched outside the browser)."""
        try:
            with urllib.request.urlopen(self.url(path), timeout=self.WAIT) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def _page_loaded(self) -> None:
        # Every page extends base.html, whose footer comes last: once it is there the page is complete.
        self.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, "footer.govuk-footer")))

    def visit(self, path: str) -> None:
        self.driver.get(self.url(path))
        self._page_loaded()

    def _html(self) -> WebElement:
        return self.driver.find_element(By.TAG_NAME, "html")

    def leaving(self, action: Callable[[], Any]) -> None:
        """Do `action` (a click or a key press that leaves the page) and wait for the next page to load."""
        old = self._html()
        action()
        self.wait().until(EC.staleness_of(old))
        self._page_loaded()

    def submit(self, button_text: str) -> None:
        self.leaving(self.button(button_text).click)

    def follow(self, link_text: str) -> None:
        self.leaving(self.link(link_text).click)

    # ---- finding things -----------------------------------------------------------------------------------

    def find(self, css: str) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def button(self, text: str) -> WebElement:
        """The button whose text is `text`, or starts with it ("Sign out" matches "Sign out alice")."""
        literal = _xpath_literal(text)
        return self.driver.find_element(
            By.XPATH, f"//button[normalize-space()={literal} or starts-with(normalize-space(), {literal})]")

    def link(self, text: str) -> WebElement:
        return self.driver.find_element(By.XPATH, f"//a[normalize-space()={_xpath_literal(text)}]")

    def text(self, css: str) -> str:
        """The element's text as it is in the page (visually hidden words included), spaces collapsed."""
        return " ".join((self.find(css).get_attribute("textContent") or "").split())

    def heading(self) -> str:
        return self.text("h1")

    def title(self) -> str:
        return self.driver.title

    def banner(self) -> str:
        return self.text(".govuk-notification-banner__heading")

    def marked(self) -> list[str]:
        """The words highlighted in a check result, in order."""
        return [m.text for m in self.find_all("[data-testid=highlighted] mark")]

    def rows(self, table_css: str) -> list[list[str]]:
        """The cells' texts, row by row, of a table's body."""
        return [[" ".join((cell.get_attribute("textContent") or "").split())
                 for cell in row.find_elements(By.CSS_SELECTOR, "td, th")]
                for row in self.find_all(f"{table_css} tbody tr")]

    def active(self) -> WebElement:
        return self.driver.switch_to.active_element

    def active_is(self, css: str) -> bool:
        return self.active() == self.find(css)

    # ---- typing -------------------------------------------------------------------------------------------

    def fill(self, css: str, text: str) -> None:
        field = self.find(css)
        field.clear()
        field.send_keys(text)

    def choose(self, css: str, value: str) -> None:
        Select(self.find(css)).select_by_value(value)

    def keys(self, *keys: str) -> None:
        """Keys sent to whatever has the focus, as a keyboard user would press them."""
        ActionChains(self.driver).send_keys(*keys).perform()

    # ---- signing in and out -------------------------------------------------------------------------------

    def sign_in(self, username: str, password: str = PASSWORD) -> None:
        self.visit("/sign-in/")
        self.fill("#id_username", username)
        self.fill("#id_password", password)
        self.submit("Sign in")
        assert f"Signed in as {username}" in self.text("main"), self.text("main")[:500]

    def sign_out(self) -> None:
        self.submit("Sign out")
        assert self.heading() == "Sign in to CivicGuard"
