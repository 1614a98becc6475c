"""Reading User Agreements and training, and the one rule of who may post: `posting_gaps`.

A signature is current when it is of the agreement version in force and was made under the policy version in force;
a completion is current until its course's validity runs out. Both are questions asked of the records, so a new
version or an expiry needs no update of anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from civicguard.apps.access.checks import can
from civicguard.apps.councils.models import Council
from civicguard.apps.onboarding.models import AgreementSignature, AgreementVersion, Completion, Course
from civicguard.apps.people.models import StaffRecord
from civicguard.engine import UnknownPack, pack_for

AGREEMENT = "agreement"
TRAINING = "training:"
EXPIRING_DAYS = 30  # "training expiring": what the home page and the team view warn about


def policy_version(council: Council) -> str:
    """The policy version in force: the latest one published through a policy review, else the loaded pack's."""
    from civicguard.apps.policyreview.selectors import current_version

    return current_version(council)


def requirements(council: Council) -> list[str]:
    """What the council's pack asks of everyone who drafts, approves or moderates (facts.posting_requires)."""
    try:
        facts = pack_for(council.slug).facts
    except UnknownPack:
        return []
    return list(facts.posting_requires) if facts else []


def required_courses(council: Council) -> list[str]:
    return [r.removeprefix(TRAINING) for r in requirements(council) if r.startswith(TRAINING)]


def current_agreement(council: Council, today: date | None = None) -> AgreementVersion | None:
    """The version in force: the latest whose effective day has come."""
    today = today or timezone.localdate()
    return AgreementVersion.objects.filter(council=council, effective__lte=today).order_by("-effective", "-id").first()


def signatures_of(user: Any, council: Council) -> QuerySet[AgreementSignature]:
    return (AgreementSignature.objects.filter(user=user, version__council=council)
            .select_related("version", "recorded_by").order_by("-at", "-id"))


@dataclass(frozen=True)
class AgreementState:
    version: AgreementVersion | None      # the version in force (None: none published)
    signature: AgreementSignature | None  # the person's latest signature in this council
    policy_version: str                   # the policy version in force
    current: bool                         # signed the version in force under the policy version in force
    why: str                              # "", "none-published", "not-signed", "new-version", "new-policy"


def agreement_state(user: Any, council: Council) -> AgreementState:
    version, policy = current_agreement(council), policy_version(council)
    signature = signatures_of(user, council).first() if getattr(user, "pk", None) else None
    if version is None:
        why = "none-published"
    elif signature is None:
        why = "not-signed"
    elif signature.version_id != version.pk:
        # A signature of the version in force made earlier may not be the latest (signed the older one after):
        # look for one of this version under this policy.
        again = signatures_of(user, council).filter(version=version, policy_version=policy).first()
        if again is not None:
            return AgreementState(version, again, policy, True, "")
        why = "new-version"
    elif signature.policy_version != policy:
        why = "new-policy"
    else:
        why = ""
    return AgreementState(version, signature, policy, not why, why)


def course(council: Council, slug: str) -> Course | None:
    return Course.objects.filter(council=council, slug=slug).first()


def completions_of(user: Any, council: Council) -> QuerySet[Completion]:
    return (Completion.objects.filter(user=user, course__council=council)
            .select_related("course", "recorded_by").order_by("-completed", "-id"))


@dataclass(frozen=True)
class TrainingState:
    slug: str
    course: Course | None
    latest: Completion | None  # the latest completion, current or not
    expires: date | None       # when the latest stops counting (None: never, or no completion)
    current: bool
    expiring: bool             # current, but ends within EXPIRING_DAYS


def training_state(user: Any, council: Council, slug: str, today: date | None = None) -> TrainingState:
    today = today or timezone.localdate()
    found = course(council, slug)
    latest = (Completion.objects.filter(course=found, user=user).select_related("course")
              .order_by("-completed", "-id").first()) if found is not None and getattr(user, "pk", None) else None
    expires = latest.expires if latest is not None else None
    current = latest is not None and (expires is None or expires > today)
    expiring = current and expires is not None and (expires - today).days <= EXPIRING_DAYS
    return TrainingState(slug, found, latest, expires, current, expiring)


@dataclass(frozen=True)
class Gap:
    """Something a person lacks before they may post or moderate, in plain English."""

    requirement: str  # "agreement" or "training:<course slug>"
    missing: str      # what is missing: "You have not signed the Social Media User Agreement"
    fix: str          # how to fix it: "Read it and sign it"
    url: str          # the page where they fix it or read how

    def to_dict(self) -> dict[str, str]:
        return {"requirement": self.requirement, "missing": self.missing, "fix": self.fix, "url": self.url}


