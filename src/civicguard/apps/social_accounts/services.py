"""Business cases for new official accounts and the accounts' records, from set up to closed.

A business case is written by the pack's roles (`facts.business_case.completed_by_roles`: St Helens 6.1, 9.11;
Sefton 5.2), endorsed first where the pack names `endorsed_by_role` and the author does not hold it (St Helens
9.11: a line manager's case is approved by their Service Manager), and decided with reasons by
`facts.business_case.approver_role`; only `facts.account_creation.
creator_role` creates the account, and only from an approved case (St Helens 6.2). An account goes live (onto the
public register) only with its feedback and complaints information, accepted conditions of use and a complete
profile checklist. The login e-mail is stored and never shown (6.8): the audit trail records only that it is.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from civicguard.apps.access.checks import can, holds_role, require
from civicguard.apps.access.roles import label
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council, ServiceArea
from civicguard.apps.social_accounts.models import (
    PLATFORMS,
    AccountStatus,
    BusinessCase,
    CaseState,
    Endorsement,
    InappropriateProvider,
    SocialAccount,
)
from civicguard.engine.packs.loader import pack_for
from civicguard.engine.packs.schema import Facts
from civicguard.errors import BadInput, CivicGuardError, InvalidState, NotAllowed

PLATFORM_IDS = [p for p, _ in PLATFORMS]


@transaction.atomic
def account_add(*, council: Council, platform: str, handle: str, platform_id: str = "",
                service_area: ServiceArea | None = None, actor: Any = None) -> SocialAccount:
    platform = platform.strip().lower()
    handle = handle.strip()
    if platform not in PLATFORM_IDS:
        raise BadInput(f"There is no platform called {platform!r}: use one of {', '.join(PLATFORM_IDS)}",
                       field="platform")
    if not handle:
        raise BadInput("Enter the account's handle", field="handle")
    if len(handle) > 200:
        raise BadInput("The handle must be 200 characters or fewer", field="handle")
    if SocialAccount.objects.filter(platform=platform, handle__iexact=handle).exists():
        raise BadInput(f"{handle} on {platform} is already registered: each account is added once",
                       field="handle")
    if platform_id and SocialAccount.objects.filter(platform=platform, platform_id=platform_id).exists():
        raise BadInput(f"Platform ID {platform_id} on {platform} is already registered to another account: check "
                       "the ID", field="platform_id")
    account = SocialAccount.objects.create(council=council, platform=platform, handle=handle,
                                           platform_id=platform_id.strip(), service_area=service_area)
    audit_record(event="social_accounts.account.add", actor=actor, council=council, subject=account,
                 after={"platform": platform, "handle": handle, "platform_id": platform_id})
    return account


STATUS_EVENTS = {"live": "social_accounts.account.live", "dormant": "social_accounts.account.dormant",
                 "closed": "social_accounts.account.close"}


def _set_status(account: SocialAccount, status: Any, *, actor: Any, reason: str) -> SocialAccount:
    before = account.status
    account.status = status
    account.status_changed = timezone.now()
    account.status_reason = reason
    account.save(update_fields=["status", "status_changed", "status_reason"])
    audit_record(event=STATUS_EVENTS[str(status)], actor=actor, council=account.council, subject=account,
                 before={"status": before}, after={"status": status, "reason": reason})
    return account


@transaction.atomic
def account_set_dormant(*, account: SocialAccount, actor: Any = None, reason: str) -> SocialAccount:
    """Flag a live account dormant (St Helens 6.13: no posts for a set time). `actor=None` is CivicGuard's daily
    task; a person needs accounts.manage. An account that is not live is left as it is."""
    if actor is not None:
        require(actor, "accounts.manage", account.council)
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise BadInput("Enter why the account is dormant", field="reason")
    account = SocialAccount.objects.select_for_update().get(pk=account.pk)
    if account.status != AccountStatus.LIVE:
        return account
    return _set_status(account, AccountStatus.DORMANT, actor=actor, reason=reason)


# ---- business cases (St Helens 6.1, 6.2, 6.11, 9.11; Sefton 5.2 and Appendix 1) --------------------------------

MAX_TEXT = 5000
# The case's sections, in the task list's order: (slug, heading, fields).
SECTIONS: list[tuple[str, str, tuple[str, ...]]] = [
    ("about", "About the account", ("title", "service_area", "platform", "handle", "purpose", "audience")),
    ("people", "Who will run it", ("posters", "moderators", "hours_covered")),
    ("content", "Content and success", ("content_plan", "success_measures")),
    ("risks", "Risks, feedback and complaints", ("risks", "feedback_arrangements")),
]
CASE_FIELDS = tuple(f for _, _, fields in SECTIONS for f in fields)
# What a case must have before it is submitted (the proposed handle may be settled when the account is made).
REQUIRED_FIELDS = tuple(f for f in CASE_FIELDS if f not in ("handle",))
CASE_FIELD_LABELS = {
    "title": "Name of the account", "service_area": "Service area", "platform": "Platform",
    "handle": "Proposed handle", "purpose": "Purpose", "audience": "Audience", "posters": "Who will post",
    "moderators": "Who will moderate", "hours_covered": "Hours covered", "content_plan": "Content plan",
    "success_measures": "How success is measured", "risks": "Risks",
    "feedback_arrangements": "Feedback and complaints arrangements",
}
DECISIONS = ("approve", "refuse", "return")
ENDORSEMENTS = ("endorse", "return")
DECISION_EVENTS = {"approve": "social_accounts.case.approve", "refuse": "social_accounts.case.refuse",
                   "return": "social_accounts.case.return"}


def pack_facts(council: Council) -> Facts:
    """The council's pack facts (who writes, decides and creates: `business_case`, `account_creation`)."""
    facts = pack_for(council.slug).facts
    if facts is None:
        raise BadInput(f"{council.name}'s policy pack has no facts: business cases need them")
    return facts


