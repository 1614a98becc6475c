"""Changing procedures and reviews. Each change checks the actor's capability (and, where the object decides, the
rule below), makes the change and writes its audit entry in one transaction; pages, API, command line and the daily
task only call these functions.

Who may upload an area's procedure (St Helens 6.12): a line manager or service manager who manages the area on
HR's records, or works in it; while the records name no manager for the area, any line or service manager.
Who signs off a review (St Helens 6.13, 9.9): the account's line manager (`selectors.line_manager_of`: the owner's
line manager, else the service area's manager); while the records name neither, any line or service manager.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from civicguard.apps.access.checks import can, require
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council, ServiceArea
from civicguard.apps.people.models import StaffRecord
from civicguard.apps.people.selectors import record_of
from civicguard.apps.reviews import selectors
from civicguard.apps.reviews.files import check_procedure_file
from civicguard.apps.reviews.models import AccountReview, ServiceAreaProcedure
from civicguard.apps.social_accounts.models import AccountStatus, SocialAccount
from civicguard.errors import BadInput, InvalidState, NotAllowed

MAX_TITLE = 300
MAX_VERSION = 200
MAX_NOTES = 4000
CHECKLIST = ("content_appropriate", "representatives_current", "feedback_current", "inappropriate_removed")
CHECKLIST_WORDS = {
    "content_appropriate": "the account's content is still appropriate",
    "representatives_current": "its representatives are current",
    "feedback_current": "its feedback and complaints information is current",
    "inappropriate_removed": "inappropriate content posted on or linked to it has been removed",
}


# ---- procedures (St Helens 6.12) -----------------------------------------------------------------------------

def upload_refusal(actor: Any, area: ServiceArea) -> NotAllowed | None:
    """Why `actor` may not upload `area`'s procedure, or None when they may (pages ask this)."""
    if not can(actor, "procedures.upload", area.council):
        return NotAllowed("Only a line manager or service manager can upload a service area's procedure")
    manager = selectors.area_manager(area)
    if manager is None:
        return None  # HR's records name nobody: any line or service manager of the council
    if selectors.is_person(actor, manager):
        return None
    mine = record_of(user=actor, council=area.council)
    if mine is not None and mine.active and mine.service_area_id == area.pk:
        return None
    return NotAllowed(f"Only the managers of {area.name} can upload its procedure: {manager.name} manages it")


@transaction.atomic
def procedure_upload(*, actor: Any, area: ServiceArea, title: str, policy_version: str, file_name: str,
                     data: bytes) -> ServiceAreaProcedure:
    """Keep a new procedure for the area; it becomes the area's procedure in force."""
    require(actor, "procedures.upload", area.council)
    refusal = upload_refusal(actor, area)
    if refusal is not None:
        raise refusal
    title = " ".join(str(title or "").split())
    if not title:
        raise BadInput("Enter the procedure's title", field="title")
    if len(title) > MAX_TITLE:
        raise BadInput(f"The title must be {MAX_TITLE} characters or fewer", field="title")
    version = " ".join(str(policy_version or "").replace("\x00", "").split())
    if not version:
        raise BadInput("Enter the version of the policy the procedure follows", field="policy_version")
    if len(version) > MAX_VERSION:
        raise BadInput(f"The version must be {MAX_VERSION} characters or fewer", field="policy_version")
    checked = check_procedure_file(name=file_name, data=data)
    digest = hashlib.sha256(data).hexdigest()
    procedure = ServiceAreaProcedure(council=area.council, service_area=area, title=title,
                                     file_name=(file_name or f"procedure.{checked.kind}")[-255:], kind=checked.kind,
                                     size=checked.size, sha256=digest, policy_version=version, uploaded_by=actor)
    procedure.file.save(f"procedure.{checked.kind}", ContentFile(data), save=False)
    try:
        procedure.save()
        audit_record(event="reviews.procedure.upload", actor=actor, council=area.council, subject=procedure,
                     after={"service_area": area.name, "title": title, "policy_version": version,
                            "file_name": procedure.file_name, "kind": checked.kind, "size": checked.size,
                            "sha256": digest})
    except BaseException:
        procedure.file.delete(save=False)  # the row was not kept: neither is the file
        raise
    return procedure


@transaction.atomic
def procedure_download(*, actor: Any, procedure: ServiceAreaProcedure) -> ServiceAreaProcedure:
    """Record that `actor` downloaded the procedure (the caller then sends `procedure.file`)."""
    require(actor, "procedures.view", procedure.council)
    audit_record(event="reviews.procedure.download", actor=actor, council=procedure.council, subject=procedure,
                 after={"service_area": procedure.service_area.name, "title": procedure.title,
                        "sha256": procedure.sha256})
    return procedure


# ---- reviews (St Helens 6.13, 9.9) ---------------------------------------------------------------------------

def sign_off_refusal(actor: Any, review: AccountReview) -> NotAllowed | InvalidState | None:
    """Why `actor` may not sign off `review`, or None when they may (pages ask this)."""
    if not can(actor, "reviews.sign_off", review.council):
        return NotAllowed("Only the account's line manager can sign off its review")
    if review.signed_off_at is not None:
        return InvalidState("This review has already been signed off")
    manager = selectors.line_manager_of(review.account)
    if manager is not None and not selectors.is_person(actor, manager):
        return NotAllowed(f"Only {manager.name}, the account's line manager, can sign off its review")
    return None


