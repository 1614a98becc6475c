"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py)."""

AREA = "Notifications"

EVENT_LABELS: dict[str, str] = {
    "notifications.digest.preference": "Daily e-mail turned on or off",
    "notifications.digest.sent": "Daily e-mails sent",
}

OBJECT_NAMES: dict[str, str] = {
    "notifications.digestpreference": "Daily e-mail choice",
}

OBJECT_PAGES: dict[str, str] = {
    "notifications.digestpreference": "notifications:list",
}

FIELD_LABELS: dict[str, str] = {
    "send_digest": "Daily e-mail",
    "sent": "E-mails sent",
    "day": "Day",
}
