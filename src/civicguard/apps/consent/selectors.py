"""Reading the consent register. `refusal` is the one place that says whether a consent record lets an image of
its person be published; everything else (the engine's image tags, the approval service, the pages) asks it.

A record lets an image be published on a platform on a day when:
* the person is not a child who is or was looked after (Sefton 5.5.4.10: never on social media, whatever else is
  recorded; this is asked first, so no other fact on the record can outweigh it);
* it has not been withdrawn;
* the day is on or before its last day (`expires_on`);
* it names the platform;
* for a child, the separate public display permission is on record (5.5.4.8: posting on the council's accounts is
  publicity, which needs specific permission on its own form).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from civicguard.apps.access.checks import can
from civicguard.apps.consent.models import (
    PLATFORM_NAMES,
    ConsentRecord,
    PersonalPermission,
    PersonKind,
    Tag,
    TakedownTask,
)
from civicguard.apps.councils.models import Council
from civicguard.engine.model import ImageTag


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _problem(record: ConsentRecord, platform: str | None, day: date) -> tuple[str, str] | None:
    """(the ImageTag consent code, the plain-English reason) when the record does not cover the platform on the
    day, ignoring the looked-after rule (`refusal` puts that first); None when it does."""
    if record.withdrawn_at is not None:
        return "withdrawn", f"{record.name} withdrew their consent on {_day(record.withdrawn_at.date())}"
    if day > record.expires_on:
        return "expired", f"{record.name}'s consent ended on {_day(record.expires_on)}"
    if platform not in record.platforms:
        where = PLATFORM_NAMES.get(platform or "", "this platform")
        covered = ", ".join(record.platform_names) or "no platform"
        return "not-for-platform", f"{record.name}'s consent does not cover {where} (it covers {covered})"
    if record.is_child and not record.public_display:
        return "none", (f"{record.name} is a child: a post on the council's accounts needs the separate public "
                        "display permission from someone with parental responsibility (Sefton 5.5.4.8), and none "
                        "is on record")
    return None


LOOKED_AFTER = ("is a child who is or was looked after (fostered or in care): no image of them may be posted on "
                "social media, whatever else is recorded (Sefton 5.5.4.10)")


def refusal(record: ConsentRecord, platform: str | None, day: date) -> str | None:
    """Why `record` does not let an image of its person be published on `platform` on `day`, in plain English;
    None when it does."""
    if record.is_looked_after:
        return f"{record.name} {LOOKED_AFTER}"
    problem = _problem(record, platform, day)
    return problem[1] if problem is not None else None


def _tags(media_item: Any) -> list[Tag]:
    return list(Tag.objects.filter(media_item=media_item).select_related("consent").order_by("created", "id"))


def personal_permission_refusal(record: ConsentRecord, employee: Any, platform: str | None,
                                day: date) -> str | None:
    """Why `employee` may not post an image of `record`'s person on their own account on `platform` on `day`
    (Sefton 5.5.2.2: Corporate Communications' permission, after Legal's advice, on record), or None when they
    may. The person's own consent must stand too (`refusal`)."""
    why = refusal(record, platform, day)
    if why is not None:
        return why
    live = PersonalPermission.objects.filter(record=record, employee_id=getattr(employee, "pk", None),
                                             withdrawn_at__isnull=True, expires_on__gte=day)
    if not live.exists():
        return (f"Corporate Communications have not given you permission, after Legal's advice, to post images of "
                f"{record.name} on your own accounts (Sefton 5.5.2.2)")
    return None


def permitted_records(*, user: Any, council: Council, day: date) -> QuerySet[ConsentRecord]:
    """The records whose people `user` has a live permission to post on their own accounts (for tagging a personal
    post's image)."""
    ids = PersonalPermission.objects.filter(employee_id=getattr(user, "pk", None), withdrawn_at__isnull=True,
                                            expires_on__gte=day, record__council=council).values("record_id")
    return ConsentRecord.objects.filter(pk__in=ids, withdrawn_at__isnull=True).order_by("name", "id")


def image_tags(media_item: Any, platform: str | None, day: date, *, author: Any = None) -> tuple[ImageTag, ...]:
    """What the register says of each person tagged in `media_item`, for the engine (one ImageTag per Tag). With
    `author` (an employee's personal post), each tag also says whether Corporate Communications' permission for
    that employee is on record (`comms_permission`, Sefton 5.5.2.2)."""
    found: list[ImageTag] = []
    for tag in _tags(media_item):
        record = tag.consent
        if record is None:
            found.append(ImageTag(name=tag.name, kind="unknown", consent="none",
                                  note=f"No written consent for {tag.name} is on the register"))
            continue
        problem = _problem(record, platform, day)
        note = refusal(record, platform, day) or ""
        permitted = author is not None and personal_permission_refusal(record, author, platform, day) is None
        found.append(ImageTag(name=tag.name, kind=record.person_kind,
                              consent=problem[0] if problem is not None else "valid",
                              looked_after=record.is_looked_after, public_display=record.public_display,
                              comms_permission=permitted, note=note))
    return tuple(found)


