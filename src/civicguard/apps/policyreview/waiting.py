"""What waits on the people who run policy reviews (the pack's `facts.reviews.policy_review_roles`, such as the
Information Management Group at St Helens), read from the records:

* no version of the policy recorded yet: record when the version in force was published;
* the version in force is due for review within 30 days, or overdue, and no review of it has started;
* a review not yet sent to its consultees; a review waiting for comments (the consultees who have not commented);
* an approved review not yet published.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from civicguard.apps.councils.models import Council
from civicguard.apps.notifications.collect import Waiting
from civicguard.apps.policyreview import services
from civicguard.apps.policyreview.models import PolicyReview, ReviewState
from civicguard.apps.policyreview.selectors import due_state

AREA = "Policy reviews"


def waiting_for(user: Any, council: Council) -> list[Waiting]:
    if services.review_refusal(user, council) is not None:
        return []
    items: list[Waiting] = []
    today = timezone.localdate()
    version = services.current_record(council)
    if version is None:
        loaded = services.loaded_version(council).version
        return [Waiting(text=f"Record when version {loaded} of the social media policy was published, so that its "
                             "review date is known", url=reverse("policyreview:version_record"), area=AREA)]
    state = due_state(version, today)
    if state and services.open_review(council) is None:
        when = "was due" if state == "overdue" else "is due"
        items.append(Waiting(text=f"Start the review of version {version.version} of the social media policy: it "
                                  f"{when} on {version.review_due:%-d %B %Y}",
                             url=reverse("policyreview:review_start"), area=AREA, due=version.review_due,
                             urgent=state == "overdue"))
    for review in (PolicyReview.objects.filter(council=council).exclude(state=ReviewState.PUBLISHED)
                   .select_related("of_version").prefetch_related("comments")):
        url = reverse("policyreview:review", args=[review.pk])
        name = f"the review of version {review.of_version.version}"
        due = review.of_version.review_due
        if review.state == ReviewState.OPEN:
            items.append(Waiting(text=f"Send {name} to its consultees", url=url, area=AREA, due=due))
        elif review.state == ReviewState.CONSULTING:
            heard = {c.consultee for c in review.comments.all()}
            silent = [body for body in review.consultees if body not in heard]
            if silent:
                items.append(Waiting(text=f"Record the comments on {name} from: {', '.join(silent)}", url=url,
                                     area=AREA, due=due))
            else:
                items.append(Waiting(text=f"Record the approval of {name}: every consultee has commented",
                                     url=url, area=AREA, due=due))
        elif review.state == ReviewState.APPROVED:
            items.append(Waiting(text=f"Publish the outcome of {name}", url=url, area=AREA, due=due))
    return items
