"""Every figure of the oversight dashboard, computed in this one place (docs/dashboard-design.md).

`dashboard(viewer=, council=, start=, end=, service_area=)` gives the page, the API, the reports, the monthly pack
and the command line the same `Dashboard`. A figure that counts records comes from a *source* (SOURCES): the
records behind it for the filters; the figure is their count and links to `/dashboard/records/<source>`, which
lists the same records. A figure links only for a viewer who may read its records; others see the count alone.
Confidential records (cases, removal requests, breaches, RIPA) are counted here without reading any of them; the
records page lists only those `access.confidential` lets the viewer read, each read logged there.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from civicguard.apps.access.checks import can, roles_in
from civicguard.apps.access.confidential import authorising_role, breach_readers
from civicguard.apps.councils.models import Council, ServiceArea

# The pre-election period (issue 19 item 4) is the elections app's: its selector `period_for(council, day)` gives
# the election whose period is on (or None). Without that module or function the dashboard says it does not know.
ELECTION_MODULE = "civicguard.apps.elections.selectors"
ELECTION_SELECTOR = "period_for"

AGE_BUCKETS = ((7, "Under a week"), (28, "1 to 4 weeks"), (91, "1 to 3 months"), (None, "Over 3 months"))
RIPA_EXPIRING_DAYS = 28


# ---- the filters ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    council: Council
    start: date
    end: date  # inclusive
    service_area: ServiceArea | None = None
    # What one drawing of the dashboard has already worked out (each person's agreement and training), so each
    # figure that needs it asks once; a new Filters starts afresh.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        """The first moment after the period."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def query(self, **extra: str) -> str:
        params = {"from": self.start.isoformat(), "to": self.end.isoformat()}
        if self.service_area is not None:
            params["service_area"] = self.service_area.slug
        params.update({k: v for k, v in extra.items() if v})
        return urlencode(params)

    @property
    def period_label(self) -> str:
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"

    @property
    def area_label(self) -> str:
        return self.service_area.name if self.service_area is not None else "All service areas"


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last 30 days, today included."""
    today = today or timezone.localdate()
    return today - timedelta(days=29), today


def previous_month(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    last = first - timedelta(days=1)
    return last.replace(day=1), last


# ---- what the dashboard is made of -------------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    key: str            # the source (or a plain key for figures with no records behind them)
    label: str
    value: int | str
    url: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """A bar chart (one series) or a line chart (one or more series over `labels`), with its own data table."""

    id: str
    kind: str  # "bar" or "line"
    title: str
    description: str
    labels: list[str]
    series: list[tuple[str, list[int]]]
    urls: list[str | None] = field(default_factory=list)  # per label, for the table (bar charts)
    label_heading: str = ""


@dataclass(frozen=True)
class Table:
    caption: str
    head: list[str]
    rows: list[list[tuple[str, str | None]]]  # cells: (text, link or None)


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    clauses: str
    figures: list[Figure]
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True)
class Dashboard:
    filters: Filters
    sections: list[Section]
    election_period: bool | None
    generated: datetime

    @property
    def council(self) -> Council:
        return self.filters.council

    def rows(self) -> list[tuple[str, str, int | str]]:
        """(section, figure, value) for every figure and every chart's numbers: what the reports hold."""
        out: list[tuple[str, str, int | str]] = []
        for section in self.sections:
            out += [(section.title, f.label, f.value) for f in section.figures]
            for chart in section.charts:
                for name, values in chart.series:
                    prefix = chart.title if len(chart.series) == 1 else f"{chart.title}: {name}"
                    out += [(section.title, f"{prefix}: {label}", v) for label, v in zip(chart.labels, values,
                                                                                        strict=True)]
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "council": self.council.slug, "from": self.filters.start.isoformat(), "to": self.filters.end.isoformat(),
            "service_area": self.filters.service_area.slug if self.filters.service_area else None,
            "election_period": self.election_period, "generated": self.generated.isoformat(),
            "sections": [{
                "slug": s.slug, "title": s.title, "clauses": s.clauses, "note": s.note,
                "figures": [{"key": f.key, "label": f.label, "value": f.value, "url": f.url, "note": f.note}
                            for f in s.figures],
                "charts": [{"id": c.id, "kind": c.kind, "title": c.title, "labels": c.labels,
                            "series": [{"name": n, "values": v} for n, v in c.series]} for c in s.charts],
                "tables": [{"caption": t.caption, "head": t.head, "rows": [[text for text, _ in row] for row in t.rows]}
                           for t in s.tables],
            } for s in self.sections],
        }


# ---- sources: the records behind a figure -------------------------------------------------------------------

