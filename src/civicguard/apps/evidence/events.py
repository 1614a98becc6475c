"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py).

Evidence is confidential (issue 18, 9): the audit trail says only that evidence was captured, or that the store
was found altered; what was captured, and every view, download and export, is in the item's chain of custody and
the read log (access.ConfidentialRead), which only the case's readers see."""

AREA = "Evidence"

EVENT_LABELS: dict[str, str] = {
    "evidence.item.capture": "Evidence captured",
    "evidence.item.altered": "Evidence found altered in the private store",
}

OBJECT_NAMES: dict[str, str] = {
    "evidence.evidenceitem": "Evidence",
}

FIELD_LABELS: dict[str, str] = {
    "via": "Through",
    "stored_as": "Stored file",
}

VALUE_LABELS = {
    "via": {"page": "The web pages", "api": "The API", "cli": "The command line"},
}
