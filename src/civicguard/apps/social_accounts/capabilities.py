"""What roles may do with the council's official accounts and the business cases for new ones (collected by
civicguard.apps.access). The pack narrows these: who writes a case (`facts.business_case.completed_by_roles`),
who decides it (`approver_role`) and who creates the account (`facts.account_creation.creator_role`) are checked
by the services."""

from civicguard.apps.access.roles import ALL

CASE_PEOPLE = {"line-manager", "service-manager", "approver", "admin", "img"}

CAPABILITIES = {
    "accounts.view": ("See the council's official accounts", ALL),
    "accounts.manage": ("Register and change the council's official accounts", {"approver", "admin"}),
    "business_cases.view": ("See the business cases for new official accounts", CASE_PEOPLE),
    "business_cases.draft": ("Write a business case for a new official account", {"line-manager",
                                                                                  "service-manager"}),
    "business_cases.decide": ("Approve, refuse or return business cases", {"approver"}),
}

NAV = [("business_cases.view", "social_accounts:cases", "Business cases")]