def never_publishable(media_items: Iterable[Any]) -> list[str]:
    """Why these media items can never be published on social media, whoever approves and whatever override is
    asked for (the approval service refuses while this is not empty): an image that shows a child who is or was
    looked after (Sefton 5.5.4.10). The child is not named: the reason is shown on the approval page."""
    reasons: list[str] = []
    for item in media_items:
        tags = Tag.objects.filter(media_item=item, consent__person_kind=PersonKind.CHILD,
                                  consent__looked_after__in=("looked-after", "previously-looked-after"))
        if tags.exists():
            label = getattr(item, "original_name", "") or f"image {item.pk}"
            reasons.append(f"The image {label} shows a child who is or was looked after (fostered or in care): "
                           "images of these children are never posted on social media, whatever else is recorded "
                           "(Sefton 5.5.4.10). Remove the image from the post.")
    return reasons


# ---- who sees what -----------------------------------------------------------------------------------------------

def sees_children(user: Any, council: Council) -> bool:
    return can(user, "consent.children", council)


def register(*, user: Any, council: Council) -> QuerySet[ConsentRecord]:
    """The records of `council` that `user` may read: adults' for the holders of `consent.view`, children's only
    for the holders of `consent.children`; anyone else (and anyone, for what they recorded themselves) their own."""
    qs = ConsentRecord.objects.filter(council=council).select_related("obtained_by", "recorded_by", "staff_record")
    mine = Q(recorded_by=user) if getattr(user, "pk", None) is not None else Q(pk__in=[])
    allowed = mine
    if can(user, "consent.view", council):
        allowed |= ~Q(person_kind=PersonKind.CHILD)
    if sees_children(user, council):
        allowed |= Q(person_kind=PersonKind.CHILD)
    return qs.filter(allowed)


def record_refusal(user: Any, record: ConsentRecord) -> str | None:
    """Why `user` may not read `record`, or None (the pages answer 404: the record does not exist for them)."""
    if register(user=user, council=record.council).filter(pk=record.pk).exists():
        return None
    return "No such consent record among yours"


def taggable(*, council: Council, day: date) -> QuerySet[ConsentRecord]:
    """The records an author may tag a person with: the council's, not withdrawn, in date (the tag's status is
    worked out again on each check; this only shortens the list)."""
    return ConsentRecord.objects.filter(council=council, withdrawn_at__isnull=True,
                                        expires_on__gte=day).order_by("name", "id")


def takedowns(*, user: Any, council: Council) -> QuerySet[TakedownTask]:
    """The council's takedown tasks `user` may see: all for the holders of `consent.view`; otherwise those of the
    posts they wrote, approved or represent the account of (the people the tasks wait on)."""
    qs = TakedownTask.objects.filter(council=council).select_related("post", "post__account", "post__author",
                                                                     "consent", "media_item", "confirmed_by")
    if can(user, "consent.view", council):
        return qs
    if not can(user, "consent.takedown", council):
        return qs.none()
    # A subquery rather than .distinct(), so the API can combine councils' querysets whatever the person's roles.
    theirs = TakedownTask.objects.filter(council=council).filter(
        Q(post__author=user) | Q(post__approvals__actor=user) | _represented(user, council)).values("pk")
    return qs.filter(pk__in=theirs)


def _represented(user: Any, council: Council) -> Q:
    from civicguard.apps.staff.models import RoleAssignment

    mine = RoleAssignment.objects.filter(user=user, council=council, role="representative")
    if mine.filter(account__isnull=True).exists():
        return Q(pk__isnull=False)
    return Q(post__account_id__in=list(mine.values_list("account_id", flat=True)))


def status_of(record: ConsentRecord, today: date) -> str:
    """current, expired or withdrawn (the register's filter and column)."""
    if record.withdrawn_at is not None:
        return "withdrawn"
    if today > record.expires_on:
        return "expired"
    return "current"


def filtered(records: QuerySet[ConsentRecord], *, today: date, kind: str = "", status: str = "", platform: str = "",
             name: str = "") -> list[ConsentRecord]:
    """The register's filters. The platform is matched in Python: a JSON list's `contains` is not portable."""
    if kind:
        records = records.filter(person_kind=kind)
    if name:
        records = records.filter(name__icontains=name)
    if status == "withdrawn":
        records = records.filter(withdrawn_at__isnull=False)
    elif status == "expired":
        records = records.filter(withdrawn_at__isnull=True, expires_on__lt=today)
    elif status == "current":
        records = records.filter(withdrawn_at__isnull=True, expires_on__gte=today)
    found = list(records.order_by("name", "id"))
    return [r for r in found if platform in r.platforms] if platform else found


def personal_permissions(*, user: Any, council: Council) -> QuerySet[PersonalPermission]:
    """The permissions `user` may see: all of the council's for the register's readers, otherwise their own."""
    qs = PersonalPermission.objects.filter(record__council=council).select_related(
        "record", "employee", "granted_by", "withdrawn_by")
    if can(user, "consent.view", council):
        return qs
    return qs.filter(employee_id=getattr(user, "pk", None))
