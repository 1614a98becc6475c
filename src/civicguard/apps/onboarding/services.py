"""Changing User Agreements and training records, and the gate every drafting, approving and moderating service
passes: `require_onboarded`.

Each change checks the actor's capability, makes the change and writes its audit entry in one transaction; the
pages, the API and the command line only call these functions. Nothing here deletes or changes a signature or a
completion: a newer one is added.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from civicguard.apps.access.checks import can, require
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.onboarding import network
from civicguard.apps.onboarding.models import (
    AgreementSignature,
    AgreementVersion,
    Completion,
    CompletionSource,
    Course,
    SignatureSource,
)
from civicguard.apps.onboarding.selectors import (
    current_agreement,
    manages,
    policy_version,
    posting_gaps,
    required_courses,
)
from civicguard.apps.people.selectors import record_of
from civicguard.errors import BadInput, InvalidState, NotAllowed, NotFound, OnboardingRequired, OutsideWorkNetwork

MAX_AGREEMENT = 50_000
MAX_NAME = 200
MAX_VALIDITY_DAYS = 36_500  # a hundred years: the API's limit too
DOING = {"draft": "draft posts", "submit": "send posts for approval", "decide": "decide on posts",
         "moderate": "moderate comments"}


# ---- the gate -----------------------------------------------------------------------------------------------

def require_onboarded(user: Any, council: Council, *, doing: str, address: str | None = None,
                      account: Any = None) -> None:
    """Refuse, saying what is missing and how to fix it, unless `user` has what the council's pack asks of everyone
    who posts or moderates (facts.posting_requires: the signed agreement, current training), and, when the council
    limits it (CIVICGUARD_WORK_NETWORKS), the request comes from one of its networks.

    Called by the services that draft, submit, decide and moderate, after their permission check and outside their
    transaction, so that the audit entry of a refused address is kept. `address` None: not a web request.
    `account`: the official account the attempt was on, when there is one; a refused attempt names it, so the
    account's line manager sees it as well as the person's own (`selectors.account_refusals`)."""
    words = DOING.get(doing, doing)
    if network.outside(address):
        audit_record(event="onboarding.network.refuse", actor=user, council=council, subject=account,
                     after={"doing": doing, "address": address or "", **({"account": str(account)} if account else {})})
        raise OutsideWorkNetwork(f"You can only {words} from the council's own network: connect from a council "
                                 "building or the council's VPN, on a council device, and try again (your line "
                                 "manager can see this attempt)")
    gaps = posting_gaps(user, council)
    if gaps:
        missing = "; ".join(g.missing for g in gaps)
        fixes = "; ".join(g.fix for g in gaps)
        raise OnboardingRequired(f"You cannot {words} yet: {missing}. To fix this: {fixes}.",
                                 fix_url=reverse("onboarding:status"),
                                 fix_text="See what you need to do", gaps=[g.to_dict() for g in gaps])


# ---- agreements ---------------------------------------------------------------------------------------------

def _clean_text(text: Any) -> str:
    text = str(text or "").replace("\x00", "").strip()
    if not text:
        raise BadInput("Enter the text of the agreement", field="text")
    if len(text) > MAX_AGREEMENT:
        raise BadInput(f"The agreement must be {MAX_AGREEMENT:,} characters or fewer", field="text")
    return text


@transaction.atomic
def agreement_publish(*, actor: Any, council: Council, text: str, effective: date) -> AgreementVersion:
    """A new version of the User Agreement, in force from `effective`: from that day everyone signs it again."""
    require(actor, "onboarding.publish", council)
    if not isinstance(effective, date):
        raise BadInput("Enter the date the agreement comes into force", field="effective")
    version = AgreementVersion.objects.create(council=council, text=_clean_text(text), effective=effective,
                                              policy_version=policy_version(council), published_by=actor)
    audit_record(event="onboarding.agreement.publish", actor=actor, council=council, subject=version,
                 after={"effective": effective.isoformat(), "policy_version": version.policy_version})
    return version


def _norm(name: str) -> str:
    return " ".join(str(name or "").split()).casefold()


def names_on_record(user: Any, council: Council) -> list[str]:
    """The names a signature may be typed as: the staff record's, and the sign-in's full name."""
    names = []
    record = record_of(user=user, council=council)
    if record is not None and record.name.strip():
        names.append(record.name)
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    if full.strip() and _norm(full) not in {_norm(n) for n in names}:
        names.append(full)
    return names


def sign_refusal(actor: Any, council: Council) -> InvalidState | None:
    """Why `actor` cannot sign now (nothing published to sign), or None (the sign page asks this). Signing again
    what one has signed is allowed: it adds a signature, as signing a paper copy again would."""
    if current_agreement(council) is None:
        return InvalidState(f"{council.name} has not published a User Agreement in CivicGuard yet: ask the "
                            "Information Management Group or an administrator to publish it")
    return None


@transaction.atomic
def agreement_sign(*, actor: Any, council: Council, typed_name: str, personal_devices: bool,
                   personal_use_at_work: bool) -> AgreementSignature:
    """The person signs the version in force themselves (St Helens 6.3), typing their name as HR has it, and makes
    the declarations (St Helens 6.19 no personal devices, 7.7 and Sefton 5.4 no personal use at work)."""
    require(actor, "onboarding.sign", council)
    refusal = sign_refusal(actor, council)
    if refusal is not None:
        raise refusal
    version = current_agreement(council)
    assert version is not None
    typed = " ".join(str(typed_name or "").split())
    if not typed:
        raise BadInput("Type your full name to sign", field="typed_name")
    if len(typed) > MAX_NAME:
        raise BadInput(f"Your name must be {MAX_NAME} characters or fewer", field="typed_name")
    names = names_on_record(actor, council)
    if names and _norm(typed) not in {_norm(n) for n in names}:
        raise BadInput(f"Type your name as your staff record has it: {names[0]}", field="typed_name")
    if not personal_devices:
        raise BadInput("Confirm that you will not use your personal devices to access the council's social media "
                       "accounts", field="personal_devices")
    if not personal_use_at_work:
        raise BadInput("Confirm that you will not use social media for personal purposes at work",
                       field="personal_use_at_work")
    signature = AgreementSignature.objects.create(
        version=version, user=actor, typed_name=typed, at=timezone.now(), policy_version=policy_version(council),
        personal_devices=True, personal_use_at_work=True, source=SignatureSource.SIGNED)
    audit_record(event="onboarding.agreement.sign", actor=actor, council=council, subject=signature,
                 after={"version": version.effective.isoformat(), "policy_version": signature.policy_version,
                        "typed_name": typed, "name_checked": bool(names), "personal_devices": True,
                        "personal_use_at_work": True, "source": signature.source})
    return signature


# ---- courses and completions --------------------------------------------------------------------------------

@transaction.atomic
def course_create(*, actor: Any, council: Council, slug: str, name: str,
                  validity_days: int | None = 365) -> Course:
    require(actor, "training.manage", council)
    slug = str(slug or "").strip().lower()
    if not slug or not slug.replace("-", "").isalnum() or len(slug) > 50:
        raise BadInput("Enter a short name of letters, digits and hyphens (50 or fewer)", field="slug")
    name, validity_days = _clean_course(name, validity_days)
    if Course.objects.filter(council=council, slug=slug).exists():
        raise BadInput(f"{council.name} already has a course {slug}", field="slug")
    found = Course.objects.create(council=council, slug=slug, name=name, validity_days=validity_days)
    audit_record(event="onboarding.course.create", actor=actor, council=council, subject=found,
                 after={"slug": slug, "name": name, "validity_days": validity_days})
    return found


def _clean_course(name: Any, validity_days: Any) -> tuple[str, int | None]:
    """A course's name and validity (None: a completion never expires), or BadInput naming the field at fault."""
    name = " ".join(str(name or "").split())
    if not name or len(name) > MAX_NAME:
        raise BadInput(f"Enter the course's name ({MAX_NAME} characters or fewer)", field="name")
    if validity_days is not None and (isinstance(validity_days, bool) or not isinstance(validity_days, int)
                                      or not 1 <= validity_days <= MAX_VALIDITY_DAYS):
        raise BadInput(f"Enter how many days a completion counts, as a whole number from 1 to {MAX_VALIDITY_DAYS}",
                       field="validity_days")
    return name, validity_days


