"""Policy versions and reviews for the tests, made through the services (so they are in the audit trail)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from civicguard.apps.policyreview import services
from civicguard.apps.policyreview.models import PolicyReview, PolicyVersion
from tests.apps.factories import council, person


def reviewer(slug: str = "st-helens", **kw: Any) -> Any:
    return person("img" if slug == "st-helens" else "hr", slug, **kw)


def version_in_force(slug: str = "st-helens", *, published: date | None = None, actor: Any = None) -> PolicyVersion:
    c = council(slug)
    return services.policy_version_record(actor=actor or reviewer(slug), council=c,
                                          published=published or timezone.localdate() - timedelta(days=300))


def review_consulting(slug: str = "st-helens", *, actor: Any = None, comments: bool = True) -> PolicyReview:
    actor = actor or reviewer(slug)
    c = council(slug)
    if services.current_record(c) is None:
        version_in_force(slug, actor=actor)
    review = services.policy_review_start(actor=actor, council=c)
    review = services.policy_review_consult(actor=actor, review=review)
    if comments:
        for body in services.reviews_facts(c).policy_reviewed_by:
            services.review_comment_add(actor=actor, review=review, consultee=body,
                                        comment=f"{body}: no changes needed")
    return review
