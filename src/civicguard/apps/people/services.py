"""Changing staff records and service areas. Each change checks the actor's capability, makes the change and writes
its audit entry in one transaction; the pages and the command line only call these functions.

`politically_restricted` changes only through `staff_restriction_set` (HR, never the person: St Helens 5.7) or
HR's own export (`staff_import`); `staff_record_update` refuses it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from civicguard.apps.access.checks import can, require
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council, ServiceArea
from civicguard.apps.people.models import AreaManager, EmploymentType, StaffRecord
from civicguard.errors import BadInput, NotAllowed

MAX_REASON = 1000
# What staff_record_update may change; politically_restricted is not among them (staff_restriction_set).
UPDATABLE = ("name", "work_email", "employment_type", "service_area", "line_manager", "hr_reference", "active",
             "user")


def clean_email(value: Any, field: str = "work_email") -> str:
    email = str(value or "").strip().lower()
    if not email:
        raise BadInput("Enter a work e-mail address", field=field)
    try:
        validate_email(email)
    except ValidationError:
        raise BadInput(f"{email[:80]} is not an e-mail address", field=field) from None
    return email


def clean_employment_type(value: Any) -> str:
    """The slug of an employment type, from its slug or its words ("Agency worker", "agency_worker")."""
    key = str(value or "").strip().lower().replace("_", "-").replace(" ", "-")
    if not key:
        return "employee"
    if key not in EmploymentType.values:
        words = ", ".join(str(label).lower() for label in EmploymentType.labels)
        raise BadInput(f"{value!r} is not an employment type (one of: {words})", field="employment_type")
    return key


def _clean_name(value: Any) -> str:
    name = " ".join(str(value or "").split())
    if not name:
        raise BadInput("Enter the person's name", field="name")
    if len(name) > 200:
        raise BadInput("The name must be 200 characters or fewer", field="name")
    return name


def user_for_email(email: str) -> Any:
    """The one CivicGuard user with this e-mail address, or None (none, or more than one)."""
    users = list(get_user_model().objects.filter(email__iexact=email)[:2])
    return users[0] if len(users) == 1 else None


def _same_council(council: Council, **objects: Any) -> None:
    for field, obj in objects.items():
        if obj is not None and obj.council_id != council.pk:
            raise BadInput(f"The {field.replace('_', ' ')} is not one of this council's", field=field)


def _email_taken(council: Council, email: str, but: StaffRecord | None = None) -> bool:
    found = StaffRecord.objects.filter(council=council, work_email__iexact=email)
    if but is not None:
        found = found.exclude(pk=but.pk)
    return found.exists()


def _plain(record: StaffRecord, fields: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        value = getattr(record, f)
        if f == "service_area":
            value = value.name if value else ""
        elif f == "line_manager":
            value = value.work_email if value else ""
        elif f == "user":
            value = value.username if value else ""
        out[f] = value
    return out


def area_add(*, council: Council, name: str) -> ServiceArea:
    """A new service area under a slug of its name not yet used in the council (no check, no audit: callers do)."""
    base = slugify(name)[:40] or "area"
    slug, n = base, 1
    while ServiceArea.objects.filter(council=council, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return ServiceArea.objects.create(council=council, slug=slug, name=name)


@transaction.atomic
def service_area_create(*, actor: Any, council: Council, name: str, manager: StaffRecord | None = None) -> ServiceArea:
    require(actor, "staff.edit", council)
    name = " ".join(str(name or "").split())
    if not name:
        raise BadInput("Enter the service area's name", field="name")
    if len(name) > 200:
        raise BadInput("The name must be 200 characters or fewer", field="name")
    if ServiceArea.objects.filter(council=council, name__iexact=name).exists():
        raise BadInput(f"{council.name} already has a service area called {name}", field="name")
    _same_council(council, manager=manager)
    area = area_add(council=council, name=name)
    AreaManager.objects.create(area=area, manager=manager)
    audit_record(event="people.service_area.create", actor=actor, council=council, subject=area,
                 after={"name": name, "manager": manager.work_email if manager else ""})
    return area


@transaction.atomic
def service_area_manager_set(*, actor: Any, area: ServiceArea, manager: StaffRecord | None) -> AreaManager:
    """Name the manager of a service area (one of the council's active staff records), or clear it."""
    require(actor, "staff.edit", area.council)
    _same_council(area.council, manager=manager)
    if manager is not None and not manager.active:
        raise BadInput(f"{manager.name} is marked inactive: choose someone who works for the council now",
                       field="manager")
    record, _ = AreaManager.objects.select_for_update().get_or_create(area=area)
    if record.manager_id == (manager.pk if manager else None):
        return record
    before = {"manager": record.manager.work_email if record.manager else ""}
    record.manager = manager
    record.save()
    audit_record(event="people.service_area.manager", actor=actor, council=area.council, subject=area,
                 before=before, after={"manager": manager.work_email if manager else ""})
    return record


@transaction.atomic
def staff_record_create(*, actor: Any, council: Council, name: str, work_email: str,
                        employment_type: str = "employee", service_area: ServiceArea | None = None,
                        line_manager: StaffRecord | None = None, hr_reference: str = "",
                        user: Any = None) -> StaffRecord:
    """A new record; `user` defaults to the one CivicGuard user with that e-mail address, if any."""
    require(actor, "staff.edit", council)
    email = clean_email(work_email)
    if _email_taken(council, email):
        raise BadInput(f"{council.name} already has a staff record for {email}", field="work_email")
    _same_council(council, service_area=service_area, line_manager=line_manager)
    record = StaffRecord.objects.create(
        council=council, name=_clean_name(name), work_email=email,
        employment_type=clean_employment_type(employment_type), service_area=service_area,
        line_manager=line_manager, hr_reference=str(hr_reference or "").strip()[:100],
        user=user if user is not None else user_for_email(email))
    audit_record(event="people.staff_record.create", actor=actor, council=council, subject=record,
                 after=_plain(record, UPDATABLE))
    return record


@transaction.atomic
def staff_record_update(*, actor: Any, record: StaffRecord, **changes: Any) -> StaffRecord:
    """Change the named fields of a record. Whether the post is politically restricted is not one of them."""
    require(actor, "staff.edit", record.council)
    if "politically_restricted" in changes:
        raise BadInput("Whether a post is politically restricted is set by HR on its own page",
                       field="politically_restricted")
    unknown = set(changes) - set(UPDATABLE)
    if unknown:
        raise BadInput(f"A staff record has no field {sorted(unknown)[0]}", field=sorted(unknown)[0])
    record = StaffRecord.objects.select_for_update().get(pk=record.pk)
    if "name" in changes:
        changes["name"] = _clean_name(changes["name"])
    if "work_email" in changes:
        changes["work_email"] = clean_email(changes["work_email"])
        if _email_taken(record.council, changes["work_email"], but=record):
            raise BadInput(f"{record.council.name} already has a staff record for {changes['work_email']}",
                           field="work_email")
    if "employment_type" in changes:
        changes["employment_type"] = clean_employment_type(changes["employment_type"])
    if "hr_reference" in changes:
        changes["hr_reference"] = str(changes["hr_reference"] or "").strip()[:100]
    _same_council(record.council, service_area=changes.get("service_area"), line_manager=changes.get("line_manager"))
    if changes.get("line_manager") is not None and changes["line_manager"].pk == record.pk:
        raise BadInput("A person cannot be their own line manager", field="line_manager")
    changed = tuple(f for f in UPDATABLE if f in changes and getattr(record, f) != changes[f])
    if not changed:
        return record
    before = _plain(record, changed)
    for f in changed:
        setattr(record, f, changes[f])
    record.save()
    audit_record(event="people.staff_record.update", actor=actor, council=record.council, subject=record,
                 before=before, after=_plain(record, changed))
    return record


def is_self(actor: Any, record: StaffRecord) -> bool:
    """The record is the actor's own: linked to their sign-in, or under their e-mail address."""
    if record.user_id is not None and record.user_id == getattr(actor, "pk", None):
        return True
    email = str(getattr(actor, "email", "") or "").strip().lower()
    return bool(email) and email == record.work_email.lower()


def restriction_refusal(actor: Any, record: StaffRecord) -> NotAllowed | None:
    """Why `actor` may not set or clear the restriction on `record`, or None when they may (pages ask this)."""
    if not can(actor, "staff.restrict", record.council):
        return NotAllowed("Only HR can change whether a post is politically restricted")
    if is_self(actor, record):
        # St Helens 5.7: the restriction is decided by HR, never by the person it restricts, even one in HR.
        return NotAllowed("You cannot change whether your own post is politically restricted: ask a colleague in HR")
    return None


@transaction.atomic
def staff_restriction_set(*, actor: Any, record: StaffRecord, restricted: bool, reason: str) -> StaffRecord:
    """Mark the person's post politically restricted, or clear it, with a reason (St Helens 5.7: HR decides)."""
    require(actor, "staff.restrict", record.council)
    record = StaffRecord.objects.select_for_update().select_related("council").get(pk=record.pk)
    refusal = restriction_refusal(actor, record)
    if refusal is not None:
        raise refusal
    reason = str(reason or "").strip()
    if not reason:
        raise BadInput("Enter the reason for the change", field="reason")
    if len(reason) > MAX_REASON:
        raise BadInput(f"The reason must be {MAX_REASON} characters or fewer", field="reason")
    if record.politically_restricted == restricted:
        state = "already marked" if restricted else "not marked"
        raise BadInput(f"{record.name}'s post is {state} as politically restricted", field="restricted")
    before = {"politically_restricted": record.politically_restricted}
    record.politically_restricted = restricted
    record.restricted_set_by = actor
    record.restricted_set_at = timezone.now()
    record.save(update_fields=["politically_restricted", "restricted_set_by", "restricted_set_at", "updated"])
    audit_record(event="people.staff_record.restrict", actor=actor, council=record.council, subject=record,
                 before=before, after={"politically_restricted": restricted, "reason": reason})
    return record
