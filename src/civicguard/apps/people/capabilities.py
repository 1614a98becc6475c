"""What roles may do with staff records and service areas (collected by civicguard.apps.access)."""

CAPABILITIES = {
    # HR keeps the records (St Helens 4.1, Sefton 4.1-4.2: who the policy applies to); administrators load HR's
    # export and look after the sign-in links.
    "staff.view": ("Read the council's staff records and service areas", {"hr", "admin"}),
    "staff.edit": ("Add and change staff records and service areas, and import HR's export", {"hr", "admin"}),
    # St Helens 5.7: whether a post is politically restricted is HR's decision, never the person's own.
    "staff.restrict": ("Mark a person's post as politically restricted, or clear it", {"hr"}),
}
