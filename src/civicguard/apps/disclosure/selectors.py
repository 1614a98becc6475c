"""What the disclosure pages list: the council's requests, the disclosure log, the purge log."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from civicguard.apps.access.checks import can
from civicguard.apps.councils.models import Council
from civicguard.apps.disclosure.models import Disclosure, DisclosureRequest, PurgeLog


def requests(*, user: Any, council: Council) -> QuerySet[DisclosureRequest]:
    if not can(user, "disclosure.log", council):
        return DisclosureRequest.objects.none()
    return DisclosureRequest.objects.filter(council=council).select_related("opened_by")


def disclosures(*, user: Any, council: Council) -> QuerySet[Disclosure]:
    if not can(user, "disclosure.log", council):
        return Disclosure.objects.none()
    return Disclosure.objects.filter(request__council=council).select_related("request", "disclosed_by")


def purges(*, user: Any, council: Council) -> QuerySet[PurgeLog]:
    if not can(user, "disclosure.log", council):
        return PurgeLog.objects.none()
    return PurgeLog.objects.filter(council=council)
