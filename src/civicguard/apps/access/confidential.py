"""Who may read the most confidential records in CivicGuard, in one place (issue 18; docs/cases-design.md 8), and
the log of every read.

The records' apps (cases, evidence, breaches, investigations) call these from their selectors and services; no
page, endpoint or command decides for itself. The rules read the records by these attributes only, so this module
imports none of those apps:

* a concern report: `council`, `reporter` (a user), `subject` (a people.StaffRecord);
* a case: `council`, `subject` (a StaffRecord);
* a removal request: `case`, `employee` (a StaffRecord);
* a notice sent from a case (St Helens 6.21, 6.15): `case`, `role` (the role it was sent to, or empty);
* a personal data breach: `council`, `opened_by` (a user);
* an investigation: `council`, `officers` (a many-to-many of users);
* an authorisation: `investigation`, `applicant`, `authorising_officer`.

Roles come from the council's pack where it names them (the Data Protection Officer's role; the Authorising
Officers' role). Nobody else reads these records, administrators included: the audit browser shows only that a
record changed (each app's events say no more than that).
"""

from __future__ import annotations

from typing import Any

from civicguard.apps.access.checks import roles_in
from civicguard.apps.access.models import ConfidentialKind, ConfidentialRead

HR = "hr"


def _facts(council: Any) -> Any:
    from civicguard.engine.packs.loader import pack_for

    return pack_for(council.slug).facts


def _user_of(staff: Any) -> Any:
    return getattr(staff, "user", None) if staff is not None else None


def _is(user: Any, other: Any) -> bool:
    return other is not None and getattr(user, "pk", None) is not None and other.pk == user.pk


def manages(user: Any, subject: Any) -> bool:
    """Whether the user is the subject's line manager (per the staff record HR keeps)."""
    manager = getattr(subject, "line_manager", None) if subject is not None else None
    return _is(user, _user_of(manager))


def may_read_concern(user: Any, report: Any) -> bool:
    """A concern report (St Helens 7.8; Sefton 7.2): its reporter, the reported colleague's line manager, HR."""
    if _is(user, report.reporter):
        return bool(roles_in(user, report.council))
    return may_read_case_of(user, report.council, report.subject)


def may_read_case_of(user: Any, council: Any, subject: Any) -> bool:
    """A case about `subject`: the subject's line manager and HR (never the subject, nor an administrator)."""
    roles = roles_in(user, council)
    if not roles:
        return False
    return HR in roles or manages(user, subject)


def may_read_case(user: Any, case: Any) -> bool:
    return may_read_case_of(user, case.council, case.subject)


def may_read_removal(user: Any, removal: Any) -> bool:
    """A removal request (Sefton 6.4): as its case, and the employee asked to remove the postings."""
    case = removal.case
    return may_read_case(user, case) or (_is(user, _user_of(removal.employee)) and bool(roles_in(user, case.council)))


def may_read_notice(user: Any, notice: Any) -> bool:
    """A notice sent from a case: as its case, and the holders of the role it was sent to (who see what they were
    told, not the case)."""
    if may_read_case(user, notice.case):
        return True
    return bool(notice.role) and notice.role in roles_in(user, notice.case.council)


def breach_readers(council: Any) -> set[str]:
    """The roles that read personal data breach records: the pack's Data Protection Officer role (and Legal)."""
    return {_facts(council).breaches.dpo_role, "legal"}


def may_read_breach(user: Any, breach: Any) -> bool:
    """A personal data breach: the Data Protection Officer's role, and whoever opened the record."""
    roles = roles_in(user, breach.council)
    return bool(roles) and (bool(roles & breach_readers(breach.council)) or _is(user, breach.opened_by))


def authorising_role(council: Any) -> str:
    return _facts(council).investigations.authorising_role


def may_read_investigation(user: Any, investigation: Any) -> bool:
    """An investigation and its RIPA records: its officers and the council's Authorising Officers."""
    roles = roles_in(user, investigation.council)
    if not roles:
        return False
    if authorising_role(investigation.council) in roles:
        return True
    return investigation.officers.filter(pk=getattr(user, "pk", None)).exists()


def may_read_authorisation(user: Any, authorisation: Any) -> bool:
    return may_read_investigation(user, authorisation.investigation)


def confidential_read(*, reader: Any, council: Any, kind: str, what: str, object_id: int | None = None,
                      via: str = "page", address: str | None = None) -> ConfidentialRead:
    """Log one read (a page, an API answer, a download, an export). Callers check `may_read_*` first."""
    if kind not in ConfidentialKind.values:
        raise ValueError(f"{kind!r} is not a kind of confidential record")
    return ConfidentialRead.objects.create(council=council, reader=reader, kind=kind, object_id=object_id,
                                           what=what[:200], via=via, address=address or None)
