"""What business cases and accounts wait on a person for (read by the home page and the daily digest): a case to
endorse (the author's service manager, where the pack asks for it), a case to decide (the pack's approver role),
a returned case to change (its author), an approved case with no account yet (the pack's creator role), and an
account they can complete and make live."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from civicguard.apps.access.checks import holds_role
from civicguard.apps.notifications.collect import Waiting
from civicguard.apps.social_accounts.models import AccountStatus, BusinessCase, CaseState, SocialAccount
from civicguard.apps.social_accounts.services import case_endorse_refusal, pack_facts

AREA = "Business cases"


def waiting_for(user: Any, council: Any) -> list[Waiting]:
    if getattr(user, "pk", None) is None:
        return []
    facts = pack_facts(council)
    cases = BusinessCase.objects.filter(council=council).select_related("author").order_by("updated")
    items: list[Waiting] = []
    if facts.business_case.endorsed_by_role and holds_role(user, facts.business_case.endorsed_by_role, council):
        for case in cases.filter(state=CaseState.ENDORSEMENT):
            if case_endorse_refusal(user, case) is None:
                items.append(Waiting(text=f"Endorse or return the business case for {case.title} "
                                          f"({case.get_platform_display()}) from {case.author.username}",
                                     area=AREA, url=reverse("social_accounts:case", args=[case.pk])))
    if holds_role(user, facts.business_case.approver_role, council):
        for case in cases.filter(state=CaseState.SUBMITTED).exclude(author=user):
            items.append(Waiting(text=f"Decide the business case for {case.title} ({case.get_platform_display()}) "
                                      f"from {case.author.username}", area=AREA,
                                 url=reverse("social_accounts:case", args=[case.pk])))
    for case in cases.filter(state=CaseState.RETURNED, author=user):
        items.append(Waiting(text=f"Change your business case for {case.title}: it was returned", area=AREA,
                             url=reverse("social_accounts:case", args=[case.pk]), urgent=True))
    creator = holds_role(user, facts.account_creation.creator_role, council)
    if creator:
        for case in cases.filter(state=CaseState.APPROVED):
            items.append(Waiting(text=f"Create the account for the approved business case {case.title}",
                                 area=AREA, url=reverse("social_accounts:case", args=[case.pk])))
    accounts = SocialAccount.objects.filter(council=council, status=AccountStatus.SET_UP)
    if not creator:
        accounts = accounts.filter(owner=user)
    for account in accounts.order_by("created"):
        items.append(Waiting(text=f"Complete {account} and make it live", area="Official accounts",
                             url=reverse("social_accounts:detail", args=[account.pk])))
    return items
