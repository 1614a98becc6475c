"""Helpers for the consent tests: records made through the service, an image on a published post."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image

from civicguard.apps.consent.services import ChildDetails, ESignature, Upload, consent_record, declarations_for
from civicguard.apps.media.services import media_upload
from civicguard.apps.posts.models import Post, PostImage
from tests.apps.factories import AccountFactory, council, person


@pytest.fixture(autouse=True)
def store(settings, tmp_path):
    """Each test's own private store, so what was kept (and what was not) can be seen."""
    settings.CIVICGUARD_MEDIA_STORE = tmp_path / "private-media"
    return settings.CIVICGUARD_MEDIA_STORE


def scan(colour: tuple[int, int, int] = (250, 250, 245)) -> bytes:
    """A small JPEG standing in for a scanned, signed form."""
    buf = io.BytesIO()
    Image.new("RGB", (60, 80), colour).save(buf, format="JPEG")
    return buf.getvalue()


def photo(colour: tuple[int, int, int] = (30, 120, 200)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buf, format="PNG")
    return buf.getvalue()


def child(looked_after: str = "never", display: bool = True, **kw: Any) -> ChildDetails:
    fields: dict[str, Any] = dict(
        consent_from="parent", consent_from_name="Dana Parent", age_understanding="",
        file_reference="CF-2026-0042", purpose="To celebrate the children's art in the library's summer show.",
        explained_to_child=True, explained_to_carer=True, not_explained_reason="", looked_after=looked_after,
        display_form=Upload("display.jpg", scan((240, 240, 250))) if display else None)
    return ChildDetails(**{**fields, **kw})


def record(actor: Any, slug: str = "sefton", *, kind: str = "public", name: str = "Alex Resident",
           platforms: tuple[str, ...] = ("facebook",), days: int = 365, eform: bool = False, **kw: Any) -> Any:
    today = timezone.localdate()
    fields: dict[str, Any] = dict(
        person_kind=kind, name=name, platforms=list(platforms), purposes="News posts about the event",
        media_description="Photos at the Southport Flower Show, August 2026", obtained_on=today,
        expires_on=today + timedelta(days=days), told_free_to_refuse=kind == "staff")
    if kind == "child":
        fields["child"] = child()
    if eform:
        signer = name if kind != "child" else fields["child"].consent_from_name
        consent_from = fields["child"].consent_from if kind == "child" else ""
        fields["esignature"] = ESignature(signer, tuple(declarations_for(kind, consent_from)))
    else:
        fields["form"] = Upload("signed-form.jpg", scan())
    return consent_record(actor=actor, council=council(slug), **{**fields, **kw})


def image(uploader: Any, slug: str = "sefton", colour: tuple[int, int, int] = (30, 120, 200)) -> Any:
    return media_upload(actor=uploader, council=council(slug), purpose="post", name="event.png", data=photo(colour))


def published_post(item: Any, author: Any, slug: str = "sefton", status: str = "approved") -> Any:
    """A post on the council's Facebook account carrying `item`, in `status` (made directly: its own workflow is the
    posts app's)."""
    post = Post.objects.create(council=council(slug), account=AccountFactory(council=council(slug)), author=author,
                               text="Our flower show was a great success.", status=status)
    PostImage.objects.create(post=post, media=item, alt_text="People at the flower show")
    return post


@pytest.fixture
def cast(db: Any) -> dict[str, Any]:
    return {role: person(role, "sefton") for role in ("representative", "approver", "legal", "caldicott-guardian",
                                                      "employee")}
