"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py)."""

from civicguard.apps.social_accounts.models import PLATFORMS, AccountStatus, CaseState

AREA = "Social media accounts"

EVENT_LABELS: dict[str, str] = {
    "social_accounts.account.add": "Social media account added",
    "social_accounts.account.create": "Social media account created from its business case",
    "social_accounts.account.update": "Social media account's record changed",
    "social_accounts.account.live": "Social media account went live",
    "social_accounts.account.dormant": "Social media account marked dormant",
    "social_accounts.account.close": "Social media account closed",
    "social_accounts.case.create": "Business case started",
    "social_accounts.case.update": "Business case changed",
    "social_accounts.case.submit": "Business case submitted",
    "social_accounts.case.refuse_provider": "Business case refused: the provider is deemed inappropriate",
    "social_accounts.case.endorse": "Business case endorsed by the author's service manager",
    "social_accounts.case.endorsement_return": "Business case returned for changes by the author's service manager",
    "social_accounts.case.approve": "Business case approved",
    "social_accounts.case.refuse": "Business case refused",
    "social_accounts.case.return": "Business case returned for changes",
    "social_accounts.case.account_created": "Account created for the business case",
    "social_accounts.provider.add": "Provider deemed inappropriate",
}

OBJECT_NAMES: dict[str, str] = {
    "social_accounts.socialaccount": "Social media account",
    "social_accounts.businesscase": "Business case",
    "social_accounts.inappropriateprovider": "Inappropriate provider",
}

OBJECT_PAGES: dict[str, str] = {
    "social_accounts.socialaccount": "social_accounts:detail",
    "social_accounts.businesscase": "social_accounts:case",
    "social_accounts.inappropriateprovider": "social_accounts:providers#provider-",
}

FIELD_LABELS: dict[str, str] = {
    "handle": "Handle",
    "status": "Status",
    "state": "State",
    "reason": "Reason",
    "title": "Name of the account",
    "changed": "Fields changed",
    "owner": "Owner",
    "service_area": "Service area",
    "login_email": "Login e-mail",
    "conditions_version": "Conditions of use version",
    "conditions_accepted_on": "Conditions of use accepted on",
    "identifies_council": "Profile identifies the council",
    "branding_appropriate": "Branding used appropriately",
    "feedback_info": "Feedback and complaints information",
    "profile_url": "Profile address",
    "business_case": "Business case",
}

VALUE_LABELS = {
    "platform": dict(PLATFORMS),
    "status": dict(AccountStatus.choices),
    "state": dict(CaseState.choices),
    "login_email": {"recorded": "Recorded (never shown)", "none": "None"},
}
