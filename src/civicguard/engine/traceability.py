"""Clause traceability: for every clause, what puts it into practice.

A clause is enforced by the rules that cite it, by named workflows or records (the governance features of
CivicGuard, some built in later releases: `WORKFLOWS` says which), or it is informational. A clause with
none of these is unclassified, which an active pack refuses to load with.
"""

from __future__ import annotations

import re
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


_WEB = "built: web application (/posts, /embargo, /audit, /people, /staff-records; REST API /api/v1)"
_MOD = "built: comment moderation (/moderation, /webhooks/meta, /api/v1/comments, civicguard comments)"
_ACC = ("built: business cases and accounts (/accounts/business-cases/, /accounts/; civicguard accounts cases, "
        "civicguard accounts endorse, civicguard accounts decide, civicguard accounts create, civicguard accounts "
        "go-live, civicguard accounts close; /api/v1/business-cases, /api/v1/accounts)")
_REG = "built: the public register (/register/<council>/, /register/<council>.json; no sign-in)"
_ONB = ("built: User Agreements and training (/onboarding/; civicguard training, civicguard staff "
        "record-onboarding; /api/v1/agreement-signatures, /api/v1/completions)")
_REV = ("built: account reviews and service area procedures (/reviews/; civicguard reviews; /api/v1/reviews, "
        "/api/v1/procedures)")
_UNB = "built: website unblocking requests (/unblocking/; civicguard unblocking; /api/v1/unblock-requests)"
_ADV = "built: advice requests (/advice/; civicguard advice; /api/v1/advice-requests)"
_POL = "built: policy versions and reviews (/policy/; civicguard policy versions|reviews|diff; /api/v1/policy)"
_CON = ("built: the photo consent register (/consent/, /consent/takedowns/; civicguard consent expire|export; "
        "/api/v1/consents, /api/v1/consent-tags, /api/v1/consent-takedowns)")
_CAS = ("built: concerns and cases (/cases/, /cases/report, /cases/new/, /cases/evidence/, /cases/removals/, "
        "/cases/notices/; civicguard cases list, civicguard cases export-bundle, civicguard cases verify-bundle, "
        "civicguard cases removals-overdue; /api/v1/concern-reports, /api/v1/cases, /api/v1/removal-requests)")
_BRE = ("built: personal data breach records and the ICO's clock (/breaches/; civicguard breaches list|show; "
        "/api/v1/data-breaches; offered from the moderation queue when a comment is removed for personal information)")
_RIPA = ("built: investigations, profile viewings and RIPA authorisations (/investigations/, "
         "/investigations/central-record/; civicguard investigations view|apply|decide|court|central-record; "
         "/api/v1/investigations, /api/v1/profile-views, /api/v1/authorisations, /api/v1/ripa-central-record)")
_DSH = ("built: the oversight dashboard and its reports (/dashboard/, /dashboard/report.pdf; civicguard report; "
        "/api/v1/dashboard)")
_MED = ("built: media items kept privately, every view and download logged, downloads only from the council's "
        "networks (/media-items/; /api/v1/media-items); signed consent forms in the same private store (/consent/)")

