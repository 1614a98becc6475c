"""What concern reports, cases and removal requests wait on a person for (the home page and the daily digest):

* a concern report not yet read waits on the colleague's line manager, and on HR;
* a case open and not referred waits on the line manager (St Helens 9.10: urgent once the referral is due);
* a referred case waits on HR to classify it; a classified one, to investigate it; one being investigated, to decide
  it;
* a request to remove postings waits on the employee asked (Sefton 6.4), urgent when overdue; escalated, on the case's
  readers;
* a notice the pack called for waits on the holders of its role until one acknowledges it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from civicguard.apps.access.checks import can
from civicguard.apps.access.confidential import manages
from civicguard.apps.cases import selectors
from civicguard.apps.cases.models import CaseStatus
from civicguard.apps.notifications.collect import Waiting

AREA = "Concerns and cases"


def waiting_for(user: Any, council: Any) -> list[Waiting]:
    if getattr(user, "pk", None) is None or not can(user, "cases.report", council):
        return []
    items: list[Waiting] = []
    today, now = timezone.localdate(), timezone.now()
    for report in selectors.reports(user=user, council=council):
        if report.reporter_id != user.pk and report.seen_at is None and not hasattr_case(report):
            items.append(Waiting(text=f"Read a concern reported about {report.subject.name}", area=AREA,
                                 url=reverse("cases:concern", args=[report.pk]), urgent=True))
    hr = can(user, "cases.classify", council)
    for case in selectors.cases(user=user, council=council):
        url = reverse("cases:detail", args=[case.pk])
        if case.status == CaseStatus.OPEN and (manages(user, case.subject) or hr):
            items.append(Waiting(text=f"Refer case {case.reference} about {case.subject.name} to HR", area=AREA,
                                 url=url, due=case.referral_due, urgent=case.referral_due <= today))
        elif hr and case.status == CaseStatus.REFERRED:
            items.append(Waiting(text=f"Classify case {case.reference} about {case.subject.name}", area=AREA,
                                 url=url))
        elif hr and case.status == CaseStatus.CLASSIFIED:
            items.append(Waiting(text=f"Start the investigation of case {case.reference} about {case.subject.name}",
                                 area=AREA, url=url, due=case.deadline))
        elif hr and case.status == CaseStatus.INVESTIGATING:
            items.append(Waiting(text=f"Decide case {case.reference} about {case.subject.name}", area=AREA, url=url,
                                 due=case.deadline))
    for removal in selectors.removals(user=user, council=council):
        if removal.confirmed_at is not None:
            continue
        local = timezone.localtime(removal.deadline)
        url = reverse("cases:removal", args=[removal.pk])
        if removal.employee.user_id == user.pk:
            items.append(Waiting(text=f"Remove the postings you were asked to, by {local.day} {local:%B}, and "
                                      "confirm it", area=AREA, url=url, due=local.date(),
                                 urgent=removal.deadline <= now))
        elif removal.escalated_at is not None:
            items.append(Waiting(text=f"{removal.employee.name} did not confirm removing their postings by the "
                                      f"deadline (case {removal.case.reference})", area=AREA,
                                 url=reverse("cases:detail", args=[removal.case_id]), urgent=True))
    for notice in selectors.notices_to(user=user, council=council, waiting_only=True):
        items.append(Waiting(text=f"Read a notice for {notice.recipient}: {notice.why}", area=AREA,
                             url=reverse("cases:notice", args=[notice.pk])))
    return items


def hasattr_case(report: Any) -> bool:
    from civicguard.apps.cases.models import Case

    return Case.objects.filter(concern=report).exists()
