"""What personal data breach records wait on a person for (the home page and the daily digest): the holders of the
Data Protection Officer's role (the pack's `facts.breaches.dpo_role`) see every record not yet closed, with the
ICO's deadline while its clock runs (urgent under 24 hours, or overdue), or what is left to do once the ICO is told
or need not be. The words say no more than the record's number and the deadline: the digest is an e-mail."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from civicguard.apps.access.checks import roles_in
from civicguard.apps.breaches import selectors
from civicguard.apps.notifications.collect import Waiting

AREA = "Personal data breaches"


def waiting_for(user: Any, council: Any) -> list[Waiting]:
    if getattr(user, "pk", None) is None:
        return []
    if selectors.facts(council).breaches.dpo_role not in roles_in(user, council):
        return []
    now = timezone.now()
    items: list[Waiting] = []
    for breach in selectors.waiting_breaches(council):
        found = selectors.clock(breach, now)
        url = reverse("breaches:detail", args=[breach.pk])
        local = timezone.localtime(found.deadline)
        if found.running:
            items.append(Waiting(text=f"Personal data breach {breach.pk}. {found.text.rstrip('.')}",
                                 area=AREA, url=url, due=local.date(), urgent=found.urgent))
            continue
        problems = selectors.close_refusals(breach)
        if problems:
            items.append(Waiting(text=f"Personal data breach {breach.pk}. {problems[0]}",
                                 area=AREA, url=url))
        else:
            items.append(Waiting(text=f"Personal data breach {breach.pk}. Everything is recorded: close the record",
                                 area=AREA, url=url))
    return items
