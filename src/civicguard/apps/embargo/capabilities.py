"""What roles may do with the embargo register (collected by civicguard.apps.access)."""

CAPABILITIES = {
    # Embargoed documents are themselves confidential: comms (the approver section) and legal only.
    "embargo.view": ("Read the embargo register", {"approver", "legal"}),
    "embargo.manage": ("Add, change and archive embargoed documents", {"approver"}),
}