@dataclass(frozen=True)
class Record:
    """One line of a records page: what it is (never a confidential name), when, its state, its page."""

    reference: str
    when: str
    state: str
    url: str | None


@dataclass(frozen=True)
class Source:
    title: str
    records: Callable[[Filters, str], Iterable[Any]]
    line: Callable[[Any], Record]
    capability: str | None = None        # who may read these records (non-confidential)
    confidential: str | None = None      # access.models.ConfidentialKind, for cases, breaches and RIPA
    may_read: Callable[[Any, Any], bool] | None = None
    readers: Callable[[Council], set[str]] | None = None  # roles that read them (decides the link)


def _area(qs: QuerySet[Any], flt: Filters, path: str) -> QuerySet[Any]:
    return qs.filter(**{path: flt.service_area}) if flt.service_area is not None else qs


def _day(moment: datetime | date | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment).date()
    return f"{moment:%-d %B %Y}"


# posts and checks

def _post_checks(flt: Filters, value: str = "") -> QuerySet[Any]:
    from civicguard.apps.posts.models import PostCheck

    qs = _area(PostCheck.objects.filter(post__council=flt.council, created__gte=flt.since, created__lt=flt.until),
               flt, "post__account__service_area")
    return qs.select_related("post").order_by("-created", "-id")


def _findings_of(check: Any) -> list[dict[str, Any]]:
    """The findings that say something is wrong (warnings and blocks), not information notes."""
    return [f for f in (check.result or {}).get("findings", []) if f.get("severity") in {"block", "warn"}]


def _checks_with(kind: str) -> Callable[[Filters, str], Iterable[Any]]:
    def records(flt: Filters, value: str = "") -> Iterable[Any]:
        qs = _post_checks(flt)
        if kind in {"block", "warn"}:
            return qs.filter(verdict=kind)
        if kind == "category":
            return [c for c in qs if any(f.get("category") == value for f in _findings_of(c))]
        if kind == "clause":
            return [c for c in qs if any(value in f.get("clauses", []) for f in _findings_of(c))]
        return qs

    return records


def _check_line(check: Any) -> Record:
    verdict = {"block": "Blocked", "warn": "Warned", "pass": "Passed"}.get(check.verdict, check.verdict)
    return Record(f"Check of post {check.post_id}", _day(check.created), verdict,
                  reverse("posts:detail", args=[check.post_id]))


def _overrides(people: int) -> Callable[[Filters, str], Iterable[Any]]:
    def records(flt: Filters, value: str = "") -> QuerySet[Any]:
        from civicguard.apps.posts.models import Approval, Decision

        decision = Decision.OVERRIDE if people == 1 else Decision.CONFIRM_OVERRIDE
        # As posts.selectors.override_counts counts them: a decision made when the check had come to pass
        # overrides nothing.
        qs = Approval.objects.filter(post__council=flt.council, decision=decision, created__gte=flt.since,
                                     created__lt=flt.until).exclude(verdict="pass")
        return _area(qs, flt, "post__account__service_area").select_related("post", "actor").order_by("-created")

    return records


def _override_line(approval: Any) -> Record:
    return Record(f"Post {approval.post_id}", _day(approval.created), approval.get_decision_display(),
                  reverse("posts:detail", args=[approval.post_id]))


def _kept_checks(flt: Filters, value: str = "") -> QuerySet[Any]:
    from civicguard.apps.posts.models import KeptCheck

    qs = KeptCheck.objects.filter(council=flt.council, created__gte=flt.since, created__lt=flt.until)
    if flt.service_area is not None:
        qs = qs.filter(user__staff_records__council=flt.council, user__staff_records__service_area=flt.service_area)
    return qs.filter(verdict=value) if value else qs


# comments

def _received(flt: Filters) -> QuerySet[Any]:
    from civicguard.apps.moderation.models import Comment

    return _area(Comment.objects.filter(council=flt.council, received__gte=flt.since, received__lt=flt.until),
                 flt, "account__service_area").order_by("-received", "-id")


def _comments(flt: Filters, value: str = "") -> Iterable[Any]:
    qs = _received(flt)
    if value.startswith("category:"):
        return qs.filter(categories__contains=f",{value.removeprefix('category:')},")
    if value.startswith("clock:"):
        return [c for c in qs.select_related("account").prefetch_related("decisions")
                if _clock(c, _sla_hours(flt.council))[0] == value.removeprefix("clock:")]
    return qs


def _comment_line(comment: Any) -> Record:
    return Record(f"Comment {comment.pk} on {comment.platform}", _day(comment.received),
                  comment.get_status_display(), reverse("moderation:detail", args=[comment.pk]))


def _sla_hours(council: Council) -> int:
    from civicguard.apps.moderation.services.decisions import moderation_facts

    return moderation_facts(council).sla_hours


