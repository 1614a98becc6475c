"""Councils come from their policy packs: loading one records its version, and a change of pack is audited."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction

from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council, ServiceArea
from civicguard.engine import pack_for, shipped_pack_ids
from civicguard.errors import BadInput


def _pack_digest(pack: Any) -> str:
    return hashlib.sha256(pack.model_dump_json().encode("utf-8")).hexdigest()


@transaction.atomic
def council_sync(*, pack_id: str, actor: Any = None) -> Council:
    """Create the council for a pack, or record that its pack changed (`policy.pack.change`)."""
    pack = pack_for(pack_id)
    digest = _pack_digest(pack)
    council = Council.objects.select_for_update().filter(slug=pack.id).first()
    if council is None:
        council = Council.objects.create(slug=pack.id, name=pack.council, pack_version=pack.document.version,
                                         pack_digest=digest)
        audit_record(event="councils.council.create", actor=actor, council=council, subject=council,
                     after={"name": council.name, "pack_version": council.pack_version, "pack_digest": digest})
        return council
    if council.pack_digest != digest or council.name != pack.council:
        before = {"name": council.name, "pack_version": council.pack_version, "pack_digest": council.pack_digest}
        council.name, council.pack_version, council.pack_digest = pack.council, pack.document.version, digest
        council.save(update_fields=["name", "pack_version", "pack_digest"])
        audit_record(event="policy.pack.change", actor=actor, council=council, subject=council, before=before,
                     after={"name": council.name, "pack_version": council.pack_version, "pack_digest": digest})
    return council


def council_for_pack(pack_id: str) -> Council:
    """The council of a shipped pack, created on first use. An unknown id is BadInput naming the known ones."""
    council = Council.objects.filter(slug=pack_id).first()
    if council is not None:
        return council
    if pack_id not in shipped_pack_ids():
        raise BadInput(f"There is no council {pack_id!r}: use one of {', '.join(shipped_pack_ids())}",
                       field="council")
    return council_sync(pack_id=pack_id)


@transaction.atomic
def service_area_add(*, council: Council, name: str, slug: str, actor: Any = None) -> ServiceArea:
    area, created = ServiceArea.objects.get_or_create(council=council, slug=slug, defaults={"name": name})
    if created:
        audit_record(event="councils.service_area.create", actor=actor, council=council, subject=area,
                     after={"name": name})
    return area
