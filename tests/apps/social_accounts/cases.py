"""Business cases for the tests: complete ones, made through the services."""

from __future__ import annotations

from typing import Any

from civicguard.apps.councils.models import Council, ServiceArea
from civicguard.apps.social_accounts import services

ANSWERS = {
    "platform": "instagram", "handle": "@StHelensParks",
    "purpose": "Tell residents about events in the parks", "audience": "Families and park users",
    "posters": "The parks events officer and the parks manager", "moderators": "The parks events officer",
    "hours_covered": "Monday to Friday, 9am to 5pm", "content_plan": "Three posts a week: events and closures",
    "success_measures": "Attendance at events", "risks": "Abuse in comments: moderated within a day",
    "feedback_arrangements": "Message us, or complain at sthelens.gov.uk/complaints",
}


def area(council: Council, name: str = "Parks") -> ServiceArea:
    return ServiceArea.objects.get_or_create(council=council, slug=name.lower().replace(" ", "-"),
                                             defaults={"name": name})[0]


def complete_case(council: Council, author: Any, title: str = "St Helens Parks", **fields: Any) -> Any:
    answers = {**ANSWERS, "service_area": area(council), **fields}
    return services.business_case_create(council=council, actor=author, title=title, **answers)


def approved_case(council: Council, author: Any, approver: Any, **fields: Any) -> Any:
    case = complete_case(council, author, **fields)
    services.business_case_submit(case=case, actor=author)
    return services.business_case_decide(case=case, actor=approver, decision="approve", reason="A clear need")
