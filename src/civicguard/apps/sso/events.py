"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py)."""

AREA = "Signing in"

EVENT_LABELS: dict[str, str] = {
    "sso.sign_in": "Signed in through the council's directory",
    "sso.sign_in.refuse": "Turned away at sign-in: their directory groups give no role in CivicGuard",
    "sso.sign_in.fail": "Sign-in through the council's directory failed",
    "sso.two_factor.set_up": "Two-factor sign-in set up",
    "sso.two_factor.fail": "Wrong two-factor code at sign-in",
    "sso.two_factor.reset": "Two-factor sign-in reset by an administrator",
}

OBJECT_NAMES: dict[str, str] = {}
OBJECT_PAGES: dict[str, str] = {}

FIELD_LABELS: dict[str, str] = {
    "roles": "Roles",
    "groups": "Directory groups",
    "reason": "Why",
    "username": "Username",
    "directory": "Directory",
}

VALUE_LABELS: dict[str, dict[str, str]] = {}
