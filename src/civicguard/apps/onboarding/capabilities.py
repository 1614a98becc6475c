"""What roles may do with User Agreements and training (collected by civicguard.apps.access)."""

from civicguard.apps.access.roles import ALL

CAPABILITIES = {
    # St Helens 6.3: every employee who uses the council's accounts signs the agreement; anyone may read their own
    # status and sign.
    "onboarding.sign": ("Sign the Social Media User Agreement and see your own agreement and training", ALL),
    # St Helens 9.4: the Information Management Group makes sure everyone knows the policy; administrators too.
    "onboarding.publish": ("Publish a new version of the Social Media User Agreement", {"img", "admin"}),
    # St Helens 9.8, 9.12: line managers make sure their team has signed and is trained; the IMG sees everyone.
    "onboarding.team": ("See who in your team has not signed the agreement or whose training is missing or "
                        "expiring", {"line-manager", "service-manager", "img", "admin"}),
    "training.view": ("See the council's social media courses", ALL),
    "training.record": ("Record that someone in your team completed a course",
                        {"line-manager", "service-manager", "img", "admin"}),
    # St Helens 9.4: the IMG keeps the courses and loads the learning system's export.
    "training.manage": ("Add courses, import the learning system's export and record anyone's training",
                        {"img", "admin"}),
}

NAV = [
    ("onboarding.sign", "onboarding:status", "Agreement and training"),
    ("onboarding.team", "onboarding:team", "Your team's training"),
]
