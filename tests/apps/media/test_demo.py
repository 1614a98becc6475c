"""The demo's images: one per council, no people in it, viewed once by the approver; loading twice changes nothing."""

from __future__ import annotations

from types import SimpleNamespace

from civicguard.apps.media import demo
from civicguard.apps.media.models import MediaItem, MediaView
from tests.apps.factories import person


def test_the_demo_loads_one_image_per_council_and_is_idempotent(st_helens, sefton):
    for council in (st_helens, sefton):
        ctx = SimpleNamespace(slug=council.slug, prefix=council.slug[:3], council=council,
                              people={"representative": person("representative", council.slug),
                                      "approver": person("approver", council.slug)})
        demo.load(ctx)
        demo.load(ctx)
    assert MediaItem.objects.filter(council=st_helens).count() == 1
    assert MediaItem.objects.filter(council=sefton).count() == 1
    assert MediaView.objects.count() == 2
    assert demo.poster("st-helens") != demo.poster("sefton")