@transaction.atomic
def course_update(*, actor: Any, course: Course, name: str, validity_days: int | None) -> Course:
    """Rename a course or change how long a completion counts (None: for ever). Its short name stays: the learning
    system's export and the council's pack name the course by it. Completions already recorded are kept; whether
    they still count follows the new validity."""
    council = course.council
    require(actor, "training.manage", council)
    name, validity_days = _clean_course(name, validity_days)
    before = {"name": course.name, "validity_days": course.validity_days}
    after = {"name": name, "validity_days": validity_days}
    changed = {k for k in after if after[k] != before[k]}
    if not changed:
        return course
    course.name, course.validity_days = name, validity_days
    course.save(update_fields=sorted(changed))
    audit_record(event="onboarding.course.update", actor=actor, council=council, subject=course,
                 before={k: before[k] for k in sorted(changed)}, after={k: after[k] for k in sorted(changed)})
    return course


def record_refusal(actor: Any, person: Any, council: Council) -> NotAllowed | None:
    """Why `actor` may not record `person`'s training, or None (pages ask this). The IMG and administrators may
    for anyone in the council; a line manager for the people their staff record manages (St Helens 9.8)."""
    if can(actor, "training.manage", council):
        return None
    if not can(actor, "training.record", council):
        return NotAllowed("Only line managers, the Information Management Group and administrators record training")
    if getattr(person, "pk", None) == getattr(actor, "pk", None):
        return NotAllowed("Ask your own line manager to record your training")
    if not manages(actor, person, council):
        return NotAllowed("You can record training only for the people you line manage")
    return None


