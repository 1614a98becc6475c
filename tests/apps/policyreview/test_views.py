"""The policy review pages: versions with their review dates, and a review from start to publication."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from civicguard.apps.policyreview.models import PolicyReview, PolicyVersion
from tests.apps.factories import person
from tests.apps.policyreview.factories import review_consulting, reviewer, version_in_force
from tests.policy_versions import BROKEN, NEW, OLD, kept_file, sefton_with_history  # noqa: F401


def _date(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def test_the_img_records_the_version_in_force_then_sees_its_review_date(client, st_helens):
    client.force_login(reviewer())
    page = client.get(reverse("policyreview:versions")).content.decode()
    assert "No version has been recorded yet" in page and "Record the version in force" in page
    assert f'href="{reverse("policyreview:versions")}"' in page  # the header link
    response = client.post(reverse("policyreview:version_record"), _date("published", date(2025, 4, 1)))
    assert response.status_code == 302
    page = client.get(reverse("policyreview:versions")).content.decode()
    assert "1 April 2026" in page and "Overdue" in page  # a year on, and that is past
    assert "Start a review" in page


def test_an_early_review_date_without_a_reason_is_shown_beside_its_field(client, st_helens):
    client.force_login(reviewer())
    response = client.post(reverse("policyreview:version_record"), {
        **_date("published", date(2025, 4, 1)), **_date("review_due", date(2025, 9, 1))})
    assert response.status_code == 400
    assert "Enter why the review is due sooner" in response.content.decode()
    assert not PolicyVersion.objects.exists()


def test_a_review_not_yet_due_is_not_highlighted_and_can_be_brought_forward(client, st_helens):
    img = reviewer()
    version = version_in_force(actor=img, published=timezone.localdate() - timedelta(days=30))
    client.force_login(img)
    assert "Overdue" not in client.get(reverse("policyreview:versions")).content.decode()
    soon = timezone.localdate() + timedelta(days=10)
    response = client.post(reverse("policyreview:version_due", args=[version.pk]),
                           {**_date("review_due", soon), "early_review_reason": "New online safety law"})
    assert response.status_code == 302
    page = client.get(reverse("policyreview:versions")).content.decode()
    assert "Due soon" in page and "New online safety law" in page


def test_a_review_through_its_pages(client, st_helens):
    img = reviewer()
    version_in_force(actor=img)
    client.force_login(img)
    response = client.post(reverse("policyreview:review_start"), {"reason": ""})
    review = PolicyReview.objects.get()
    assert response.status_code == 302 and response.url == reverse("policyreview:review", args=[review.pk])
    page = client.get(response.url).content.decode()
    assert "Send for consultation" in page and "Chief Officers Group" in page
    client.post(reverse("policyreview:review_consult", args=[review.pk]))
    page = client.get(response.url).content.decode()
    assert "Comments needed before approval" in page
    assert "Record the comments of the Information Management Group (IMG) first" in page
    url = reverse("policyreview:review_comment", args=[review.pk])
    assert client.post(url, {"consultee": "Information Management Group (IMG)"}).status_code == 400
    client.post(url, {"consultee": "Information Management Group (IMG)",
                      "comment": "Quillfeather <b>minutes</b>: no change needed"})
    page = client.get(response.url).content.decode()
    assert "Quillfeather &lt;b&gt;minutes&lt;/b&gt;: no change needed" in page
    decide = reverse("policyreview:review_decide", args=[review.pk])
    assert 'value="Chief Officers Group (via the Executive Decision Framework)"' in client.get(decide).content.decode()
    client.post(decide, {"outcome": "no-change", "approved_by": "Chief Officers Group, 2 December 2026"})
    page = client.get(response.url).content.decode()
    assert "Chief Officers Group, 2 December 2026" in page and "Publish: no change" in page
    client.post(reverse("policyreview:review_publish", args=[review.pk]))
    review.refresh_from_db()
    assert review.state == "published"
    page = client.get(response.url).content.decode()
    assert "The policy stands unchanged" in page and "The review decided on no change." in page


def test_publishing_refused_says_why_on_the_review_page(client, st_helens):
    img = reviewer()
    review = review_consulting(actor=img)
    client.force_login(img)
    client.post(reverse("policyreview:review_decide", args=[review.pk]),
                {"outcome": "new-version", "new_version": "2027", "approved_by": "Chief Officers Group"})
    page = client.get(reverse("policyreview:review", args=[review.pk])).content.decode()
    assert "CivicGuard still checks posts against version as published (undated)" in page
    response = client.post(reverse("policyreview:review_publish", args=[review.pk]), follow=True)
    assert "ask whoever looks after" in response.content.decode()
    review.refresh_from_db()
    assert review.state == "approved"


def test_the_review_page_shows_the_word_diff(client, sefton, sefton_with_history):  # noqa: F811
    hr = reviewer("sefton")
    PolicyVersion.objects.create(council=sefton, version=OLD, published=date(2023, 7, 1),
                                 review_due=date(2024, 7, 1))
    review = review_consulting("sefton", actor=hr)
    client.force_login(hr)
    client.post(reverse("policyreview:review_decide", args=[review.pk]),
                {"outcome": "new-version", "new_version": NEW, "approved_by": "Cabinet Member"})
    page = client.get(reverse("policyreview:review", args=[review.pk])).content.decode()
    assert '<del><span class="govuk-visually-hidden">removed: </span>traditional</del>' in page
    assert '<ins><span class="govuk-visually-hidden">added: </span>printed and telephone</ins>' in page
    assert "1 clause added, 1 removed, 1 changed" in page
    client.post(reverse("policyreview:review_publish", args=[review.pk]))
    page = client.get(reverse("policyreview:versions")).content.decode()
    assert f"version {NEW}</strong>" in page


def test_a_kept_wording_that_cannot_be_read_is_an_error_message_on_the_review(
        client, sefton, sefton_with_history):  # noqa: F811
    hr = reviewer("sefton")
    PolicyVersion.objects.create(council=sefton, version=OLD, published=date(2023, 7, 1),
                                 review_due=date(2024, 7, 1))
    review = review_consulting("sefton", actor=hr)
    client.force_login(hr)
    client.post(reverse("policyreview:review_decide", args=[review.pk]),
                {"outcome": "new-version", "new_version": NEW, "approved_by": "Cabinet Member"})
    text, reason, line = BROKEN["a clause without a number"]
    kept_file().write_text(text, encoding="utf-8")
    response = client.get(reverse("policyreview:review", args=[review.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert (f'<span class="govuk-visually-hidden">Error:</span> The kept wording of version {OLD} could not be '
            f"read: line {line}: {reason} (in policies/sefton/versions/july-2023/clauses.yaml).") in page
    assert str(kept_file()) not in page
    assert "Personnel Department: no changes needed" in page  # the rest of the review still shows
    assert client.get(reverse("policyreview:versions")).status_code == 200
    kept_file().write_text(BROKEN["bad YAML"][0], encoding="utf-8")
    page = client.get(reverse("policyreview:review", args=[review.pk])).content.decode()
    assert ("The kept wording of the version kept in versions/july-2023/ could not be read: line 4: not valid YAML"
            in page)


def test_who_sees_and_who_runs(client, st_helens):
    review = review_consulting()
    client.force_login(person("hr"))  # holds policy.view, but St Helens' pack does not let HR run reviews
    page = client.get(reverse("policyreview:review", args=[review.pk])).content.decode()
    assert "Record a consultee" not in page
    assert client.get(reverse("policyreview:review_comment", args=[review.pk])).status_code == 403
    client.force_login(person("employee"))
    assert client.get(reverse("policyreview:versions")).status_code == 403
    client.force_login(person("hr", "sefton"))
    assert client.get(reverse("policyreview:review", args=[review.pk])).status_code == 404


def test_a_pack_updated_outside_a_review_is_pointed_out(client, sefton, sefton_with_history):  # noqa: F811
    hr = reviewer("sefton")
    PolicyVersion.objects.create(council=sefton, version=OLD, published=date(2023, 7, 1),
                                 review_due=date(2024, 7, 1))
    client.force_login(hr)
    page = client.get(reverse("policyreview:versions")).content.decode()
    assert f"CivicGuard checks posts against version {NEW} of the policy, which is not recorded" in page
    client.post(reverse("policyreview:version_record"), _date("published", date(2026, 7, 1)))
    page = client.get(reverse("policyreview:versions")).content.decode()
    assert "loaded-not-recorded" not in page and f"version {NEW}</strong>" in page
