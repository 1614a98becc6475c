"""Councils follow their packs; a change of pack is an audited decision."""

import pytest

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.councils.models import Council
from civicguard.apps.councils.services import council_for_pack, council_sync
from civicguard.errors import BadInput


def test_loading_a_pack_creates_its_council_once():
    first = council_sync(pack_id="sefton")
    again = council_sync(pack_id="sefton")
    assert first.pk == again.pk and first.name == "Sefton Council"
    assert AuditEntry.objects.filter(event="councils.council.create").count() == 1


def test_a_changed_pack_is_recorded_with_before_and_after():
    council = council_sync(pack_id="st-helens")
    Council.objects.filter(pk=council.pk).update(pack_digest="0" * 64, pack_version="old")
    council_sync(pack_id="st-helens")
    entry = AuditEntry.objects.get(event="policy.pack.change")
    assert entry.before["pack_version"] == "old" and entry.after["pack_digest"] != "0" * 64


def test_an_unknown_council_is_refused_naming_the_known_ones():
    with pytest.raises(BadInput, match="There is no council 'atlantis': use one of sefton, st-helens"):
        council_for_pack("atlantis")