def _clean_completed(completed: Any) -> date:
    if not isinstance(completed, date):
        raise BadInput("Enter the date the course was completed", field="completed")
    if completed > timezone.localdate():
        raise BadInput("The date the course was completed must be today or in the past", field="completed")
    return completed


@transaction.atomic
def completion_record(*, actor: Any, course: Course, person: Any, completed: date) -> Completion:
    """A line manager (or the IMG) records that someone completed a course."""
    council = course.council
    require(actor, "training.record", council)
    refusal = record_refusal(actor, person, council)
    if refusal is not None:
        raise refusal
    completed = _clean_completed(completed)
    if Completion.objects.filter(course=course, user=person, completed=completed).exists():
        raise BadInput(f"{course.name} on {completed:%-d %B %Y} is already recorded for this person", field="completed")
    done = Completion.objects.create(course=course, user=person, completed=completed,
                                     source=CompletionSource.LINE_MANAGER, recorded_by=actor)
    audit_record(event="onboarding.completion.record", actor=actor, council=council, subject=done,
                 after={"person": person.get_username(), "course": course.slug, "completed": completed.isoformat(),
                        "source": done.source})
    return done


# ---- records from before CivicGuard -------------------------------------------------------------------------

def midday(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


@transaction.atomic
def onboarding_record_before(*, actor: Any, council: Council, person: Any, agreement_signed: date | None = None,
                             training_completed: date | None = None,
                             courses: list[str] | None = None) -> tuple[AgreementSignature | None, list[Completion]]:
    """A council moving its paper records in: the agreement signed on `agreement_signed` (recorded against the
    version in force) and `courses` (default: those the pack requires) completed on `training_completed`. Audited
    as recorded from before CivicGuard. `actor` None: the command line."""
    if actor is not None:
        require(actor, "training.manage", council)
    if agreement_signed is None and training_completed is None:
        raise BadInput("Give the date the agreement was signed, the date the training was completed, or both")
    if not person.role_assignments.filter(council=council).exists():
        raise NotFound(f"{person.get_username()} has no role in {council.name}")
    signature = None
    if agreement_signed is not None:
        if agreement_signed > timezone.localdate():
            raise BadInput("The date the agreement was signed must be today or in the past", field="agreement_signed")
        version = current_agreement(council)
        if version is None:
            raise InvalidState(f"{council.name} has not published a User Agreement in CivicGuard yet: publish the "
                               "version in force first, then record who signed it")
        names = names_on_record(person, council)
        signature = AgreementSignature.objects.create(
            version=version, user=person, typed_name=names[0] if names else person.get_username(),
            at=midday(agreement_signed), policy_version=policy_version(council), personal_devices=True,
            personal_use_at_work=True, source=SignatureSource.BEFORE, recorded_by=actor)
        audit_record(event="onboarding.agreement.record_before", actor=actor, council=council, subject=signature,
                     after={"person": person.get_username(), "signed": agreement_signed.isoformat(),
                            "version": version.effective.isoformat(), "source": signature.source})
    done: list[Completion] = []
    if training_completed is not None:
        if training_completed > timezone.localdate():
            raise BadInput("The date the training was completed must be today or in the past",
                           field="training_completed")
        slugs = courses if courses else required_courses(council)
        if not slugs:
            raise BadInput(f"{council.name}'s policy names no required course: say which course with --course")
        for slug in slugs:
            found = Course.objects.filter(council=council, slug=slug).first()
            if found is None:
                raise BadInput(f"{council.name} has no course {slug}: add it first", field="course")
            completion, created = Completion.objects.get_or_create(
                course=found, user=person, completed=training_completed,
                defaults={"source": CompletionSource.BEFORE, "recorded_by": actor})
            if created:
                audit_record(event="onboarding.completion.record_before", actor=actor, council=council,
                             subject=completion, after={"person": person.get_username(), "course": slug,
                                                        "completed": training_completed.isoformat(),
                                                        "source": completion.source})
            done.append(completion)
    return signature, done
