"""What website unblocking waits on a person for (read by the home page and the daily digest): a request to check
and pass on, or an Assistant Director's e-mail to record (the ICT helpdesk); a request to approve (the Computer
Auditor); and, for the requester, access that ends within a week."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from civicguard.apps.access.checks import can
from civicguard.apps.notifications.collect import Waiting
from civicguard.apps.unblocking.models import UnblockRequest, UnblockStatus

AREA = "Website unblocking"
ENDING_SOON_DAYS = 7


def waiting_for(user: Any, council: Any) -> list[Waiting]:
    if getattr(user, "pk", None) is None:
        return []
    items: list[Waiting] = []
    theirs = UnblockRequest.objects.filter(council=council).exclude(requested_by=user)
    todo: list[tuple[str, str]] = []
    if can(user, "unblocking.handle", council):
        todo += [("submitted", "Check the website unblocking request for {team} and pass it on"),
                 ("with_ad", "Record the Assistant Director's decision on unblocking for {team}")]
    if can(user, "unblocking.approve", council):
        todo.append(("with_auditor", "Approve or refuse website unblocking for {team}"))
    for status, text in todo:
        for req in theirs.filter(status=status).order_by("created"):
            items.append(Waiting(text=text.format(team=req.team), area=AREA,
                                 url=reverse("unblocking:detail", args=[req.pk])))
    today = timezone.localdate()
    for req in UnblockRequest.objects.filter(council=council, requested_by=user, status=UnblockStatus.ACTIVE,
                                             expires__lte=today + timedelta(days=ENDING_SOON_DAYS)):
        items.append(Waiting(text=f"Access to {', '.join(req.site_names)} for {req.team} ends on "
                                  f"{req.expires.day} {req.expires:%B}: ask again if the team still needs it",
                             area=AREA, url=reverse("unblocking:detail", args=[req.pk]), due=req.expires))
    return items