CLOCK_LABELS = {"on-time": "Decided within the clock", "late": "Decided after the clock",
                "overdue": "Waiting, past the clock", "waiting": "Waiting, within the clock",
                "none": "Nothing for a person to decide"}


def _clock(comment: Any, default_hours: int, now: datetime | None = None) -> tuple[str, float | None]:
    """Where a comment stands against its account's clock (the account's sla_hours, else the pack's): its first
    decision by a person, and the hours it took."""
    from civicguard.apps.moderation.models import QUEUE_STATUSES

    hours = comment.account.sla_hours or default_hours
    decided = next((d for d in comment.decisions.all() if d.actor_id is not None), None)
    if decided is not None:
        took = (decided.created - comment.received).total_seconds() / 3600
        return ("on-time" if took <= hours else "late"), took
    if comment.status in QUEUE_STATUSES:
        waited = ((now or timezone.now()) - comment.received).total_seconds() / 3600
        return ("overdue" if waited > hours else "waiting"), None
    return "none", None


def _handoffs(flt: Filters, value: str = "") -> QuerySet[Any]:
    from civicguard.apps.moderation.models import Handoff

    qs = _area(Handoff.objects.filter(council=flt.council, created__gte=flt.since, created__lt=flt.until), flt,
               "comment__account__service_area").order_by("-created", "-id")
    return qs.filter(route=value) if value else qs


def _handoff_line(handoff: Any) -> Record:
    return Record(f"Comment {handoff.comment_id} to {handoff.route_name}", _day(handoff.created),
                  "Urgent" if handoff.urgent else handoff.get_route_display(),
                  reverse("moderation:detail", args=[handoff.comment_id]))


# people

def _staff(flt: Filters) -> QuerySet[Any]:
    from civicguard.apps.people.models import StaffRecord

    return _area(StaffRecord.objects.filter(council=flt.council, active=True), flt, "service_area") \
        .select_related("user", "service_area").order_by("name", "pk")


def _agreement(flt: Filters, value: str = "") -> list[Any]:
    """Active staff with a sign-in: `signed` those whose signature is current, `unsigned` the rest."""
    from civicguard.apps.onboarding.selectors import agreement_state

    found = [s for s in _staff(flt) if s.user_id is not None]
    if value in {"signed", "unsigned"}:
        def signed(record: Any) -> bool:
            key = ("agreement", record.user_id)
            if key not in flt.memo:
                flt.memo[key] = agreement_state(record.user, flt.council).current
            return bool(flt.memo[key])

        found = [s for s in found if signed(s) == (value == "signed")]
    return found


def _training_of(record: Any, council: Council, memo: dict[Any, Any] | None = None) -> str:
    """complete (every course the pack requires is current), expiring (complete, one ends within 30 days) or
    missing."""
    if memo is not None:
        key = ("training", record.pk)
        if key not in memo:
            memo[key] = _training_of(record, council)
        return str(memo[key])
    from civicguard.apps.onboarding.selectors import required_courses, training_state

    if record.user_id is None:
        return "missing"
    states = [training_state(record.user, council, slug) for slug in required_courses(council)]
    if not all(s.current for s in states):
        return "missing"
    return "expiring" if any(s.expiring for s in states) else "complete"


def _training(flt: Filters, value: str = "") -> list[Any]:
    found = list(_staff(flt))
    if not value:
        return found
    if value == "complete":  # complete includes expiring: they are trained until the day it ends
        return [s for s in found if _training_of(s, flt.council, flt.memo) in {"complete", "expiring"}]
    return [s for s in found if _training_of(s, flt.council, flt.memo) == value]


def _restricted(flt: Filters, value: str = "") -> QuerySet[Any]:
    return _staff(flt).filter(politically_restricted=True)


def _staff_line(record: Any) -> Record:
    return Record(record.name, record.service_area.name if record.service_area else "No service area",
                  "Active" if record.active else "Inactive", reverse("people:detail", args=[record.pk]))


def _team_line(record: Any) -> Record:
    return Record(record.name, record.service_area.name if record.service_area else "No service area",
                  "", reverse("onboarding:team"))


# accounts

def _accounts(flt: Filters, value: str = "") -> QuerySet[Any]:
    from civicguard.apps.social_accounts.models import SocialAccount

    return _area(SocialAccount.objects.filter(council=flt.council, status=value), flt, "service_area") \
        .order_by("platform", "handle")


def _account_line(account: Any) -> Record:
    return Record(f"{account.get_platform_display()} {account.handle}", _day(account.status_changed),
                  account.get_status_display(), reverse("social_accounts:detail", args=[account.pk]))


