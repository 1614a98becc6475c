"""The audit events this app writes. A breach record is confidential (docs/cases-design.md 8): its entries say only
that a record changed and its status, never what it holds (who, what data, the risk, the ICO's reference)."""

AREA = "Personal data breaches"

EVENT_LABELS: dict[str, str] = {
    "breaches.breach.open": "Personal data breach record opened",
    "breaches.breach.assess": "Personal data breach record changed (assessment)",
    "breaches.breach.ico": "Personal data breach record changed (the ICO)",
    "breaches.breach.people": "Personal data breach record changed (the people affected)",
    "breaches.breach.notice": "Personal data breach record changed (a notice sent)",
    "breaches.breach.close": "Personal data breach record closed",
}

OBJECT_NAMES: dict[str, str] = {
    "breaches.databreach": "Personal data breach record",
}

OBJECT_PAGES: dict[str, str] = {
    "breaches.databreach": "breaches:detail",
}

FIELD_LABELS: dict[str, str] = {
    "status": "Status",
    "via": "Through",
}

VALUE_LABELS = {
    "status": {"open": "Open", "assessed": "Assessed", "closed": "Closed"},
    "via": {"page": "The web pages", "api": "The API", "cli": "The command line"},
}
