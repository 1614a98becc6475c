"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py)."""

AREA = "Embargo register"

EVENT_LABELS: dict[str, str] = {
    "embargo.document.register": "Embargoed document added",
    "embargo.document.withdraw": "Embargoed document withdrawn",
}

OBJECT_NAMES: dict[str, str] = {
    "embargo.embargoeddocument": "Embargoed document",
}

OBJECT_PAGES: dict[str, str] = {
    "embargo.embargoeddocument": "embargo:detail",
}

FIELD_LABELS: dict[str, str] = {
    "title": "Title",
    "until": "Until",
    "characters": "Length of text (characters)",
}
