"""What the RIPA record waits on a person for (the home page and the daily digest). Only the investigation's
reference is named (the digest is e-mailed): never a subject or a profile.

* an application waits on the council's Authorising Officers (other than its applicant);
* an authorised application, or a renewal, waits on its applicant to take it to a magistrate;
* a review due within REVIEW_NOTICE days waits on the Authorising Officers (urgent once due);
* an authorisation ending within REMIND_DAYS waits on its applicant and the investigation's officers: the reminder
  starts 14 days before and is urgent from 3 days before (renew it, or let it end).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from civicguard.apps.access.checks import can
from civicguard.apps.investigations.models import Authorisation, AuthorisationStatus
from civicguard.apps.notifications.collect import Waiting

AREA = "Investigations and RIPA"
REMIND_DAYS = 14
URGENT_DAYS = 3
REVIEW_NOTICE = 3


def _day(value: Any) -> str:
    return f"{value.day} {value:%B}"


def waiting_for(user: Any, council: Any) -> list[Waiting]:
    if getattr(user, "pk", None) is None:
        return []
    today = timezone.localdate()
    items: list[Waiting] = []
    mine = Authorisation.objects.filter(investigation__council=council).select_related("investigation")
    if can(user, "investigations.authorise", council):
        for a in mine.filter(status=AuthorisationStatus.APPLIED).exclude(applicant=user).order_by("applied_at"):
            items.append(Waiting(text=f"An application for {a.get_kind_display().lower()} in investigation "
                                      f"{a.investigation.reference} waits for an Authorising Officer's decision",
                                 area=AREA, url=reverse("investigations:authorisation", args=[a.pk])))
        for a in mine.filter(status=AuthorisationStatus.IN_EFFECT,
                             next_review_on__lte=today + timedelta(days=REVIEW_NOTICE)).order_by("next_review_on"):
            items.append(Waiting(text=f"Review the authorisation in investigation {a.investigation.reference}: due "
                                      f"on {_day(a.next_review_on)}", area=AREA, due=a.next_review_on,
                                 url=reverse("investigations:authorisation", args=[a.pk]),
                                 urgent=a.next_review_on <= today))
    for a in mine.filter(applicant=user).filter(status=AuthorisationStatus.AUTHORISED):
        items.append(Waiting(text=f"The authorisation in investigation {a.investigation.reference} is authorised: "
                                  "it needs a magistrate's approval before it takes effect", area=AREA,
                             url=reverse("investigations:authorisation", args=[a.pk])))
    for a in mine.filter(applicant=user, renewal_pending=True, status=AuthorisationStatus.IN_EFFECT):
        items.append(Waiting(text=f"The renewal of the authorisation in investigation {a.investigation.reference} "
                                  "needs a magistrate's approval", area=AREA,
                             url=reverse("investigations:authorisation", args=[a.pk])))
    ending = (mine.filter(status=AuthorisationStatus.IN_EFFECT, renewal_pending=False,
                          expires_on__lte=today + timedelta(days=REMIND_DAYS), expires_on__gte=today)
              .order_by("expires_on", "id"))
    for a in ending:
        if a.applicant_id != user.pk and not a.investigation.officers.filter(pk=user.pk).exists():
            continue
        items.append(Waiting(text=f"The authorisation in investigation {a.investigation.reference} ends on "
                                  f"{_day(a.expires_on)}: ask for its renewal, or viewing stops then",
                             area=AREA, url=reverse("investigations:authorisation", args=[a.pk]),
                             due=a.expires_on, urgent=(a.expires_on - today).days <= URGENT_DAYS))
    return items
