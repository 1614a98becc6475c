"""What roles may do with the council's official accounts (collected by civicguard.apps.access)."""

from civicguard.apps.access.roles import ALL

CAPABILITIES = {
    "accounts.view": ("See the council's official accounts", ALL),
    "accounts.manage": ("Register and change the council's official accounts", {"approver", "admin"}),
}
