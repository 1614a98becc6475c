"""/api/v1/media-items: upload (multipart or JSON) and an item's facts, with the pages' rules."""

from __future__ import annotations

import base64

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from civicguard.apps.media.models import MediaItem, MediaView
from civicguard.apps.media.services import media_upload
from civicguard.apps.staff.services import token_issue
from tests.apps.factories import person
from tests.apps.media import images
from tests.apps.media.conftest import stored_files


def _api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)}")
    return client


def test_a_multipart_upload_answers_the_item_without_its_location(st_helens):
    rep = person("representative")
    response = _api(rep).post("/api/v1/media-items", {
        "council": "st-helens", "purpose": "post",
        "file": SimpleUploadedFile("x.jpg", images.jpeg_with_gps(), "image/jpeg")}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["location_removed"] is True and body["device_removed"] is True
    assert (body["width"], body["height"], body["uploaded_by"]) == (20, 40, rep.username)
    assert _api(rep).get(f"/api/v1/media-items/{body['id']}").json()["sha256"] == body["sha256"]


def test_a_json_upload_of_a_pdf_called_jpg_is_refused_and_nothing_is_stored(st_helens, store):
    response = _api(person("representative")).post("/api/v1/media-items", {
        "council": "st-helens", "purpose": "post", "name": "photo.jpg",
        "content_base64": base64.b64encode(images.PDF).decode()}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("The file is a PDF document, not an image")
    assert not MediaItem.objects.exists() and stored_files(store) == []


def test_a_bomb_through_the_api_is_refused_with_the_same_words(st_helens):
    response = _api(person("employee")).post("/api/v1/media-items", {
        "council": "st-helens", "purpose": "personal-check",
        "file": SimpleUploadedFile("b.png", images.png_bomb(), "image/png")}, format="multipart")
    assert response.status_code == 400 and "decompression bomb" in response.json()["error"]["message"]


def test_another_council_s_item_is_404_and_reading_facts_is_not_a_view(st_helens, sefton):
    item = media_upload(actor=person("representative"), council=st_helens, purpose="post", name="a.png",
                        data=images.png())
    assert _api(person("approver", "sefton")).get(f"/api/v1/media-items/{item.pk}").status_code == 404
    assert _api(person("employee")).get(f"/api/v1/media-items/{item.pk}").status_code == 404
    assert _api(person("legal")).get(f"/api/v1/media-items/{item.pk}").status_code == 200
    assert not MediaView.objects.exists()


def test_an_employee_may_not_upload_for_an_official_post(st_helens):
    response = _api(person("employee")).post("/api/v1/media-items", {
        "council": "st-helens", "purpose": "post", "content_base64": base64.b64encode(images.png()).decode()},
        format="json")
    assert response.status_code == 403 and not MediaItem.objects.exists()