def _plain_manager(manager: StaffRecord | None) -> str:
    return manager.name if manager is not None else "none on record"


@transaction.atomic
def review_sign_off(*, actor: Any, review: AccountReview, content_appropriate: bool, representatives_current: bool,
                    feedback_current: bool, inappropriate_removed: bool, notes: str = "") -> AccountReview:
    """Sign the review off with every item of its checklist confirmed; the account's next review is opened, due
    an interval (the pack's) from today. Returns the next review."""
    require(actor, "reviews.sign_off", review.council)
    # The account first, as the daily job locks it, so that neither opens the account's next review twice.
    SocialAccount.objects.select_for_update().filter(pk=review.account_id).first()
    review = AccountReview.objects.select_for_update().select_related("account", "council").get(pk=review.pk)
    refusal = sign_off_refusal(actor, review)
    if refusal is not None:
        raise refusal
    ticks = {"content_appropriate": content_appropriate, "representatives_current": representatives_current,
             "feedback_current": feedback_current, "inappropriate_removed": inappropriate_removed}
    missing = next((name for name in CHECKLIST if not ticks[name]), None)
    if missing is not None:
        raise BadInput(f"Confirm that {CHECKLIST_WORDS[missing]} before signing off: if it is not, put it right "
                       "first", field=missing)
    notes = str(notes or "").replace("\x00", "").strip()
    if len(notes) > MAX_NOTES:
        raise BadInput(f"The notes must be {MAX_NOTES} characters or fewer", field="notes")
    for name, value in ticks.items():
        setattr(review, name, bool(value))
    review.notes = notes
    review.signed_off_by = actor
    review.signed_off_at = timezone.now()
    review.save()
    following = AccountReview.objects.create(
        council=review.council, account=review.account,
        due=selectors.add_months(timezone.localdate(review.signed_off_at), selectors.interval_months(review.council)))
    audit_record(event="reviews.review.sign_off", actor=actor, council=review.council, subject=review,
                 after={"account": str(review.account), "due": review.due.isoformat(), **ticks, "notes": notes,
                        "line_manager": _plain_manager(selectors.line_manager_of(review.account)),
                        "next_due": following.due.isoformat()})
    return following


@transaction.atomic
def review_schedule(*, account: SocialAccount, due: date | None = None) -> AccountReview | None:
    """Open the account's next review (CivicGuard's daily task: no actor) unless it has an open one or is not
    reviewed (only live and dormant accounts are). Returns the new review, or None."""
    account = SocialAccount.objects.select_for_update().select_related("council").get(pk=account.pk)
    if account.status not in selectors.REVIEWED_STATUSES:
        return None
    if AccountReview.objects.filter(account=account, signed_off_at__isnull=True).exists():
        return None
    return review_open(account=account, due=due or selectors.next_due(account))


@transaction.atomic
def review_open(*, account: SocialAccount, due: date) -> AccountReview | None:
    """Open a review of the account due on `due` (CivicGuard's, no actor), unless one is open already."""
    try:
        with transaction.atomic():
            review = AccountReview.objects.create(council=account.council, account=account, due=due)
    except IntegrityError:  # an open review exists (opened by another run at the same moment)
        return None
    audit_record(event="reviews.review.create", actor=None, council=account.council, subject=review,
                 after={"account": str(account), "due": due.isoformat()})
    return review


# ---- the daily job -----------------------------------------------------------------------------------------

@dataclass
class RunReport:
    """What one run of the daily job did, per council."""

    scheduled: list[AccountReview] = field(default_factory=list)
    dormant: list[SocialAccount] = field(default_factory=list)


def reviews_run(*, councils: list[Council] | None = None, now: datetime | None = None) -> RunReport:
    """The daily job (St Helens 6.13): open a review for every reviewed account that has none, and flag dormant
    every live account with no approved post for the pack's `dormant_after_days`. Running it twice changes
    nothing the first run did not."""
    from civicguard.apps.social_accounts.services import account_set_dormant

    report = RunReport()
    now = now or timezone.now()
    for council in councils if councils is not None else list(Council.objects.order_by("slug")):
        for account, since in selectors.dormant_candidates(council=council, now=now):
            days = (now - since).days
            reason = (f"No approved post for {days} days (since {timezone.localtime(since):%d %B %Y}); the council's "
                      f"policy pack flags an account dormant after {selectors.dormant_after_days(council)} days")
            flagged = account_set_dormant(account=account, actor=None, reason=reason)
            if flagged.status == AccountStatus.DORMANT:
                report.dormant.append(flagged)
        open_review = AccountReview.objects.filter(account=OuterRef("pk"), signed_off_at__isnull=True)
        for account in (SocialAccount.objects.filter(council=council, status__in=selectors.REVIEWED_STATUSES)
                        .filter(~Exists(open_review)).order_by("pk")):
            review = review_schedule(account=account)
            if review is not None:
                report.scheduled.append(review)
    return report
