"""Issue 17's done-when, in a real browser, in both councils: a representative uploads a picture of two people to a
draft, sees both faces boxed and numbered, tags one consented adult from the consent register, gets a block for the
untagged face, records the second person's consent with their signed form on the consent pages, tags them, and
submits a post the check no longer blocks. Then: an approver cannot approve a picture of a looked-after child (the
page offers no approval and says why), and withdrawing a consent on an approved post's picture creates a takedown
task."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from civicguard.apps.consent.models import ConsentRecord, TakedownTask
from civicguard.apps.posts.models import Post
from tests.apps.consent.conftest import child, record
from tests.apps.factories import AccountFactory, council, person
from tests.browser.pages import Browser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "images"
TWO_FACES = FIXTURES / "two_faces.jpg"
SIGNED_FORM = FIXTURES / "no_face.jpg"  # stands in for the scan of a signed form (any image is accepted)
TEXT = {"st-helens": "Thank you to everyone who helped at Victoria Park's open day.",
        "sefton": "Thank you to everyone who helped at the Southport Flower Show."}
FACES_RULE = {"st-helens": "sth.images.faces-without-consent", "sefton": "sef.images.faces-without-consent"}


def _draft_with_picture(browser: Browser, account_pk: int, text: str) -> int:
    browser.follow("Draft a post for an official account")
    browser.choose("#account", str(account_pk))
    browser.fill("#text", text)
    browser.find("#images").send_keys(str(TWO_FACES))
    browser.fill("#alt_text", "Two volunteers at the open day")
    browser.submit("Save and check")
    match = re.search(r"/posts/(\d+)/", browser.driver.current_url)
    assert match, browser.driver.current_url
    return int(match.group(1))


def _tag(browser: Browser, face: int, record_pk: int) -> None:
    browser.find(f"label[for=image-1-face-{face}]").click()
    browser.choose("#image-1-consent", str(record_pk))
    browser.submit("Tag this person in image 1")
    assert browser.banner() == "Person tagged in image 1 and the post checked again."


def _record_consent_with_signed_form(browser: Browser, name: str) -> None:
    browser.follow("Record their consent")  # from the draft's page
    assert browser.heading() == "Record a photo consent"
    browser.find("label[for=person_kind-public]").click()
    browser.fill("#name", name)
    browser.find("label[for=platforms-facebook]").click()
    browser.fill("#purposes", "Posts on the council's accounts about the open day")
    browser.fill("#media_description", "Photos taken at the open day")
    today, last = timezone.localdate(), timezone.localdate() + timedelta(days=365)
    for prefix, day in (("obtained_on", today), ("expires_on", last)):
        browser.fill(f"#{prefix}-day", str(day.day))
        browser.fill(f"#{prefix}-month", str(day.month))
        browser.fill(f"#{prefix}-year", str(day.year))
    browser.find("label[for=form_kind-upload]").click()
    browser.find("#form").send_keys(str(SIGNED_FORM))
    browser.submit("Record the consent")
    assert browser.page_problems() == []
    assert name in browser.text("main"), browser.text("main")


@pytest.mark.browser
@pytest.mark.parametrize("slug", ["st-helens", "sefton"])
def test_two_faces_one_consented_then_the_second_person_s_signed_form_and_a_post_that_is_not_blocked(
        browser: Browser, slug: str) -> None:
    place = council(slug)
    account = AccountFactory(council=place, platform="facebook", handle=f"@{slug}-events")
    author = person("representative", slug, account=account, username=f"rep-images-{slug}")
    first = record(author, slug, name="Eileen Collins")

    browser.sign_in(author.username)
    pk = _draft_with_picture(browser, account.pk, TEXT[slug])
    assert browser.page_problems() == []
    boxes = browser.find_all("svg.cg-image [data-testid=face-box]")
    assert [b.get_attribute("data-face") for b in boxes] == ["1", "2"]
    assert [li.text for li in browser.find_all("[data-testid=faces] li")] == ["Not tagged", "Not tagged"]

    # One consented adult tagged from the register: the other face still blocks the post.
    _tag(browser, 1, first.pk)
    assert browser.text("h2 .govuk-tag") == "Blocked"
    assert "Eileen Collins: written consent on record for this platform" in browser.text("[data-testid=faces]")
    assert "1 face is not tagged" in browser.text("[data-testid=image-explained]")
    assert "only 1 person tagged in it has" in browser.text("#check-result")

    # The second person's consent, with their signed form, on the consent pages; then tagged.
    _record_consent_with_signed_form(browser, "Lav Varshney")
    second = ConsentRecord.objects.get(council=place, name="Lav Varshney")
    assert second.form_kind == "upload" and second.form_sha256
    browser.visit(f"/posts/{pk}/")
    _tag(browser, 2, second.pk)
    result = Post.objects.get(pk=pk).latest_check.result
    assert FACES_RULE[slug] not in {f["rule"] for f in result["findings"]}
    assert result["verdict"] != "block", result["findings"]
    assert browser.text("h2 .govuk-tag") != "Blocked"

    browser.submit("Submit for approval")
    assert browser.text("[data-testid=status]") == "Waiting for approval"
    assert browser.console_errors() == []


@pytest.mark.browser
def test_an_approver_cannot_approve_a_looked_after_child_s_picture(browser: Browser) -> None:
    from civicguard.apps.posts import services

    place = council("sefton")
    account = AccountFactory(council=place, platform="facebook")
    author = person("representative", "sefton", account=account)
    approver = person("approver", "sefton", username="approver-sefton-images")
    post = services.post_create(actor=author, account=account, text=TEXT["sefton"])
    image = services.image_add(post=post, actor=author, name="garden.jpg", data=TWO_FACES.read_bytes())
    kid = record(author, name="Riley Child", kind="child", child=child(looked_after="looked-after"))
    services.image_tag_add(post=post, actor=author, image=image, face=1, consent=kid.pk)
    services.post_submit(post=post, actor=author)

    browser.sign_in(approver.username)
    browser.visit(f"/posts/{post.pk}/")
    assert browser.page_problems() == []
    assert "Nobody can approve this post" in browser.text("[data-testid=never-approvable]")
    assert browser.find_all("#decision-approve") == [] and browser.find_all("#decision-override") == []
    assert browser.find_all("#decision-return") != []
    assert "Riley Child" not in browser.text("[data-testid=faces]")


@pytest.mark.browser
def test_withdrawing_a_consent_on_an_approved_post_s_picture_creates_a_takedown_task(browser: Browser) -> None:
    from civicguard.apps.posts import services

    place = council("st-helens")
    account = AccountFactory(council=place, platform="facebook")
    author = person("representative", "st-helens", account=account)
    legal = person("legal", "st-helens", username="legal-sthelens-images")
    post = services.post_create(actor=author, account=account, text=TEXT["st-helens"])
    image = services.image_add(post=post, actor=author, name="stall.jpg", data=SIGNED_FORM.read_bytes())
    consent = record(author, "st-helens", name="Pat Stallholder")
    services.image_tag_add(post=post, actor=author, image=image, consent=consent.pk)
    services.post_submit(post=post, actor=author)
    services.post_decide(post=post, actor=person("approver", "st-helens"), decision="approve")

    browser.sign_in(legal.username)
    browser.visit(f"/consent/{consent.pk}/")
    browser.fill("#reason", "Pat phoned on 6 December and asked for the photo to come down")
    browser.submit("Withdraw the consent")
    task = TakedownTask.objects.get()
    assert task.post == post and task.confirmed_at is None
    browser.sign_out()
    browser.sign_in(author.username)  # the task waits on the post's author (and its approver)
    browser.visit("/consent/takedowns/")
    assert f"Post {post.pk} on {account}" in browser.text("main")


@pytest.mark.browser
def test_the_boxes_show_and_a_face_is_tagged_without_javascript(browser_nojs: Browser) -> None:
    from civicguard.apps.posts import services

    browser = browser_nojs
    account = AccountFactory(council=council("st-helens"), platform="facebook")
    author = person("representative", "st-helens", account=account)
    post = services.post_create(actor=author, account=account, text=TEXT["st-helens"])
    services.image_add(post=post, actor=author, name="open-day.jpg", data=TWO_FACES.read_bytes())
    consent = record(author, "st-helens", name="Eileen Collins")

    browser.sign_in(author.username)
    browser.visit(f"/posts/{post.pk}/")
    assert "js-enabled" not in (browser.find("body").get_attribute("class") or "")
    picture = browser.find("svg.cg-image")
    assert picture.size["width"] > 300 and picture.size["height"] > 100  # drawn at its size, no script needed
    assert len(browser.find_all("svg.cg-image [data-testid=face-box]")) == 2
    _tag(browser, 1, consent.pk)
    assert "Eileen Collins: written consent on record" in browser.text("[data-testid=faces]")
    assert browser.console_errors() == []
