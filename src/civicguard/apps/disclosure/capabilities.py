"""What roles may do with FOI and subject access requests and the retention schedule (collected by
civicguard.apps.access; docs/access-rules.md; docs/disclosure-design.md).

Legal is the council's Information Governance: it answers FOI and subject access requests. The Information
Management Group (St Helens 9.3-9.5: governs the policy and monitors adherence) already exports comments for these
requests (`comments.export`) and reads every official post, so it handles requests too. What a handler's search
finds is only what their own roles may read: no capability here widens that."""

CAPABILITIES = {
    "disclosure.handle": ("Open FOI and subject access requests, search the records one may read, and download "
                          "the redacted export", {"legal", "img"}),
    "disclosure.log": ("See the disclosure log, the retention schedule and the purge log", {"legal", "img"}),
}

NAV = [("disclosure.log", "disclosure:list", "FOI and subject access")]
