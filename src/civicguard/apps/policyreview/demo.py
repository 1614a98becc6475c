"""Demo policy versions and reviews (`civicguard demo`), through the services, idempotent.

* Both councils: the version of the policy in force recorded as published, with its review date.
* St Helens: the annual review in consultation, with the Information Management Group's comments (due soon).
* Sefton: a completed review (no change, approved for the Cabinet Member - Corporate Services), so its next
  review is a year away.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from civicguard.apps.policyreview import services
from civicguard.apps.policyreview.models import PolicyReview, PolicyVersion
from civicguard.demo import DemoContext

ST_HELENS_COMMENT = ("The IMG discussed the policy on 18 November. Section 6.8 should say that the sign-in address "
                     "is a shared mailbox, not a person's own; otherwise no change needed.")
SEFTON_COMMENTS = {
    "Personnel Department": "No change needed: the policy reflects current employment law.",
    "Corporate Communications Team": "No change needed; the Social Media Advice and Top Tips were updated "
                                     "separately.",
    "Trade Unions": "UNISON and GMB have no comments on this review.",
}


def load(ctx: DemoContext) -> None:
    council = ctx.council
    if PolicyVersion.objects.filter(council=council).exists():
        return  # loaded before: nothing to add
    today = timezone.localdate()
    if ctx.slug == "st-helens":
        img = ctx.people["img"]
        # Published 11 months ago: the annual review falls due within the month.
        services.policy_version_record(actor=img, council=council, published=today - timedelta(days=335))
        review = services.policy_review_start(actor=img, council=council)
        services.policy_review_consult(actor=img, review=review)
        services.review_comment_add(actor=img, review=review, consultee="Information Management Group (IMG)",
                                    comment=ST_HELENS_COMMENT)
    elif ctx.slug == "sefton":
        hr = ctx.people["hr"]
        # The July 2023 amendment; its review fell due in July 2024 and was done: no change.
        services.policy_version_record(actor=hr, council=council, published=date(2023, 7, 1))
        review = services.policy_review_start(actor=hr, council=council)
        services.policy_review_consult(actor=hr, review=review)
        for consultee, comment in SEFTON_COMMENTS.items():
            services.review_comment_add(actor=hr, review=review, consultee=consultee, comment=comment)
        services.policy_review_decide(actor=hr, review=review, outcome="no-change",
                                      approved_by="Cabinet Member - Corporate Services",
                                      notes="Reviewed in consultation with the Trade Unions: nothing in employment "
                                            "law or in social media called for a change.")
        services.policy_review_publish(actor=hr, review=review)
    assert PolicyReview.objects.filter(council=council).exists()