def _roles_words(roles: list[str]) -> str:
    words = [label(r).lower() for r in roles]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _text(value: Any, field: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise BadInput(f"Enter the {CASE_FIELD_LABELS.get(field, field.replace('_', ' ')).lower()}", field=field)
    if len(text) > limit:
        raise BadInput(f"{CASE_FIELD_LABELS.get(field, field)} must be {limit} characters or fewer", field=field)
    return text


def _platform(value: Any, *, required: bool = True) -> str:
    platform = str(value or "").strip().lower()
    if not platform and not required:
        return ""
    if platform not in PLATFORM_IDS:
        raise BadInput("Select the platform", field="platform")
    return platform


def _service_area(council: Council, value: Any) -> ServiceArea | None:
    if value in (None, ""):
        return None
    if isinstance(value, ServiceArea):
        area = value
    else:
        area = ServiceArea.objects.filter(council=council, pk=value).first() if str(value).isdigit() else (
            ServiceArea.objects.filter(council=council, slug=str(value)).first())
    if area is None or area.council_id != council.pk:
        raise BadInput("Select one of this council's service areas", field="service_area")
    return area


def _clean_case_fields(council: Council, fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise BadInput(f"A business case has no field {sorted(unknown)[0]}", field=sorted(unknown)[0])
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "service_area":
            clean[name] = _service_area(council, value)
        elif name == "platform":
            clean[name] = _platform(value, required=False)
        elif name in ("title", "handle"):
            clean[name] = _text(value, name, required=name == "title", limit=200)
        else:
            clean[name] = _text(value, name)
    return clean


def case_author_refusal(user: Any, council: Council) -> NotAllowed | None:
    """Why `user` may not write a business case here, or None (the pack's roles: St Helens 6.1, 9.11)."""
    roles = pack_facts(council).business_case.completed_by_roles
    if any(holds_role(user, r, council) for r in roles):
        return None
    return NotAllowed(f"Only a {_roles_words(roles)} may write a business case for a new account")


def case_edit_refusal(user: Any, case: BusinessCase) -> CivicGuardError | None:
    if case.author_id != getattr(user, "pk", None):
        return NotAllowed("Only the person who wrote this business case may change it")
    if case.state not in (CaseState.DRAFT, CaseState.RETURNED):
        return InvalidState(f"This business case is {case.get_state_display().lower()}: it can no longer be changed")
    return None


def case_missing(case: BusinessCase) -> list[str]:
    """The fields still to complete before the case can be submitted (their field names)."""
    return [f for f in REQUIRED_FIELDS if f != "service_area" and not getattr(case, f)] + (
        ["service_area"] if case.service_area_id is None else [])


def section_status(case: BusinessCase) -> list[dict[str, Any]]:
    """The task list: each section with whether it is complete."""
    missing = set(case_missing(case))
    return [{"slug": slug, "heading": heading, "fields": fields,
             "complete": not (set(fields) & missing),
             "started": any(getattr(case, f) if f != "service_area" else case.service_area_id for f in fields)}
            for slug, heading, fields in SECTIONS]


def case_decide_refusal(user: Any, case: BusinessCase) -> CivicGuardError | None:
    role = pack_facts(case.council).business_case.approver_role
    if not holds_role(user, role, case.council):
        return NotAllowed(f"Only a person with the {label(role).lower()} role may decide on business cases")
    if case.author_id == getattr(user, "pk", None):
        return NotAllowed("You wrote this business case: another person must decide on it")
    if case.state != CaseState.SUBMITTED:
        return InvalidState(f"This business case is {case.get_state_display().lower()}: only a submitted case "
                            "can be decided")
    return None


def endorsement_needed(case: BusinessCase) -> bool:
    """Whether the case waits for an endorsement before the approver decides: the pack names an endorsing role
    and the author does not hold it (St Helens 9.11: a line manager's case; a service manager's goes straight on)."""
    role = pack_facts(case.council).business_case.endorsed_by_role
    return role is not None and not holds_role(case.author, role, case.council)


def case_endorse_refusal(user: Any, case: BusinessCase) -> CivicGuardError | None:
    """Why `user` may not endorse or return this case, or None. The endorser holds the pack's `endorsed_by_role`
    and is the author's own manager: the line manager on the author's staff record if they hold that role,
    otherwise any holder of it in the council; never the author (St Helens 9.11)."""
    role = pack_facts(case.council).business_case.endorsed_by_role
    if role is None:
        return NotAllowed(f"{case.council.name}'s policy asks for no endorsement: the approver decides on cases")
    if not holds_role(user, role, case.council):
        return NotAllowed(f"Only a {label(role).lower()} may endorse a business case")
    if case.author_id == getattr(user, "pk", None):
        return NotAllowed("You wrote this business case: another person must endorse it")
    from civicguard.apps.people.models import StaffRecord

    record = StaffRecord.objects.filter(council=case.council, user_id=case.author_id, active=True).select_related(
        "line_manager__user").first()
    line_manager = record.line_manager if record is not None else None
    manager = line_manager.user if line_manager is not None and line_manager.active else None
    if manager is not None and holds_role(manager, role, case.council) and manager.pk != user.pk:
        return NotAllowed(f"Only {line_manager.name if line_manager else manager}, the {label(role).lower()} "
                          "of the case's author, may endorse it")
    if case.state != CaseState.ENDORSEMENT:
        return InvalidState(f"This business case is {case.get_state_display().lower()}: only a case waiting for "
                            "endorsement can be endorsed")
    return None


def provider_refusal(council: Council, platform: str) -> str | None:
    """The reason the council deemed this platform inappropriate (St Helens 6.11), or None."""
    found = InappropriateProvider.objects.filter(council=council, platform=platform).first()
    return found.reason if found else None


@transaction.atomic
def business_case_create(*, council: Council, actor: Any, title: str, **fields: Any) -> BusinessCase:
    refusal = case_author_refusal(actor, council)
    if refusal is not None:
        raise refusal
    clean = _clean_case_fields(council, {"title": title, **fields})
    case = BusinessCase.objects.create(council=council, author=actor, **clean)
    audit_record(event="social_accounts.case.create", actor=actor, council=council, subject=case,
                 after={"title": case.title, "platform": case.platform})
    return case


@transaction.atomic
def business_case_update(*, case: BusinessCase, actor: Any, **fields: Any) -> BusinessCase:
    """Change a draft (or a returned case, which becomes a draft again)."""
    case = BusinessCase.objects.select_for_update().get(pk=case.pk)
    refusal = case_edit_refusal(actor, case)
    if refusal is not None:
        raise refusal
    clean = _clean_case_fields(case.council, fields)
    changed = [name for name, value in clean.items() if getattr(case, name) != value]
    for name, value in clean.items():
        setattr(case, name, value)
    before_state = case.state
    case.state = CaseState.DRAFT
    case.save()
    audit_record(event="social_accounts.case.update", actor=actor, council=case.council, subject=case,
                 before={"state": before_state}, after={"state": case.state, "changed": changed})
    return case


@transaction.atomic
def business_case_submit(*, case: BusinessCase, actor: Any) -> BusinessCase:
    """Send a complete case to the approver. A case for a provider the council has deemed inappropriate is refused
    here, with the council's reason, before any person decides (St Helens 6.11)."""
    case = BusinessCase.objects.select_for_update().get(pk=case.pk)
    refusal = case_edit_refusal(actor, case)
    if refusal is not None:
        raise refusal
    missing = case_missing(case)
    if missing:
        raise BadInput(f"Complete the business case first: {CASE_FIELD_LABELS[missing[0]].lower()} is missing",
                       field=missing[0])
    now = timezone.now()
    case.submitted_at = now
    reason = provider_refusal(case.council, case.platform)
    if reason is not None:
        case.state = CaseState.REFUSED
        case.decided_by = None
        case.decided_at = now
        case.decision_reason = (f"The council has deemed {case.get_platform_display()} an inappropriate provider "
                                f"for official accounts: {reason}")
        case.save()
        audit_record(event="social_accounts.case.submit", actor=actor, council=case.council, subject=case,
                     after={"state": CaseState.SUBMITTED})
        audit_record(event="social_accounts.case.refuse_provider", actor=None, council=case.council, subject=case,
                     before={"state": CaseState.SUBMITTED},
                     after={"state": case.state, "reason": case.decision_reason})
        return case
    case.state = CaseState.ENDORSEMENT if endorsement_needed(case) else CaseState.SUBMITTED
    case.endorsement, case.endorsed_by, case.endorsed_at, case.endorsement_reason = "", None, None, ""
    case.save()
    audit_record(event="social_accounts.case.submit", actor=actor, council=case.council, subject=case,
                 after={"state": case.state})
    return case


ENDORSEMENT_EVENTS = {"endorse": "social_accounts.case.endorse", "return": "social_accounts.case.endorsement_return"}


@transaction.atomic
def business_case_endorse(*, case: BusinessCase, actor: Any, decision: str, reason: str = "") -> BusinessCase:
    """Endorse a case waiting for endorsement (it goes on to the approver), or return it to its author with
    reasons (St Helens 9.11: the author's Service Manager)."""
    case = BusinessCase.objects.select_for_update().get(pk=case.pk)
    refusal = case_endorse_refusal(actor, case)
    if refusal is not None:
        raise refusal
    if decision not in ENDORSEMENTS:
        raise BadInput("Select endorse or return for changes", field="decision")
    reason = _text(reason, "reason", limit=MAX_TEXT)
    if decision == "return" and not reason:
        raise BadInput("Enter what the author should change", field="reason")
    before = case.state
    case.state = CaseState.SUBMITTED if decision == "endorse" else CaseState.RETURNED
    case.endorsement = Endorsement.ENDORSED if decision == "endorse" else Endorsement.RETURNED
    case.endorsed_by = actor
    case.endorsed_at = timezone.now()
    case.endorsement_reason = reason
    case.save()
    audit_record(event=ENDORSEMENT_EVENTS[decision], actor=actor, council=case.council, subject=case,
                 before={"state": before}, after={"state": case.state, "reason": reason})
    return case


@transaction.atomic
def business_case_decide(*, case: BusinessCase, actor: Any, decision: str, reason: str) -> BusinessCase:
    """Approve, refuse or return a submitted case, with reasons either way (the pack's approver: St Helens 6.1,
    Sefton 5.2 'final say')."""
    case = BusinessCase.objects.select_for_update().get(pk=case.pk)
    refusal = case_decide_refusal(actor, case)
    if refusal is not None:
        raise refusal
    if decision not in DECISIONS:
        raise BadInput("Select approve, refuse or return for changes", field="decision")
    reason = _text(reason, "reason", limit=MAX_TEXT)
    if not reason:
        raise BadInput("Enter the reasons for your decision", field="reason")
    provider = provider_refusal(case.council, case.platform)
    if decision == "approve" and provider is not None:
        raise BadInput(f"The council has deemed {case.get_platform_display()} an inappropriate provider: "
                       f"{provider}. Refuse the case or return it for changes", field="decision")
    before = case.state
    case.state = {"approve": CaseState.APPROVED, "refuse": CaseState.REFUSED,
                  "return": CaseState.RETURNED}[decision]
    case.decided_by = actor
    case.decided_at = timezone.now()
    case.decision_reason = reason
    case.save()
    audit_record(event=DECISION_EVENTS[decision], actor=actor, council=case.council, subject=case,
                 before={"state": before}, after={"state": case.state, "reason": reason})
    return case


# ---- inappropriate providers (St Helens 6.11) --------------------------------------------------------------------

@transaction.atomic
def provider_add(*, council: Council, actor: Any, platform: str, reason: str) -> InappropriateProvider:
    require(actor, "accounts.manage", council)
    platform = _platform(platform)
    reason = _text(reason, "reason", limit=MAX_TEXT)
    if not reason:
        raise BadInput("Enter why the council deems this provider inappropriate", field="reason")
    if InappropriateProvider.objects.filter(council=council, platform=platform).exists():
        raise BadInput(f"{dict(PLATFORMS)[platform]} is already on the list", field="platform")
    provider = InappropriateProvider.objects.create(council=council, platform=platform, reason=reason,
                                                    recorded_by=actor)
    audit_record(event="social_accounts.provider.add", actor=actor, council=council, subject=provider,
                 after={"platform": platform, "reason": reason})
    return provider


# ---- the account's lifecycle -------------------------------------------------------------------------------------

def clean_login_email(council: Council, value: Any) -> str:
    """A council address (the pack's e-mail domains), for signing in to the platform only (St Helens 6.8)."""
    email = str(value or "").strip().lower()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        raise BadInput("Enter the login e-mail address in the correct format, like socialmedia@council.gov.uk",
                       field="login_email") from None
    domains = pack_facts(council).email_domains
    domain = email.rpartition("@")[2]
    if not any(domain == d or domain.endswith("." + d) for d in domains):
        raise BadInput(f"The login e-mail must be a council address ending @{' or @'.join(domains)}",
                       field="login_email")
    return email


def account_create_refusal(user: Any, case: BusinessCase) -> CivicGuardError | None:
    """Only the section the pack names creates accounts, and only from an approved case (St Helens 6.2)."""
    role = pack_facts(case.council).account_creation.creator_role
    if not holds_role(user, role, case.council):
        return NotAllowed(f"Only a person with the {label(role).lower()} role may create official accounts")
    if case.state != CaseState.APPROVED:
        return InvalidState(f"This business case is {case.get_state_display().lower()}: an account is created "
                            "only from an approved case")
    return None


def account_manage_refusal(user: Any, account: SocialAccount) -> NotAllowed | None:
    """Who may complete and change an account's record: its owner, the section that creates accounts, or a
    person with accounts.manage."""
    if user is not None and account.owner_id is not None and account.owner_id == getattr(user, "pk", None):
        return None
    if can(user, "accounts.manage", account.council) or holds_role(
            user, pack_facts(account.council).account_creation.creator_role, account.council):
        return None
    return NotAllowed("Only the account's owner or the section that creates accounts may change this account")


def go_live_missing(account: SocialAccount) -> list[tuple[str, str]]:
    """What the account needs before it goes live: (field, message), St Helens 6.5, 6.9, 6.10, 6.14."""
    missing = []
    if not account.feedback_info.strip():
        missing.append(("feedback_info", "Add how residents can give feedback or complain (it is shown on the "
                                         "public register)"))
    if not account.conditions_accepted:
        missing.append(("conditions_version", "Record the provider's conditions of use accepted: their version "
                                              "or the date"))
    if not account.identifies_council:
        missing.append(("identifies_council", "Confirm the profile clearly identifies the council"))
    if not account.branding_appropriate:
        missing.append(("branding_appropriate", "Confirm the council's branding is used appropriately"))
    return missing


ACCOUNT_FIELDS = ("handle", "platform_id", "service_area", "owner", "profile_url", "login_email",
                  "conditions_version", "conditions_accepted_on", "identifies_council", "branding_appropriate",
                  "feedback_info")


def _clean_account_fields(council: Council, fields: dict[str, Any], account: SocialAccount | None) -> dict[str, Any]:
    unknown = set(fields) - set(ACCOUNT_FIELDS)
    if unknown:
        raise BadInput(f"An account has no field {sorted(unknown)[0]}", field=sorted(unknown)[0])
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "service_area":
            clean[name] = _service_area(council, value)
        elif name == "owner":
            if value is not None and not can(value, "accounts.view", council):
                raise BadInput("The owner must be a person with a role in this council", field="owner")
            clean[name] = value
        elif name == "login_email":
            clean[name] = clean_login_email(council, value)
        elif name == "profile_url":
            url = str(value or "").strip()
            if url and not url.startswith("https://"):
                raise BadInput("Enter the profile's address starting https://", field="profile_url")
            clean[name] = _text(url, name, limit=500)
        elif name in ("identifies_council", "branding_appropriate"):
            clean[name] = bool(value)
        elif name == "conditions_accepted_on":
            if value and value > timezone.localdate():
                raise BadInput("The date the conditions of use were accepted must be today or in the past",
                               field="conditions_accepted_on")
            clean[name] = value or None
        elif name == "handle":
            handle = _text(value, "handle", limit=200)
            if not handle:
                raise BadInput("Enter the account's handle", field="handle")
            platform = account.platform if account else fields.get("platform", "")
            taken = SocialAccount.objects.filter(platform=platform, handle__iexact=handle)
            if account is not None:
                taken = taken.exclude(pk=account.pk)
            if taken.exists():
                raise BadInput(f"{handle} is already registered on this platform", field="handle")
            clean[name] = handle
        elif name == "feedback_info":
            clean[name] = _text(value, name, limit=MAX_TEXT)
        else:
            clean[name] = _text(value, name, limit=200)
    return clean


def _private(values: dict[str, Any]) -> dict[str, Any]:
    """What the audit trail keeps: never the login e-mail itself (St Helens 6.8), only that it was recorded."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name == "login_email":
            out[name] = "recorded" if value else "none"
        elif name == "owner":
            out[name] = getattr(value, "username", None)
        elif name == "service_area":
            out[name] = getattr(value, "name", None)
        else:
            out[name] = value
    return out


@transaction.atomic
def account_create_from_case(*, case: BusinessCase, actor: Any, handle: str, representatives: Any = (),
                             **fields: Any) -> SocialAccount:
    """Create the account an approved case asked for: owner (the case's author unless named), service area and
    platform from the case, its feedback arrangements as the account's feedback information to start with."""
    case = BusinessCase.objects.select_for_update().get(pk=case.pk)
    refusal = account_create_refusal(actor, case)
    if refusal is not None:
        raise refusal
    council = case.council
    fields.setdefault("owner", case.author)
    fields.setdefault("service_area", case.service_area)
    fields.setdefault("feedback_info", case.feedback_arrangements)
    clean = _clean_account_fields(council, {"handle": handle, **fields}, None)
    if SocialAccount.objects.filter(platform=case.platform, handle__iexact=clean["handle"]).exists():
        raise BadInput(f"{clean['handle']} is already registered on this platform", field="handle")
    platform_id = clean.get("platform_id", "")
    if platform_id and SocialAccount.objects.filter(platform=case.platform, platform_id=platform_id).exists():
        raise BadInput(f"Platform ID {platform_id} is already registered to another account", field="platform_id")
    account = SocialAccount.objects.create(council=council, platform=case.platform, business_case=case,
                                           status=AccountStatus.SET_UP, status_changed=timezone.now(), **clean)
    case.state = CaseState.ACCOUNT_CREATED
    case.save(update_fields=["state", "updated"])
    audit_record(event="social_accounts.account.create", actor=actor, council=council, subject=account,
                 after={"platform": account.platform, **_private(clean), "business_case": case.pk})
    audit_record(event="social_accounts.case.account_created", actor=actor, council=council, subject=case,
                 before={"state": CaseState.APPROVED}, after={"state": case.state})
    from civicguard.apps.staff.services import role_assign

    for user in representatives or ():
        role_assign(user=user, council=council, role="representative", account=account, actor=actor)
    return account


@transaction.atomic
def account_update(*, account: SocialAccount, actor: Any, **fields: Any) -> SocialAccount:
    account = SocialAccount.objects.select_for_update().get(pk=account.pk)
    refusal = account_manage_refusal(actor, account)
    if refusal is not None:
        raise refusal
    if account.status == AccountStatus.CLOSED:
        raise InvalidState("This account is closed: it can no longer be changed")
    clean = _clean_account_fields(account.council, fields, account)
    if "login_email" in clean and not clean["login_email"]:
        del clean["login_email"]  # empty keeps the recorded address: the form never shows it to change
    changed = {name: value for name, value in clean.items() if getattr(account, name) != value}
    if not changed:
        return account
    before = {name: getattr(account, name) for name in changed}
    for name, value in changed.items():
        setattr(account, name, value)
    account.save()
    if account.status == AccountStatus.LIVE and go_live_missing(account):
        raise BadInput(go_live_missing(account)[0][1] + ": a live account must keep it",
                       field=go_live_missing(account)[0][0])
    audit_record(event="social_accounts.account.update", actor=actor, council=account.council, subject=account,
                 before=_private(before), after=_private(changed))
    return account


def go_live_refusal(user: Any, account: SocialAccount) -> CivicGuardError | None:
    refusal = account_manage_refusal(user, account)
    if refusal is not None:
        return refusal
    if account.status not in (AccountStatus.SET_UP, AccountStatus.DORMANT):
        return InvalidState(f"This account is {account.get_status_display().lower()}: only an account being set "
                            "up or dormant can go live")
    return None


@transaction.atomic
def account_go_live(*, account: SocialAccount, actor: Any) -> SocialAccount:
    """Put the account on the public register (St Helens 6.7): refused without its feedback and complaints
    information (6.14), the conditions of use accepted (6.9) and a complete profile checklist (6.5, 6.10)."""
    account = SocialAccount.objects.select_for_update().get(pk=account.pk)
    refusal = go_live_refusal(actor, account)
    if refusal is not None:
        raise refusal
    missing = go_live_missing(account)
    if missing:  # the record is not complete yet: a state, not a bad request (409, naming each thing missing)
        raise InvalidState(missing[0][1], field=missing[0][0], missing=[m for _, m in missing])
    return _set_status(account, AccountStatus.LIVE, actor=actor, reason="")


def account_close_refusal(user: Any, account: SocialAccount) -> CivicGuardError | None:
    """Who may close an account: a person with accounts.manage; a closed account stays closed."""
    if not can(user, "accounts.manage", account.council):
        return NotAllowed("Only a person who manages the council's official accounts may close one")
    if account.status == AccountStatus.CLOSED:
        return InvalidState("This account is already closed")
    return None


@transaction.atomic
def account_close(*, account: SocialAccount, actor: Any, reason: str) -> SocialAccount:
    """Close an account for good: it leaves the public register (St Helens 6.7) and can no longer change."""
    require(actor, "accounts.manage", account.council)
    account = SocialAccount.objects.select_for_update().get(pk=account.pk)
    refusal = account_close_refusal(actor, account)
    if refusal is not None:
        raise refusal
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise BadInput("Enter why the account is closed", field="reason")
    return _set_status(account, AccountStatus.CLOSED, actor=actor, reason=reason)
