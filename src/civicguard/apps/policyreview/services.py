"""Policy versions and their reviews (St Helens 10.1-10.2; Sefton 9.1). Each change checks the actor, makes the
change and writes its audit entry in one transaction; the pages and the API only call these functions.

* `policy_version_record`: the version in force when the council starts using CivicGuard (the loaded pack's
  version), with the date it was published; its review falls due `facts.reviews.policy_interval_months` later.
* `policy_version_review_due_set`: bring a review forward, with the reason (St Helens 10.2: "where changes in
  legislation require, more frequently").
* `policy_review_start` -> `policy_review_consult` -> `review_comment_add` (each consultee's comments) ->
  `policy_review_decide` (no change, or a new version; the approving body recorded) -> `policy_review_publish`.
  Publishing a new version makes a new `PolicyVersion`, so `selectors.current_version` changes and everyone signs
  the User Agreement again (the onboarding app compares against it). Publishing "no change" sets the version's
  next review date.

Who runs a review is the pack's (`facts.reviews.policy_review_roles`) among the holders of `policy.review`.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from civicguard.apps.access.checks import can, holds_role, require
from civicguard.apps.access.roles import label
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.policyreview.models import (
    Outcome,
    PolicyReview,
    PolicyVersion,
    ReviewComment,
    ReviewState,
)
from civicguard.engine import pack_for
from civicguard.engine.packs.history import (
    PackVersion,
    UnknownVersion,
    clause_changes,
    current_version,
    find_version,
    pack_versions,
)
from civicguard.engine.packs.schema import Reviews
from civicguard.errors import BadInput, InvalidState, NotAllowed

MAX_TEXT = 4000
MAX_VERSION = 200
DEFAULT_REVIEWS = Reviews(policy_interval_months=12, policy_reviewed_by=[], clauses=[])


def reviews_facts(council: Council) -> Reviews:
    facts = pack_for(council.slug).facts
    return facts.reviews if facts is not None else DEFAULT_REVIEWS


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due_after(council: Council, published: date) -> date:
    """When a version published on `published` is due for review: the pack's interval later (annual)."""
    return add_months(published, reviews_facts(council).policy_interval_months)


def consultees_of(council: Council) -> list[str]:
    """Who a review consults, from the pack: the bodies that review the policy, then the other consultees."""
    facts = reviews_facts(council)
    return [*facts.policy_reviewed_by, *[c for c in facts.consultees if c not in facts.policy_reviewed_by]]


def approving_body_of(council: Council) -> str:
    facts = reviews_facts(council)
    return facts.policy_approved_by or " and ".join(facts.policy_reviewed_by)


def kept_versions(council: Council) -> list[PackVersion]:
    """Every version of the council's policy whose wording is kept with its pack (engine/packs/history.py); a kept
    file that cannot be read raises KeptVersionError (a ValueError naming the file and what is wrong)."""
    return pack_versions(council.slug)


def loaded_version(council: Council) -> PackVersion:
    """The version in force, from the pack's own clauses.yaml (the kept versions are not read)."""
    return current_version(council.slug)


def current_record(council: Council) -> PolicyVersion | None:
    return PolicyVersion.objects.filter(council=council).order_by("-published", "-id").first()


def open_review(council: Council) -> PolicyReview | None:
    """The unfinished review of the version in force, if there is one."""
    version = current_record(council)
    if version is None:
        return None
    return (PolicyReview.objects.filter(of_version=version).exclude(state=ReviewState.PUBLISHED)
            .order_by("-started_at").first())


# ---- who may ---------------------------------------------------------------------------------------------------

def review_refusal(actor: Any, council: Council) -> NotAllowed | None:
    """Why `actor` may not run policy reviews in `council`, or None when they may (pages ask this)."""
    roles = reviews_facts(council).policy_review_roles
    if can(actor, "policy.review", council) and any(holds_role(actor, r, council) for r in roles):
        return None
    names = ", ".join(label(r) for r in roles) or "none"
    return NotAllowed(f"At {council.name} only these roles run policy reviews: {names}")


