"""Every role's capabilities, pinned. Moving where the table lives must not give or take away anything.

Spelt out role by role (the permission matrix spells it out capability by capability), so that a capability an
app adds, drops or hands to another role fails here until this table, the README's "Who can do what" and the
matrix agree.
"""

from civicguard.apps.access.capabilities import holders
from civicguard.apps.access.roles import ROLES

EVERY_ROLE = {"personal.check", "accounts.view", "unblocking.request", "advice.ask"}
PINNED = {
    "employee": EVERY_ROLE,
    "representative": EVERY_ROLE | {"post.draft", "post.view", "outbox.view", "check.moderation"},
    "line-manager": EVERY_ROLE | {"post.view", "post.view_all"},
    "service-manager": EVERY_ROLE | {"post.view", "post.view_all"},
    "moderator": EVERY_ROLE | {"check.moderation", "comments.view", "comments.moderate", "comments.import",
                               "comments.dead_letters"},
    "approver": EVERY_ROLE | {"post.view", "post.view_all", "post.approve", "outbox.view", "overrides.view",
                              "check.moderation", "embargo.view", "embargo.manage", "accounts.manage",
                              "comments.view"},
    "ict-helpdesk": EVERY_ROLE | {"unblocking.handle"},
    "computer-auditor": EVERY_ROLE | {"unblocking.approve", "advice.answer", "audit.view"},
    "legal": EVERY_ROLE | {"advice.answer", "embargo.view", "comments.view", "comments.export"},
    "caldicott-guardian": EVERY_ROLE,
    "hr": EVERY_ROLE | {"staff.view", "staff.edit", "staff.restrict"},
    "investigator": EVERY_ROLE,
    "authorising-officer": EVERY_ROLE,
    "img": EVERY_ROLE | {"post.view", "post.view_all", "outbox.view", "overrides.view", "audit.view",
                         "audit.export", "comments.export", "advice.view_all"},
    "admin": EVERY_ROLE | {"accounts.manage", "comments.import", "comments.dead_letters", "staff.manage",
              "staff.view", "staff.edit"},
}
# Policy reviews (apps/policyreview): the bodies that review the policy in either council (St Helens 10.1 the IMG;
# Sefton 9.1 Personnel and Corporate Communications) and administrators; the pack narrows who runs one.
for _role in ("img", "hr", "approver", "admin"):
    PINNED[_role] = PINNED[_role] | {"policy.view", "policy.review"}
# Procedures and account reviews (apps/reviews): everyone reads the service areas' procedures (St Helens 6.12); line
# and service managers upload them and sign off account reviews (6.13, 9.9), which the approver and the IMG see.
for _role in ROLES:
    PINNED[_role] = PINNED[_role] | {"procedures.view"}
for _role in ("line-manager", "service-manager"):
    PINNED[_role] = PINNED[_role] | {"procedures.upload", "reviews.view", "reviews.sign_off"}
for _role in ("approver", "img"):
    PINNED[_role] = PINNED[_role] | {"reviews.view"}

# User Agreements and training (apps/onboarding): everyone signs and sees the courses (St Helens 6.3, 9.14); line
# managers look after their team's (9.8, 9.12); the IMG publishes the agreement and keeps the courses (9.4).
for _role in ROLES:
    PINNED[_role] = PINNED[_role] | {"onboarding.sign", "training.view"}
for _role in ("line-manager", "service-manager", "img", "admin"):
    PINNED[_role] = PINNED[_role] | {"onboarding.team", "training.record"}
for _role in ("img", "admin"):
    PINNED[_role] = PINNED[_role] | {"onboarding.publish", "training.manage"}
# Business cases (apps/social_accounts): line and service managers write them (the pack says which: St Helens 6.1,
# Sefton 5.2), the approver decides them, and the IMG and administrators see them.
for _role in ("line-manager", "service-manager", "approver", "admin", "img"):
    PINNED[_role] = PINNED[_role] | {"business_cases.view"}
for _role in ("line-manager", "service-manager"):
    PINNED[_role] = PINNED[_role] | {"business_cases.draft"}
PINNED["approver"] = PINNED["approver"] | {"business_cases.decide"}

