"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py)."""

AREA = "Advice requests"

EVENT_LABELS: dict[str, str] = {
    "advice.request.create": "Advice asked for",
    "advice.request.answer": "Advice given",
    "advice.request.withdraw": "Advice request withdrawn",
}

OBJECT_NAMES: dict[str, str] = {
    "advice.advicerequest": "Advice request",
}

OBJECT_PAGES: dict[str, str] = {
    "advice.advicerequest": "advice:detail",
}

FIELD_LABELS: dict[str, str] = {
    "adviser": "Asked",
    "question": "Question",
    "about": "About",
    "answer": "Answer",
    "status": "Status",
}

VALUE_LABELS = {
    "status": {"open": "Waiting for an answer", "answered": "Answered", "withdrawn": "Withdrawn"},
}
