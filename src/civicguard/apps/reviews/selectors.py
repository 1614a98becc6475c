"""Reading procedures and reviews, always within one council: which version of the policy is in force, who an
account's line manager is, which procedures are out of date, which reviews are due, which accounts are dormant."""

from __future__ import annotations

import calendar
import contextlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Max, QuerySet
from django.utils import timezone

from civicguard.apps.councils.models import Council, ServiceArea
from civicguard.apps.moderation.selectors import QueueFilter, comments_for
from civicguard.apps.people.models import AreaManager, StaffRecord
from civicguard.apps.people.selectors import record_of
from civicguard.apps.people.services import is_self
from civicguard.apps.posts.models import Approval, PostStatus
from civicguard.apps.reviews.models import AccountReview, ServiceAreaProcedure
from civicguard.apps.social_accounts.models import AccountStatus, SocialAccount
from civicguard.engine import UnknownPack, pack_for
from civicguard.engine.packs.history import pack_versions

# A review is listed as due this many days before its date (and as overdue from the day after it).
DUE_SOON_DAYS = 30
# When a pack sets no interval, an account is reviewed every this many months.
DEFAULT_INTERVAL_MONTHS = 12
DEFAULT_DORMANT_DAYS = 90  # the Reviews facts' default, for a council whose pack cannot be read
# Reviewed: a live account, and a dormant one (still public, so still the service area's to keep right: 6.13).
REVIEWED_STATUSES = (AccountStatus.LIVE, AccountStatus.DORMANT)
# The decisions that approve a post for publishing (an override needing a second person is not one until confirmed).
APPROVING = ("approve", "override", "confirm_override")


# ---- the policy version --------------------------------------------------------------------------------------

def _pack_version(council: Council) -> str:
    try:
        return pack_for(council.slug).version
    except UnknownPack:
        return str(council.pack_version or "")


def policy_version(council: Council) -> str:
    """The council's policy version in force (the policy reviews app's answer, or, until that app has its
    records, the version of the council's loaded pack)."""
    try:
        from civicguard.apps.policyreview.selectors import current_version
    except ImportError:
        return _pack_version(council)
    try:
        return current_version(council)
    except ImportError:  # the app's selector is there, its models not yet
        return _pack_version(council)


def known_versions(council: Council) -> list[str]:
    """The versions a procedure may say it follows, newest first: the one in force, the versions whose wording the
    pack keeps, and those earlier procedures named."""
    found = [policy_version(council), _pack_version(council)]
    with contextlib.suppress(UnknownPack, ValueError):  # a pack without kept versions, or one that cannot be read
        found += [v.version for v in reversed(pack_versions(council.slug))]
    found += list(ServiceAreaProcedure.objects.filter(council=council).order_by("-uploaded_at")
                  .values_list("policy_version", flat=True))
    return list(dict.fromkeys(v for v in found if v))


# ---- who signs off -----------------------------------------------------------------------------------------

def line_manager_of(account: SocialAccount) -> StaffRecord | None:
    """The account's line manager, the one person who signs off its reviews (St Helens 9.9): the line manager on
    the staff record of the account's owner; failing that, the manager of the account's service area. None when
    CivicGuard's records name neither (then any line manager or service manager of the council may sign off)."""
    if account.owner_id is not None:
        record = record_of(user=account.owner, council=account.council)
        if record is not None and record.line_manager is not None and record.line_manager.active:
            return record.line_manager
    return area_manager(account.service_area)


def area_manager(area: ServiceArea | None) -> StaffRecord | None:
    """The manager of a service area on HR's records (an active one), or None."""
    if area is None:
        return None
    link = AreaManager.objects.filter(area=area).select_related("manager").first()
    if link is None or link.manager is None or not link.manager.active:
        return None
    return link.manager


def is_person(user: Any, record: StaffRecord) -> bool:
    """The staff record is the user's: linked to their sign-in, or under their e-mail address."""
    return is_self(user, record)


# ---- procedures --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AreaProcedure:
    """A service area and its procedure in force (the newest upload), with whether it follows the policy now."""

    area: ServiceArea
    procedure: ServiceAreaProcedure | None
    current_version: str
    manager: StaffRecord | None
    accounts: int

    @property
    def status(self) -> str:
        if self.procedure is None:
            return "missing"
        return "current" if self.procedure.policy_version == self.current_version else "out_of_date"

    @property
    def status_label(self) -> str:
        return {"missing": "No procedure", "current": "Up to date", "out_of_date": "Out of date"}[self.status]


def is_out_of_date(procedure: ServiceAreaProcedure, version: str | None = None) -> bool:
    """Out of date: the council's policy version in force is not the one the procedure follows (a new version
    was published after it)."""
    return procedure.policy_version != (version if version is not None else policy_version(procedure.council))


