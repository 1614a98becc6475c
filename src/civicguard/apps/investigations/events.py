"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py). RIPA
records are confidential: each entry says only that a record changed (its status, through which door)."""

AREA = "Investigations and RIPA"

EVENT_LABELS: dict[str, str] = {
    "investigations.investigation.open": "Investigation registered",
    "investigations.investigation.close": "Investigation closed",
    "investigations.view.record": "Profile viewing logged",
    "investigations.authorisation.apply": "RIPA authorisation applied for",
    "investigations.authorisation.decide": "RIPA authorisation decided by an Authorising Officer",
    "investigations.authorisation.court": "Magistrate's decision on a RIPA authorisation recorded",
    "investigations.authorisation.review": "RIPA authorisation reviewed",
    "investigations.authorisation.renew": "RIPA authorisation renewed (waiting for a magistrate)",
    "investigations.authorisation.cancel": "RIPA authorisation cancelled",
    "investigations.authorisation.expire": "RIPA authorisation expired",
    "investigations.records.purge": "RIPA records purged after their retention period",
}

OBJECT_NAMES: dict[str, str] = {
    "investigations.investigation": "Investigation",
    "investigations.profileview": "Profile viewing",
    "investigations.authorisation": "RIPA authorisation",
}

OBJECT_PAGES: dict[str, str] = {
    "investigations.investigation": "investigations:detail",
    "investigations.authorisation": "investigations:authorisation",
}

FIELD_LABELS: dict[str, str] = {
    "status": "Status",
    "via": "Through",
    "job": "Job",
}

VALUE_LABELS = {
    "status": {"open": "Open", "closed": "Closed", "allowed": "Allowed", "warned": "Allowed, with a warning",
               "refused": "Refused", "applied": "Waiting for the Authorising Officer",
               "authorised": "Authorised: waiting for a magistrate", "not-approved": "Not approved by the magistrate",
               "in-effect": "In effect", "cancelled": "Cancelled", "expired": "Expired"},
    "via": {"page": "The web pages", "api": "The API", "cli": "The command line", "job": "The daily job"},
}
