"""The roles of the two policies and what each may do. One table, read by every permission check.

Role slugs are an interface (`civicguard users create --role`); never rename one.
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
    "img": "Information Management Group",
    "admin": "Administrator",
}
ALL = frozenset(ROLES)

# capability -> the roles that hold it in a council. Anyone with any role in a council is a member of its
# staff, so every role may check a personal post (St Helens 5.1: the policy applies to all employees).
CAPABILITIES: dict[str, frozenset[str]] = {
    "personal.check": ALL,
    "accounts.view": ALL,
    # Official posts: representatives draft (StH 6.3: only authorised representatives post for the council);
    # the approver section (Customer Services / Corporate Communications, from the pack) decides.
    "post.draft": frozenset({"representative"}),
    "post.view": frozenset({"representative", "approver", "service-manager", "line-manager", "img"}),
    # ...every post of the council; a representative sees only their accounts' posts and their own.
    "post.view_all": frozenset({"approver", "service-manager", "line-manager", "img"}),
    "post.approve": frozenset({"approver"}),
    "outbox.view": frozenset({"representative", "approver", "img"}),
    # Overrides of the check (who overrode what, and why; the counts): the approvers who make and confirm them,
    # and the IMG, which governs the policy (StH 10.1) and reports on how it is kept.
    "overrides.view": frozenset({"approver", "img"}),
    # Checking text as a third-party comment or a reply is the moderator's and the account teams' work.
    "check.moderation": frozenset({"moderator", "representative", "approver"}),
    # Embargoed documents are themselves confidential: comms (the approver section) and legal only.
    "embargo.view": frozenset({"approver", "legal"}),
    "embargo.manage": frozenset({"approver"}),
    # The audit trail: the IMG governs the policy (StH 10.1) and browses and exports; the auditor reads.
    "audit.view": frozenset({"img", "computer-auditor"}),
    "audit.export": frozenset({"img"}),
    "accounts.manage": frozenset({"approver", "admin"}),
    # Comment moderation (StH 9.6-9.7): the moderator works the queue; comms (the approver section) and
    # legal / information governance may read it; legal and the IMG export it for FOI and subject access.
    "comments.view": frozenset({"moderator", "approver", "legal"}),
    "comments.moderate": frozenset({"moderator"}),
    "comments.import": frozenset({"moderator", "admin"}),
    "comments.export": frozenset({"legal", "img"}),
    "comments.dead_letters": frozenset({"moderator", "admin"}),
    "staff.manage": frozenset({"admin"}),
}


def label(role: str) -> str:
    return ROLES.get(role, role)