def area_procedures(*, council: Council) -> list[AreaProcedure]:
    """Every service area of the council with its procedure in force, by name."""
    version = policy_version(council)
    newest: dict[int, ServiceAreaProcedure] = {}
    for procedure in (ServiceAreaProcedure.objects.filter(council=council).select_related("uploaded_by")
                      .order_by("-uploaded_at", "-id")):
        newest.setdefault(procedure.service_area_id, procedure)
    managers = {link.area_id: link.manager for link in
                AreaManager.objects.filter(area__council=council).select_related("manager")
                if link.manager is not None and link.manager.active}
    counts: dict[int, int] = {}
    for area_id in (SocialAccount.objects.filter(council=council, status__in=REVIEWED_STATUSES)
                    .values_list("service_area_id", flat=True)):
        if area_id is not None:
            counts[area_id] = counts.get(area_id, 0) + 1
    return [AreaProcedure(area=area, procedure=newest.get(area.pk), current_version=version,
                          manager=managers.get(area.pk), accounts=counts.get(area.pk, 0))
            for area in ServiceArea.objects.filter(council=council).order_by("name")]


def procedures_of(*, council: Council, area: ServiceArea | None = None) -> QuerySet[ServiceAreaProcedure]:
    qs = ServiceAreaProcedure.objects.filter(council=council).select_related("service_area", "uploaded_by")
    return qs.filter(service_area=area) if area is not None else qs


# ---- reviews -----------------------------------------------------------------------------------------------

def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter: 31 August + 6 months is 28 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def interval_months(council: Council) -> int:
    """How often an account is reviewed: the pack's `facts.reviews.account_review_interval_months`."""
    try:
        facts = pack_for(council.slug).facts
    except UnknownPack:
        facts = None
    months = facts.reviews.account_review_interval_months if facts is not None else None
    return months or DEFAULT_INTERVAL_MONTHS


def review_state(review: AccountReview, today: date | None = None) -> str:
    """signed_off, overdue (past its date), due (within DUE_SOON_DAYS) or scheduled."""
    if review.signed_off_at is not None:
        return "signed_off"
    today = today or timezone.localdate()
    if review.due < today:
        return "overdue"
    return "due" if review.due <= today + timedelta(days=DUE_SOON_DAYS) else "scheduled"


STATE_LABELS = {"signed_off": "Signed off", "overdue": "Overdue", "due": "Due", "scheduled": "Not due yet"}
STATE_TAGS = {"signed_off": "govuk-tag--green", "overdue": "govuk-tag--red", "due": "govuk-tag--yellow",
              "scheduled": "govuk-tag--grey"}


def reviews_of(*, council: Council) -> QuerySet[AccountReview]:
    return (AccountReview.objects.filter(council=council)
            .select_related("account", "account__service_area", "account__owner", "signed_off_by"))


def reviews_needing_attention(*, council: Council, today: date | None = None) -> QuerySet[AccountReview]:
    """Open reviews that are due (within DUE_SOON_DAYS) or overdue, oldest date first, of accounts still reviewed
    (a closed account's review waits on nobody)."""
    today = today or timezone.localdate()
    return (reviews_of(council=council).filter(signed_off_at__isnull=True, account__status__in=REVIEWED_STATUSES,
                                               due__lte=today + timedelta(days=DUE_SOON_DAYS))
            .order_by("due", "id"))


def next_due(account: SocialAccount) -> date:
    """When an account without an open review is next due: an interval after its last sign-off, or after it went
    live (or was registered)."""
    last = (AccountReview.objects.filter(account=account, signed_off_at__isnull=False)
            .aggregate(last=Max("signed_off_at"))["last"])
    start = last or account.status_changed or account.created
    return add_months(timezone.localdate(start), interval_months(account.council))


def waiting_comments(account: SocialAccount) -> int:
    """Comments on the account still waiting for a moderator (the queue filtered to it)."""
    return comments_for(council=account.council, flt=QueueFilter(account=account.pk)).count()


# ---- dormant accounts ---------------------------------------------------------------------------------------

def dormant_after_days(council: Council) -> int:
    """The pack's `facts.reviews.dormant_after_days`."""
    try:
        facts = pack_for(council.slug).facts
    except UnknownPack:
        facts = None
    return facts.reviews.dormant_after_days if facts is not None else DEFAULT_DORMANT_DAYS


def last_approved(account: SocialAccount) -> datetime | None:
    """When a post on the account was last approved for publishing, or None."""
    return (Approval.objects.filter(post__account=account, post__status=PostStatus.APPROVED, decision__in=APPROVING)
            .aggregate(last=Max("created"))["last"])


def quiet_since(account: SocialAccount) -> datetime:
    """Since when the account has had no approved post: its last approval, or when it went live (or was added)."""
    marks = [account.created, account.status_changed, last_approved(account)]
    return max(m for m in marks if m is not None)


def dormant_candidates(*, council: Council, now: datetime | None = None) -> list[tuple[SocialAccount, datetime]]:
    """Live accounts with no approved post for the pack's `dormant_after_days` (St Helens 6.13), with since when."""
    now = now or timezone.now()
    limit = now - timedelta(days=dormant_after_days(council))
    found = []
    for account in SocialAccount.objects.filter(council=council, status=AccountStatus.LIVE).order_by("pk"):
        since = quiet_since(account)
        if since <= limit:
            found.append((account, since))
    return found


def dormant_accounts(*, council: Council) -> QuerySet[SocialAccount]:
    return (SocialAccount.objects.filter(council=council, status=AccountStatus.DORMANT)
            .select_related("service_area", "owner").order_by("-status_changed", "platform", "handle"))
