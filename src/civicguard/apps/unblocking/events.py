"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py)."""

AREA = "Website unblocking"

EVENT_LABELS: dict[str, str] = {
    "unblocking.request.create": "Website unblocking requested",
    "unblocking.request.pass_on": "Unblocking request passed to the Computer Auditor",
    "unblocking.request.return": "Unblocking request returned to the requester",
    "unblocking.request.approve": "Unblocking request approved by the Computer Auditor",
    "unblocking.request.refuse": "Unblocking request refused by the Computer Auditor",
    "unblocking.request.ad_approve": "Assistant Director's approval recorded",
    "unblocking.request.ad_refuse": "Assistant Director's refusal recorded",
    "unblocking.request.withdraw": "Unblocking request withdrawn",
    "unblocking.request.expire": "Unblocked access ended (expired)",
}

OBJECT_NAMES: dict[str, str] = {
    "unblocking.unblockrequest": "Website unblocking request",
}

OBJECT_PAGES: dict[str, str] = {
    "unblocking.unblockrequest": "unblocking:detail",
}

FIELD_LABELS: dict[str, str] = {
    "team": "Team",
    "people": "People",
    "sites": "Sites",
    "reason": "Business reason",
    "expires": "Access ends",
    "work_only_declared": "Declared for work purposes only",
    "status": "Status",
    "needs_ad": "Needs the Assistant Director",
    "note": "Note",
}

VALUE_LABELS = {
    "status": {"submitted": "With the ICT helpdesk", "with_auditor": "With the Computer Auditor",
               "with_ad": "Waiting for the Assistant Director", "active": "Unblocked", "expired": "Expired",
               "refused": "Refused", "returned": "Returned to the requester", "withdrawn": "Withdrawn"},
}