def _reviews_overdue(flt: Filters, value: str = "") -> QuerySet[Any]:
    from civicguard.apps.reviews.models import AccountReview
    from civicguard.apps.reviews.selectors import REVIEWED_STATUSES

    qs = AccountReview.objects.filter(council=flt.council, signed_off_at__isnull=True,
                                      account__status__in=REVIEWED_STATUSES, due__lt=timezone.localdate())
    return _area(qs, flt, "account__service_area").select_related("account").order_by("due", "id")


def _review_line(review: Any) -> Record:
    return Record(f"Review of {review.account.handle}", _day(review.due), "Overdue",
                  reverse("reviews:review", args=[review.pk]))


def _procedures_out_of_date(flt: Filters, value: str = "") -> list[Any]:
    from civicguard.apps.reviews.selectors import area_procedures

    return [a for a in area_procedures(council=flt.council) if a.status == "out_of_date"
            and (flt.service_area is None or a.area.pk == flt.service_area.pk)]


def _procedure_line(row: Any) -> Record:
    return Record(row.area.name, _day(row.procedure.uploaded_at), row.status_label,
                  reverse("reviews:procedure", args=[row.procedure.pk]))


def _business_cases(flt: Filters, value: str = "") -> QuerySet[Any]:
    from civicguard.apps.social_accounts.models import BusinessCase, CaseState

    qs = BusinessCase.objects.filter(council=flt.council, state__in=[CaseState.ENDORSEMENT, CaseState.SUBMITTED])
    return _area(qs, flt, "service_area").order_by("submitted_at", "id")


def _business_case_line(case: Any) -> Record:
    return Record(case.title, _day(case.submitted_at), case.get_state_display(),
                  reverse("social_accounts:case", args=[case.pk]))


# cases, removals, breaches, RIPA (confidential: counted here, listed only to their readers)

def _open_cases(flt: Filters, value: str = "") -> QuerySet[Any]:
    from civicguard.apps.cases.models import Case, CaseStatus

    qs = _area(Case.objects.filter(council=flt.council).exclude(status=CaseStatus.CLOSED), flt,
               "subject__service_area").order_by("opened_at", "id")
    if value.startswith("class:"):
        wanted = value.removeprefix("class:")
        return qs.filter(classification=wanted) if wanted else qs.filter(classification="")
    if value.startswith("age:"):
        low, high = _age_range(value.removeprefix("age:"))
        now = timezone.now()
        qs = qs.filter(opened_at__lte=now - timedelta(days=low))
        return qs.filter(opened_at__gt=now - timedelta(days=high)) if high is not None else qs
    return qs


def _age_range(label: str) -> tuple[int, int | None]:
    low = 0
    for high, name in AGE_BUCKETS:
        if name == label:
            return low, high
        low = high or low
    return 0, None


def _case_line(case: Any) -> Record:
    return Record(f"Case {case.pk}", _day(case.opened_at), case.get_status_display(),
                  reverse("cases:detail", args=[case.pk]))


def _removals_overdue(flt: Filters, value: str = "") -> QuerySet[Any]:
    from civicguard.apps.cases.models import RemovalRequest

    qs = RemovalRequest.objects.filter(case__council=flt.council, confirmed_at__isnull=True,
                                       deadline__lt=timezone.now())
    return _area(qs, flt, "employee__service_area").select_related("case").order_by("deadline", "id")


def _removal_line(removal: Any) -> Record:
    return Record(f"Removal request {removal.pk} (case {removal.case_id})", _day(removal.deadline), "Overdue",
                  reverse("cases:removal", args=[removal.pk]))


def _breaches(flt: Filters, value: str = "") -> Iterable[Any]:
    """Personal data breaches: `opened` in the period; `ico-overdue` open, the ICO still to be told (or not yet
    decided) and past the pack's hours (72); `ico-late` told in the period, after the hours."""
    from civicguard.apps.breaches.models import DataBreach, Status

    qs = DataBreach.objects.filter(council=flt.council).order_by("aware_at", "id")
    hours = _ico_hours(flt.council)
    now = timezone.now()
    if value == "opened":
        return qs.filter(created__gte=flt.since, created__lt=flt.until)
    if value == "ico-overdue":
        return qs.exclude(status=Status.CLOSED).exclude(ico_required=False).filter(
            ico_told_at__isnull=True, aware_at__lt=now - timedelta(hours=hours))
    if value == "ico-late":
        told = qs.filter(ico_told_at__gte=flt.since, ico_told_at__lt=flt.until)
        return [b for b in told if b.ico_told_at > b.aware_at + timedelta(hours=hours)]
    if value == "ico-on-time":
        told = qs.filter(ico_told_at__gte=flt.since, ico_told_at__lt=flt.until)
        return [b for b in told if b.ico_told_at <= b.aware_at + timedelta(hours=hours)]
    return qs.exclude(status=Status.CLOSED)


