"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py)."""

AREA = "Policy reviews"

EVENT_LABELS: dict[str, str] = {
    "policyreview.version.record": "Policy version in force recorded",
    "policyreview.version.review_due": "Policy review brought forward",
    "policyreview.version.publish": "New policy version published",
    "policyreview.review.start": "Policy review started",
    "policyreview.review.consult": "Policy review sent for consultation",
    "policyreview.comment.create": "Consultee's comment recorded",
    "policyreview.review.approve": "Policy review approved",
    "policyreview.review.publish": "Policy review published",
}

OBJECT_NAMES: dict[str, str] = {
    "policyreview.policyversion": "Policy version",
    "policyreview.policyreview": "Policy review",
}

OBJECT_PAGES: dict[str, str] = {
    "policyreview.policyreview": "policyreview:review",
    "policyreview.policyversion": "policyreview:versions#version-",
}

FIELD_LABELS: dict[str, str] = {
    "version": "Version",
    "published": "Published",
    "review_due": "Review due",
    "early_review_reason": "Why the review is due early",
    "clauses_digest": "Fingerprint of the clauses",
    "clause_count": "Clauses",
    "of_version": "Version reviewed",
    "state": "State",
    "consultees": "Consultees",
    "approving_body": "Approving body",
    "consultee": "Consultee",
    "comment": "Comment",
    "outcome": "Outcome",
    "new_version": "New version",
    "decision_notes": "Notes on the decision",
    "approved_by": "Approved by",
}

VALUE_LABELS = {
    "state": {"open": "Open", "consulting": "Consulting", "approved": "Approved", "published": "Published"},
    "outcome": {"no-change": "No change", "new-version": "New version"},
}
