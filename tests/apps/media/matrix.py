"""The permission matrix's rows for photos (see tests/apps/matrix.py).

The St Helens representative of the matrix ("the author") uploaded an image for an official post. Its uploader,
the approvers and Legal see it (media.view); anyone else in St Helens is told it does not exist (404). Looking at
the picture or downloading it is logged, so those rows change St Helens' state."""

from __future__ import annotations

import base64
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from civicguard.apps.media.models import MediaItem, MediaView
from civicguard.apps.media.services import media_upload
from tests.apps.matrix import ALL, api, page, roles

UPLOADERS = roles("representative")          # media.upload
VIEWERS = roles("approver", "legal")         # media.view
LEGEND = {"media.upload": UPLOADERS, "media.view": VIEWERS}
READERS = UPLOADERS | VIEWERS                # the uploader (the author), the approvers and Legal
NOT_READERS = ALL - READERS


def _png(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (6, 4), colour).save(buf, format="PNG")
    return buf.getvalue()


PNG = _png((20, 120, 200))

BODIES = {
    "media: an image for a post": lambda w: {"purpose": "post",
                                             "file": SimpleUploadedFile("shelf.png", PNG, "image/png")},
    "media: an image for a personal check": lambda w: {"purpose": "personal-check",
                                                       "file": SimpleUploadedFile("shelf.png", PNG, "image/png")},
    "media: an image for a post (API)": lambda w: {"council": "st-helens", "purpose": "post", "name": "shelf.png",
                                                   "content_base64": base64.b64encode(PNG).decode()},
    "media: an image for a personal check (API)": lambda w: {"council": "st-helens", "purpose": "personal-check",
                                                             "content_base64": base64.b64encode(PNG).decode()},
}

TARGETS = {"media_item"}


def build(world: Any) -> dict[str, Any]:
    return {"media_item": media_upload(actor=world.author, council=world.council, purpose="post",
                                       name="quillfeather-reading-room.png", data=_png((200, 30, 30)))}


def state(council: Any) -> tuple[Any, ...]:
    return (list(MediaItem.objects.filter(council=council).order_by("pk").values_list("pk", "deleted")),
            MediaView.objects.filter(item__council=council).count())


ROWS = {
    ("media:list", "GET", ""): page(ALL, shows=READERS, note="one's own images, and the council's for media.view"),
    ("media:new", "GET", ""): page(ALL),
    ("media:new", "POST", ""): page(UPLOADERS, body="media: an image for a post", changes=True, gate=UPLOADERS,
                                    note="for an official post: the staff who draft (media.upload)"),
    ("media:new", "POST", "personal-check"): page(ALL, body="media: an image for a personal check", changes=True,
                                                  note="for a personal post: anyone (personal.check)"),
    ("media:detail", "GET", ""): page(READERS, target="media_item", gate=ALL, shows=READERS, hidden=NOT_READERS,
                                      note="the uploader, the approvers and Legal"),
    ("media:image", "GET", ""): page(READERS, target="media_item", gate=ALL, changes=True, hidden=NOT_READERS,
                                     note="the clean copy, shown inline; every look is logged (Sefton 5.5.4.9)"),
    ("media:download", "GET", ""): page(READERS, target="media_item", gate=ALL, changes=True, hidden=NOT_READERS,
                                        note="the clean copy as a download; logged"),
    ("media:delete", "POST", ""): page(UPLOADERS, target="media_item", gate=ALL, changes=True, hidden=NOT_READERS,
                                       note="its uploader only (approvers and Legal, who see it: 403)"),
    ("api-media-items", "POST", ""): api(UPLOADERS, body="media: an image for a post (API)", changes=True),
    ("api-media-items", "POST", "personal-check"): api(ALL, body="media: an image for a personal check (API)",
                                                       changes=True),
    ("api-media-item", "GET", ""): api(READERS, target="media_item", hidden=NOT_READERS, shows=READERS),
}
