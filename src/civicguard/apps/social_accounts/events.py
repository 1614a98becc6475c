"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py)."""

from civicguard.apps.social_accounts.models import PLATFORMS, AccountStatus

AREA = "Social media accounts"

EVENT_LABELS: dict[str, str] = {
    "social_accounts.account.add": "Social media account added",
    "social_accounts.account.dormant": "Social media account marked dormant",
}

OBJECT_NAMES: dict[str, str] = {
    "social_accounts.socialaccount": "Social media account",
}

OBJECT_PAGES: dict[str, str] = {
    "social_accounts.socialaccount": "social_accounts:list#account-",
}

FIELD_LABELS: dict[str, str] = {
    "handle": "Handle",
    "status": "Status",
    "reason": "Reason",
}

VALUE_LABELS = {
    "platform": dict(PLATFORMS),
    "status": dict(AccountStatus.choices),
}