def facts_of(council: Council) -> Any:
    """The council's pack facts (a pack without them cannot run a council)."""
    from civicguard.engine import pack_for

    facts = pack_for(council.slug).facts
    if facts is None:
        raise ValueError(f"the {council.slug} pack has no facts")
    return facts


def _ico_hours(council: Council) -> int:
    return int(facts_of(council).breaches.ico_hours)


def _breach_line(breach: Any) -> Record:
    return Record(f"Breach {breach.pk}", _day(breach.aware_at), breach.get_status_display(),
                  reverse("breaches:detail", args=[breach.pk]))


def _ripa_expiring(flt: Filters, value: str = "") -> QuerySet[Any]:
    from civicguard.apps.investigations.models import Authorisation, AuthorisationStatus

    today = timezone.localdate()
    return (Authorisation.objects.filter(investigation__council=flt.council, status=AuthorisationStatus.IN_EFFECT,
                                         expires_on__gte=today,
                                         expires_on__lte=today + timedelta(days=RIPA_EXPIRING_DAYS))
            .select_related("investigation").order_by("expires_on", "id"))


def _authorisation_line(authorisation: Any) -> Record:
    return Record(f"Authorisation {authorisation.pk} ({authorisation.get_kind_display()})",
                  _day(authorisation.expires_on), authorisation.get_status_display(),
                  reverse("investigations:authorisation", args=[authorisation.pk]))


def _unenforced(flt: Filters, value: str = "") -> list[dict[str, Any]]:
    from civicguard.engine import pack_for
    from civicguard.engine.traceability import clause_coverage

    return [row for row in clause_coverage(pack_for(flt.council.slug)) if row["status"] == "unclassified"]


def _clause_line(row: dict[str, Any]) -> Record:
    return Record(row["citation"], "", row["heading"], None)


def _may(name: str) -> Callable[[Any, Any], bool]:
    def check(user: Any, record: Any) -> bool:
        from civicguard.apps.access import confidential

        return bool(getattr(confidential, name)(user, record))

    return check


def _hr(council: Council) -> set[str]:
    from civicguard.apps.access.confidential import HR

    return {HR}


SOURCES: dict[str, Source] = {
    "checks": Source("Checks run on official posts", _checks_with("all"), _check_line, "post.view_all"),
    "checks-blocked": Source("Official posts blocked by the check", _checks_with("block"), _check_line,
                             "post.view_all"),
    "checks-warned": Source("Official posts warned by the check", _checks_with("warn"), _check_line, "post.view_all"),
    "checks-category": Source("Checks of official posts with a finding of this category", _checks_with("category"),
                              _check_line, "post.view_all"),
    "checks-clause": Source("Checks of official posts with a finding citing this clause", _checks_with("clause"),
                            _check_line, "post.view_all"),
    "overrides-one": Source("Overrides by one person", _overrides(1), _override_line, "overrides.view"),
    "overrides-two": Source("Overrides confirmed by a second person", _overrides(2), _override_line,
                            "overrides.view"),
    "comments": Source("Comments received", _comments, _comment_line, "comments.view"),
    "handoffs": Source("Comments handed off", _handoffs, _handoff_line, "comments.view"),
    "agreement": Source("Staff and the User Agreement", _agreement, _team_line, "onboarding.team"),
    "training": Source("Staff and their training", _training, _team_line, "onboarding.team"),
    "restricted": Source("Staff in politically restricted posts", _restricted, _staff_line, "staff.view"),
    "accounts": Source("Official accounts", _accounts, _account_line, "accounts.view"),
    "reviews-overdue": Source("Account reviews overdue", _reviews_overdue, _review_line, "reviews.view"),
    "procedures-out-of-date": Source("Service area procedures out of date", _procedures_out_of_date,
                                     _procedure_line, "procedures.view"),
    "business-cases": Source("Business cases waiting", _business_cases, _business_case_line, "business_cases.view"),
    "cases": Source("Open cases", _open_cases, _case_line, confidential="case", may_read=_may("may_read_case"),
                    readers=_hr),
    "removals-overdue": Source("Removal requests overdue", _removals_overdue, _removal_line, confidential="removal",
                               may_read=_may("may_read_removal"), readers=_hr),
    "breaches": Source("Personal data breaches", _breaches, _breach_line, confidential="breach",
                       may_read=_may("may_read_breach"), readers=breach_readers),
    "ripa-expiring": Source("RIPA authorisations expiring", _ripa_expiring, _authorisation_line,
                            confidential="authorisation", may_read=_may("may_read_authorisation"),
                            readers=lambda c: {authorising_role(c)}),
    "unenforced": Source("Clauses nothing enforces yet", _unenforced, _clause_line, "dashboard.view"),
}


