"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py)."""

AREA = "Audit trail"

EVENT_LABELS: dict[str, str] = {
    "audit.log.export": "Audit trail downloaded",
}

FIELD_LABELS: dict[str, str] = {
    "format": "Format",
    "event": "Events",
    "actor": "Who",
    "since": "From",
    "until": "Until",
}
