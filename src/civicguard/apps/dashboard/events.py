"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py)."""

AREA = "Oversight dashboard"

EVENT_LABELS: dict[str, str] = {
    "dashboard.report.download": "Oversight report downloaded",
    "dashboard.pack.send": "Monthly meeting pack e-mailed to the Information Management Group",
}

OBJECT_NAMES: dict[str, str] = {
    "dashboard.report": "Oversight report",
    "dashboard.monthlypack": "Monthly meeting pack",
}

FIELD_LABELS: dict[str, str] = {
    "format": "Format",
    "period_from": "From",
    "period_to": "To",
    "service_area": "Service area",
    "recipients": "Sent to (how many people)",
    "month": "Month",
}
