"""What advice waits on a person for (read by the home page and the daily digest): a question to answer (the
holders of the adviser's role), and an answer to read (the asker, for two weeks after it came)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from civicguard.apps.access.checks import can, roles_in
from civicguard.apps.advice.models import AdviceRequest, AdviceStatus
from civicguard.apps.notifications.collect import Waiting

AREA = "Advice"
ANSWER_SHOWN_DAYS = 14


def waiting_for(user: Any, council: Any) -> list[Waiting]:
    if getattr(user, "pk", None) is None:
        return []
    items: list[Waiting] = []
    if can(user, "advice.answer", council):
        for req in (AdviceRequest.objects.filter(council=council, status=AdviceStatus.OPEN,
                                                 adviser_role__in=roles_in(user, council))
                    .exclude(asked_by=user).select_related("asked_by").order_by("created")):
            items.append(Waiting(text=f"Answer {req.asked_by.username}'s question to {req.adviser_name}",
                                 area=AREA, url=reverse("advice:detail", args=[req.pk])))
    since = timezone.now() - timedelta(days=ANSWER_SHOWN_DAYS)
    for req in AdviceRequest.objects.filter(council=council, asked_by=user, status=AdviceStatus.ANSWERED,
                                            answered_at__gte=since).order_by("answered_at"):
        items.append(Waiting(text=f"Read {req.adviser_name}'s answer to your question", area=AREA,
                             url=reverse("advice:detail", args=[req.pk])))
    return items
