"""The pages: upload, an image's page, the logged view and download of the clean copy, delete."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.media.models import MediaItem, MediaView
from civicguard.apps.media.services import media_upload
from tests.apps.factories import person
from tests.apps.media import images
from tests.apps.media.conftest import stored_files


def _upload(client, user, name, data, purpose="post"):
    client.force_login(user)
    return client.post(reverse("media:new"), {"purpose": purpose, "file": SimpleUploadedFile(name, data,
                                                                                             "image/jpeg")})


def test_an_uploaded_jpeg_s_download_has_no_gps_and_the_page_says_it_was_removed(client, st_helens):
    rep = person("representative")
    response = _upload(client, rep, "holiday.jpg", images.jpeg_with_gps())
    item = MediaItem.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("media:detail", args=[item.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Removed: the file as uploaded recorded where it was taken" in page
    assert "20 × 40" in page and reverse("media:image", args=[item.pk]) in page
    download = client.get(reverse("media:download", args=[item.pk]))
    assert download["Content-Type"] == "image/jpeg" and download["Content-Disposition"].startswith("attachment")
    exif, gps, _ = images.exif_of(download.content)
    assert gps == {} and exif == {}
    with Image.open(io.BytesIO(download.content)) as img:
        assert img.size == (20, 40)


def test_a_decompression_bomb_is_refused_with_a_clear_message_and_nothing_is_stored(client, st_helens, store):
    response = _upload(client, person("representative"), "bomb.png", images.png_bomb())
    page = response.content.decode()
    assert response.status_code == 400
    assert "more pixels than the 40,000,000 allowed" in page and "decompression bomb" in page
    assert "govuk-error-summary" in page
    assert not MediaItem.objects.exists() and stored_files(store) == []
    assert not AuditEntry.objects.filter(event="media.item.upload").exists()


def test_a_pdf_named_jpg_is_refused_as_a_pdf(client, st_helens, store):
    response = _upload(client, person("representative"), "photo.jpg", images.PDF)
    assert response.status_code == 400 and "The file is a PDF document, not an image" in response.content.decode()
    assert not MediaItem.objects.exists() and stored_files(store) == []


def test_a_damaged_video_is_refused_with_the_reason(client, st_helens):
    response = _upload(client, person("employee"), "clip.mp4", images.MP4, purpose="personal-check")
    assert response.status_code == 400 and "The video file is damaged" in response.content.decode()


def test_every_view_and_download_is_logged_and_audited(client, st_helens):
    rep = person("representative")
    item = media_upload(actor=rep, council=st_helens, purpose="post", name="poster.png", data=images.png())
    approver, legal = person("approver"), person("legal")
    for user in (approver, legal, rep):
        client.force_login(user)
        assert client.get(reverse("media:image", args=[item.pk])).status_code == 200
    client.force_login(legal)
    assert client.get(reverse("media:download", args=[item.pk])).status_code == 200
    seen = list(MediaView.objects.order_by("pk").values_list("viewer__username", "action"))
    assert seen == [(approver.username, "view"), (legal.username, "view"), (rep.username, "view"),
                    (legal.username, "download")]
    audited = list(AuditEntry.objects.filter(event__in=["media.item.view", "media.item.download"])
                   .order_by("pk").values_list("actor", "event"))
    assert audited == [(approver.username, "media.item.view"), (legal.username, "media.item.view"),
                       (rep.username, "media.item.view"), (legal.username, "media.item.download")]
    client.force_login(rep)
    page = client.get(reverse("media:detail", args=[item.pk])).content.decode()
    assert "4 times" in page and legal.username in page and "Downloaded" in page


def test_another_council_s_item_is_not_found_and_its_look_is_not_logged(client, st_helens, sefton):
    item = media_upload(actor=person("representative"), council=st_helens, purpose="post", name="a.png",
                        data=images.png())
    client.force_login(person("approver", "sefton"))
    for name in ("media:detail", "media:image", "media:download"):
        assert client.get(reverse(name, args=[item.pk])).status_code == 404
    assert not MediaView.objects.exists()


def test_a_personal_post_s_image_is_its_uploader_s_alone(client, st_helens):
    employee = person("employee")
    item = media_upload(actor=employee, council=st_helens, purpose="personal-check", name="me.png",
                        data=images.png())
    client.force_login(person("approver"))
    assert client.get(reverse("media:detail", args=[item.pk])).status_code == 404
    client.force_login(employee)
    assert client.get(reverse("media:detail", args=[item.pk])).status_code == 200


def test_an_employee_cannot_upload_for_an_official_post(client, st_helens):
    response = _upload(client, person("employee"), "a.png", images.png(), purpose="post")
    assert response.status_code == 403 and not MediaItem.objects.exists()
    client.force_login(person("employee"))
    page = client.get(reverse("media:new")).content.decode()
    assert 'value="personal-check"' in page and 'value="post"' not in page


def test_the_uploader_deletes_an_item_its_files_go_and_the_record_and_views_stay(client, st_helens, store):
    rep = person("representative")
    item = media_upload(actor=rep, council=st_helens, purpose="post", name="a.png", data=images.png())
    client.force_login(rep)
    client.get(reverse("media:image", args=[item.pk]))
    approver = person("approver")
    client.force_login(approver)
    assert client.post(reverse("media:delete", args=[item.pk])).status_code == 403
    client.force_login(rep)
    page = client.get(reverse("media:detail", args=[item.pk])).content.decode()
    assert "Delete the image" in page
    with django_capture_on_commit():
        response = client.post(reverse("media:delete", args=[item.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.deleted is not None and item.deleted_by == rep and MediaView.objects.filter(item=item).count() == 1
    assert stored_files(store) == []
    assert client.get(reverse("media:image", args=[item.pk])).status_code == 404
    assert "Its files were erased" in client.get(reverse("media:detail", args=[item.pk])).content.decode()
    assert AuditEntry.objects.filter(event="media.item.delete", actor=rep.username).exists()


def django_capture_on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_a_download_from_outside_the_council_s_networks_is_refused_and_audited(client, st_helens, settings):
    settings.CIVICGUARD_WORK_NETWORKS = "10.0.0.0/8"
    rep = person("representative")
    item = media_upload(actor=rep, council=st_helens, purpose="post", name="a.png", data=images.png())
    client.force_login(rep)
    response = client.get(reverse("media:download", args=[item.pk]), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 403 and "own network, on a council device" in response.content.decode()
    assert not MediaView.objects.exists()
    assert AuditEntry.objects.filter(event="media.item.download_refuse", actor=rep.username).exists()
    assert client.get(reverse("media:download", args=[item.pk]), REMOTE_ADDR="10.1.2.3").status_code == 200


def test_the_list_shows_one_s_own_images_and_to_approvers_the_council_s_official_ones(client, st_helens):
    rep, employee = person("representative"), person("employee")
    media_upload(actor=rep, council=st_helens, purpose="post", name="library-poster.png", data=images.png())
    media_upload(actor=employee, council=st_helens, purpose="personal-check", name="my-dog.png", data=images.png())
    client.force_login(person("approver"))
    page = client.get(reverse("media:list")).content.decode()
    assert "library-poster.png" in page and "my-dog.png" not in page
    client.force_login(employee)
    page = client.get(reverse("media:list")).content.decode()
    assert "my-dog.png" in page and "library-poster.png" not in page and 'href="/media-items/"' in page
