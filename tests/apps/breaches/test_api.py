"""/api/v1/data-breaches: the same rules as the pages, in JSON; a record the person may not read is a 404."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from civicguard.apps.access.models import ConfidentialRead
from civicguard.apps.breaches.models import DataBreach
from civicguard.apps.staff.services import token_issue
from tests.apps.breaches.factories import breach, removed_comment


def _api(user) -> APIClient:
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION="Bearer " + token_issue(user=user))
    return http


def test_a_moderator_opens_a_record_from_a_removed_comment_and_gets_the_clock(cast):
    comment = removed_comment(cast["moderator"])
    response = _api(cast["moderator"]).post(reverse("api-data-breaches"), {
        "council": "st-helens", "source": "comment", "comment": comment.pk, "what": "Address disclosed",
        "people_categories": ["residents"], "data_categories": ["names", "contact"], "people_count": 1,
        "aware_at": timezone.now().isoformat()}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["aware_at"] == comment.checks.order_by("created").first().created.isoformat().replace("+00:00", "Z")
    assert body["ico_clock"]["state"] == "running" and body["ico_clock"]["text"].startswith("ICO must be told by")
    assert [n["rule"] for n in body["notices_due"]] == ["internal-audit"]


def test_the_dpo_decides_through_the_api_and_the_rules_are_the_services(cast):
    found = breach(cast["moderator"], hours_ago=3)
    http = _api(cast["legal"])
    url = reverse("api-data-breach-assessment", args=[found.pk])
    refused = http.post(url, {"risk": "risk", "risk_reasons": "x", "ico_required": False}, format="json")
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "ico_required"
    assert http.post(url, {"risk": "high", "risk_reasons": "Address public", "ico_required": True},
                     format="json").status_code == 200
    told = http.post(reverse("api-data-breach-ico", args=[found.pk]),
                     {"told_at": timezone.now().isoformat(), "reference": "IC-1"}, format="json")
    assert told.status_code == 200 and told.json()["ico_clock"]["state"] == "told"
    early = http.post(reverse("api-data-breach-closure", args=[found.pk]), {}, format="json")
    assert early.status_code == 409 and "article 34(3)" in early.json()["error"]["message"]
    assert http.post(reverse("api-data-breach-people-told", args=[found.pk]),
                     {"not_told": "disproportionate", "not_told_reason": "Public notice on the website"},
                     format="json").status_code == 200
    notice = http.post(reverse("api-data-breach-notices", args=[found.pk]), {"rule": "internal-audit"},
                       format="json")
    assert notice.status_code == 201 and notice.json()["recipient"] == "Internal Audit"
    closed = http.post(reverse("api-data-breach-closure", args=[found.pk]), {"note": "Done"}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_the_opener_reads_but_may_not_decide_and_others_do_not_find_it(cast):
    found = breach(cast["moderator"])
    assert _api(cast["moderator"]).get(reverse("api-data-breach", args=[found.pk])).status_code == 200
    assert _api(cast["moderator"]).post(reverse("api-data-breach-assessment", args=[found.pk]), {
        "risk": "high", "risk_reasons": "x", "ico_required": True}, format="json").status_code == 403
    for outsider in ("moderator2", "caldicott-guardian", "img", "admin", "sefton-legal"):
        http = _api(cast[outsider])
        assert http.get(reverse("api-data-breach", args=[found.pk])).status_code == 404
        assert found.pk not in [b["id"] for b in http.get(reverse("api-data-breaches")).json()["results"]]


def test_each_answer_that_shows_a_record_is_a_logged_read(cast):
    found = breach(cast["moderator"])
    http = _api(cast["legal"])
    http.get(reverse("api-data-breach", args=[found.pk]))
    http.get(reverse("api-data-breaches"))
    reads = ConfidentialRead.objects.filter(reader=cast["legal"], kind="breach").order_by("id")
    assert [(r.object_id, r.via) for r in reads] == [(found.pk, "api"), (None, "api")]
    assert str(found.pk) in reads[1].what


def test_a_hand_described_record_needs_its_awareness(cast):
    response = _api(cast["approver"]).post(reverse("api-data-breaches"), {
        "council": "st-helens", "source": "other", "source_description": "A meeting", "what": "Minutes sent out",
        "people_categories": ["staff"], "data_categories": ["names"], "people_count": 3}, format="json")
    assert response.status_code == 400 and response.json()["error"]["field"] == "aware_at"
    response = _api(cast["approver"]).post(reverse("api-data-breaches"), {
        "council": "st-helens", "source": "other", "source_description": "A meeting", "what": "Minutes sent out",
        "people_categories": ["staff"], "data_categories": ["names"], "people_count": 3,
        "aware_at": (timezone.now() - timedelta(hours=1)).isoformat()}, format="json")
    assert response.status_code == 201
    assert DataBreach.objects.get().opened_by == cast["approver"]
