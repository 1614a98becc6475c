"""The concern and case pages: reporting (with the reminder), the report and case pages seen only by their readers
(404 for anyone else), opening, referring, classifying and deciding a case, its evidence and bundle, a removal
request confirmed by the employee, and a notice."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from civicguard.apps.access.models import ConfidentialRead
from civicguard.apps.cases import services
from civicguard.apps.cases.models import Case, ConcernReport, RemovalRequest
from civicguard.apps.evidence.bundle import verify
from civicguard.apps.evidence.models import CustodyEntry
from tests.apps.cases.factories import BREACH_TEXT, case_from_report, png, report


def test_an_employee_reports_a_colleague_and_is_reminded_not_to_get_involved(w, client):
    client.force_login(w.reporter)
    form = client.get(reverse("cases:report")).content.decode()
    assert "Emma Employee" in form and "Rae Reporter" not in form  # not themselves
    response = client.post(reverse("cases:report"), {
        "subject": w.subject.pk, "link": "https://www.facebook.com/emma/posts/9", "text": BREACH_TEXT,
        "worry": "Insulting colleagues", "screenshot": SimpleUploadedFile("shot.png", png(), "image/png")})
    found = ConcernReport.objects.get()
    assert response.status_code == 302 and found.screenshot is not None
    page = client.get(response["Location"]).content.decode()
    assert "Do not comment on, like or share the post" in page and "What happens next" in page
    assert "What CivicGuard" not in page  # the findings are for the line manager and HR


def test_a_report_without_the_text_says_what_to_do(w, client):
    client.force_login(w.reporter)
    response = client.post(reverse("cases:report"), {"subject": w.subject.pk, "link": "not a link", "text": "",
                                                      "worry": "x"})
    page = response.content.decode()
    assert response.status_code == 400 and "Copy the text of the post as you see it" in page
    assert not ConcernReport.objects.exists()


def test_the_report_is_a_404_for_anyone_but_its_readers(w, client):
    found = report(w)
    for stranger in (w.subject_user, w.other_manager, w.caldicott):
        client.force_login(stranger)
        assert client.get(reverse("cases:concern", args=[found.pk])).status_code == 404
    client.force_login(w.manager)
    page = client.get(reverse("cases:concern", args=[found.pk])).content.decode()
    assert "Open a case" in page and "Sefton 5.3a" in page
    assert ConfidentialRead.objects.filter(kind="concern", reader=w.manager).count() == 1


def test_the_line_manager_opens_and_refers_and_hr_confirms_potential_gross_misconduct(w, client):
    found = report(w)
    client.force_login(w.manager)
    response = client.post(reverse("cases:new") + f"?concern={found.pk}", {"summary": "Insults in public"})
    case = Case.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Potential gross misconduct" in page and "Due in" in page or "Due today" in page
    client.post(reverse("cases:refer", args=[case.pk]))
    client.force_login(w.hr)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Classify the case" in page and "CivicGuard proposes <strong>potential gross misconduct" in page
    response = client.post(reverse("cases:classify", args=[case.pk]), {"classification": "misconduct",
                                                                         "reasons": ""})
    assert response.status_code == 400 and "Give the reasons for changing" in response.content.decode()
    client.post(reverse("cases:classify", args=[case.pk]), {"classification": "gross-misconduct",
                                                             "reasons": "Discriminatory"})
    case.refresh_from_db()
    assert case.classification == "gross-misconduct"


def test_the_case_is_a_404_for_the_subject_and_other_managers(w, client):
    case = case_from_report(w)
    for stranger in (w.subject_user, w.other_manager, w.reporter, w.caldicott):
        client.force_login(stranger)
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
        assert client.get(reverse("cases:bundle", args=[case.pk])).status_code in (403, 404)


def test_viewing_evidence_is_in_its_chain_of_custody_and_the_bundle_verifies(w, client):
    case = case_from_report(w)
    item = case.evidence.get(kind="screenshot")
    client.force_login(w.hr)
    response = client.get(reverse("cases:evidence", args=[item.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert CustodyEntry.objects.filter(item=item, action="view", actor=w.hr).exists()
    text = case.evidence.get(kind="text")
    response = client.get(reverse("cases:evidence", args=[text.pk]) + "?download=1")
    assert response["Content-Disposition"].startswith("attachment")
    bundle = client.get(reverse("cases:bundle", args=[case.pk]))
    assert bundle.status_code == 200 and bundle["Content-Type"] == "application/zip"
    assert verify(bundle.content).intact
    assert len(zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()) >= 4


def test_a_removal_request_is_confirmed_by_the_employee(w, client):
    case = case_from_report(w)
    client.force_login(w.manager)
    response = client.post(reverse("cases:removal-new", args=[case.pk]),
                           {"postings": "https://www.facebook.com/emma/posts/9\nhttps://x.com/emma/status/2"})
    removal = RemovalRequest.objects.get()
    assert response.status_code == 302 and len(removal.postings) == 2
    client.force_login(w.reporter)
    assert client.get(reverse("cases:removal", args=[removal.pk])).status_code == 404
    client.force_login(w.subject_user)
    page = client.get(reverse("cases:removal", args=[removal.pk])).content.decode()
    assert "Please remove these postings" in page and "Case CASE-" not in page
    response = client.post(reverse("cases:removal-confirm", args=[removal.pk]), {"note": "Done"})
    assert response.status_code == 400 and "screenshot" in response.content.decode()
    client.post(reverse("cases:removal-confirm", args=[removal.pk]),
                {"screenshot": SimpleUploadedFile("gone.png", png((10, 10, 10)), "image/png"), "note": "Done"})
    removal.refresh_from_db()
    assert removal.confirmed_at is not None


def test_the_notice_the_pack_calls_for_is_sent_and_read_by_its_role(w, client):
    from tests.apps.factories import person

    case = case_from_report(w)
    client.force_login(w.manager)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Tell Corporate Communications" in page
    client.post(reverse("cases:notice-send", args=[case.pk]), {"rule": "corporate-communications",
                                                               "text": "Please be aware."})
    notice = case.notices.get()
    approver = person("approver", "sefton")
    client.force_login(approver)
    page = client.get(reverse("cases:notice", args=[notice.pk])).content.decode()
    assert "Please be aware." in page and reverse("cases:detail", args=[case.pk]) not in page
    client.post(reverse("cases:notice-acknowledge", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.acknowledged_by == approver
    client.force_login(w.caldicott)
    assert client.get(reverse("cases:notice", args=[notice.pk])).status_code == 404


def test_the_list_shows_each_person_what_is_theirs(w, client):
    found = report(w)
    client.force_login(w.manager)
    page = client.get(reverse("cases:list")).content.decode()
    assert "Concerns about your staff" in page and "About Emma Employee" in page
    services.case_open(actor=w.manager, council=w.council, concern=found)
    client.force_login(w.other_manager)
    page = client.get(reverse("cases:list")).content.decode()
    assert "Emma Employee" not in page
    client.force_login(w.reporter)
    page = client.get(reverse("cases:list")).content.decode()
    assert "Concerns you reported" in page and "CASE-" not in page


def test_a_case_opens_from_a_posts_finding_about_its_author_by_default(w, client):
    from civicguard.apps.posts.models import Post
    from civicguard.apps.posts.services import post_check
    from tests.apps.factories import AccountFactory, person, staff_record

    author = person("representative", "sefton")
    record = staff_record("sefton", user=author, name="Ray Rep", line_manager=w.subject.line_manager)
    post = Post.objects.create(council=w.council, account=AccountFactory(council=w.council), author=author,
                               text=BREACH_TEXT)
    post_check(actor=author, post=post)
    client.force_login(w.manager)
    page = client.get(reverse("cases:new") + f"?post={post.pk}").content.decode()
    assert f'<option value="{record.pk}" selected>Ray Rep</option>' in page
    assert "Olly Other-Manager" not in page  # only the staff the manager manages
    response = client.post(reverse("cases:new") + f"?post={post.pk}", {"subject": record.pk})
    case = Case.objects.get()
    assert response.status_code == 302 and case.post == post and case.subject == record


def test_the_home_page_lists_what_waits_on_the_line_manager(w, client):
    found = report(w)
    client.force_login(w.manager)
    page = client.get("/").content.decode()
    assert "Read a concern reported about Emma Employee" in page
    assert reverse("cases:concern", args=[found.pk]) in page
