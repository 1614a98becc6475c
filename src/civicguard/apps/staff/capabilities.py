"""What roles may do with people and their roles (collected by civicguard.apps.access)."""

CAPABILITIES = {
    "staff.manage": ("Give and remove roles", {"admin"}),
}
