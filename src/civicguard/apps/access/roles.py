"""The roles of the two policies. What each role may do is declared by the apps (see capabilities.py).

Role slugs are an interface (`civicguard users create --role`); never rename one. This module imports nothing
from CivicGuard, so any app's models and `capabilities.py` may import it.
"""

from __future__ import annotations

ROLES: dict[str, str] = {
    "employee": "Employee",
    "representative": "Council representative",
    "line-manager": "Line manager",
    "service-manager": "Service manager",
    "moderator": "Social media moderator",
    "approver": "Approver",
    "ict-helpdesk": "ICT helpdesk",
    "computer-auditor": "Computer auditor",
    "legal": "Legal / information governance",
    "caldicott-guardian": "Caldicott Guardian",
    "hr": "HR",
    "investigator": "Investigator",
    # RIPA 2000 (St Helens 8.2-8.3): a designated officer who decides applications for directed surveillance and
    # covert human intelligence sources; never their own.
    "authorising-officer": "Authorising Officer (RIPA)",
    "img": "Information Management Group",
    "admin": "Administrator",
}
# Anyone with any role in a council is a member of its staff (St Helens 5.1: the policy applies to all employees).
ALL = frozenset(ROLES)


def label(role: str) -> str:
    return ROLES.get(role, role)
