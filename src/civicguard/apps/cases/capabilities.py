"""What roles may do with concern reports, cases and removal requests (collected by civicguard.apps.access).

These open the pages and the actions; which record a person reads is decided per record by
civicguard.apps.access.confidential (a concern report: its reporter, the colleague's line manager and HR; a case:
the line manager and HR; a removal request: as its case, and the employee asked)."""

from civicguard.apps.access.roles import ROLES

CAPABILITIES = {
    # St Helens 7.8, Sefton 7.2: every employee may report a colleague's worrying post; the same pages list what they
    # reported and any request to remove their own postings (Sefton 6.4).
    "cases.report": ("Report a concern about a colleague's post, and see one's own reports and removal requests",
                     set(ROLES)),
    # St Helens 9.10: line managers open cases and refer them to HR; HR manages them too.
    "cases.manage": ("Open and refer cases about the staff one manages (HR: any), add notes, evidence, owners, "
                     "deadlines, removal requests and the notices the pack calls for, and export evidence bundles",
                     {"line-manager", "hr"}),
    # St Helens 11.1-11.3, Sefton 13.1: HR classifies, investigates and decides.
    "cases.classify": ("Classify a case (confirm or change the proposed classification), investigate, decide the "
                       "outcome and close it", {"hr"}),
}

NAV = [("cases.report", "cases:list", "Concerns and cases")]
