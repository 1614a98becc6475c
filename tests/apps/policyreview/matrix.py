"""The permission matrix's rows for the policy review pages and endpoints. See tests/apps/matrix.py.

`policy.view` and `policy.review` are held by the bodies that review the policy in either council (img, hr,
approver) and administrators; St Helens' pack lets only img and admin run a review (10.1), so St Helens' HR and
approvers are let in by the capability and then refused (403) by the pack's rule (services.review_refusal).
Pages naming a review or a version look it up in the person's council first (a Sefton person of those roles gets
404); pages naming no object are run in the person's own council, where Sefton's pack lets hr, approver and admin
run reviews (their `gate`).

The world: St Helens' versions were published one after another (made directly, each with "Quillfeather" in its
name), and one review of each of the first three versions is at a different step (through the services): approved
(no change), in consultation with the IMG's comments, and open. The version in force has no review yet.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from civicguard.apps.policyreview import services
from civicguard.apps.policyreview.models import PolicyReview, PolicyVersion, ReviewComment
from tests.apps.factories import person
from tests.apps.matrix import ALL, OK, api, page, roles

VIEWERS = roles("img", "hr", "approver", "admin")  # policy.view
BODIES_ROLES = VIEWERS                              # policy.review (the capability)
RUNNERS = roles("img", "admin")                     # St Helens' pack: facts.reviews.policy_review_roles
SEFTON_RUNNERS = roles("hr", "approver", "admin")   # Sefton's pack
NOT_VIEWERS = ALL - VIEWERS

LEGEND = {"policy.view": VIEWERS, "policy.review": BODIES_ROLES}
IMG = "Information Management Group (IMG)"


def _date(prefix: str, days_ago: int) -> dict[str, str]:
    day = timezone.localdate() - timedelta(days=days_ago)
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


BODIES = {
    "the version in force, published": lambda w: _date("published", 20),
    "the review brought forward": lambda w: {**_date("review_due", -10),
                                             "early_review_reason": "The Online Safety Act changed"},
    "a review, for a reason": lambda w: {"reason": "A change in legislation"},
    "the IMG's comments": lambda w: {"consultee": IMG, "comment": "The IMG met and agreed"},
    "approved, no change": lambda w: {"outcome": "no-change", "approved_by": "Chief Officers Group"},
    "a St Helens review (API)": lambda w: {"council": "st-helens"},
    "the IMG's comments (API)": lambda w: {"consultee": IMG, "comment": "The IMG met and agreed"},
    "send for consultation (API)": lambda w: {"action": "consult"},
}

ROWS = {
    ("policyreview:versions", "GET", ""): page(VIEWERS, shows=VIEWERS),
    ("policyreview:version_record", "GET", ""): page(RUNNERS, gate=SEFTON_RUNNERS),
    ("policyreview:version_record", "POST", ""): page(
        RUNNERS, body="the version in force, published", changes=True, gate=SEFTON_RUNNERS,
        note="records the loaded pack's version; from Sefton, Sefton's"),
    ("policyreview:version_due", "GET", ""): page(RUNNERS, target="policy_version", gate=BODIES_ROLES,
                                                  shows=RUNNERS),
    ("policyreview:version_due", "POST", ""): page(RUNNERS, target="policy_version", gate=BODIES_ROLES,
                                                   body="the review brought forward", changes=True),
    ("policyreview:review_start", "GET", ""): page(RUNNERS, gate=SEFTON_RUNNERS),
    ("policyreview:review_start", "POST", ""): page(
        RUNNERS, body="a review, for a reason", changes=True, gate=SEFTON_RUNNERS,
        note="from Sefton, with no version recorded there: told so, back to the versions page"),
    ("policyreview:review", "GET", ""): page(VIEWERS, target="policy_review", shows=VIEWERS),
    ("policyreview:review_consult", "POST", ""): page(RUNNERS, target="policy_review_open", gate=BODIES_ROLES,
                                                      changes=True),
    ("policyreview:review_comment", "GET", ""): page(RUNNERS, target="policy_review", gate=BODIES_ROLES,
                                                     shows=RUNNERS),
    ("policyreview:review_comment", "POST", ""): page(RUNNERS, target="policy_review", gate=BODIES_ROLES,
                                                      body="the IMG's comments", changes=True),
    ("policyreview:review_decide", "GET", ""): page(RUNNERS, target="policy_review", gate=BODIES_ROLES,
                                                    shows=RUNNERS),
    ("policyreview:review_decide", "POST", ""): page(RUNNERS, target="policy_review", gate=BODIES_ROLES,
                                                     body="approved, no change", changes=True),
    ("policyreview:review_publish", "POST", ""): page(RUNNERS, target="policy_review_approved",
                                                      gate=BODIES_ROLES, changes=True),
    ("api-policy-versions", "GET", ""): api(VIEWERS, shows=VIEWERS, stranger=403, elsewhere=(OK, 403),
                                            note="every council where the person may; where they may in none, 403"),
    ("api-policy-versions", "GET", "council=st-helens"): api(VIEWERS, query="council=st-helens", shows=VIEWERS),
    ("api-policy-reviews", "GET", ""): api(VIEWERS, shows=VIEWERS, stranger=403, elsewhere=(OK, 403)),
    ("api-policy-reviews", "POST", ""): api(RUNNERS, body="a St Helens review (API)", changes=True,
                                            note="St Helens' HR and approvers: 403 (the pack)"),
    ("api-policy-review", "GET", ""): api(VIEWERS, target="policy_review", hidden=NOT_VIEWERS, shows=VIEWERS),
    ("api-policy-review-comments", "POST", ""): api(RUNNERS, target="policy_review", hidden=NOT_VIEWERS,
                                                    body="the IMG's comments (API)", changes=True),
    ("api-policy-review-decision", "POST", ""): api(RUNNERS, target="policy_review_open", hidden=NOT_VIEWERS,
                                                    body="send for consultation (API)", changes=True),
}

TARGETS = {"policy_version", "policy_review", "policy_review_open", "policy_review_approved"}


def _version(world: Any, name: str, days_ago: int) -> PolicyVersion:
    published = timezone.localdate() - timedelta(days=days_ago)
    return PolicyVersion.objects.create(council=world.council, version=name, published=published,
                                        review_due=services.review_due_after(world.council, published))


def build(world: Any) -> dict[str, Any]:
    img = person("img", username="sth-policy-img")
    sth = world.council
    _version(world, "Quillfeather 2023 edition", 900)
    approved = services.policy_review_start(actor=img, council=sth, reason="Quillfeather annual review")
    services.policy_review_consult(actor=img, review=approved)
    services.review_comment_add(actor=img, review=approved, consultee=IMG, comment="Quillfeather: no change")
    services.policy_review_decide(actor=img, review=approved, outcome="no-change")
    _version(world, "Quillfeather 2024 edition", 600)
    consulting = services.policy_review_start(actor=img, council=sth, reason="Quillfeather annual review")
    services.policy_review_consult(actor=img, review=consulting)
    services.review_comment_add(actor=img, review=consulting, consultee=IMG,
                                comment="Quillfeather: the IMG asks for clearer wording on 6.8")
    _version(world, "Quillfeather 2025 edition", 300)
    opened = services.policy_review_start(actor=img, council=sth, reason="Quillfeather: a change in legislation")
    in_force = _version(world, "Quillfeather 2026 edition", 60)
    return {"policy_version": in_force, "policy_review": PolicyReview.objects.get(pk=consulting.pk),
            "policy_review_open": opened, "policy_review_approved": PolicyReview.objects.get(pk=approved.pk)}


def state(council: Any) -> tuple[Any, ...]:
    return (
        list(PolicyVersion.objects.filter(council=council).order_by("pk").values_list(
            "pk", "version", "review_due", "early_review_reason")),
        list(PolicyReview.objects.filter(council=council).order_by("pk").values_list(
            "pk", "state", "outcome", "approved_by")),
        ReviewComment.objects.filter(review__council=council).count(),
    )
