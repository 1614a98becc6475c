"""POST /api/v1/checks with uploaded images (multipart/form-data): judged by their content, then checked."""

import io
import json
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from civicguard.apps.staff.services import role_assign, token_issue
from civicguard.engine import Engine
from civicguard.engine.model import Content, Context, ImageRef
from tests.apps.factories import council, person

sys.path.insert(0, str(Path(__file__).parents[2]))
from image_packs import UNTAGGED, drawn, image_rules, plain_png  # noqa: E402,F401

pytestmark = pytest.mark.usefixtures("image_rules")

TEXT = "Our volunteers at the Sherdley Park clean-up."
REQUEST = {"text": TEXT, "council": "st-helens", "as": "official"}


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)}")
    return client


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def send(client, images, *, payload=None, **fields):
    body = {**({"payload": json.dumps(payload)} if payload is not None else {}), **fields,
            "image": [upload(name, data) for name, data in images]}
    return client.post("/api/v1/checks", body, format="multipart")


def _error(response):
    assert response.status_code == 400, response.content
    return response.json()["error"]


def test_an_untagged_face_in_an_uploaded_image_blocks_the_post():
    response = send(api(person("representative")), [("volunteers.jpg", drawn(2)[0])], payload=REQUEST,
                    tagged_people=["Mary Jones"])
    assert response.status_code == 200, response.content
    (finding,) = [f for f in response.json()["findings"] if f["rule"] == UNTAGGED]
    assert response.json()["verdict"] == "block"
    assert finding["message"] == "Image volunteers.jpg shows 1 untagged face(s)."


def test_the_findings_are_those_of_the_command_line_and_the_engine_for_the_same_bytes():
    data = drawn(2)[0]
    response = send(api(person("representative")), [("volunteers.jpg", data)], payload=REQUEST,
                    tagged_people=["Mary Jones"])
    image = ImageRef(ref="volunteers.jpg", tagged_people=("Mary Jones",), data=data)
    direct = Engine.for_council("st-helens").check(Content(text=TEXT, images=(image,)),
                                                   Context(council="st-helens", channel="official"))
    assert response.json()["findings"] == direct.to_dict()["findings"]


def test_the_request_can_be_sent_as_fields_with_one_tag_list_per_image():
    response = send(api(person("representative")), [("a.jpg", drawn(2)[0]), ("b.png", plain_png())],
                    text=TEXT, council="st-helens", **{"as": "official"},
                    tagged_people=["Mary Jones, Sam Green", ""], politically_restricted="false")
    assert response.status_code == 200, response.content
    assert UNTAGGED not in [f["rule"] for f in response.json()["findings"]]
    assert response.json()["politically_restricted"] is False


@pytest.mark.parametrize(("name", "data", "words"), [
    ("letter.jpg", b"%PDF-1.7\n1 0 obj << >> endobj\n", "not an image"),
    ("clip.jpg", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, "video"),
    ("cut.jpg", drawn(1)[0][:400], "damaged or truncated"),
    ("empty.jpg", b"", "empty"),
])
def test_a_file_that_is_not_a_usable_image_is_refused_by_its_content(name, data, words):
    error = _error(send(api(person("representative")), [(name, data)], payload=REQUEST))
    assert error["field"] == "image" and name in error["message"] and words in error["message"]


def test_the_media_size_and_pixel_limits_apply(settings):
    client = api(person("representative"))
    settings.CIVICGUARD_MAX_IMAGE_PIXELS = 100_000  # drawn faces are 640 x 480 = 307,200 pixels
    error = _error(send(client, [("big.jpg", drawn(1)[0])], payload=REQUEST))
    assert "307,200" not in error["message"] and "640x480 pixels, over the limit of 100,000" in error["message"]
    settings.CIVICGUARD_MAX_IMAGE_PIXELS = 40_000_000
    settings.CIVICGUARD_MAX_UPLOAD_BYTES = 2_000
    error = _error(send(client, [("heavy.jpg", drawn(1)[0])], payload=REQUEST))
    assert "bytes, over the limit of 2,000" in error["message"]


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    buf = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buf, "PNG")  # 144 megapixels in a small file
    assert len(buf.getvalue()) < 100_000
    error = _error(send(api(person("representative")), [("bomb.png", buf.getvalue())], payload=REQUEST))
    assert "decompression bomb" in error["message"]


def test_tags_must_come_one_per_image_and_the_payload_must_be_json():
    client = api(person("representative"))
    error = _error(send(client, [("a.jpg", drawn(1)[0])], payload=REQUEST, tagged_people=["A", "B"]))
    assert error["field"] == "tagged_people" and "one tagged_people field for each image (1 sent)" in error["message"]
    error = _error(client.post("/api/v1/checks", {"payload": "{not json", "image": [upload("a.jpg", plain_png())]},
                               format="multipart"))
    assert error["field"] == "payload"
    error = _error(send(client, [(f"{n}.png", plain_png()) for n in range(5)], payload=REQUEST))
    assert "image" in error["fields"]


def test_roles_are_checked_as_for_a_check_without_images():
    employee = person("employee")
    assert send(api(employee), [("a.jpg", drawn(1)[0])], payload=REQUEST).status_code == 403
    role_assign(user=employee, council=council("st-helens"), role="representative")
    assert send(api(employee), [("a.jpg", drawn(1)[0])], payload=REQUEST).status_code == 200


def test_bodies_over_the_limits_get_413_in_the_api_shape(settings):
    client = api(person("representative"))
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20_000
    settings.CIVICGUARD_MAX_UPLOAD_BYTES = 20_000  # four images and the fields: 100,000 bytes
    response = send(client, [("a.png", bytes(120_000))], payload=REQUEST)
    assert response.status_code == 413 and "at most 4 images" in response.json()["error"]["message"]
    response = client.post("/api/v1/checks", {**REQUEST, "text": "x" * 30_000}, format="json")
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"


def test_the_schema_documents_the_upload():
    schema = APIClient().get("/api/schema", {"format": "json"}).json()
    body = schema["paths"]["/api/v1/checks"]["post"]["requestBody"]["content"]
    form = body["multipart/form-data"]["schema"]
    fields = schema["components"]["schemas"][form["$ref"].rsplit("/", 1)[1]]["properties"]
    assert fields["image"]["type"] == "array" and fields["image"]["items"]["format"] == "binary"
    assert {"payload", "tagged_people", "as"} <= set(fields) and "application/json" in body
