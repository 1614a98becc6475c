"""/api/v1/procedures and /api/v1/reviews: the same services and checks as the pages."""

from __future__ import annotations

from django.utils import timezone
from rest_framework.test import APIClient

from civicguard.apps.reviews.services import CHECKLIST, procedure_upload, review_open
from civicguard.apps.staff.services import token_issue
from tests.apps.factories import person, staff_record
from tests.apps.reviews.factories import live_account, managed_area, manager, pdf

TICKED = {name: True for name in CHECKLIST}


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)}")
    return client


def test_procedures_list_says_which_is_in_force_and_out_of_date(st_helens):
    area, user, _ = managed_area()
    old = procedure_upload(actor=user, area=area, title="Old", policy_version="2019", file_name="a.pdf",
                           data=pdf("Old"))
    procedure_upload(actor=user, area=area, title="New", policy_version="2019", file_name="b.pdf", data=pdf("New"))
    body = api(person("employee")).get("/api/v1/procedures?council=st-helens").json()
    rows = {r["title"]: r for r in body["results"]}
    assert rows["New"]["in_force"] and not rows["Old"]["in_force"] and rows["New"]["out_of_date"]
    assert rows["Old"]["id"] == old.pk and rows["New"]["service_area"]["name"] == "Libraries"


def test_reviews_list_read_and_filter_by_state(st_helens):
    review = review_open(account=live_account(handle="@LibrariesLate"), due=timezone.localdate())
    client = api(person("img"))
    body = client.get("/api/v1/reviews?state=due").json()
    assert [r["id"] for r in body["results"]] == [review.pk]
    assert client.get("/api/v1/reviews?state=overdue").json()["results"] == []
    one = client.get(f"/api/v1/reviews/{review.pk}").json()
    assert one["account"]["handle"] == "@LibrariesLate" and one["line_manager"] is None
    assert one["moderation_queue"].endswith(f"?account={review.account.pk}") and one["comments_waiting"] == 0


def test_the_line_manager_signs_off_and_gets_the_next_review(st_helens):
    review = review_open(account=live_account(), due=timezone.localdate())
    response = api(person("line-manager")).post(f"/api/v1/reviews/{review.pk}/sign-off",
                                                {**TICKED, "notes": "Fine"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["review"]["state"] == "signed_off" and body["review"]["notes"] == "Fine"
    assert body["next_review"]["state"] == "scheduled"


def test_an_unconfirmed_item_is_a_400_naming_it_and_a_second_sign_off_a_409(st_helens):
    review = review_open(account=live_account(), due=timezone.localdate())
    client = api(person("line-manager"))
    refused = client.post(f"/api/v1/reviews/{review.pk}/sign-off", {**TICKED, "feedback_current": False},
                          format="json")
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "feedback_current"
    assert client.post(f"/api/v1/reviews/{review.pk}/sign-off", TICKED, format="json").status_code == 200
    assert client.post(f"/api/v1/reviews/{review.pk}/sign-off", TICKED, format="json").status_code == 409


def test_only_the_owner_s_line_manager_may_sign_off_through_the_api(st_helens):
    boss_user, boss = manager("line-manager")
    owner = person("representative")
    staff_record(user=owner, line_manager=boss)
    review = review_open(account=live_account(owner=owner), due=timezone.localdate())
    assert api(person("line-manager")).post(f"/api/v1/reviews/{review.pk}/sign-off", TICKED,
                                            format="json").status_code == 403
    assert api(boss_user).post(f"/api/v1/reviews/{review.pk}/sign-off", TICKED, format="json").status_code == 200


def test_another_council_s_review_is_not_found(st_helens):
    review = review_open(account=live_account(), due=timezone.localdate())
    assert api(person("line-manager", "sefton")).get(f"/api/v1/reviews/{review.pk}").status_code == 404