def may_follow(viewer: Any, council: Council, source: Source) -> bool:
    """Whether the viewer may open the records behind a figure (else the figure is a count alone)."""
    if source.confidential is not None:
        return bool(roles_in(viewer, council) & (source.readers(council) if source.readers else set()))
    return source.capability is None or can(viewer, source.capability, council)


def count(flt: Filters, key: str, value: str = "") -> int:
    found = SOURCES[key].records(flt, value)
    return found.count() if isinstance(found, QuerySet) else len(list(found))


def records_url(flt: Filters, key: str, value: str = "") -> str:
    return f"{reverse('dashboard:records')}?{flt.query(figure=key, value=value)}"


class _Builder:
    def __init__(self, viewer: Any, flt: Filters) -> None:
        self.viewer, self.flt = viewer, flt
        self._follow: dict[str, bool] = {}

    def link(self, key: str, value: str = "") -> str | None:
        if key not in self._follow:
            self._follow[key] = may_follow(self.viewer, self.flt.council, SOURCES[key])
        return records_url(self.flt, key, value) if self._follow[key] else None

    def figure(self, key: str, label: str, value: str = "", note: str = "") -> Figure:
        return Figure(key, label, count(self.flt, key, value), self.link(key, value), note)


# ---- the sections ---------------------------------------------------------------------------------------------

def _words(category: str) -> str:
    """A finding category as words: personal_data is "Personal data"."""
    return category.replace("_", " ").replace("-", " ").capitalize()


def _months(start: date, end: date) -> list[date]:
    out, day = [], start.replace(day=1)
    while day <= end:
        out.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return out


def _slots(flt: Filters) -> tuple[list[str], Callable[[datetime], int]]:
    """The time axis of the line charts: days for a period of up to 31 days, weeks up to 26 weeks, else months."""
    days = (flt.end - flt.start).days + 1
    if days <= 31:
        labels = [f"{flt.start + timedelta(days=i):%-d %b}" for i in range(days)]
        return labels, lambda at: (timezone.localtime(at).date() - flt.start).days
    if days <= 26 * 7:
        weeks = (days + 6) // 7
        labels = [f"Week of {flt.start + timedelta(days=7 * i):%-d %b}" for i in range(weeks)]
        return labels, lambda at: (timezone.localtime(at).date() - flt.start).days // 7
    months = _months(flt.start, flt.end)
    index = {(m.year, m.month): i for i, m in enumerate(months)}
    return ([f"{m:%b %Y}" for m in months],
            lambda at: index[(timezone.localtime(at).year, timezone.localtime(at).month)])


def _checks_section(b: _Builder) -> Section:
    flt = b.flt
    checks = list(_post_checks(flt))
    categories: Counter[str] = Counter()
    clauses: Counter[str] = Counter()
    for check in checks:
        found = _findings_of(check)
        categories.update({f.get("category", "") for f in found} - {""})
        clauses.update({c for f in found for c in f.get("clauses", [])})
    labels, slot = _slots(flt)
    series = {v: [0] * len(labels) for v in ("block", "warn", "pass")}
    for check in checks:
        i = slot(check.created)
        if 0 <= i < len(labels) and check.verdict in series:
            series[check.verdict][i] += 1
    cats = sorted(categories, key=lambda c: (-categories[c], c))
    from civicguard.engine import pack_for

    pack = pack_for(flt.council.slug)
    cited = sorted(clauses, key=lambda c: (-clauses[c], c))
    figures = [
        b.figure("checks", "Checks run on official posts"),
        b.figure("checks-blocked", "Official post checks that blocked"),
        b.figure("checks-warned", "Official post checks that warned"),
        Figure("personal", "Personal post checks kept by their authors", _kept_checks(flt).count(),
               note="A personal check stores nothing unless the employee keeps it; each is theirs alone to read."),
        Figure("personal-blocked", "Kept personal post checks that blocked", _kept_checks(flt, "block").count()),
        Figure("personal-warned", "Kept personal post checks that warned", _kept_checks(flt, "warn").count()),
        b.figure("overrides-one", "Overrides by one person"),
        b.figure("overrides-two", "Overrides confirmed by a second person"),
    ]
    charts = [
        Chart("checks-by-category", "bar", "Official post checks by category of finding",
              "How many checks of official posts in the period found each kind of problem (a warning or a block).",
              [_words(c) for c in cats], [("Checks", [categories[c] for c in cats])],
              [b.link("checks-category", c) for c in cats], "Category"),
        Chart("checks-by-clause", "bar", "Official post checks by policy clause",
              "How many checks of official posts in the period found a problem under each clause.",
              [pack.cite(c) for c in cited], [("Checks", [clauses[c] for c in cited])],
              [b.link("checks-clause", c) for c in cited], "Clause"),
        Chart("checks-over-time", "line", "Official post checks over time",
              "Checks of official posts in the period, by their verdict.", labels,
              [("Blocked", series["block"]), ("Warned", series["warn"]), ("Passed", series["pass"])],
              label_heading="When"),
    ]
    tables = []
    if can(b.viewer, "overrides.view", flt.council):
        rows = []
        for people, key in ((1, "overrides-one"), (2, "overrides-two")):
            for approval in SOURCES[key].records(flt, ""):
                rows.append([(f"Post {approval.post_id}", reverse("posts:detail", args=[approval.post_id])),
                             ("One person" if people == 1 else "Two people", None),
                             (_day(approval.created), None), (approval.justification or "None given", None)])
        tables.append(Table("Overrides and their justifications", ["Post", "Who decided", "When", "Justification"],
                            rows))
    return Section("checks", "Checks of posts", "St Helens 9.5", figures, charts, tables)


