"""Issue 18's done-when for breaches, in a real browser, in both councils: a moderator removes a resident's comment
for personal information, opens a personal data breach record from the comment's page (the form prefilled from the
comment and the check's finding), and the Data Protection Officer's team (Legal) finds it in the list and on its
page with the ICO's 72-hour clock running from when the check flagged the comment."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from civicguard.apps.access.models import ConfidentialRead
from civicguard.apps.breaches.models import DataBreach
from civicguard.apps.moderation.models import Comment
from civicguard.apps.moderation.services import ingest
from civicguard.apps.social_accounts.services import account_add
from tests.apps.factories import council, person
from tests.browser.pages import Browser

TEXT = {"st-helens": "Ask Colin Barker at 22 Elton Head Road, St Helens WA9 5AX why he dumps his rubbish on the "
                     "field. His number is 07700 900321.",
        "sefton": "Tell Brenda Hollis of 9 Marine Drive, Southport PR8 1RY to keep her dogs in, her mobile is "
                  "07700 900765."}


def _seed(slug: str) -> Comment:
    account = account_add(council=council(slug), platform="facebook", handle=f"@{slug}-news",
                          platform_id=f"9{len(slug)}0000001")
    items = [{"id": f"{slug}-personal-1", "text": TEXT[slug], "created_at": "2026-12-06T08:00:00Z",
              "author": "A Resident"}]
    # Outside any transaction (transactional_db): the check runs in-process as soon as the comment is stored.
    ingest.ingest(source="json", body=json.dumps(items).encode(), account=account)
    comment = Comment.objects.get(platform_id=f"{slug}-personal-1")
    assert comment.status == "needs_review" and "personal_data" in comment.category_list
    return comment


@pytest.mark.browser
@pytest.mark.parametrize("slug", ["st-helens", "sefton"])
def test_a_moderators_removal_of_personal_data_opens_a_breach_record_with_its_72_hour_clock(
        browser: Browser, slug: str) -> None:
    comment = _seed(slug)
    moderator = person("moderator", slug, username=f"moderator-breach-{slug}")
    dpo = person("legal", slug, username=f"dpo-breach-{slug}")

    # The moderator removes the comment for personal information.
    browser.sign_in(moderator.username)
    browser.visit(f"/moderation/comments/{comment.pk}/")
    assert browser.find_all("[data-testid=breach-offer]") == []
    browser.find("label[for=action-remove]").click()
    browser.choose("#reason_code", "personal-data")
    browser.fill("#note", "A private person's address and phone number")
    browser.submit("Record decision")
    assert browser.page_problems() == []

    # The comment's page now offers the breach record; the form comes prefilled from the comment and the finding.
    assert "removed for disclosing personal information" in browser.text("[data-testid=breach-offer]")
    browser.follow("Open a personal data breach record")
    assert browser.heading() == "Open a personal data breach record"
    assert browser.page_problems() == []
    source = browser.text("[data-testid=breach-source]")
    assert f"From comment {comment.pk}" in source and "first flagged personal information" in source
    assert browser.find("#source-comment").is_selected()
    assert browser.find("#comment").get_attribute("value") == str(comment.pk)
    assert browser.find("#data_categories-names").is_selected()
    assert browser.find("#data_categories-contact").is_selected()
    assert not browser.find("#data_categories-health").is_selected()
    assert "disclosed personal information (names, contact details)" in browser.find("#what").get_attribute("value")
    browser.submit("Open the record")
    breach = DataBreach.objects.get(comment=comment)
    assert browser.banner().startswith(f"Personal data breach record {breach.pk} is open. ICO must be told by")
    assert breach.aware_at == comment.checks.order_by("created").first().created
    deadline = timezone.localtime(breach.aware_at + timedelta(hours=72))
    expected = f"ICO must be told by {deadline:%H:%M} on {deadline.day} {deadline:%B} (71 hours left)"
    assert expected in browser.text("[data-testid=ico-clock]")
    assert browser.console_errors() == []
    browser.sign_out()

    # The DPO finds it in the list, with the clock, and on its page; each read is logged.
    browser.sign_in(dpo.username)
    browser.follow("Data breaches")
    assert browser.heading() == "Personal data breaches"
    rows = browser.rows("[data-testid=open-breaches]")
    assert len(rows) == 1 and rows[0][0].startswith(f"Record {breach.pk}") and expected in rows[0][2]
    browser.follow(f"Record {breach.pk}")
    assert browser.heading() == f"Record {breach.pk}"
    assert expected in browser.text("[data-testid=ico-clock]")
    aware = browser.text("[data-testid=aware-at]")
    assert "when CivicGuard's check first flagged personal information" in aware
    assert "Assess the risk" in browser.text("[data-testid=actions]")
    assert ConfidentialRead.objects.filter(reader=dpo, kind="breach", object_id=breach.pk).exists()
    assert browser.console_errors() == []
