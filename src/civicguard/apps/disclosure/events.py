"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py)."""

AREA = "FOI, subject access and retention"

EVENT_LABELS: dict[str, str] = {
    "disclosure.request.open": "FOI or subject access request opened",
    "disclosure.request.search": "Records searched for a disclosure request",
    "disclosure.request.export": "Records disclosed (export downloaded)",
    "disclosure.request.close": "Disclosure request closed",
    "disclosure.retention.purge": "Records removed at the end of their retention period",
}

OBJECT_NAMES: dict[str, str] = {
    "disclosure.disclosurerequest": "Disclosure request",
    "disclosure.purge": "Retention purge",
}

OBJECT_PAGES: dict[str, str] = {
    "disclosure.disclosurerequest": "disclosure:detail",
}

FIELD_LABELS: dict[str, str] = {
    "kind": "Kind",
    "received_on": "Received on",
    "due_on": "Due on",
    "counts": "Records by type",
    "not_searched": "Types not searched (not the handler's to read)",
    "disclosure": "Disclosure",
    "ids": "Records",
    "sha256": "Export's fingerprint (SHA-256)",
    "status": "Status",
    "record_type": "Record type",
    "deleted": "Deleted",
    "anonymised": "Personal data removed",
    "held": "Kept under a legal hold",
    "via": "Through",
}

VALUE_LABELS = {
    "kind": {"foi": "Freedom of Information", "sar": "Subject access"},
    "status": {"open": "Open", "searched": "Searched", "disclosed": "Disclosed", "closed": "Closed"},
    "via": {"page": "The web pages", "api": "The API", "cli": "The command line"},
}
