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

from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.apps.factories import PASSWORD


def _xpath_literal(text: str) -> str:
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return "concat(" + ", '\"', ".join(f'"{part}"' for part in text.split('"')) + ")"


_PAGE_PROBLEMS = r"""
const problems = [];
const ids = {};
for (const el of document.querySelectorAll("[id]")) ids[el.id] = (ids[el.id] || 0) + 1;
for (const [id, n] of Object.entries(ids)) if (n > 1) problems.push(`id ${id} is used ${n} times`);
for (const f of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
  const labelled = (f.id && document.querySelector(`label[for="${CSS.escape(f.id)}"]`)) || f.closest("label")
    || f.getAttribute("aria-label") || f.getAttribute("aria-labelledby");
  if (!labelled) problems.push(`${f.tagName.toLowerCase()} ${f.name || f.id} has no label`);
  for (const ref of (f.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean))
    if (!document.getElementById(ref)) problems.push(`${f.name || f.id} is described by missing #${ref}`);
}
for (const a of document.querySelectorAll("a[href^='#']")) {
  const id = decodeURIComponent(a.getAttribute("href").slice(1));
  if (id && !document.getElementById(id)) problems.push(`link "${a.textContent.trim()}" points at missing #${id}`);
}
const h1s = document.querySelectorAll("h1").length;
if (h1s !== 1) problems.push(`${h1s} h1 elements`);
if (!document.title.trim()) problems.push("no title");
if (!document.documentElement.lang) problems.push("no lang on html");
if (!document.querySelector("main#main-content")) problems.push("no main#main-content");
return problems;
"""


def _transient(exc: WebDriverException) -> bool:
    """chromedriver's plain "unknown error" while one page replaces another (not a subclass such as "no such
    element" or "stale element", which mean what they say): ask again."""
    return type(exc) is WebDriverException


def _gone(old: WebElement) -> Callable[[WebDriver], bool]:
    """Like EC.staleness_of, also when chromedriver reports the old node as belonging to no document."""

    def gone(driver: WebDriver) -> bool:
        try:
            old.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as exc:
            if "does not belong to the document" in str(exc):
                return True
            if _transient(exc):
                return False
            raise
        return False

    return gone


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
        def footer_there(driver: WebDriver) -> bool:
            try:
                return bool(driver.find_elements(By.CSS_SELECTOR, "footer.govuk-footer"))
            except WebDriverException as exc:
                if _transient(exc):
                    return False
                raise

        self.wait().until(footer_there, "the page did not finish loading")

    def visit(self, path: str) -> None:
        self.driver.get(self.url(path))
        self._page_loaded()

    def _html(self) -> WebElement:
        return self.driver.find_element(By.TAG_NAME, "html")

    def leaving(self, action: Callable[[], Any]) -> None:
        """Do `action` (a click or a key press that leaves the page) and wait for the next page to load."""
        old = self._html()
        try:
            action()
        except (TimeoutException, WebDriverException) as exc:
            # chromedriver sometimes loses track of a navigation it started ("cannot determine loading
            # status"); what counts is whether the next page came. A definite failure (no such element, click
            # intercepted...) is a subclass and is raised as it is.
            if not (_transient(exc) or type(exc) is TimeoutException):
                raise
            try:
                self.wait().until(_gone(old))
            except TimeoutException:
                raise exc from None
        else:
            self.wait().until(_gone(old), "the page did not change")
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

    def page_problems(self) -> list[str]:
        """Basic accessibility faults of the page as it stands (JavaScript on): duplicate ids, fields without a
        label, links to ids that are not there, not exactly one h1, a missing title or language."""
        return list(self.driver.execute_script(_PAGE_PROBLEMS))

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
