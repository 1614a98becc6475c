"""The breach pages as their users see them: the moderation page's offer after a removal for personal information,
the form prefilled from the comment, the record with its 72-hour clock, the DPO's forms and their errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from civicguard.apps.breaches.models import DataBreach, Status
from civicguard.apps.moderation.services.decisions import decide
from tests.apps.breaches.factories import assessed, breach, flagged_comment, removed_comment


def _text(response) -> str:
    return response.content.decode()


def _as(client, user):
    client.force_login(user)
    return client


def test_a_removal_for_personal_information_offers_a_breach_record_on_the_comment_page(cast, client):
    comment = removed_comment(cast["moderator"])
    page = _text(_as(client, cast["moderator"]).get(reverse("moderation:detail", args=[comment.pk])))
    assert "Open a personal data breach record" in page
    assert f"/breaches/new/?comment={comment.pk}" in page


def test_no_offer_for_another_reason_or_for_someone_who_may_not_open_records(cast, client):
    offensive = flagged_comment(text="You lot are useless twats, every one of you.")
    decide(comment=offensive, actor=cast["moderator"], action="remove", reason_code="offensive")
    page = _text(_as(client, cast["moderator"]).get(reverse("moderation:detail", args=[offensive.pk])))
    assert "Open a personal data breach record" not in page
    personal = flagged_comment()
    assert "Open a personal data breach record" not in _text(
        client.get(reverse("moderation:detail", args=[personal.pk])))  # flagged, but not removed yet


def test_the_form_is_prefilled_from_the_comment_and_its_finding(cast, client):
    comment = removed_comment(cast["moderator"])
    response = _as(client, cast["moderator"]).get(reverse("breaches:new") + f"?comment={comment.pk}")
    page = _text(response)
    assert response.status_code == 200
    assert f"From comment {comment.pk}" in page and "first flagged personal information" in page
    assert 'value="comment" checked' in page and f'value="{comment.pk}"' in page
    assert 'value="names" checked' in page and 'value="contact" checked' in page
    assert 'value="health" checked' not in page
    assert "disclosed personal information (names, contact details)" in page


def test_opening_the_record_from_the_comment_starts_the_clock_from_the_flag(cast, client):
    comment = removed_comment(cast["moderator"])
    http = _as(client, cast["moderator"])
    response = http.post(reverse("breaches:new"), {
        "source": "comment", "comment": comment.pk, "what": "Comment disclosed an address",
        "people_categories": ["residents"], "data_categories": ["names", "contact"], "people_count": "1",
        "containment": "Removed"})
    found = DataBreach.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("breaches:detail", args=[found.pk])
    assert found.aware_at == comment.checks.order_by("created").first().created
    page = _text(http.get(response["Location"]))
    assert "ICO must be told by" in page and "hours left)" in page
    assert "your reading is logged" in page
    # the comment page now links to the record
    assert f"Personal data breach record {found.pk}" in _text(http.get(reverse("moderation:detail",
                                                                               args=[comment.pk])))


def test_a_form_with_problems_says_what_to_fix_and_keeps_what_was_typed(cast, client):
    response = _as(client, cast["moderator"]).post(reverse("breaches:new"), {
        "source": "other", "source_description": "", "what": "A letter to the wrong house",
        "people_categories": ["residents"], "data_categories": [], "people_count": "2",
        "aware_on-day": "6", "aware_on-month": "12", "aware_on-year": "2026", "aware_time": "25:99"})
    page = _text(response)
    assert response.status_code == 400 and "Error: " in page
    assert "Enter the time on the 24-hour clock, for example 14:05" in page
    assert "A letter to the wrong house" in page
    assert not DataBreach.objects.exists()
    response = _as(client, cast["moderator"]).post(reverse("breaches:new"), {
        "source": "other", "source_description": "", "what": "A letter to the wrong house",
        "people_categories": ["residents"], "data_categories": ["names"], "people_count": "2",
        **_when("aware_on", "aware_time", timezone.now() - timedelta(hours=1))})
    assert response.status_code == 400 and "Say where it happened" in _text(response)


def _when(day_field, time_field, moment):
    local = timezone.localtime(moment)
    return {f"{day_field}-day": local.day, f"{day_field}-month": local.month, f"{day_field}-year": local.year,
            time_field: f"{local:%H:%M}"}


def test_the_dpo_sees_every_record_with_its_clock_and_the_opener_only_theirs(cast, client):
    mine = breach(cast["moderator"], what="Letter to the wrong house", hours_ago=60)
    other = breach(cast["moderator2"], what="E-mail with every tenant in copy", hours_ago=2)
    dpo_page = _text(_as(client, cast["legal"]).get(reverse("breaches:list")))
    assert "Letter to the wrong house" in dpo_page and "E-mail with every tenant" in dpo_page
    assert dpo_page.count("Under 24 hours") == 1 and "(11 hours left)" in dpo_page and "(69 hours left)" in dpo_page
    own = _text(_as(client, cast["moderator"]).get(reverse("breaches:list")))
    assert "Letter to the wrong house" in own and "E-mail with every tenant" not in own
    assert client.get(reverse("breaches:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("breaches:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("breaches:assess", args=[mine.pk])).status_code == 403


def test_the_dpo_assesses_tells_the_ico_and_the_people_sends_the_notice_and_closes(cast, client):
    found = breach(cast["moderator"], hours_ago=10)
    http = _as(client, cast["legal"])
    refused = http.post(reverse("breaches:assess", args=[found.pk]),
                        {"risk": "high", "risk_reasons": "Home address public", "ico_required": "no"})
    assert refused.status_code == 400 and "article 33(1)" in _text(refused)
    assert http.post(reverse("breaches:assess", args=[found.pk]), {
        "risk": "high", "risk_reasons": "Home address public", "ico_required": "yes"}).status_code == 302
    detail = _text(http.get(reverse("breaches:detail", args=[found.pk])))
    assert "High risk" in detail and "Must be told" in detail and "Internal Audit" in detail
    assert "Record telling the ICO" in detail
    assert http.post(reverse("breaches:ico", args=[found.pk]), {
        "reference": "IC-44", **_when("told_on", "told_time", timezone.now())}).status_code == 302
    assert http.post(reverse("breaches:people", args=[found.pk]), {
        "outcome": "told", "how": "Phoned her", **_when("told_on", "told_time", timezone.now())}).status_code == 302
    notices = http.get(reverse("breaches:notices", args=[found.pk]))
    assert "Tell Internal Audit" in _text(notices)
    assert http.post(reverse("breaches:notices", args=[found.pk]),
                     {"rule": "internal-audit", "text": "A breach: ask the DPO"}).status_code == 302
    assert "Told at" in _text(http.get(reverse("breaches:notices", args=[found.pk])))
    detail = _text(http.get(reverse("breaches:detail", args=[found.pk])))
    assert "The ICO was told at" in detail and "within the 72 hours" in detail and "Close the record" in detail
    assert http.post(reverse("breaches:close", args=[found.pk]), {"note": "Done"}).status_code == 302
    found.refresh_from_db()
    assert found.status == Status.CLOSED


def test_closing_too_soon_lists_what_is_missing(cast, client):
    found = assessed(cast["legal"], breach(cast["moderator"]))
    http = _as(client, cast["legal"])
    page = _text(http.get(reverse("breaches:detail", args=[found.pk])))
    assert "Before it can be closed" in page and "Record when the ICO was told" in page
    response = http.post(reverse("breaches:close", args=[found.pk]), {"note": ""})
    assert response.status_code == 409 and "article 34(3)" in _text(response)


@pytest.mark.parametrize("text", ["<script>alert(1)</script>"])
def test_what_people_typed_is_shown_escaped(cast, client, text):
    found = breach(cast["moderator"], what=text)
    page = _text(_as(client, cast["legal"]).get(reverse("breaches:detail", args=[found.pk])))
    assert text not in page and "&lt;script&gt;" in page
