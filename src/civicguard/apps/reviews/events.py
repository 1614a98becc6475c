"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py)."""

AREA = "Account reviews and procedures"

EVENT_LABELS: dict[str, str] = {
    "reviews.procedure.upload": "Service area procedure uploaded",
    "reviews.procedure.download": "Service area procedure downloaded",
    "reviews.review.create": "Account review scheduled",
    "reviews.review.sign_off": "Account review signed off",
}

OBJECT_NAMES: dict[str, str] = {
    "reviews.serviceareaprocedure": "Service area procedure",
    "reviews.accountreview": "Account review",
}

OBJECT_PAGES: dict[str, str] = {
    "reviews.serviceareaprocedure": "reviews:procedure",
    "reviews.accountreview": "reviews:review",
}

FIELD_LABELS: dict[str, str] = {
    "title": "Title",
    "service_area": "Service area",
    "policy_version": "Policy version followed",
    "file_name": "File",
    "kind": "Kind of file",
    "size": "Size (bytes)",
    "sha256": "SHA-256 of the file",
    "account": "Account",
    "due": "Due",
    "content_appropriate": "Content still appropriate",
    "representatives_current": "Representatives current",
    "feedback_current": "Feedback and complaints information current",
    "inappropriate_removed": "Inappropriate content removed",
    "notes": "Notes",
    "line_manager": "Line manager",
    "next_due": "Next review due",
}

VALUE_LABELS = {
    "kind": {"pdf": "PDF", "docx": "Word document (.docx)", "odt": "OpenDocument text (.odt)"},
}