def _agreement_gap(user: Any, council: Council) -> Gap | None:
    state = agreement_state(user, council)
    if state.current:
        return None
    sign, status = reverse("onboarding:sign"), reverse("onboarding:status")
    if state.why == "none-published":
        return Gap(AGREEMENT, f"{council.name} has not published its Social Media User Agreement in CivicGuard yet",
                   "ask the Information Management Group or an administrator to publish it", status)
    if state.why == "not-signed":
        return Gap(AGREEMENT, "you have not signed the Social Media User Agreement", "read it and sign it", sign)
    if state.why == "new-version":
        assert state.version is not None
        return Gap(AGREEMENT, f"the Social Media User Agreement has changed since you signed it (the version in "
                              f"force from {state.version.effective:%-d %B %Y})", "read the new version and sign it",
                   sign)
    return Gap(AGREEMENT, f"the social media policy has changed since you signed the User Agreement (it is now "
                          f"version {state.policy_version})", "read the agreement again and sign it", sign)


def _training_gap(user: Any, council: Council, slug: str) -> Gap | None:
    state = training_state(user, council, slug)
    if state.current:
        return None
    status = reverse("onboarding:status")
    if state.course is None:
        return Gap(TRAINING + slug, f"{council.name} has not set up the course {slug!r} in CivicGuard",
                   "ask the Information Management Group or an administrator to add it", status)
    then = "then ask your line manager to record it (or wait for the next import from the learning system)"
    if state.latest is None:
        return Gap(TRAINING + slug, f"there is no record of you completing {state.course.name}",
                   f"complete {state.course.name}, {then}", status)
    assert state.expires is not None
    return Gap(TRAINING + slug, f"your {state.course.name} training ran out on {state.expires:%-d %B %Y}",
               f"complete {state.course.name} again, {then}", status)


def posting_gaps(user: Any, council: Council) -> list[Gap]:
    """What `user` lacks, of what the council's pack asks (facts.posting_requires), before they may draft, submit,
    approve or moderate. Empty: nothing is missing. THE rule: every service and page asks here."""
    gaps: list[Gap] = []
    for requirement in requirements(council):
        gap = (_agreement_gap(user, council) if requirement == AGREEMENT
               else _training_gap(user, council, requirement.removeprefix(TRAINING)))
        if gap is not None:
            gaps.append(gap)
    return gaps


# ---- teams (St Helens 9.8, 9.12) -----------------------------------------------------------------------------

def team_of(user: Any, council: Council) -> QuerySet[StaffRecord]:
    """The staff records a person looks after: their direct reports; everyone's for the IMG and administrators
    (training.manage). Only active records of people with a CivicGuard sign-in."""
    records = StaffRecord.objects.filter(council=council, active=True, user__isnull=False).select_related(
        "user", "line_manager", "service_area")
    if can(user, "training.manage", council):
        return records.order_by("name")
    return records.filter(line_manager__user=user).exclude(user=user).order_by("name")


def manages(actor: Any, person: Any, council: Council) -> bool:
    """`actor` is the line manager of `person` in the council (by their staff records)."""
    return StaffRecord.objects.filter(council=council, user=person, line_manager__user=actor).exists()


@dataclass(frozen=True)
class MemberStatus:
    record: StaffRecord
    gaps: list[Gap]
    agreement: AgreementState
    training: list[TrainingState]
    refusals: list[Any]  # audit entries: attempts refused because they came from outside the council's networks

    @property
    def expiring(self) -> list[TrainingState]:
        return [t for t in self.training if t.expiring]


def team_status(user: Any, council: Council) -> list[MemberStatus]:
    from civicguard.apps.audit.models import AuditEntry

    members = list(team_of(user, council))
    names = [m.user.get_username() for m in members if m.user is not None]
    refused: dict[str, list[Any]] = {}
    for entry in (AuditEntry.objects.filter(council=council.slug, event="onboarding.network.refuse", actor__in=names)
                  .order_by("-seq")[:500]):
        refused.setdefault(entry.actor, []).append(entry)
    slugs = required_courses(council)
    out = []
    for m in members:
        out.append(MemberStatus(record=m, gaps=posting_gaps(m.user, council),
                                agreement=agreement_state(m.user, council),
                                training=[training_state(m.user, council, s) for s in slugs],
                                refusals=refused.get(m.user.get_username(), []) if m.user else []))
    return out


def account_refusals(user: Any, council: Council) -> list[Any]:
    """Attempts refused because they came from outside the council's networks on the official accounts whose line
    manager `user` is (the accounts' rule: `reviews.selectors.line_manager_of`), newest first: audit entries."""
    from civicguard.apps.audit.models import AuditEntry
    from civicguard.apps.reviews.selectors import line_manager_of
    from civicguard.apps.social_accounts.models import SocialAccount

    entries = list(AuditEntry.objects.filter(council=council.slug, event="onboarding.network.refuse",
                                             object_type=SocialAccount._meta.label_lower)
                   .exclude(object_id="").order_by("-seq")[:500])
    ids = {int(e.object_id) for e in entries if e.object_id.isdigit()}
    accounts = SocialAccount.objects.filter(council=council, pk__in=ids).select_related("owner", "service_area")
    mine = set()
    for account in accounts:
        manager = line_manager_of(account)
        if manager is not None and manager.user_id is not None and manager.user_id == user.pk:
            mine.add(str(account.pk))
    return [e for e in entries if e.object_id in mine]
