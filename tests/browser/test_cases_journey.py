"""Issue 18's done-when for cases, in a real browser, in Sefton: an employee reports a colleague's post (insulting
and discriminatory: Sefton 5.3a) with a screenshot and is reminded not to get involved; the colleague's line
manager opens a case from the report and refers it to HR; HR sees "potential gross misconduct" proposed and
confirms it, and downloads the evidence bundle, which `civicguard cases verify-bundle` accepts, and rejects once one
byte is changed; HR asks the colleague to remove the post, and the colleague confirms its removal with a
screenshot."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By

from civicguard.apps.cases.models import Case, ConcernReport, RemovalRequest
from civicguard.apps.people.models import StaffRecord
from tests.apps.factories import person, staff_record
from tests.browser.pages import Browser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "images"
SCREENSHOT = FIXTURES / "no_face.jpg"  # stands in for a screenshot of the post
POST = ("Our manager John Smith is a useless idiot and all the Polish staff in housing should be sacked, they are "
        "lazy.")
LINK = "https://www.facebook.com/emma.employee/posts/4242"
CIVICGUARD = Path(sys.executable).with_name("civicguard")

# Fetches a link with the signed-in browser's session and hands back its bytes in base64 (Chromium's own download
# folder is not the test's to choose).
FETCH = """
const done = arguments[arguments.length - 1];
fetch(arguments[0], {credentials: "same-origin"}).then(r => r.arrayBuffer()).then(buffer => {
  let text = ""; const bytes = new Uint8Array(buffer);
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
  done(btoa(text));
}).catch(error => done("failed: " + error));
"""


def _verify(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CIVICGUARD), "cases", "verify-bundle", str(path)], capture_output=True, text=True,
                          timeout=60, check=False)


@pytest.mark.browser
def test_a_concern_report_becomes_potential_gross_misconduct_with_a_verified_bundle_and_a_removal(
        browser: Browser, tmp_path: Path, settings) -> None:
    settings.CIVICGUARD_MEDIA_STORE = tmp_path / "private-media"
    manager = person("line-manager", "sefton", username="lee-cases")
    managed = staff_record("sefton", user=manager, name="Lee Line-Manager")
    colleague = person("employee", "sefton", username="emma-cases")
    staff_record("sefton", user=colleague, name="Emma Employee", line_manager=managed)
    reporter = person("employee", "sefton", username="rae-cases")
    staff_record("sefton", user=reporter, name="Rae Reporter", line_manager=managed)
    hr = person("hr", "sefton", username="hari-cases")

    # The reporter: the concern, with a screenshot; the reminder not to get involved.
    browser.sign_in(reporter.username)
    browser.visit("/cases/")
    browser.follow("Report a concern about a colleague's post")
    subject = StaffRecord.objects.get(council__slug="sefton", name="Emma Employee")
    browser.choose("#subject", str(subject.pk))
    browser.fill("#link", LINK)
    browser.fill("#text", POST)
    browser.find("#screenshot").send_keys(str(SCREENSHOT))
    browser.fill("#worry", "She is insulting a colleague and Polish staff in public.")
    browser.submit("Send the report")
    assert browser.banner() == "Thank you: your concern is reported."
    reminder = browser.text("[data-testid=reminder]")
    assert "Do not comment on, like or share the post" in reminder and "What happens next" in reminder
    assert browser.page_problems() == []
    report = ConcernReport.objects.get()
    browser.sign_out()

    # The line manager: the report, a case opened from it and referred to HR.
    browser.sign_in(manager.username)
    browser.visit(reverse("cases:concern", args=[report.pk]))
    assert "Sefton 5.3a" in browser.text("[data-testid=findings]")
    assert browser.page_problems() == []
    browser.follow("Open a case")
    browser.fill("#summary", "Offensive and discriminatory remarks about colleagues")
    browser.submit("Open the case")
    case = Case.objects.get()
    assert browser.heading() == "Case about Emma Employee"
    assert "Due in" in browser.text("[data-testid=referral]") or "Due today" in browser.text("[data-testid=referral]")
    browser.submit("Refer to HR")
    assert browser.banner() == "The case is referred to HR."
    browser.sign_out()

    # HR: potential gross misconduct proposed, confirmed.
    browser.sign_in(hr.username)
    browser.visit(reverse("cases:detail", args=[case.pk]))
    assert browser.page_problems() == []
    proposed = browser.text("[data-testid=proposed]")
    assert proposed.startswith("Potential gross misconduct: the findings cite Sefton 5.3a"), proposed
    browser.find("label[for=classify_classification-gross-misconduct]").click()
    browser.fill("#classify_reasons", "Discriminatory remarks about colleagues: Sefton 13.1")
    browser.submit("Record the classification")
    assert browser.banner() == "The classification is recorded."
    assert browser.text("[data-testid=classification]").startswith("Potential gross misconduct")
    assert len(browser.find_all("[data-testid=evidence-item]")) == 2

    # The evidence bundle: verify-bundle accepts it, and rejects it after one byte is changed.
    href = browser.link("Download evidence bundle").get_attribute("href")
    fetched = browser.driver.execute_async_script(FETCH, href)
    assert not fetched.startswith("failed"), fetched
    bundle = tmp_path / "bundle.zip"
    bundle.write_bytes(base64.b64decode(fetched))
    accepted = _verify(bundle)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    data = bytearray(bundle.read_bytes())
    data[data.find(b"useless")] ^= 0x20  # one byte of the captured text of the post
    changed = tmp_path / "changed.zip"
    changed.write_bytes(bytes(data))
    rejected = _verify(changed)
    assert rejected.returncode == 1, rejected.stdout + rejected.stderr

    # HR asks the colleague to remove the post.
    browser.driver.find_element(By.XPATH, "//summary[contains(., 'Ask Emma Employee to remove postings')]").click()
    browser.fill("#removal_postings", LINK)
    browser.submit("Send the request")
    assert browser.banner() == "The employee is asked to remove the postings."
    removal = RemovalRequest.objects.get()
    browser.sign_out()

    # The colleague confirms the removal with a screenshot.
    browser.sign_in(colleague.username)
    browser.visit("/cases/")
    assert "Postings you are asked to remove" in browser.text("main")
    browser.visit(reverse("cases:removal", args=[removal.pk]))
    assert LINK in browser.text("[data-testid=postings]")
    assert browser.page_problems() == []
    browser.find("#screenshot").send_keys(str(SCREENSHOT))
    browser.fill("#note", "Deleted this morning")
    browser.submit("Confirm I removed them")
    assert browser.banner() == "Thank you: the removal is confirmed."
    assert "Deleted this morning" in browser.text("[data-testid=confirmed]")
    status = browser.driver.execute_async_script(
        "const done = arguments[1]; fetch(arguments[0], {credentials: 'same-origin'}).then(r => done(r.status));",
        browser.url(reverse("cases:detail", args=[case.pk])))
    assert status == 404  # the colleague never reads the case