WORKFLOWS: dict[str, Workflow] = dict(
    [
        _wf(
            "posts.pre_publication_check",
            "every official post is checked by the engine before it is submitted",
            "built: civicguard check / engine",
        ),
        _wf(
            "posts.personal_check",
            "any employee can check a personal post before posting it",
            "built: civicguard check --as personal",
        ),
        _wf(
            "posts.approval",
            "official posts are approved by someone other than the author before publishing",
            _WEB,
        ),
        _wf(
            "posts.embargo_register",
            "comms staff register unpublished documents that posts must not leak",
            _WEB,
        ),
        _wf("audit.log", "every decision is appended to a hash-chained audit log", _WEB),
        _wf(
            "staff.people_and_roles",
            "who is an employee, representative, manager or moderator, per council",
            _WEB,
        ),
        _wf(
            "staff.political_restriction",
            "which employees hold politically restricted posts, so their personal posts are checked for"
            " party-political content",
            _WEB,
        ),
        _wf("moderation.queue", "a moderator reviews third-party comments flagged on council accounts", _MOD),
        _wf(
            "moderation.routing",
            "service requests and complaints go to the Contact Centre, press enquiries to the Press "
            "Office",
            _MOD,
        ),
        _wf(
            "moderation.archive",
            "comments, check results and decisions kept for FOI and subject access",
            _MOD,
        ),
        _wf(
            "accounts.business_case",
            "business case completed, then approved by the council's named approver",
            _ACC,
        ),
        _wf("accounts.creation", "official accounts created only by the permitted section", _ACC),
        _wf(
            "accounts.user_agreement",
            "each user signs the Social Media User Agreement before posting",
            _ONB,
        ),
        _wf(
            "accounts.public_register",
            "public register of official accounts with feedback and complaints details",
            _REG,
        ),
        _wf("accounts.review", "periodic review of each official account and its content", _REV),
        _wf(
            "accounts.provider_suitability",
            "providers whose terms cannot be met are recorded as inappropriate",
            _ACC,
        ),
        _wf("accounts.service_procedure", "each service area records its social media procedure", _REV),
        _wf("accounts.device_policy", "access to council profiles only from council devices", _ONB),
        _wf(
            "accounts.unblock_request",
            "website unblocking requests: ICT helpdesk, Computer Auditor, Assistant Director",
            _UNB,
        ),
        _wf(
            "consent.records",
            "written consent for a person's image: media, platforms, lawful basis, expiry",
            _CON,
        ),
        _wf(
            "consent.children",
            "children's consent on file: parental or social-worker consent, purpose, looked-after "
            "status",
            _CON,
        ),
        _wf("consent.media_storage", "images of children stored securely, never on personal devices", _MED),
        _wf("training.records", "who has completed social media training", _ONB),
        _wf(
            "cases.concern_report",
            "an employee reports a concern about a colleague's online behaviour",
            _CAS,
        ),
        _wf("cases.breach", "breach cases: evidence with a content hash, notifications, outcomes", _CAS),
        _wf("cases.removal_request", "employees asked to remove postings that breach the policy", _CAS),
        _wf(
            "cases.notifications",
            "Caldicott Guardian, Internal Audit, HR and line manager notified of breaches",
            _CAS,
        ),
        _wf(
            "breaches.personal_data",
            "personal data breaches: the Data Protection Officer's record, the ICO's 72-hour clock, the people told",
            _BRE,
        ),
        _wf(
            "investigations.ripa",
            "viewing log, repeat-view detection, RIPA authorisation and judicial approval",
            _RIPA,
        ),
        _wf(
            "investigations.recruitment_refusal",
            "social media searches about job applicants are refused",
            _RIPA,
        ),
        _wf(
            "governance.advice_log",
            "requests for advice (Internal Audit on data protection, Legal on consent, investigations "
            "procedure) and the advice given",
            _ADV,
        ),
        _wf(
            "governance.policy_review",
            "annual policy review with consultees and the version it produced",
            _POL,
        ),
        _wf(
            "governance.adherence_dashboard",
            "IMG dashboard: checks, breaches, training, overdue reviews",
            _DSH,
        ),
    ]
)


def clause_coverage(pack: Pack) -> list[dict[str, Any]]:
    """Per clause: its status (rule, workflow, informational or unclassified) and what enforces it."""
    by_clause: dict[str, list[str]] = {}
    final = {rule.id for rule in pack.rules if not rule.overridable}
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
                # the rules whose blocks no override can answer (Rule.overridable false)
                "never_overridable": [r for r in rules if r in final],
                "workflows": [
                    {"name": w, "description": WORKFLOWS[w].description, "status": WORKFLOWS[w].status}
                    for w in enf.workflows
                    if w in WORKFLOWS
                ],
                "note": enf.note,
            }
        )
    return rows


_STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        "a an and any are as at be by can council for from has have in is it its may must not of on or our "
        "should such that the their them these they this to under which who will with within you your",
    )
)


