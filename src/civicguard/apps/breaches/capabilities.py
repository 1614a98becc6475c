"""What roles may do with personal data breach records (collected by civicguard.apps.access; docs/access-rules.md).

Who READS a record is not decided here but in civicguard.apps.access.confidential (`may_read_breach`: the pack's
Data Protection Officer role, Legal, and whoever opened it). These capabilities say who may open one (anyone who may
come across a disclosure: moderators, Legal, the Caldicott Guardian, Corporate Communications' approvers, Internal
Audit's computer auditors) and who decides on it (the Data Protection Officer's team: the packs name Legal as
`facts.breaches.dpo_role`; tests/apps/breaches/test_access.py fails if a pack names a role that does not hold
`breaches.manage`)."""

CAPABILITIES = {
    # UK GDPR art. 33: the 72 hours run from awareness, so whoever sees a disclosure records it at once (Sefton 13.2;
    # St Helens 9.7, 6.15). The list shows each person the records they may read: their own, or all for the DPO.
    "breaches.open": ("Open a personal data breach record and see the records one opened",
                      {"moderator", "legal", "caldicott-guardian", "approver", "computer-auditor"}),
    # The Data Protection Officer's decisions: the risk, whether and when the ICO was told, whether the people were
    # told (art. 33-34), the notices the pack asks for, and closing the record.
    "breaches.manage": ("Assess a personal data breach, record telling the ICO and the people, send the notices the "
                        "policy asks for, and close it", {"legal"}),
}

NAV = [("breaches.open", "breaches:list", "Data breaches")]
