"""What the consent register waits on a person for (read by the home page and the daily digest): a published post
to take down because a person in its image withdrew their consent or their consent ended. Each task waits on the
post's author and on whoever approved it, until someone confirms the post is down; past its deadline it is urgent,
and then it waits on Legal and Corporate Communications too (those who see every task and may confirm it). And
a consent that ends within RENEW_DAYS while a published post shows its person waits on whoever recorded it or
obtained it: ask the person again, or the post comes down.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from civicguard.apps.access.checks import can
from civicguard.apps.consent.models import ConsentRecord, TakedownTask
from civicguard.apps.notifications.collect import Waiting

AREA = "Photo consent"
# How long before a consent ends its recorder is asked to renew it, when a published post shows its person (else the
# post must come down the day after it ends).
RENEW_DAYS = 14


def waiting_for(user: Any, council: Any) -> list[Waiting]:
    if getattr(user, "pk", None) is None:
        return []
    now = timezone.now()
    theirs = (TakedownTask.objects.filter(council=council, confirmed_at__isnull=True)
             .filter(Q(post__author=user) | Q(post__approvals__actor=user,
                                               post__approvals__decision__in=("approve", "override",
                                                                               "confirm_override")))
             .select_related("post", "post__account").distinct().order_by("deadline", "id"))
    tasks = list(theirs)
    mine = {task.pk for task in tasks}
    if can(user, "consent.view", council) and can(user, "consent.takedown", council):
        overdue = (TakedownTask.objects.filter(council=council, confirmed_at__isnull=True, deadline__lte=now)
                   .exclude(pk__in=mine).select_related("post", "post__account").order_by("deadline", "id"))
        tasks += list(overdue)
    items: list[Waiting] = []
    for task in tasks:
        why = "withdrew their consent" if task.reason == "withdrawn" else "has no consent any more (it ended)"
        local = timezone.localtime(task.deadline)
        items.append(Waiting(
            text=f"Take down post {task.post.pk} on {task.post.account}: a person in its image {why}. Due by "
                 f"{local:%H:%M} on {local.day} {local:%B}",
            area=AREA, url=reverse("consent:takedown", args=[task.pk]), due=local.date(),
            urgent=task.deadline <= now))
    items += _ending(user, council)
    return items


def _ending(user: Any, council: Any) -> list[Waiting]:
    from civicguard.apps.consent.services import PUBLISHED_STATES

    today = timezone.localdate()
    records = (ConsentRecord.objects.filter(council=council, withdrawn_at__isnull=True, expires_on__gte=today,
                                            expires_on__lte=today + timedelta(days=RENEW_DAYS))
               .filter(Q(recorded_by=user) | Q(obtained_by=user))
               .filter(tags__media_item__post_images__post__status__in=PUBLISHED_STATES).distinct()
               .order_by("expires_on", "id"))
    return [Waiting(text=f"The photo consent of {record.name} ends on {record.expires_on.day} "
                         f"{record.expires_on:%B}: ask them again, or the published posts that show them must come "
                         "down", area=AREA, url=reverse("consent:detail", args=[record.pk]), due=record.expires_on)
            for record in records]
