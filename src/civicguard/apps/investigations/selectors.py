"""Reading investigations and authorisations. Whether a person reads a record is asked of
civicguard.apps.access.confidential for each one (the investigation's officers and the Authorising Officers), never
decided here."""

from __future__ import annotations

from typing import Any

from civicguard.apps.access.confidential import may_read_authorisation, may_read_investigation
from civicguard.apps.councils.models import Council
from civicguard.apps.investigations.models import Authorisation, Investigation, ProfileView
from civicguard.errors import NotFound


def investigations(*, user: Any, council: Council) -> list[Investigation]:
    """The council's investigations `user` may read, newest first."""
    found = Investigation.objects.filter(council=council).select_related("opened_by").prefetch_related("officers")
    return [i for i in found.order_by("-opened_at", "-id") if may_read_investigation(user, i)]


def investigation(*, user: Any, council: Council, pk: int) -> Investigation:
    found = Investigation.objects.filter(council=council, pk=pk).first()
    if found is None or not may_read_investigation(user, found):
        raise NotFound("No such investigation among yours")
    return found


def authorisation(*, user: Any, council: Council, pk: int) -> Authorisation:
    found = (Authorisation.objects.filter(investigation__council=council, pk=pk)
             .select_related("investigation", "applicant", "authorising_officer").first())
    if found is None or not may_read_authorisation(user, found):
        raise NotFound("No such authorisation among yours")
    return found


def authorisations(*, user: Any, council: Council) -> list[Authorisation]:
    found = (Authorisation.objects.filter(investigation__council=council)
             .select_related("investigation", "applicant", "authorising_officer").order_by("-applied_at", "-id"))
    return [a for a in found if may_read_authorisation(user, a)]


def views(*, user: Any, council: Council) -> list[ProfileView]:
    readable = {i.pk for i in investigations(user=user, council=council)}
    return list(ProfileView.objects.filter(investigation_id__in=readable)
                .select_related("investigation", "officer").order_by("-viewed_at", "-id"))
