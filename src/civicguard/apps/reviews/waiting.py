"""What waits on a person from this app (collected by civicguard.apps.notifications): the reviews they sign off
that are due or overdue, and the procedures of the areas they manage that are out of date or missing."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from civicguard.apps.access.checks import can
from civicguard.apps.councils.models import Council
from civicguard.apps.notifications.collect import Waiting
from civicguard.apps.reviews import selectors
from civicguard.apps.reviews.services import sign_off_refusal


def waiting_for(user: Any, council: Council) -> list[Waiting]:
    items: list[Waiting] = []
    if can(user, "reviews.sign_off", council):
        today = timezone.localdate()
        for review in selectors.reviews_needing_attention(council=council, today=today):
            if sign_off_refusal(user, review) is not None:
                continue  # someone else's to sign off (the account's line manager)
            overdue = review.due < today
            items.append(Waiting(
                text=f"{'Overdue: s' if overdue else 'S'}ign off the review of {review.account}",
                url=reverse("reviews:review", args=[review.pk]), area="Account reviews", due=review.due,
                urgent=overdue))
    if can(user, "procedures.upload", council):
        for row in selectors.area_procedures(council=council):
            if row.manager is None or not selectors.is_person(user, row.manager):
                continue
            if row.procedure is None and row.accounts:  # an area with accounts and no procedure (6.12)
                text = f"Upload the social media procedure for {row.area.name}"
            elif row.procedure is not None and row.status == "out_of_date":
                text = (f"Update the social media procedure for {row.area.name}: it follows policy version "
                        f"{row.procedure.policy_version}, and version {row.current_version} is in force")
            else:
                continue
            items.append(Waiting(text=text, url=f"{reverse('reviews:procedure_new')}?area={row.area.pk}",
                                 area="Service area procedures"))
    return items
