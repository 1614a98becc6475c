"""Video uploaded to a draft post or a personal check: accepted by its content, refused with a reason a person can
act on, kept with its location and device data blanked (not re-encoded), checked on sampled frames, shown on the
draft page as its frame with the most faces, boxed, with the second it came from and a logged download."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.consent.models import Tag
from civicguard.apps.media import storage
from civicguard.apps.media.models import MediaItem, MediaView
from civicguard.apps.media.services import item_facts, media_delete, media_upload, media_view
from civicguard.apps.posts import services as posts
from civicguard.apps.posts.models import Post
from civicguard.errors import BadInput
from tests.apps.consent.conftest import record
from tests.apps.factories import person
from tests.apps.media.conftest import stored_files
from tests.apps.posts.test_images import draft
from tests.engine.images.test_video import make_video, with_phone_metadata

SCENES = [("no_face.jpg", 2), ("two_faces.jpg", 2), ("one_face.jpg", 1)]


def _upload(council, data, *, actor=None, name="open-day.mp4"):
    return media_upload(actor=actor or person("representative"), council=council, purpose="post", name=name,
                        data=data)


def test_a_phone_video_is_kept_without_its_location_and_device_and_checked_on_its_frames(
        st_helens, tmp_path, store, django_capture_on_commit_callbacks):
    data = with_phone_metadata(make_video(tmp_path, SCENES))
    with django_capture_on_commit_callbacks(execute=True):  # the worker's analysis, queued on commit
        item = _upload(st_helens, data)
    item.refresh_from_db()
    assert item.kind == "video" and item.content_type == "video/mp4" and item.duration == pytest.approx(5.0)
    assert (item.width, item.height) == (1024, 512)
    assert item.location_removed and item.device_removed and item.metadata_removed
    clean = storage.read(item.clean_path)
    assert len(clean) == len(data) and b"+53.4808" not in clean and b"iPhone" not in clean
    assert storage.read(item.original_path) == data  # the original is kept as the evidence of what was uploaded
    facts = item.image_facts()
    assert facts.ok and facts.frames == 5 and len(facts.faces) == 2 and 2 <= facts.frame_second < 4
    entry = AuditEntry.objects.get(event="media.item.upload")
    assert entry.after["kind"] == "video" and entry.after["seconds"] == pytest.approx(5.0)
    # A look shows the poster frame (a JPEG), a download hands out the clean video; both are logged.
    uploader = item.uploaded_by
    poster = media_view(actor=uploader, item=item, action="view")
    assert poster.startswith(b"\xff\xd8")
    assert media_view(actor=uploader, item=item, action="download") == clean
    assert list(MediaView.objects.filter(item=item).values_list("action", flat=True).order_by("id")) == \
        ["view", "download"]
    with django_capture_on_commit_callbacks(execute=True):
        media_delete(actor=uploader, item=item)
    assert stored_files(store) == []  # the original, the clean copy and the poster are erased


@pytest.mark.parametrize(("fourcc", "content_type"), [("VP90", "video/webm"), ("MJPG", "video/x-matroska")])
def test_webm_and_matroska_are_accepted_too(st_helens, tmp_path, fourcc, content_type):
    item = _upload(st_helens, make_video(tmp_path, [("two_faces.jpg", 1)], fourcc=fourcc), name="clip")
    assert item.kind == "video" and item.content_type == content_type and item_facts(item).ok


def _refusal(council, data) -> BadInput:
    with pytest.raises(BadInput) as refused:
        _upload(council, data)
    return refused.value


def test_a_truncated_video_is_refused_and_nothing_is_kept(st_helens, tmp_path, store):
    data = make_video(tmp_path, SCENES)
    refused = _refusal(st_helens, data[: len(data) // 2])
    assert refused.message.startswith("The video file is incomplete: it stops part-way through")
    assert not MediaItem.objects.exists() and stored_files(store) == []


def test_a_text_file_named_like_a_video_is_refused_for_what_it_is(st_helens):
    refused = _refusal(st_helens, b"<html><body>not really a film</body></html>")
    assert "The file is a text or web page file, not an image or video CivicGuard accepts" in refused.message
    assert "MP4, MOV, WebM or MKV" in refused.message


def test_an_avi_video_is_refused_with_what_to_do(st_helens, tmp_path):
    refused = _refusal(st_helens, make_video(tmp_path, [("no_face.jpg", 1)], fourcc="MJPG", suffix="avi",
                                             size=(64, 32)))
    assert "an AVI video" in refused.message and "MP4, MOV, WebM or MKV" in refused.message


def test_a_video_longer_than_the_council_s_limit_is_refused(st_helens, tmp_path, settings):
    settings.CIVICGUARD_MAX_VIDEO_SECONDS = 3
    refused = _refusal(st_helens, make_video(tmp_path, [("no_face.jpg", 5)], size=(64, 32)))
    assert refused.message.startswith("The video is longer than the 0:03 (minutes:seconds) allowed")


def test_a_video_over_the_size_or_pixel_limit_is_refused(st_helens, tmp_path, settings):
    data = make_video(tmp_path, [("no_face.jpg", 1)], size=(320, 160))
    settings.CIVICGUARD_MAX_IMAGE_PIXELS = 320 * 160 - 1
    assert "320 × 160 pixels, more than the 51,199 allowed" in _refusal(st_helens, data).message
    settings.CIVICGUARD_MAX_UPLOAD_BYTES = len(data) - 1
    assert "larger than" in _refusal(st_helens, data).message


def test_a_video_whose_frame_cannot_be_analysed_goes_to_a_person(st_helens, tmp_path, monkeypatch):
    from civicguard.engine.images import analyse

    def broken(data, **_):
        raise RuntimeError("the model fell over")

    monkeypatch.setattr(analyse, "facts_from_bytes", broken)
    item = _upload(st_helens, make_video(tmp_path, [("two_faces.jpg", 2)], size=(320, 160)))
    facts = item_facts(item)
    assert not facts.ok and "has a frame (at 0:00) that could not be analysed" in facts.error


def test_the_draft_page_takes_a_video_and_shows_its_frame_with_most_faces_boxed(client, tmp_path):
    post, author = draft()
    client.force_login(author)
    data = make_video(tmp_path, SCENES)
    response = client.post(reverse("posts:new"), {
        "account": str(post.account.pk), "text": "Our open day, on film.", "links": "",
        "image": SimpleUploadedFile("open-day.mp4", data, "video/mp4"), "alt_text": "Two visitors"})
    assert response.status_code == 302
    created = Post.objects.exclude(pk=post.pk).get()
    image = created.images.get()
    item = image.media
    assert item.kind == "video"
    posts.post_check(post=created, actor=author)
    page = client.get(reverse("posts:detail", args=[created.pk])).content.decode()
    svg = re.search(r"<svg class=\"cg-image\".*?</svg>", page, re.S).group(0)
    assert f'href="{reverse("media:image", args=[item.pk])}"' in svg and svg.count('data-testid="face-box"') == 2
    assert "(a video, 0:05 long)" in page and "The frame at 0:02 (minutes:seconds), the one with the most faces" in page
    assert f'href="{reverse("media:download", args=[item.pk])}" download>Download the video</a>' in page
    assert "5 frames were checked, about one a second" in page
    assert "2 faces (in its frame at 0:02, the one with the most) in image 1 (open-day.mp4)" in page
    poster = client.get(reverse("media:image", args=[item.pk]))
    assert poster.status_code == 200 and poster["Content-Type"] == "image/jpeg"
    download = client.get(reverse("media:download", args=[item.pk]))
    assert download["Content-Type"] == "video/mp4" and 'filename="video-' in download["Content-Disposition"]
    # Tagging works as for a photo: the tag hangs on the media item, on the face's box in the poster frame.
    adult = record(author, name="Eileen Collins")
    response = client.post(reverse("posts:image_tag", args=[image.pk]), {"face": "1", "consent": str(adult.pk)})
    assert response.status_code == 302 and Tag.objects.get().media_item == item
    page = client.get(reverse("posts:detail", args=[created.pk])).content.decode()
    assert "<strong>Eileen Collins</strong>: written consent on record for this platform" in page
    assert "1 face is not tagged" in page


def test_a_personal_check_takes_a_video_kept_for_its_uploader_only(client, tmp_path):
    employee = person("employee", "sefton")
    client.force_login(employee)
    response = client.post(reverse("posts:personal_check"), {
        "text": "Our team at the fun run.",
        "image": SimpleUploadedFile("run.webm", make_video(tmp_path, SCENES, fourcc="VP90"), "video/webm")})
    page = response.content.decode()
    assert response.status_code == 200 and "Faces found: 2" in page and "(a video, 0:05 long)" in page
    item = MediaItem.objects.get()
    assert item.kind == "video" and item.purpose == "personal-check" and item.uploaded_by == employee
    detail = client.get(reverse("media:detail", args=[item.pk])).content.decode()
    assert "5.0 seconds, checked on about one frame a second" in detail
    client.force_login(person("approver", "sefton"))
    assert client.get(reverse("media:image", args=[item.pk])).status_code == 404