def _moderation_section(b: _Builder) -> Section:
    from civicguard.apps.moderation.models import Route

    flt = b.flt
    comments = list(_received(flt).select_related("account").prefetch_related("decisions"))
    categories: Counter[str] = Counter(c for comment in comments for c in comment.category_list)
    hours = _sla_hours(flt.council)
    clocks = [_clock(c, hours) for c in comments]
    states: Counter[str] = Counter(state for state, _ in clocks)
    took = [t for _, t in clocks if t is not None]
    cats = sorted(categories, key=lambda c: (-categories[c], c))
    routes = [(str(value), str(label)) for value, label in Route.choices]
    figures = [
        b.figure("comments", "Comments received"),
        *[b.figure("comments", CLOCK_LABELS[s], f"clock:{s}") for s in ("on-time", "late", "overdue")],
        Figure("time-to-decision", "Median time to a person's decision (hours)",
               f"{median(took):.1f}" if took else "None decided",
               note=f"The clock: {hours} hours (the pack's), or the account's own where it sets one."),
        b.figure("handoffs", "Safeguarding referrals", "safeguarding"),
    ]
    charts = [
        Chart("comments-by-category", "bar", "Comments by category",
              "How many comments received in the period were flagged with each category.",
              [_words(c) for c in cats], [("Comments", [categories[c] for c in cats])],
              [b.link("comments", f"category:{c}") for c in cats], "Category"),
        Chart("handoffs-by-route", "bar", "Hand-offs by route",
              "Comments handed off in the period to the Contact Centre, the Press Office or safeguarding.",
              [label for _, label in routes], [("Hand-offs", [count(flt, "handoffs", v) for v, _ in routes])],
              [b.link("handoffs", v) for v, _ in routes], "Route"),
    ]
    return Section("moderation", "Moderation of comments", "St Helens 6.16-6.18, 9.6", figures, charts,
                   note=f"{states.get('waiting', 0)} comments received in the period are waiting within the clock.")


def _people_section(b: _Builder) -> Section:
    flt = b.flt
    staff = [s for s in _agreement(flt)]
    figures = [
        Figure("agreement-required", "Staff who must sign the User Agreement", len(staff), b.link("agreement")),
        b.figure("agreement", "Staff who have signed the User Agreement in force", "signed"),
        b.figure("agreement", "Staff who have not", "unsigned"),
        b.figure("training", "Staff whose training is complete", "complete"),
        b.figure("training", "Staff whose training ends within 30 days", "expiring"),
        b.figure("training", "Staff whose training is missing or has ended", "missing"),
        b.figure("restricted", "Staff in politically restricted posts"),
    ]
    by_area: dict[str, Counter[str]] = {}
    for record in _staff(flt):
        name = record.service_area.name if record.service_area else "No service area"
        by_area.setdefault(name, Counter())[_training_of(record, flt.council, flt.memo)] += 1
    rows: list[list[tuple[str, str | None]]] = [
        [(name, None), (str(sum(c.values())), None), (str(c["complete"] + c["expiring"]), None),
         (str(c["expiring"]), None), (str(c["missing"]), None)] for name, c in sorted(by_area.items())]
    tables = [Table("Training by service area", ["Service area", "Staff", "Complete", "Ending within 30 days",
                                                 "Missing or ended"], rows)]
    return Section("people", "People: the User Agreement and training", "St Helens 9.4", figures, tables=tables,
                   note="As things stand today.")