def _tokens(text: str) -> frozenset[str]:
    # a six-letter prefix is a crude stem: photograph/photographs/photographing match
    return frozenset(w[:6] for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _STOPWORDS)


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Token overlap (Jaccard) of two clause texts."""
    return len(a & b) / len(a | b) if a and b else 0.0


def clause_requirements(pack: Pack) -> dict[str, list[str]]:
    """Per clause, what it requires: `rule:<category>@<channel>` for each enabled rule citing it, and
    `workflow:<name>` for each workflow it names."""
    reqs: dict[str, set[str]] = {
        c.number: {f"workflow:{w}" for w in c.enforcement.workflows} for c in pack.clauses
    }
    for rule in pack.rules:
        if not rule.enabled:
            continue
        for number in rule.clauses:
            reqs.setdefault(number, set()).update(f"rule:{rule.category}@{ch}" for ch in rule.applies_to)
    return {number: sorted(r) for number, r in reqs.items()}


def _one_way(a: Pack, b: Pack) -> list[dict[str, Any]]:
    reqs_a, reqs_b = clause_requirements(a), clause_requirements(b)
    enforced_in_b = {r for rs in reqs_b.values() for r in rs}
    tokens_b = [(c, _tokens(f"{c.heading} {c.text}"), frozenset(reqs_b.get(c.number, []))) for c in b.clauses]
    rows = []
    for clause in a.clauses:
        mine = _tokens(f"{clause.heading} {clause.text}")
        needs = frozenset(reqs_a.get(clause.number, []))
        # text overlap decides; shared requirements break near-ties between similarly worded clauses
        scored = ((c, _similarity(mine, t), _similarity(needs, r)) for c, t, r in tokens_b)
        best, score, combined = max(
            ((c, text_sim, text_sim + 0.5 * req_sim) for c, text_sim, req_sim in scored), key=lambda x: x[2]
        )
        rows.append(
            {
                "clause": clause.number,
                "citation": a.cite(clause.number),
                "heading": clause.heading,
                "requirements": reqs_a.get(clause.number, []),
                "best_match": b.cite(best.number) if combined > 0 else None,
                "best_match_clause": best.number if combined > 0 else None,
                "similarity": round(score, 3),
                "not_in_other": [r for r in reqs_a.get(clause.number, []) if r not in enforced_in_b],
            }
        )
    return rows


def _severities(pack: Pack) -> dict[str, str]:
    rank = {"info": 1, "warn": 2, "block": 3}
    worst: dict[str, str] = {}
    for rule in pack.rules:
        if rule.enabled:
            for ch in rule.applies_to:
                key = f"{rule.category}@{ch}"
                if rank[rule.severity] > rank.get(worst.get(key, ""), 0):
                    worst[key] = rule.severity
    return worst


def _fact_rows(pack: Pack) -> dict[str, Any]:
    f = pack.facts
    if f is None:
        return {}
    return {
        "email_domains": f.email_domains,
        "business_case.completed_by": f.business_case.completed_by,
        "business_case.approved_by": f.business_case.approved_by,
        "account_creation.created_by": f.account_creation.created_by,
        "gross_misconduct.description": f.gross_misconduct.description,
        "gross_misconduct.clauses": [pack.cite(c) for c in f.gross_misconduct.clauses],
        "reviews.policy_interval_months": f.reviews.policy_interval_months,
        "reviews.policy_reviewed_by": f.reviews.policy_reviewed_by,
        "reviews.consultees": f.reviews.consultees,
        "reviews.account_review_interval_months": f.reviews.account_review_interval_months,
        "approver_name": f.approver_name,
        "block_override_role": f.block_override_role,
        "warn_override_needs_second": f.warn_override_needs_second,
        "retention_days": f.retention_days,
    }


def pack_diff(a: Pack, b: Pack) -> dict[str, Any]:
    """Clause by clause, what one council requires that the other does not.

    For each clause of `a` (and of `b`): its requirements, its best-matching clause in the other pack by
    token overlap, and `not_in_other`, the requirements that nothing in the other pack enforces. `rules`
    lists category and channel pairs checked at different severities; `facts` the organisation facts that
    differ (approvers, account creators, gross misconduct, review intervals)."""
    sev_a, sev_b = _severities(a), _severities(b)
    facts_a, facts_b = _fact_rows(a), _fact_rows(b)
    a_rows, b_rows = _one_way(a, b), _one_way(b, a)
    return {
        "a": {"id": a.id, "council": a.council, "version": a.version},
        "b": {"id": b.id, "council": b.council, "version": b.version},
        "a_clauses": a_rows,
        "b_clauses": b_rows,
        "only_in_a": sorted({r for row in a_rows for r in row["not_in_other"]}),
        "only_in_b": sorted({r for row in b_rows for r in row["not_in_other"]}),
        "rules": [
            {"check": key, "a": sev_a.get(key), "b": sev_b.get(key)}
            for key in sorted(set(sev_a) | set(sev_b))
            if sev_a.get(key) != sev_b.get(key)
        ],
        "facts": [
            {"fact": key, "a": facts_a.get(key), "b": facts_b.get(key)}
            for key in dict.fromkeys([*facts_a, *facts_b])
            if facts_a.get(key) != facts_b.get(key)
        ],
    }
