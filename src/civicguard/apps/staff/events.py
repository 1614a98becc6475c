"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py)."""

from civicguard.apps.access.roles import ROLES

AREA = "People and roles"

EVENT_LABELS: dict[str, str] = {
    "staff.user.create": "Staff account created",
    "staff.role.assign": "Role given",
    "staff.role.revoke": "Role taken away",
    "staff.token.issue": "API token issued",
    "staff.login.fail": "Failed sign-in",
}

# Staff accounts are Django's own users (auth.user): this app owns the concept.
OBJECT_NAMES: dict[str, str] = {
    "auth.user": "Person",
}

OBJECT_PAGES: dict[str, str] = {
    "auth.user": "staff:list#person-",
}

FIELD_LABELS: dict[str, str] = {
    "username": "Username",
    "email": "Email address",
    "role": "Role",
    "prefix": "Token starts with",
    "ip": "IP address",
}

VALUE_LABELS = {
    "role": ROLES,
}
