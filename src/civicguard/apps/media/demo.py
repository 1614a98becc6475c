"""Demo images: one per council, a generated poster (shapes and a line of text, no people), uploaded by the demo
representative for an official post and viewed once by the demo approver, through the services (so both are in
the audit trail and the view log). Idempotent: a council that already has the demo image is left alone."""

from __future__ import annotations

import hashlib
import io
from typing import Any

from civicguard.apps.media import services
from civicguard.apps.media.models import MediaItem

COLOURS = {"st-helens": ((0, 94, 165), (255, 221, 0)), "sefton": ((0, 112, 60), (255, 255, 255))}
WORDS = {"st-helens": "Libraries open late on Thursdays", "sefton": "Southport Pier is open again"}


def poster(slug: str) -> bytes:
    """A small PNG poster for the council: its colours, a few shapes and a line of text (no faces)."""
    from PIL import Image, ImageDraw

    background, accent = COLOURS.get(slug, ((40, 40, 40), (240, 240, 240)))
    img = Image.new("RGB", (480, 270), background)
    draw = ImageDraw.Draw(img)
    draw.rectangle((24, 24, 456, 246), outline=accent, width=6)
    draw.ellipse((330, 60, 430, 160), fill=accent)
    draw.rectangle((60, 180, 300, 200), fill=accent)
    draw.text((60, 80), WORDS.get(slug, "Council news"), fill=accent)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def load(ctx: Any) -> None:
    data = poster(ctx.slug)
    if MediaItem.objects.filter(council=ctx.council, sha256=hashlib.sha256(data).hexdigest()).exists():
        return
    uploader = ctx.people.get("representative")
    if uploader is None:
        return
    item = services.media_upload(actor=uploader, council=ctx.council, purpose="post",
                                 name=f"{ctx.prefix}-poster.png", data=data)
    approver = ctx.people.get("approver")
    if approver is not None and services.media_view_refusal(approver, item) is None:
        services.media_view(actor=approver, item=item)
