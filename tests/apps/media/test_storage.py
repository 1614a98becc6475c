"""The originals and clean copies are in a private store that no URL reaches: only the logged views serve them."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.urls import reverse

from civicguard.apps.media.services import media_upload
from civicguard.config.settings import base
from tests.apps.factories import person
from tests.apps.media import images


def _inside(path: Path, folder: object) -> bool:
    return folder is not None and path.resolve().is_relative_to(Path(str(folder)).resolve())


def test_the_store_is_outside_every_folder_a_file_server_serves():
    store = Path(base.CIVICGUARD_MEDIA_STORE)
    assert store == base.HOME / "private-media"
    served = [base.MEDIA_ROOT, base.STATIC_ROOT, base.WHITENOISE_ROOT, *(d for _, d in base.STATICFILES_DIRS)]
    assert not any(_inside(store, folder) for folder in served)


def test_neither_file_can_be_fetched_by_url_only_through_the_logged_view(client, st_helens, store):
    rep = person("representative")
    item = media_upload(actor=rep, council=st_helens, purpose="post", name="a.jpg", data=images.jpeg_with_gps())
    assert (store / item.original_path).read_bytes() == images.jpeg_with_gps()
    assert (store / item.original_path).stat().st_mode & 0o077 == 0  # the server's user only
    client.force_login(rep)
    for name in (item.original_path, item.clean_path):
        for prefix in (settings.MEDIA_URL, settings.STATIC_URL, "/private-media/", "/media-items/", "/"):
            assert client.get(prefix + name).status_code == 404, prefix + name
    assert client.get(reverse("media:image", args=[item.pk])).status_code == 200


def test_the_same_image_twice_is_stored_once_and_deleting_one_keeps_the_other_s_files(st_helens, store):
    rep = person("representative")
    first = media_upload(actor=rep, council=st_helens, purpose="post", name="a.png", data=images.png())
    second = media_upload(actor=rep, council=st_helens, purpose="post", name="b.png", data=images.png())
    assert first.original_path == second.original_path and len(list(store.rglob("*.*"))) == 1
    from django.test import TestCase

    from civicguard.apps.media.services import media_delete

    with TestCase.captureOnCommitCallbacks(execute=True):
        media_delete(actor=rep, item=first)
    assert (store / second.original_path).exists() and (store / second.clean_path).exists()
