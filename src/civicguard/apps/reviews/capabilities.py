"""What roles may do with service area procedures and account reviews (collected by civicguard.apps.access)."""

from civicguard.apps.access.roles import ALL

CAPABILITIES = {
    # St Helens 6.12: the procedure governs how the service area uses social media, so everyone who works there
    # (and anyone else in the council) may read it; each download is in the audit trail.
    "procedures.view": ("Read the service areas' social media procedures", ALL),
    # 6.12 asks each service area to produce its procedure: its managers upload it (the service also checks that
    # the person manages the area, or works in it as a line manager, where HR's records say who does).
    "procedures.upload": ("Upload a service area's social media procedure", {"line-manager", "service-manager"}),
    # 6.13, 9.9: line managers answer for the accounts in their control; Customer Services (the approver) keep the
    # register of accounts and the Information Management Group watches adherence (overdue reviews).
    "reviews.view": ("See account reviews and dormant accounts",
                     {"line-manager", "service-manager", "approver", "img"}),
    # 9.9: the account's line manager signs its review off (the service checks it is theirs).
    "reviews.sign_off": ("Sign off an account review", {"line-manager", "service-manager"}),
}

NAV = [
    ("reviews.view", "reviews:list", "Account reviews"),
    ("procedures.view", "reviews:procedures", "Procedures"),
]