def _require_reviewer(actor: Any, council: Council) -> None:
    require(actor, "policy.review", council)
    refusal = review_refusal(actor, council)
    if refusal is not None:
        raise refusal


def _text(value: Any, field: str, missing: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise BadInput(missing, field=field)
    if len(text) > limit:
        raise BadInput(f"This must be {limit} characters or fewer", field=field)
    return text


def _due(council: Council, published: date, review_due: date | None, reason: str) -> tuple[date, str]:
    """The review date (the pack's interval after publication unless brought forward, with a reason)."""
    latest = review_due_after(council, published)
    if review_due is None or review_due == latest:
        return latest, reason
    if review_due > latest:
        months = reviews_facts(council).policy_interval_months
        raise BadInput(f"The policy must be reviewed at least every {months} months: the review is due by "
                       f"{latest:%-d %B %Y} at the latest", field="review_due")
    if review_due < published:
        raise BadInput("The review cannot be due before the version was published", field="review_due")
    if not reason:
        raise BadInput("Enter why the review is due sooner, for example a change in legislation",
                       field="early_review_reason")
    return review_due, reason


# ---- versions --------------------------------------------------------------------------------------------------

@transaction.atomic
def policy_version_record(*, actor: Any, council: Council, published: date, review_due: date | None = None,
                          early_review_reason: str = "") -> PolicyVersion:
    """Record that the version of the council's loaded pack was published on `published` (the version in force
    when the council starts using CivicGuard)."""
    _require_reviewer(actor, council)
    current = loaded_version(council)
    if PolicyVersion.objects.filter(council=council, version=current.version).exists():
        raise InvalidState(f"Version {current.version} is already recorded")
    if published > timezone.localdate():
        raise BadInput("The date the version was published must be today or in the past", field="published")
    reason = _text(early_review_reason, "early_review_reason", "", required=False)
    due, reason = _due(council, published, review_due, reason)
    version = PolicyVersion.objects.create(
        council=council, version=current.version, published=published, review_due=due, early_review_reason=reason,
        clauses_digest=current.digest, clause_count=len(current.clauses), published_by=actor)
    audit_record(event="policyreview.version.record", actor=actor, council=council, subject=version,
                 after={"version": version.version, "published": published, "review_due": due,
                        "early_review_reason": reason, "clauses_digest": current.digest})
    return version


@transaction.atomic
def policy_version_review_due_set(*, actor: Any, version: PolicyVersion, review_due: date,
                                  reason: str) -> PolicyVersion:
    """Bring the version's review forward (St Helens 10.2: when legislation changes), with the reason."""
    _require_reviewer(actor, version.council)
    version = PolicyVersion.objects.select_for_update().select_related("council").get(pk=version.pk)
    reason = _text(reason, "early_review_reason", "Enter why the review is due sooner, for example a change in "
                                                  "legislation")
    if review_due >= version.review_due:
        raise BadInput(f"Choose a date before {version.review_due:%-d %B %Y}, when the review is due now",
                       field="review_due")
    due, reason = _due(version.council, version.published, review_due, reason)
    before = {"review_due": version.review_due, "early_review_reason": version.early_review_reason}
    version.review_due, version.early_review_reason = due, reason
    version.save(update_fields=["review_due", "early_review_reason"])
    audit_record(event="policyreview.version.review_due", actor=actor, council=version.council, subject=version,
                 before=before, after={"review_due": due, "early_review_reason": reason})
    return version


# ---- reviews ---------------------------------------------------------------------------------------------------

def start_refusal(council: Council) -> str | None:
    """Why no review can start now (whoever asks), or None."""
    if current_record(council) is None:
        return "Record when the version in force was published first"
    review = open_review(council)
    if review is not None:
        return f"The review of version {review.of_version.version} started on {review.started_at:%-d %B %Y} is " \
               "not finished"
    return None


@transaction.atomic
def policy_review_start(*, actor: Any, council: Council, reason: str = "") -> PolicyReview:
    """Start reviewing the version in force; its consultees and approving body come from the pack."""
    _require_reviewer(actor, council)
    Council.objects.select_for_update().filter(pk=council.pk).first()  # one review at a time
    refusal = start_refusal(council)
    if refusal is not None:
        raise InvalidState(refusal)
    version = current_record(council)
    assert version is not None
    review = PolicyReview.objects.create(
        council=council, of_version=version, reason=_text(reason, "reason", "", required=False),
        consultees=consultees_of(council), approving_body=approving_body_of(council), started_by=actor,
        started_at=timezone.now())
    audit_record(event="policyreview.review.start", actor=actor, council=council, subject=review,
                 after={"of_version": version.version, "consultees": review.consultees,
                        "approving_body": review.approving_body, "reason": review.reason})
    return review


def _locked(review: PolicyReview) -> PolicyReview:
    return PolicyReview.objects.select_for_update().select_related("council", "of_version").get(pk=review.pk)


def _state(review: PolicyReview, *allowed: Any, doing: str) -> None:
    if review.state not in allowed:
        raise InvalidState(f"You cannot {doing}: the review is {review.get_state_display().lower()}")


@transaction.atomic
def policy_review_consult(*, actor: Any, review: PolicyReview) -> PolicyReview:
    """Send the review to its consultees: their comments can then be recorded."""
    _require_reviewer(actor, review.council)
    review = _locked(review)
    _state(review, ReviewState.OPEN, doing="send it for consultation")
    review.state = ReviewState.CONSULTING
    review.save(update_fields=["state"])
    audit_record(event="policyreview.review.consult", actor=actor, council=review.council, subject=review,
                 before={"state": ReviewState.OPEN}, after={"state": review.state, "consultees": review.consultees})
    return review


@transaction.atomic
def review_comment_add(*, actor: Any, review: PolicyReview, consultee: str, comment: str) -> ReviewComment:
    """Record a consultee's comments on the review (as they gave them: a meeting's minutes, an e-mail)."""
    _require_reviewer(actor, review.council)
    review = _locked(review)
    _state(review, ReviewState.CONSULTING, doing="record comments")
    if consultee not in review.consultees:
        raise BadInput(f"Choose one of the consultees: {', '.join(review.consultees)}", field="consultee")
    text = _text(comment, "comment", "Enter the consultee's comments")
    item = ReviewComment.objects.create(review=review, consultee=consultee, comment=text, recorded_by=actor,
                                        recorded_at=timezone.now())
    audit_record(event="policyreview.comment.create", actor=actor, council=review.council, subject=review,
                 after={"consultee": consultee, "comment": text})
    return item


def missing_reviewers(review: PolicyReview) -> list[str]:
    """The bodies that review the policy (the pack's policy_reviewed_by) whose comments are not recorded yet."""
    heard = set(review.comments.values_list("consultee", flat=True))
    reviewers = reviews_facts(review.council).policy_reviewed_by
    return [body for body in review.consultees if body in reviewers and body not in heard]


def decide_refusal(review: PolicyReview) -> str | None:
    if review.state != ReviewState.CONSULTING:
        return f"The review is {review.get_state_display().lower()}: only a review in consultation can be approved"
    missing = missing_reviewers(review)
    if missing:
        return f"Record the comments of the {' and the '.join(missing)} first"
    return None


@transaction.atomic
def policy_review_decide(*, actor: Any, review: PolicyReview, outcome: str, new_version: str = "",
                         notes: str = "", approved_by: str = "") -> PolicyReview:
    """Record the approving body's decision: no change, or a new version (named as its document will name it)."""
    _require_reviewer(actor, review.council)
    review = _locked(review)
    refusal = decide_refusal(review)
    if refusal is not None:
        raise InvalidState(refusal)
    if outcome not in Outcome.values:
        raise BadInput("Choose no change or a new version", field="outcome")
    version = ""
    if outcome == Outcome.NEW_VERSION:
        version = _text(new_version, "new_version", "Enter the new version, as the policy document names it",
                        limit=MAX_VERSION)
        if PolicyVersion.objects.filter(council=review.council, version__iexact=version).exists():
            raise BadInput(f"Version {version} has been published already: enter the new version",
                           field="new_version")
    body = _text(approved_by or review.approving_body, "approved_by", "Enter who approved the outcome",
                 limit=200)
    review.outcome, review.new_version, review.approved_by = outcome, version, body
    review.decision_notes = _text(notes, "notes", "", required=False)
    review.state, review.decided_by, review.decided_at = ReviewState.APPROVED, actor, timezone.now()
    review.save()
    audit_record(event="policyreview.review.approve", actor=actor, council=review.council, subject=review,
                 before={"state": ReviewState.CONSULTING},
                 after={"state": review.state, "outcome": outcome, "new_version": version, "approved_by": body,
                        "decision_notes": review.decision_notes})
    return review


def publish_refusal(review: PolicyReview) -> str | None:
    """Why the approved outcome cannot be published yet, or None. A new version is published once CivicGuard
    checks against it: its wording is the loaded pack's."""
    if review.state != ReviewState.APPROVED:
        return f"The review is {review.get_state_display().lower()}: only an approved review can be published"
    if review.outcome == Outcome.NEW_VERSION:
        loaded = loaded_version(review.council).version
        if loaded.strip().casefold() != review.new_version.strip().casefold():
            return (f"CivicGuard still checks posts against version {loaded}: ask whoever looks after the "
                    f"council's policy pack to load version {review.new_version} first")
    return None


@transaction.atomic
def policy_review_publish(*, actor: Any, review: PolicyReview) -> PolicyReview:
    """Publish the outcome today: a new version comes into force (everyone signs the User Agreement again), or,
    for no change, the version's next review falls due the pack's interval from today."""
    _require_reviewer(actor, review.council)
    review = _locked(review)
    refusal = publish_refusal(review)
    if refusal is not None:
        raise InvalidState(refusal)
    council, today = review.council, timezone.localdate()
    due = review_due_after(council, today)
    if review.outcome == Outcome.NEW_VERSION:
        wording = loaded_version(council)
        version = PolicyVersion.objects.create(
            council=council, version=wording.version, published=today, review_due=due,
            clauses_digest=wording.digest, clause_count=len(wording.clauses), published_by=actor)
        audit_record(event="policyreview.version.publish", actor=actor, council=council, subject=version,
                     after={"version": version.version, "published": today, "review_due": due,
                            "clauses_digest": wording.digest})
    else:
        version = PolicyVersion.objects.select_for_update().get(pk=review.of_version_id)
        before = {"review_due": version.review_due, "early_review_reason": version.early_review_reason}
        version.review_due, version.early_review_reason = due, ""
        version.save(update_fields=["review_due", "early_review_reason"])
        audit_record(event="policyreview.version.review_due", actor=actor, council=council, subject=version,
                     before=before, after={"review_due": due, "early_review_reason": ""})
    review.state, review.published_version, review.published_at = ReviewState.PUBLISHED, version, timezone.now()
    review.save(update_fields=["state", "published_version", "published_at"])
    audit_record(event="policyreview.review.publish", actor=actor, council=council, subject=review,
                 before={"state": ReviewState.APPROVED},
                 after={"state": review.state, "outcome": review.outcome, "version": version.version,
                        "review_due": due})
    return review


# ---- what changed --------------------------------------------------------------------------------------------

def review_changes(review: PolicyReview) -> tuple[dict[str, Any] | None, str]:
    """The clause wording changes between the reviewed version and the new one, or None and why not. A kept
    version's file that cannot be read raises KeptVersionError: the pages and the API say so, and the rest of the
    review still shows."""
    if review.outcome == Outcome.NO_CHANGE:
        return None, "The review decided on no change."
    if not review.new_version:
        return None, "The new version is named when the review is approved."
    versions = kept_versions(review.council)
    try:
        old = find_version(versions, review.of_version.version)
        new = find_version(versions, review.new_version)
    except UnknownVersion as exc:
        return None, (f"The wording cannot be compared: {exc.message}. The wording of each version is kept "
                      f"with the council's policy pack (policies/{review.council.slug}/versions/).")
    return clause_changes(old, new), ""
