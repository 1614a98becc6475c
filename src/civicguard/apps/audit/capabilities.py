"""What roles may do with the audit trail (collected by civicguard.apps.access)."""

CAPABILITIES = {
    # The IMG governs the policy (StH 10.1) and browses and exports; the computer auditor reads.
    "audit.view": ("Browse the audit trail", {"img", "computer-auditor"}),
    "audit.export": ("Export the audit trail", {"img"}),
}