# Photos (apps/media): the staff who draft upload images for official posts; approvers and Legal see them (Sefton 5.5).
PINNED["representative"] = PINNED["representative"] | {"media.upload"}
for _role in ("approver", "legal"):
    PINNED[_role] = PINNED[_role] | {"media.view"}
# Photo consent (apps/consent): Legal keeps the register, Communications checks it, the Caldicott Guardian oversees
# children's records (each read logged); representatives record consents, tag people and take posts down (Sefton 5.5).
for _role in ("legal", "approver", "caldicott-guardian", "representative"):
    PINNED[_role] = PINNED[_role] | {"consent.pages"}
for _role in ("legal", "approver", "caldicott-guardian"):
    PINNED[_role] = PINNED[_role] | {"consent.view"}
for _role in ("legal", "caldicott-guardian"):
    PINNED[_role] = PINNED[_role] | {"consent.children"}
for _role in ("legal", "approver", "representative"):
    PINNED[_role] = PINNED[_role] | {"consent.record", "consent.tag", "consent.takedown"}
PINNED["approver"] = PINNED["approver"] | {"consent.permit"}  # Sefton 5.5.2.2: Corporate Communications' permission
# Concerns and cases (apps/cases): everyone reports a colleague's post and sees their own reports and removal requests
# (St Helens 7.8, Sefton 7.2, 6.4); line managers and HR open and refer cases (9.10); HR classifies and decides
# (11.1-11.3, Sefton 13.1). Which record each reads is access/confidential.py's.
for _role in ROLES:
    PINNED[_role] = PINNED[_role] | {"cases.report"}
for _role in ("line-manager", "hr"):
    PINNED[_role] = PINNED[_role] | {"cases.manage"}
PINNED["hr"] = PINNED["hr"] | {"cases.classify"}
# Personal data breaches (apps/breaches): those who come across a disclosure open a record; the Data Protection
# Officer's team (Legal in both packs) manages it (UK GDPR arts 33-34; St Helens 6.15; Sefton 13.2).
for _role in ("moderator", "legal", "caldicott-guardian", "approver", "computer-auditor"):
    PINNED[_role] = PINNED[_role] | {"breaches.open"}
PINNED["legal"] = PINNED["legal"] | {"breaches.manage"}
# Investigations and RIPA (apps/investigations; St Helens 8.1-8.3): investigators register investigations, log
# viewings and apply; Authorising Officers decide and keep the central record; either enters the magistrate's decision.
for _role in ("investigator", "authorising-officer"):
    PINNED[_role] = PINNED[_role] | {"investigations.pages", "investigations.court"}
PINNED["investigator"] = PINNED["investigator"] | {"investigations.work"}
PINNED["authorising-officer"] = PINNED["authorising-officer"] | {"investigations.authorise",
                                                                "investigations.central_record"}

# FOI and subject access (apps/disclosure; St Helens 5.5, 9.3-9.5): Legal (Information Governance) and the
# Information Management Group handle requests and read the disclosure log, retention schedule and purge log.
for _role in ("legal", "img"):
    PINNED[_role] = PINNED[_role] | {"disclosure.handle", "disclosure.log"}


# The oversight dashboard (apps/dashboard; St Helens 9.3-9.5, 10.1; Sefton 10.1): the Information Management Group,
# administrators and senior managers (service managers) see the figures and download the reports.
for _role in ("img", "admin", "service-manager"):
    PINNED[_role] = PINNED[_role] | {"dashboard.view"}

# Two-factor sign-in (apps/sso): an administrator resets another person's lost authenticator app.
PINNED["admin"] = PINNED["admin"] | {"sso.two_factor.reset"}

# The election calendar (apps/elections): everyone sees it (the banner tells them of a period anyway); the
# Information Management Group (St Helens 9.3-9.5), Communications (approvers) and administrators keep it.
for _role in ROLES:
    PINNED[_role] = PINNED[_role] | {"elections.view"}
for _role in ("img", "admin", "approver"):
    PINNED[_role] = PINNED[_role] | {"elections.manage"}


def test_each_role_holds_exactly_its_pinned_capabilities():
    held = {role: {cap for cap, roles in holders().items() if role in roles} for role in ROLES}
    assert held == PINNED
