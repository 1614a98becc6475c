"""The permission matrix's rows for a post's images (see tests/apps/matrix.py).

The matrix's draft (by the St Helens representative, "the author") carries an image uploaded through the media app.
Only its author may take it off the draft; everyone else is stopped by the page (post.draft: 403)."""

from __future__ import annotations

import io
from typing import Any

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


BODIES: dict[str, Any] = {}
TARGETS = {"post_image"}


def build(world: Any) -> dict[str, Any]:
    return {"post_image": image_add(post=world.draft, actor=world.author, name="quillfeather-shelf.png",
                                    data=_png(), alt_text="Quillfeather Library's new shelves")}


def state(council: Any) -> tuple[Any, ...]:
    return (list(PostImage.objects.filter(post__council=council).order_by("pk").values_list("pk", "post_id")),)


ROWS = {
    ("posts:image_remove", "POST", ""): page(AUTHORS, target="post_image", changes=True,
                                             note="the draft's author only, while a draft or returned"),
}
