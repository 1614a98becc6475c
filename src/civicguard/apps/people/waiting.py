"""What waits on HR and administrators (capability staff.edit) in the staff records, read from the records:

* a person who works in CivicGuard (they hold a role in the council) with no staff record: the check cannot read
  whether their post is politically restricted (St Helens 5.7), so HR adds one;
* a staff record under the e-mail address of such a person but not linked to their sign-in: HR links it;
* the latest import of HR's export skipped rows: HR fixes them in their system and imports again;
* a check of HR's export (a dry run on the import page) that the person made in the last week and has not imported,
  and no import has overtaken.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from civicguard.apps.access.checks import can
from civicguard.apps.councils.models import Council
from civicguard.apps.notifications.collect import Waiting
from civicguard.apps.people.models import ImportRun, StaffRecord

AREA = "Staff records"
MAX_PEOPLE = 10  # more than this: one line for the rest, linked to the list
CHECK_KEPT = timedelta(days=7)  # a check of HR's export not imported is listed this long for whoever made it


def waiting_for(user: Any, council: Council) -> list[Waiting]:
    if not can(user, "staff.edit", council):
        return []
    from civicguard.apps.staff.models import RoleAssignment

    items: list[Waiting] = []
    people = {a.user for a in RoleAssignment.objects.filter(council=council, user__is_active=True)
              .select_related("user").order_by("user__username")}
    records = list(StaffRecord.objects.filter(council=council).annotate(email=Lower("work_email")).filter(
        Q(user__in=people) | Q(email__in=[p.email.lower() for p in people if p.email])))
    linked = {r.user_id for r in records if r.user_id is not None}
    by_email = {r.work_email.lower(): r for r in records}
    missing: list[Waiting] = []
    for person in sorted(people, key=lambda p: p.get_username()):
        if person.pk in linked:
            continue
        record = by_email.get((person.email or "").lower()) if person.email else None
        if record is not None and record.user_id is None:
            missing.append(Waiting(
                text=f"Link {record.name}'s staff record to the CivicGuard sign-in {person.get_username()}",
                url=reverse("people:edit", args=[record.pk]), area=AREA))
        elif record is None:
            query = urlencode({"email": person.email or "", "name": person.get_full_name() or ""})
            who = "yourself" if person.pk == user.pk else f"{person.get_username()}, who works in CivicGuard,"
            missing.append(Waiting(
                text=f"Add a staff record for {who} so that the check knows whether the post is politically "
                     "restricted",
                url=f"{reverse('people:new')}?{query}", area=AREA))
    items.extend(missing[:MAX_PEOPLE])
    if len(missing) > MAX_PEOPLE:
        items.append(Waiting(text=f"{len(missing) - MAX_PEOPLE} more people who work in CivicGuard need a staff "
                                  "record or a link to their sign-in", url=reverse("people:list"), area=AREA))
    last = ImportRun.objects.filter(council=council, dry_run=False).order_by("-started", "-pk").first()
    checks = ImportRun.objects.filter(council=council, actor=user, dry_run=True, confirmed_by_run__isnull=True,
                                      started__gte=timezone.now() - CHECK_KEPT).exclude(source_rows=[])
    if last is not None:
        checks = checks.filter(started__gt=last.started)
    for check in checks.order_by("-started")[:3]:
        items.append(Waiting(
            text=f"Import {check.file_name or 'HR’s export'}: you checked it on "
                 f"{date_format(timezone.localtime(check.started), 'j F Y')} and it is not imported yet",
            url=reverse("people:import_run", args=[check.pk]), area=AREA))
    if last is not None and last.bad:
        rows = len(last.bad)
        items.append(Waiting(
            text=f"Fix the {rows} row{'s' if rows != 1 else ''} skipped when {last.file_name or 'HR’s export'} was "
                 f"imported on {date_format(timezone.localtime(last.started), 'j F Y')}, then import the export again",
            url=reverse("people:import_run", args=[last.pk]), area=AREA))
    return items
