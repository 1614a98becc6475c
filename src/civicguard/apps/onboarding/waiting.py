"""What waits on a person from User Agreements and training (read by civicguard.apps.notifications.collect): the
agreement to sign and the training to complete before they may post or moderate; their training running out within
30 days or run out; for line managers, the people in their team who may not post or moderate yet."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from civicguard.apps.access.checks import can
from civicguard.apps.councils.models import Council
from civicguard.apps.notifications.collect import Waiting
from civicguard.apps.onboarding.selectors import (
    posting_gaps,
    required_courses,
    team_status,
    training_state,
)

AREA = "User Agreement and training"
# The capabilities whose holders the gate stops (drafting, approving, moderating): only they are asked to sign.
GATED = ("post.draft", "post.approve", "comments.moderate")


def waiting_for(user: Any, council: Council) -> list[Waiting]:
    items: list[Waiting] = []
    today = timezone.localdate()
    if any(can(user, cap, council) for cap in GATED):
        for gap in posting_gaps(user, council):
            # Urgent: it stops the person's own work until it is done.
            text = ("Sign the Social Media User Agreement" if gap.requirement == "agreement"
                    else f"Training: {gap.missing[:1].upper()}{gap.missing[1:]}")
            items.append(Waiting(text=text, url=gap.url, area=AREA, urgent=True))
    for slug in required_courses(council):
        state = training_state(user, council, slug, today)
        if state.expiring and state.expires is not None:
            name = state.course.name if state.course else slug
            items.append(Waiting(text=f"Your {name} training runs out on {state.expires:%-d %B %Y}: take it again",
                                 url=reverse("onboarding:status"), area=AREA, due=state.expires))
    # Line managers (St Helens 9.8, 9.12); the IMG's view of everyone is the team page, not a list on the start page.
    if can(user, "onboarding.team", council) and not can(user, "training.manage", council):
        for member in team_status(user, council):
            if member.gaps:
                needs = " and ".join("the User Agreement to sign" if g.requirement == "agreement"
                                     else "training to complete" for g in member.gaps)
                items.append(Waiting(text=f"{member.record.name} may not post or moderate yet: {needs}",
                                     url=reverse("onboarding:team"), area=AREA))
            for t in member.expiring:
                name = t.course.name if t.course else t.slug
                items.append(Waiting(text=f"{member.record.name}'s {name} training runs out on "
                                          f"{t.expires:%-d %B %Y}", url=reverse("onboarding:team"), area=AREA,
                                     due=t.expires))
    return items