def _accounts_section(b: _Builder) -> Section:

    figures = [
        b.figure("accounts", "Live official accounts", "live"),
        b.figure("accounts", "Dormant official accounts", "dormant"),
        b.figure("reviews-overdue", "Account reviews overdue"),
        b.figure("procedures-out-of-date", "Service area procedures out of date"),
        b.figure("business-cases", "Business cases waiting for endorsement or a decision"),
    ]
    return Section("accounts", "Official accounts", "St Helens 6.12, 6.13, 9.9", figures,
                   note="As things stand today.")


def _cases_section(b: _Builder) -> Section:
    from civicguard.apps.cases.models import Classification

    flt = b.flt
    classes = [(str(v), str(label)) for v, label in Classification.choices] + [("", "Not yet classified")]
    ages = [name for _, name in AGE_BUCKETS]
    figures = [
        b.figure("cases", "Open cases"),
        b.figure("removals-overdue", "Removal requests past their deadline"),
        b.figure("breaches", "Personal data breaches opened in the period", "opened"),
        b.figure("breaches", f"Breaches past the {_ico_hours(flt.council)}-hour clock, the ICO not told",
                 "ico-overdue"),
        b.figure("breaches", "Breaches told to the ICO within the clock in the period", "ico-on-time"),
        b.figure("breaches", "Breaches told to the ICO late in the period", "ico-late"),
        b.figure("ripa-expiring", f"RIPA authorisations ending within {RIPA_EXPIRING_DAYS} days"),
    ]
    charts = [
        Chart("cases-by-classification", "bar", "Open cases by classification",
              "Open cases by HR's classification (or none yet).", [label for _, label in classes],
              [("Cases", [count(flt, "cases", f"class:{v}") for v, _ in classes])],
              [b.link("cases", f"class:{v}") for v, _ in classes], "Classification"),
        Chart("cases-by-age", "bar", "Open cases by age", "Open cases by how long ago they were opened.", ages,
              [("Cases", [count(flt, "cases", f"age:{a}") for a in ages])],
              [b.link("cases", f"age:{a}") for a in ages], "Opened"),
    ]
    return Section("cases", "Cases and breaches", "St Helens 7.8, 8.2; Sefton 6.4, 13.2", figures, charts,
                   note="Counts only: the records are read by HR, the Data Protection Officer's team and the "
                        "Authorising Officers, who can follow the figures to them. Open counts are as today.")


def _policy_section(b: _Builder) -> Section:
    from civicguard.apps.policyreview.models import PolicyVersion
    from civicguard.apps.policyreview.selectors import current_version

    flt = b.flt
    versions = PolicyVersion.objects.filter(council=flt.council)
    latest = versions.order_by("-published", "-id").first()
    policy_link = reverse("policyreview:versions") if can(b.viewer, "policy.view", flt.council) else None
    figures = [
        Figure("policy-versions", "Policy versions recorded", versions.count(), policy_link),
        Figure("policy-version", "Version in force", current_version(flt.council), policy_link),
        Figure("policy-review", "Next review due",
               f"{latest.review_due:%-d %B %Y}" if latest is not None else "No version recorded", policy_link),
        b.figure("unenforced", "Clauses nothing enforces yet"),
    ]
    return Section("policy", "The policy", "St Helens 10.1, 10.2; Sefton 9.1", figures)


def election_period_on(council: Council, day: date) -> bool | None:
    """Whether the pre-election period is on for the council (None: the elections app does not say yet)."""
    try:
        if importlib.util.find_spec(ELECTION_MODULE) is None:
            return None
    except ModuleNotFoundError:
        return None
    selector = getattr(importlib.import_module(ELECTION_MODULE), ELECTION_SELECTOR, None)
    return selector(council, day) is not None if callable(selector) else None


def dashboard(*, viewer: Any, council: Council, start: date, end: date,
              service_area: ServiceArea | None = None) -> Dashboard:
    """Every figure for the council, the period (inclusive) and the service area. The caller has checked
    `dashboard.view`; which figures are links depends on what the viewer may read."""
    flt = Filters(council, start, end, service_area)
    b = _Builder(viewer, flt)
    sections = [_checks_section(b), _moderation_section(b), _people_section(b), _accounts_section(b),
                _cases_section(b), _policy_section(b)]
    return Dashboard(flt, sections, election_period_on(council, timezone.localdate()), timezone.now())


def records(*, viewer: Any, council: Council, key: str, start: date, end: date, service_area: ServiceArea | None,
            value: str = "") -> list[Any]:
    """The records behind one figure that the viewer may read (the caller checks `may_follow` and logs
    confidential reads)."""
    source = SOURCES[key]
    found = list(source.records(Filters(council, start, end, service_area), value))
    if source.may_read is not None:
        found = [r for r in found if source.may_read(viewer, r)]
    return found

