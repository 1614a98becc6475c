"""/api/v1/policy: versions, reviews, comments and decisions, with the pages' rules."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from civicguard.apps.policyreview.models import PolicyReview, PolicyVersion
from civicguard.apps.staff.services import token_issue
from tests.apps.factories import person
from tests.apps.policyreview.factories import review_consulting, reviewer, version_in_force
from tests.policy_versions import BROKEN, NEW, OLD, kept_file, sefton_with_history  # noqa: F401


def client_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)}")
    return client


@pytest.fixture
def img(st_helens):
    return reviewer()


def test_versions_list_with_review_due(img):
    version = version_in_force(actor=img)
    data = client_for(img).get("/api/v1/policy/versions").json()
    assert data == [{"id": version.pk, "council": "st-helens", "version": "as published (undated)",
                     "published": version.published.isoformat(), "review_due": version.review_due.isoformat(),
                     "early_review_reason": "", "clauses_digest": version.clauses_digest,
                     "clause_count": version.clause_count}]
    assert client_for(img).get("/api/v1/policy/versions?council=sefton").status_code == 404
    assert client_for(person("employee")).get("/api/v1/policy/versions").status_code == 403


def test_a_review_through_the_api(img):
    version_in_force(actor=img)
    api = client_for(img)
    created = api.post("/api/v1/policy/reviews", {"council": "st-helens"}, format="json")
    assert created.status_code == 201, created.json()
    review = created.json()
    assert review["state"] == "open" and review["consultees"] == ["Information Management Group (IMG)"]
    assert api.post("/api/v1/policy/reviews", {"council": "st-helens"}, format="json").status_code == 409
    url = f"/api/v1/policy/reviews/{review['id']}"
    assert api.post(f"{url}/decision", {"action": "consult"}, format="json").json()["state"] == "consulting"
    early = api.post(f"{url}/decision", {"action": "approve", "outcome": "no-change"}, format="json")
    assert early.status_code == 409 and "Information Management Group" in early.json()["error"]["message"]
    bad = api.post(f"{url}/comments", {"consultee": "The Mayor", "comment": "Yes"}, format="json")
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "consultee"
    comment = api.post(f"{url}/comments", {"consultee": "Information Management Group (IMG)",
                                            "comment": "No change needed"}, format="json")
    assert comment.status_code == 201 and comment.json()["recorded_by"] == img.username
    approved = api.post(f"{url}/decision", {"action": "approve", "outcome": "no-change"}, format="json").json()
    assert approved["state"] == "approved"
    assert approved["approved_by"] == "Chief Officers Group (via the Executive Decision Framework)"
    assert approved["changes"] is None and approved["changes_note"] == "The review decided on no change."
    published = api.post(f"{url}/decision", {"action": "publish"}, format="json").json()
    assert published["state"] == "published" and published["published_version"] == "as published (undated)"
    detail = api.get(url).json()
    assert [c["comment"] for c in detail["comments"]] == ["No change needed"]
    assert [r["id"] for r in api.get("/api/v1/policy/reviews").json()] == [review["id"]]


def test_approve_needs_an_outcome(img):
    review = review_consulting(actor=img)
    answer = client_for(img).post(f"/api/v1/policy/reviews/{review.pk}/decision", {"action": "approve"},
                                  format="json")
    assert answer.status_code == 400 and answer.json()["error"]["field"] == "outcome"


def test_the_packs_roles_and_councils_are_kept(img):
    review = review_consulting(actor=img)
    hr = client_for(person("hr"))  # sees St Helens' reviews; St Helens' pack does not let HR run one
    assert hr.get(f"/api/v1/policy/reviews/{review.pk}").status_code == 200
    answer = hr.post(f"/api/v1/policy/reviews/{review.pk}/comments",
                     {"consultee": "Information Management Group (IMG)", "comment": "x"}, format="json")
    assert answer.status_code == 403
    sefton_hr = client_for(person("hr", "sefton"))
    assert sefton_hr.get(f"/api/v1/policy/reviews/{review.pk}").status_code == 404
    assert sefton_hr.post("/api/v1/policy/reviews", {"council": "st-helens"}, format="json").status_code == 404
    assert PolicyReview.objects.get().comments.count() == 1


def test_a_kept_wording_that_cannot_be_read_is_the_one_error_shape(sefton, sefton_with_history):  # noqa: F811
    hr = reviewer("sefton")
    PolicyVersion.objects.create(council=sefton, version=OLD, published=date(2023, 7, 1),
                                 review_due=date(2024, 7, 1))
    review = review_consulting("sefton", actor=hr)
    api = client_for(hr)
    decided = api.post(f"/api/v1/policy/reviews/{review.pk}/decision",
                       {"action": "approve", "outcome": "new-version", "new_version": NEW,
                        "approved_by": "Cabinet Member"},
                       format="json")
    assert decided.status_code == 200, decided.json()
    assert decided.json()["changes_error"] is None and decided.json()["changes"]["to_version"] == NEW
    text, reason, line = BROKEN["bad YAML"]
    kept_file().write_text(text, encoding="utf-8")
    response = api.get(f"/api/v1/policy/reviews/{review.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["changes"] is None
    message = (f"The kept wording of the version kept in versions/july-2023/ could not be read: line {line}: "
               f"{reason}")
    assert data["changes_error"]["error"]["code"] == "invalid_kept_version"
    assert data["changes_error"]["error"]["message"].startswith(message)
    assert data["changes_note"].startswith(message)
    assert data["comments"]  # the rest of the review is there
