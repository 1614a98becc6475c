"""The draft and approval pages with images: each face boxed and numbered with a list beside it (no script), tagging
from the consent register through a form, a personal check's image, and a looked-after child's image refused on the
page and through the API."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from civicguard.apps.consent.models import Tag
from civicguard.apps.media.models import MediaItem, MediaView
from civicguard.apps.posts import services
from civicguard.apps.posts.models import Post
from civicguard.apps.staff.services import token_issue
from tests.apps.consent.conftest import child, record
from tests.apps.factories import person
from tests.apps.posts.test_images import NO_FACE, TWO_FACES, draft, with_image


def _page(client, user, post):
    client.force_login(user)
    response = client.get(reverse("posts:detail", args=[post.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_draft_page_boxes_each_face_with_its_number_and_lists_them_beside_the_picture(client):
    post, author, image = with_image()
    services.post_check(post=post, actor=author)
    page = _page(client, author, post)
    svg = re.search(r"<svg class=\"cg-image\".*?</svg>", page, re.S).group(0)
    assert f'href="{reverse("media:image", args=[image.media_id])}"' in svg
    assert svg.count('data-testid="face-box"') == 2 and ">1</text>" in svg and ">2</text>" in svg
    assert "2 faces found, each with a numbered box" in svg  # the picture's description for screen readers
    assert page.count('data-testid="face"') == 2 and page.count("Not tagged") == 2
    assert "2 faces found; 0 of them tagged." in page and "2 faces are not tagged" in page
    assert "<script" not in svg and "style=" not in svg
    assert f'href="{reverse("consent:new")}">Record their consent</a>' in page


def test_the_author_tags_a_face_from_the_register_and_the_page_says_whose_consent_is_on_record(client):
    post, author, image = with_image()
    adult = record(author, name="Eileen Collins")
    client.force_login(author)
    response = client.post(reverse("posts:image_tag", args=[image.pk]), {"face": "1", "consent": str(adult.pk)})
    assert response.status_code == 302 and response["Location"].endswith("#image-1")
    tag = Tag.objects.get()
    assert tag.consent == adult and tag.box is not None
    page = _page(client, author, post)
    assert "<strong>Eileen Collins</strong>: written consent on record for this platform" in page
    assert "1 face is not tagged" in page
    response = client.post(reverse("posts:image_tag", args=[image.pk]), {"face": "2", "name": ""})
    assert response.status_code == 400 and "Choose the person&#x27;s consent record, or type their name" in \
        response.content.decode()
    client.post(reverse("posts:tag_remove", args=[tag.pk]))
    assert not Tag.objects.exists()


def test_an_approver_sees_the_image_and_each_tagged_person_s_consent_and_the_look_is_logged(client):
    post, author, image = with_image()
    adult = record(author, name="Eileen Collins")
    services.image_tag_add(post=post, actor=author, image=image, face=1, consent=adult.pk)
    services.post_submit(post=post, actor=author)
    approver = person("approver", "sefton")
    page = _page(client, approver, post)
    assert "Eileen Collins</strong>: written consent on record for this platform" in page
    assert "Tag this person" not in page  # only the author tags, on a draft
    client.get(reverse("media:image", args=[image.media_id]))
    assert MediaView.objects.filter(item=image.media, viewer=approver).exists()


def test_a_looked_after_child_s_image_is_refused_on_the_approval_page_and_in_the_api(client):
    post, author, image = with_image()
    kid = record(author, name="Jordan Child", kind="child", child=child(looked_after="previously-looked-after"))
    services.image_tag_add(post=post, actor=author, image=image, face=1, consent=kid.pk)
    services.post_submit(post=post, actor=author)
    approver = person("approver", "sefton")
    page = _page(client, approver, post)
    assert "Nobody can approve this post, and no override can let it out" in page
    faces = re.search(r'<ol class="govuk-list govuk-list--number" data-testid="faces">.*?</ol>', page, re.S).group(0)
    assert "Jordan Child" not in faces and "A child (their name is shown only to Legal" in faces
    assert 'value="approve"' not in page and 'value="override"' not in page
    response = client.post(reverse("posts:decide", args=[post.pk]), {"decision": "approve"})
    assert response.status_code == 400 and "can never be approved" in response.content.decode()
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION="Bearer " + token_issue(user=approver))
    answer = http.post(f"/api/v1/posts/{post.pk}/approvals", {"decision": "override", "justification": "Carer agreed"},
                       format="json")
    assert answer.status_code == 409 and "looked after" in answer.json()["error"]["message"]
    assert Post.objects.get(pk=post.pk).status == "submitted"


def test_a_new_draft_s_image_is_uploaded_as_a_media_item_and_boxed(client):
    post, author = draft()
    client.force_login(author)
    response = client.post(reverse("posts:new"), {
        "account": str(post.account.pk), "text": "Our open day was a great success.", "links": "",
        "image": SimpleUploadedFile("day.jpg", TWO_FACES, "image/jpeg"), "alt_text": "Two visitors"})
    created = Post.objects.exclude(pk=post.pk).get()
    assert response.status_code == 302
    assert created.images.get().media.purpose == "post"
    assert _page(client, author, created).count('data-testid="face-box"') == 2


def test_a_personal_check_with_an_image_keeps_it_for_its_uploader_only(client):
    employee = person("employee", "sefton")
    client.force_login(employee)
    response = client.post(reverse("posts:personal_check"), {
        "text": "Lovely morning at the beach.", "image": SimpleUploadedFile("beach.jpg", NO_FACE, "image/jpeg")})
    page = response.content.decode()
    assert response.status_code == 200 and "Faces found: 0" in page and "only you can see it" in page
    item = MediaItem.objects.get()
    assert item.purpose == "personal-check" and item.uploaded_by == employee
    client.force_login(person("approver", "sefton"))
    assert client.get(reverse("media:image", args=[item.pk])).status_code == 404


def test_the_api_gives_a_post_s_images_with_their_faces_tags_and_why_one_can_never_be_approved():
    post, author, image = with_image()
    kid = record(author, name="Jordan Child", kind="child", child=child(looked_after="looked-after"))
    services.image_tag_add(post=post, actor=author, image=image, face=2, consent=kid.pk)
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION="Bearer " + token_issue(user=person("approver", "sefton")))
    [shown] = http.get(f"/api/v1/posts/{post.pk}").json()["images"]
    assert shown["name"] == "open-day.jpg" and shown["media_item"] == image.media_id and shown["analysed"]
    assert [f["tag"] is None for f in shown["faces"]] == [True, False] and len(shown["faces"][0]["box"]) == 4
    assert "Jordan Child" not in shown["faces"][1]["tag"]["name"]
    assert "looked after" in shown["never_publishable"][0]


def test_an_employee_tags_in_a_personal_check_only_people_corporate_communications_let_them_post(client):
    from datetime import timedelta

    from django.utils import timezone

    from civicguard.apps.consent.services import personal_permission_grant

    employee, approver = person("employee", "sefton"), person("approver", "sefton")
    adult = record(approver, name="Eileen Collins")
    other = record(approver, name="Lav Varshney")
    personal_permission_grant(actor=approver, record=adult, employee=employee, legal_advice="Legal, ref L-12",
                              expires_on=timezone.localdate() + timedelta(days=30))
    client.force_login(employee)
    form = client.get(reverse("posts:personal_check")).content.decode()
    assert "Eileen Collins" in form and "Lav Varshney" not in form
    sent = {"text": "Great day at the open day.", "platform": "facebook",
            "image": SimpleUploadedFile("day.jpg", TWO_FACES, "image/jpeg")}
    refused = client.post(reverse("posts:personal_check"), {**sent, "people": [str(other.pk)]})
    assert refused.status_code == 400 and "Choose only people you have permission for" in refused.content.decode()
    sent["image"] = SimpleUploadedFile("day.jpg", TWO_FACES, "image/jpeg")
    page = client.post(reverse("posts:personal_check"), {**sent, "people": [str(adult.pk)]}).content.decode()
    assert "<strong>Eileen Collins</strong>: you have permission to post them on your own accounts" in page
    assert "1 of the people in it is not among those you have Corporate Communications&#x27; permission" in page
    assert MediaItem.objects.get().tags.get().consent == adult
