"""Clause traceability: for every clause, what puts it into practice.

A clause is enforced by the rules that cite it, by named workflows or records (the governance features of
CivicGuard, some built in later releases: `WORKFLOWS` says which), or it is informational. A clause with
none of these is unclassified, which an active pack refuses to load with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from civicguard.engine.packs.schema import Pack


@dataclass(frozen=True)
class Workflow:
    name: str
    description: str
    status: str  # "built" or "planned: <where>"


def _wf(name: str, description: str, status: str) -> tuple[str, Workflow]:
    return name, Workflow(name, description, status)


_WEB = "planned: web application (issue 4)"
_MOD = "planned: comment moderation (issue 5)"
_GOV = "planned: governance records (not yet scheduled)"

WORKFLOWS: dict[str, Workflow] = dict(
    [
        _wf("posts.pre_publication_check", "every official post is checked by the engine before it is submitted",
            "built: civicguard check / engine"),
        _wf("posts.personal_check", "any employee can check a personal post before posting it",
            "built: civicguard check --as personal"),
        _wf("posts.approval", "official posts are approved by someone other than the author before publishing",
            _WEB),
        _wf("posts.embargo_register", "comms staff register unpublished documents that posts must not leak", _WEB),
        _wf("audit.log", "every decision is appended to a hash-chained audit log", _WEB),
        _wf("staff.people_and_roles", "who is an employee, representative, manager or moderator, per council",
            _WEB),
        _wf("moderation.queue", "a moderator reviews third-party comments flagged on council accounts", _MOD),
        _wf("moderation.routing",
            "service requests and complaints go to the Contact Centre, press enquiries to the Press Office", _MOD),
        _wf("moderation.archive", "comments, check results and decisions kept for FOI and subject access", _MOD),
        _wf("accounts.business_case", "business case completed, then approved by the council's named approver",
            _GOV),
        _wf("accounts.creation", "official accounts created only by the permitted section", _GOV),
        _wf("accounts.user_agreement", "each user signs the Social Media User Agreement before posting", _GOV),
        _wf("accounts.public_register", "public register of official accounts with feedback and complaints details",
            _GOV),
        _wf("accounts.review", "periodic review of each official account and its content", _GOV),
        _wf("accounts.provider_suitability", "providers whose terms cannot be met are recorded as inappropriate",
            _GOV),
        _wf("accounts.service_procedure", "each service area records its social media procedure", _GOV),
        _wf("accounts.device_policy", "access to council profiles only from council devices", _GOV),
        _wf("accounts.unblock_request", "website unblocking requests: ICT helpdesk, Computer Auditor, "
            "Assistant Director", _GOV),
        _wf("consent.records", "written consent for a person's image: media, platforms, lawful basis, expiry",
            _GOV),
        _wf("consent.children", "children's consent on file: parental or social-worker consent, purpose, "
            "looked-after status", _GOV),
        _wf("consent.media_storage", "images of children stored securely, never on personal devices", _GOV),
        _wf("training.records", "who has completed social media training", _GOV),
        _wf("cases.concern_report", "an employee reports a concern about a colleague's online behaviour", _GOV),
        _wf("cases.breach", "breach cases: evidence with a content hash, notifications, outcomes", _GOV),
        _wf("cases.removal_request", "employees asked to remove postings that breach the policy", _GOV),
        _wf("cases.notifications", "Caldicott Guardian, Internal Audit, HR and line manager notified of breaches",
            _GOV),
        _wf("investigations.ripa", "viewing log, repeat-view detection, RIPA authorisation and judicial approval",
            _GOV),
        _wf("investigations.recruitment_refusal", "social media searches about job applicants are refused", _GOV),
        _wf("governance.policy_review", "annual policy review with consultees and the version it produced", _GOV),
        _wf("governance.adherence_dashboard", "IMG dashboard: checks, breaches, training, overdue reviews", _GOV),
    ]
)


def clause_coverage(pack: Pack) -> list[dict[str, Any]]:
    """Per clause: its status (rule, workflow, informational or unclassified) and what enforces it."""
    by_clause: dict[str, list[str]] = {}
    for rule in pack.rules:
        for c in rule.clauses:
            by_clause.setdefault(c, []).append(rule.id)
    rows = []
    for clause in pack.clauses:
        rules = by_clause.get(clause.number, [])
        enf = clause.enforcement
        if rules:
            status = "rule"
        elif enf.workflows:
            status = "workflow"
        elif enf.informational:
            status = "informational"
        else:
            status = "unclassified"
        rows.append(
            {
                "clause": clause.number,
                "citation": pack.cite(clause.number),
                "heading": clause.heading,
                "status": status,
                "rules": rules,
                "workflows": [
                    {"name": w, "description": WORKFLOWS[w].description, "status": WORKFLOWS[w].status}
                    for w in enf.workflows
                    if w in WORKFLOWS
                ],
                "note": enf.note,
            }
        )
    return rows
