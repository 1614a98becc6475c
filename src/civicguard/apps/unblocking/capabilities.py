"""What roles may do with website unblocking requests (collected by civicguard.apps.access)."""

from civicguard.apps.access.roles import ALL

CAPABILITIES = {
    # Sefton 5.1: "if teams wish to use social media specifically for their area of work" anyone may ask for
    # their team; the request goes to the ICT helpdesk.
    "unblocking.request": ("Ask for social media sites to be unblocked for a team's work", ALL),
    # The helpdesk checks a request, passes it on or returns it, and records the Assistant Director's e-mail.
    "unblocking.handle": ("Check unblocking requests, pass them on or return them, and record the Assistant "
                          "Director's approval", {"ict-helpdesk"}),
    # Sefton 5.1: "for approval by the Authority's Computer Auditor".
    "unblocking.approve": ("Approve or refuse unblocking requests", {"computer-auditor"}),
}

NAV = [("unblocking.request", "unblocking:list", "Website unblocking")]
