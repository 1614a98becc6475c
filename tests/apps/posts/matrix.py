"""The permission matrix's rows for a post's images (see tests/apps/matrix.py).

The matrix's draft (by the St Helens representative, "the author") carries an image uploaded through the media app.
Only its author may take it off the draft; everyone else is stopped by the page (post.draft: 403)."""

from __future__ import annotations

import io
from typing import Any

from civicguard.apps.consent.models import Tag
from civicguard.apps.posts.models import PostImage
from civicguard.apps.posts.services import image_add
from tests.apps.matrix import page, roles

AUTHORS = roles("representative")  # post.draft; the service lets only the author change the draft
LEGEND: dict[str, frozenset[str]] = {}


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 6), (30, 90, 160)).save(buf, format="PNG")
    return buf.getvalue()


BODIES: dict[str, Any] = {
    "posts: tag a person by name": lambda w: {"face": "missed", "consent": "", "name": "Sam Reader"},
}
TARGETS = {"post_image", "post_tag"}


def build(world: Any) -> dict[str, Any]:
    image = image_add(post=world.draft, actor=world.author, name="quillfeather-shelf.png", data=_png(),
                      alt_text="Quillfeather Library's new shelves", tagged_people="Quillfeather Reader")
    return {"post_image": image, "post_tag": Tag.objects.get(media_item=image.media)}


def state(council: Any) -> tuple[Any, ...]:
    return (list(PostImage.objects.filter(post__council=council).order_by("pk").values_list("pk", "post_id")),
            list(Tag.objects.filter(media_item__council=council).order_by("pk").values_list("pk", "name")))


ROWS = {
    ("posts:image_remove", "POST", ""): page(AUTHORS, target="post_image", changes=True,
                                             note="the draft's author only, while a draft or returned"),
    ("posts:image_tag", "POST", ""): page(AUTHORS, target="post_image", body="posts: tag a person by name",
                                          changes=True, note="the draft's author only (consent.tag too)"),
    ("posts:tag_remove", "POST", ""): page(AUTHORS, target="post_tag", changes=True,
                                           note="the draft's author only, while a draft or returned"),
}
