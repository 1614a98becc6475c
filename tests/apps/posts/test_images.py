"""A draft's images: uploaded as media items whose faces are found once, people tagged from the consent register,
the check's findings about each image, and the image of a looked-after child that nobody can approve."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.consent.models import TakedownTask
from civicguard.apps.consent.services import consent_withdraw
from civicguard.apps.media import storage
from civicguard.apps.media.models import MediaItem
from civicguard.apps.posts import services
from civicguard.apps.posts.models import PostStatus
from civicguard.errors import BadInput, InvalidState, NotFound
from tests.apps.consent.conftest import child, record
from tests.apps.factories import AccountFactory, council, person

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "images"
TWO_FACES = (FIXTURES / "two_faces.jpg").read_bytes()
NO_FACE = (FIXTURES / "no_face.jpg").read_bytes()
TEXT = "Thank you to everyone who came to our open day at the town hall."
FACES_RULE = {"sefton": "sef.images.faces-without-consent", "st-helens": "sth.images.faces-without-consent"}


def draft(slug="sefton", text=TEXT):
    account = AccountFactory(council=council(slug), platform="facebook")
    author = person("representative", slug, account=account)
    return services.post_create(actor=author, account=account, text=text), author


def with_image(slug="sefton", data=TWO_FACES, name="open-day.jpg"):
    post, author = draft(slug)
    image = services.image_add(post=post, actor=author, name=name, data=data, alt_text="Two visitors")
    return post, author, image


def rules(run) -> set[str]:
    return {f["rule"] for f in run.result["findings"]}


def test_an_uploaded_image_is_kept_privately_and_its_faces_are_found_once():
    post, author, image = with_image()
    item = image.media
    assert item.purpose == "post" and item.council == post.council and item.uploaded_by == author
    services.post_check(post=post, actor=author)
    item.refresh_from_db()
    assert item.analysed is not None and len(item.image_facts().faces) == 2
    analysed = item.analysed
    services.post_check(post=post, actor=author)
    item.refresh_from_db()
    assert item.analysed == analysed  # computed once, read from the item afterwards


@pytest.mark.parametrize("slug", ["st-helens", "sefton"])
def test_an_untagged_face_blocks_until_the_second_person_s_consent_is_tagged(slug):
    post, author, image = with_image(slug)
    first = record(author, slug, name="Eileen Collins")
    services.image_tag_add(post=post, actor=author, image=image, face=1, consent=first.pk)
    run = services.post_check(post=post, actor=author)
    assert run.verdict == "block" and FACES_RULE[slug] in rules(run)
    assert "only 1 person tagged" in next(f["message"] for f in run.result["findings"] if f["rule"] == FACES_RULE[slug])
    second = record(author, slug, name="Lav Varshney", kind="staff", eform=True)
    services.image_tag_add(post=post, actor=author, image=image, face=2, consent=second.pk)
    run = services.post_check(post=post, actor=author)
    assert FACES_RULE[slug] not in rules(run) and run.verdict != "block", run.result["findings"]


def test_a_name_typed_without_a_consent_record_does_not_cover_a_face():
    post, author, image = with_image()
    services.image_tag_add(post=post, actor=author, image=image, face=1, name="Eileen Collins")
    services.image_tag_add(post=post, actor=author, image=image, face=2, name="Lav Varshney")
    run = services.post_check(post=post, actor=author)
    assert run.verdict == "block" and FACES_RULE["sefton"] in rules(run)


def test_a_check_made_before_a_tag_no_longer_counts_as_current():
    post, author, image = with_image()
    services.post_check(post=post, actor=author)
    post.refresh_from_db()
    assert post.current_check is not None
    services.image_tag_add(post=post, actor=author, image=image, face=1, name="Eileen Collins")
    post.refresh_from_db()
    assert post.current_check is None


def test_tags_are_the_author_s_while_the_post_is_a_draft_and_records_the_council_s():
    post, author, image = with_image()
    with pytest.raises(BadInput):
        services.image_tag_add(post=post, actor=author, image=image, face=3, name="Nobody")
    elsewhere = record(person("representative", "st-helens"), "st-helens", name="Sam Elsewhere")
    with pytest.raises(NotFound):
        services.image_tag_add(post=post, actor=author, image=image, face=1, consent=elsewhere.pk)
    colleague = person("representative", "sefton", account=post.account)
    with pytest.raises(Exception, match="only the author"):
        services.image_tag_add(post=post, actor=colleague, image=image, face=1, name="Eileen Collins")


def test_an_image_that_cannot_be_analysed_goes_to_a_person_and_the_failure_is_recorded():
    post, author, image = with_image()
    storage.erase(image.media.clean_path)  # the file went missing before the worker got to it
    run = services.post_check(post=post, actor=author)
    item = MediaItem.objects.get(pk=image.media_id)
    assert item.image_facts().error and "could not be opened" in item.image_facts().error
    assert AuditEntry.objects.filter(event="media.item.analyse_fail", object_id=str(item.pk)).exists()
    assert any(f["needs_human"] for f in run.result["findings"]), run.result["findings"]


def _looked_after_post():
    post, author, image = with_image()
    kid = record(author, name="Jordan Child", kind="child", child=child(looked_after="looked-after"))
    services.image_tag_add(post=post, actor=author, image=image, face=1, consent=kid.pk)
    services.image_tag_add(post=post, actor=author, image=image, face=2, name="Lav Varshney")
    services.post_submit(post=post, actor=author)
    return post, author


@pytest.mark.parametrize("role", ["approver", "admin"])
def test_a_looked_after_child_s_image_is_never_approved_whoever_tries(role):
    post, _ = _looked_after_post()
    approver = person("approver", "sefton")
    if role == "admin":
        from civicguard.apps.staff.services import role_assign

        role_assign(user=approver, council=post.council, role="admin")
    assert services.decisions_open_to(post=post, actor=approver) == ["return"]
    for decision in ("approve", "override"):
        with pytest.raises(InvalidState, match="looked after"):
            services.post_decide(post=post, actor=approver, decision=decision, justification="Parent agreed")
    post.refresh_from_db()
    assert post.status == PostStatus.SUBMITTED and not post.approvals.exists()


def test_withdrawing_a_consent_creates_a_takedown_task_for_the_approved_post():
    post, author, image = with_image(data=NO_FACE, name="stall.jpg")
    first = record(author, name="Pat Stallholder")
    services.image_tag_add(post=post, actor=author, image=image, consent=first.pk)
    services.post_submit(post=post, actor=author)
    services.post_decide(post=post, actor=person("approver", "sefton"), decision="approve")
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED
    consent_withdraw(actor=author, record=first, reason="Pat rang to withdraw on 6 December")
    task = TakedownTask.objects.get()
    assert task.post == post and task.media_item == image.media and task.confirmed_at is None


def test_the_engine_s_unoverridable_finding_stops_an_override_even_without_the_register_s_refusal(monkeypatch):
    post, _ = _looked_after_post()
    monkeypatch.setattr(services, "refusals", lambda post: [])  # only the check's own finding stands in the way
    approver = person("approver", "sefton")
    with pytest.raises(InvalidState, match="No override can let this post out"):
        services.post_decide(post=post, actor=approver, decision="override", justification="Carer agreed")
    assert not post.approvals.exists()


def test_an_image_deleted_from_the_uploader_s_images_sends_its_draft_to_a_person():
    from civicguard.apps.media.services import media_delete

    post, author, image = with_image(data=NO_FACE, name="stall.jpg")
    media_delete(actor=author, item=image.media)
    run = services.post_check(post=post, actor=author)
    about = [f for f in run.result["findings"] if "stall.jpg" in f["message"]]
    assert about and any(f["needs_human"] for f in about) and "was deleted" in " ".join(f["message"] for f in about)
