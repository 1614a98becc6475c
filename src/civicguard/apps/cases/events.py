"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py).

Concern reports, cases and removal requests are confidential (docs/cases-design.md 8): their audit entries say
only that a record changed and through what (the pages, the API, the command line); what changed is on the case's
own timeline, which only its readers see."""

AREA = "Concerns and cases"

EVENT_LABELS: dict[str, str] = {
    "cases.concern.create": "Concern report made",
    "cases.concern.seen": "Concern report read by the line manager or HR",
    "cases.case.open": "Case opened",
    "cases.case.refer": "Case changed: referred to HR",
    "cases.case.classify": "Case changed: classified",
    "cases.case.investigate": "Case changed: investigation started",
    "cases.case.decide": "Case changed: outcome decided",
    "cases.case.close": "Case changed: closed",
    "cases.case.note": "Case changed: note added",
    "cases.case.owner": "Case changed: owner set",
    "cases.case.deadline": "Case changed: deadline set",
    "cases.case.evidence": "Case changed: evidence added",
    "cases.case.bundle": "Case evidence bundle exported",
    "cases.removal.request": "Removal request made",
    "cases.removal.confirm": "Removal request changed: removal confirmed",
    "cases.removal.escalate": "Removal request changed: overdue, escalated to its case",
    "cases.notice.send": "Notice sent about a case",
    "cases.notice.acknowledge": "Notice about a case acknowledged",
}

OBJECT_NAMES: dict[str, str] = {
    "cases.concernreport": "Concern report",
    "cases.case": "Case",
    "cases.removalrequest": "Removal request",
    "cases.packnotice": "Notice about a case",
}

OBJECT_PAGES: dict[str, str] = {
    "cases.concernreport": "cases:concern",
    "cases.case": "cases:detail",
    "cases.removalrequest": "cases:removal",
    "cases.packnotice": "cases:notice",
}

FIELD_LABELS: dict[str, str] = {"via": "Through"}

VALUE_LABELS = {"via": {"page": "The web pages", "api": "The API", "cli": "The command line",
                        "system": "CivicGuard's hourly job"}}
