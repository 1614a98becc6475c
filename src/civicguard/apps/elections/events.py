"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py)."""

AREA = "Elections"

EVENT_LABELS: dict[str, str] = {
    "elections.election.add": "Election added to the calendar",
    "elections.election.change": "Election changed",
    "elections.election.cancel": "Election cancelled",
}

OBJECT_NAMES: dict[str, str] = {"elections.election": "Election"}

OBJECT_PAGES: dict[str, str] = {"elections.election": "elections:detail"}

FIELD_LABELS: dict[str, str] = {
    "name": "Name",
    "kind": "Kind",
    "wards": "Wards",
    "polling_day": "Polling day",
    "notice_published_on": "Notice of election published",
    "period_start": "Period starts",
    "period_end": "Period ends",
    "status": "Status",
    "reason": "Reason",
    "via": "Through",
}

VALUE_LABELS = {
    "kind": {"local": "Local council elections", "mayoral": "Mayoral election",
             "parliamentary": "Parliamentary general election", "police": "Police and Crime Commissioner election",
             "referendum": "Referendum", "by-election": "By-election"},
    "status": {"scheduled": "Scheduled", "cancelled": "Cancelled"},
    "via": {"page": "The web pages", "api": "The API", "cli": "The command line"},
}
