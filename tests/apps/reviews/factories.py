"""Objects for the reviews tests: live accounts, service areas with a manager, documents to upload."""

from __future__ import annotations

from typing import Any

from civicguard.apps.councils.models import ServiceArea
from civicguard.apps.people.models import AreaManager
from civicguard.apps.reviews.demo import docx, odt, pdf
from civicguard.apps.social_accounts.models import AccountStatus
from tests.apps.factories import AccountFactory, council, person, staff_record

__all__ = ["docx", "odt", "pdf", "live_account", "area", "managed_area", "manager"]


def live_account(slug: str = "st-helens", **fields: Any) -> Any:
    fields.setdefault("status", AccountStatus.LIVE)
    return AccountFactory(council=council(slug), **fields)


def area(name: str = "Libraries", slug: str = "st-helens") -> ServiceArea:
    return ServiceArea.objects.create(council=council(slug), slug=name.lower().replace(" ", "-"), name=name)


def manager(role: str = "service-manager", slug: str = "st-helens", **fields: Any) -> tuple[Any, Any]:
    """A person holding `role` and their staff record (linked to their sign-in)."""
    user = person(role, slug)
    return user, staff_record(slug, user=user, name=fields.pop("name", f"Manager {user.username}"), **fields)


def managed_area(name: str = "Libraries", slug: str = "st-helens") -> tuple[ServiceArea, Any, Any]:
    """A service area whose manager on HR's records is a service manager: (area, their user, their record)."""
    where = area(name, slug)
    user, record = manager("service-manager", slug)
    AreaManager.objects.create(area=where, manager=record)
    return where, user, record
