"""What roles may do with the election calendar (collected by civicguard.apps.access; docs/elections-design.md).

Everyone sees the calendar (the banner on every page tells them when a period is on anyway). The Information
Management Group governs the policy and monitors adherence (St Helens 9.3-9.5), Communications (the approvers)
run the council's publicity and follow the electoral timetable, and administrators keep the system: they keep the
calendar."""

from civicguard.apps.access.roles import ROLES

CAPABILITIES = {
    "elections.view": ("See the council's election calendar and its pre-election periods", set(ROLES)),
    "elections.manage": ("Add, change and cancel elections on the council's calendar", {"img", "admin", "approver"}),
}

NAV = [("elections.view", "elections:list", "Elections")]
