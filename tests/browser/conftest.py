"""Headless Chromium for the browser tests, one per test module, against pytest-django's live server.

Chromium and chromedriver come from Debian (`apt-get install chromium chromium-driver`); both paths are passed
explicitly so Selenium Manager never runs (nothing may be downloaded while the tests run). Without them the
tests fail with that instruction, unless CIVICGUARD_SKIP_BROWSER=1 says to skip them. CIVICGUARD_CHROMIUM and
CIVICGUARD_CHROMEDRIVER point at other binaries; CIVICGUARD_BROWSER_WAIT is the longest wait for a page (s).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser.pages import Browser

CHROMIUM = Path(os.environ.get("CIVICGUARD_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("CIVICGUARD_CHROMEDRIVER", "/usr/bin/chromedriver"))
INSTALL_HINT = "run `apt-get install chromium chromium-driver`"


def _missing() -> list[Path]:
    return [p for p in (CHROMIUM, CHROMEDRIVER) if not (p.is_file() and os.access(p, os.X_OK))]


def _skip_wanted() -> bool:
    return os.environ.get("CIVICGUARD_SKIP_BROWSER", "").strip() == "1"


def require_chromium() -> None:
    """Fail (or skip, when CIVICGUARD_SKIP_BROWSER=1) with the install instruction if a binary is missing."""
    missing = _missing()
    if not missing:
        return
    what = " and ".join(str(p) for p in missing)
    if _skip_wanted():
        pytest.skip(f"browser tests skipped (CIVICGUARD_SKIP_BROWSER=1): {what} not found")
    pytest.fail(f"The browser tests need Chromium and chromedriver, but {what} is missing: {INSTALL_HINT} "
                "(or set CIVICGUARD_SKIP_BROWSER=1 to skip the browser tests).", pytrace=False)


def start_chromium(*, javascript: bool) -> tuple[WebDriver, Path]:
    """A headless Chromium with a fresh profile (the driver, and the profile directory to remove after)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = Path(tempfile.mkdtemp(prefix="civicguard-chromium-"))
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--user-data-dir={profile}", "--window-size=1280,1024", "--lang=en-GB",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"):
        options.add_argument(arg)
    # The console (errors, CSP violations, missing files) is read back by Browser.console_errors().
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_argument("--blink-settings=scriptEnabled=false")
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    service = Service(executable_path=str(CHROMEDRIVER), log_output=os.devnull)
    try:
        driver = webdriver.Chrome(options=options, service=service)
    except Exception:
        shutil.rmtree(profile, ignore_errors=True)
        raise
    driver.set_page_load_timeout(Browser.WAIT * 2)
    return driver, profile


def _browser(javascript: bool) -> Iterator[Browser]:
    def start() -> tuple[WebDriver, Path]:
        require_chromium()
        return start_chromium(javascript=javascript)

    browser = Browser(javascript=javascript, start=start)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(autouse=True)
def _chromium_present() -> None:
    """Skip before the live server and database are set up when skipping is asked for and Chromium is absent."""
    if _missing() and _skip_wanted():
        require_chromium()


@pytest.fixture(scope="module")
def _js_browser() -> Iterator[Browser]:
    yield from _browser(javascript=True)


@pytest.fixture(scope="module")
def _nojs_browser() -> Iterator[Browser]:
    yield from _browser(javascript=False)


@pytest.fixture(scope="session")
def _checks_warmed_up() -> None:
    """Load the checking models before any page checks a post.

    Each detector has a time limit (language.offensive 2 s, personal data 10 s) and the first check in a
    process loads its models (spaCy and Presidio, the trained text model) inside that limit; on a busy machine
    it overruns and the page says "could not run" instead of showing the personal data. Nothing in the web app
    warms the engine up at start-up, so the tests do: one check without time limits fills the models' caches.
    """
    from civicguard.engine import Content, Context, Engine, pack_for

    Engine.for_council("st-helens").warm_up()
    Engine(pack_for("st-helens"), timeouts=False).check(
        Content(text="Well done to Derek Ainsworth of 12 Kiln Lane, WA10 1AB!"),
        Context(council="st-helens", channel="official"))


@pytest.fixture
def browser(_js_browser: Browser, _checks_warmed_up: None, live_server, transactional_db) -> Browser:
    """Chromium with JavaScript, signed out, pointed at the live server. One Chromium per test module."""
    _js_browser.reset(live_server.url)
    return _js_browser


@pytest.fixture
def browser_nojs(_nojs_browser: Browser, _checks_warmed_up: None, live_server, transactional_db) -> Browser:
    """Chromium with JavaScript switched off, signed out, pointed at the live server."""
    _nojs_browser.reset(live_server.url)
    return _nojs_browser


@pytest.fixture
def directory(settings: Any) -> Iterator[Any]:
    """A real OpenID Connect provider on loopback (tests/oidc_provider), configured as St Helens' directory: the
    site's "Sign in with St Helens Council's directory" goes through it (redirect, code exchange with PKCE, ID token
    checked against its JWKS). `directory.sign_in_as(member(...))` chooses who signs in there next."""
    from civicguard.apps.sso.discovery import forget
    from tests.apps.sso.conftest import CLIENT_ID, CLIENT_SECRET, directory_config
    from tests.oidc_provider.provider import OidcProvider

    with OidcProvider(client_id=CLIENT_ID, client_secret=CLIENT_SECRET) as running:
        settings.CIVICGUARD_SSO = {"st-helens": directory_config(running)}
        forget()
        yield running
    forget()
