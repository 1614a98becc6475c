"""What a disclosure request finds, among the records the handling officer may read, and each record as a row
of the export (redacted).

Who reads what is never decided here: official posts come from `posts.selectors.posts_visible`, comments need
`comments.export` (the moderation export's capability), consent records from `consent.selectors.register` (a
child's record read through `consent.services.consent_read`, which logs it), concern reports and cases from
`cases.selectors.reports/cases` (access.confidential's `may_read_concern/case`), breaches from
`access.confidential.may_read_breach`. Every confidential record turned into a row is logged with
`confidential_read`. RIPA records are never searched: only an investigation's officers and the Authorising
Officers read them, and they are not about the public.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from civicguard.apps.access.checks import can
from civicguard.apps.access.confidential import confidential_read, may_read_breach
from civicguard.apps.councils.models import Council
from civicguard.apps.disclosure.redaction import THIRD_PARTY, Subject, redact_name, redact_text

# The record types, in the export's order, with their plain names.
TYPES: dict[str, str] = {
    "post": "Official post",
    "comment": "Comment",
    "consent": "Photo consent record",
    "concern": "Concern report",
    "case": "Case",
    "breach": "Personal data breach",
}
CONFIDENTIAL = {"concern": "concern", "case": "case", "breach": "breach"}
COLUMNS = ["record_type", "record_id", "date", "title", "text", "details"]


@dataclass
class Terms:
    """What the request searches for: a person's name, handles and e-mails, and a date range."""

    name: str = ""
    handles: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def of(cls, request: Any) -> Terms:
        return cls(name=request.subject_name.strip(), handles=tuple(request.subject_handles),
                   emails=tuple(request.subject_emails), date_from=request.date_from, date_to=request.date_to)

    @property
    def words(self) -> list[str]:
        """The strings a record's text is searched for (a handle with and without its @)."""
        out = [self.name] if self.name else []
        for h in self.handles:
            out += [h, h.lstrip("@")] if h.startswith("@") else [h, f"@{h}"]
        return [w for w in {*out, *self.emails} if len(w.strip()) >= 2]

    def in_text(self, *texts: str) -> bool:
        joined = " ".join(t or "" for t in texts).lower()
        return any(w.lower() in joined for w in self.words)

    def is_person(self, name: str = "", email: str = "") -> bool:
        return bool((self.name and name and name.strip().lower() == self.name.lower())
                    or (email and email.lower() in {e.lower() for e in self.emails}))

    def text_q(self, *fields: str) -> Q:
        q = Q(pk__in=[])
        for w in self.words:
            for f in fields:
                q |= Q(**{f"{f}__icontains": w})
        return q

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        tz = timezone.get_current_timezone()
        lo = datetime.combine(self.date_from, time.min, tzinfo=tz) if self.date_from else None
        hi = datetime.combine(self.date_to + timedelta(days=1), time.min, tzinfo=tz) if self.date_to else None
        return lo, hi

    def in_range(self, when: datetime | None) -> bool:
        lo, hi = self.bounds()
        return when is None or ((lo is None or when >= lo) and (hi is None or when < hi))


@dataclass
class Found:
    ids: dict[str, list[int]] = field(default_factory=dict)
    not_searched: dict[str, str] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        return {t: len(v) for t, v in self.ids.items()}

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.ids.values())


def _user_name(user: Any) -> str:
    if user is None:
        return "the system"
    return (user.get_full_name() or user.get_username()) if hasattr(user, "get_full_name") else str(user)


def _user_is(terms: Terms, user: Any) -> bool:
    return user is not None and terms.is_person(_user_name(user), getattr(user, "email", ""))


# ---- each type: the records the actor may read, and whether one is about the person -------------------------------

def _posts(actor: Any, council: Council) -> Any:
    from civicguard.apps.posts.selectors import posts_visible

    return posts_visible(user=actor, council=council).prefetch_related("checks", "approvals__actor")


def _post_matches(terms: Terms, qs: Any) -> list[Any]:
    lo, hi = terms.bounds()
    qs = qs.filter(terms.text_q("text") | Q(author__email__in=terms.emails or ["-"]))
    if lo:
        qs = qs.filter(created__gte=lo)
    if hi:
        qs = qs.filter(created__lt=hi)
    return list(qs.order_by("created", "id"))


def _comments(actor: Any, council: Council) -> Any:
    from civicguard.apps.moderation.models import Comment

    if not can(actor, "comments.export", council):
        return None
    return Comment.objects.filter(council=council).select_related("account", "latest_check")


def _comment_matches(terms: Terms, qs: Any) -> list[Any]:
    lo, hi = terms.bounds()
    handles = [h.lstrip("@") for h in terms.handles] + [f"@{h.lstrip('@')}" for h in terms.handles]
    qs = qs.filter(terms.text_q("text") | Q(author_id__in=handles or ["-"]) | Q(author_name__in=handles or ["-"])
                   | (Q(author_name__iexact=terms.name) if terms.name else Q(pk__in=[])))
    if lo:
        qs = qs.filter(created_at__gte=lo)
    if hi:
        qs = qs.filter(created_at__lt=hi)
    return list(qs.order_by("created_at", "id"))


def _consents(actor: Any, council: Council) -> Any:
    from civicguard.apps.consent.selectors import register

    if not can(actor, "consent.view", council):
        return None
    return register(user=actor, council=council).select_related("staff_record")


def _consent_matches(terms: Terms, qs: Any) -> list[Any]:
    lo, hi = terms.bounds()
    qs = qs.filter(terms.text_q("name", "purposes", "media_description")
                   | Q(staff_record__work_email__in=terms.emails or ["-"]))
    if lo:
        qs = qs.filter(created__gte=lo)
    if hi:
        qs = qs.filter(created__lt=hi)
    return list(qs.order_by("created", "id"))


def _concerns(actor: Any, council: Council) -> list[Any]:
    from civicguard.apps.cases.selectors import reports

    return reports(user=actor, council=council)


def _concern_matches(terms: Terms, items: list[Any]) -> list[Any]:
    return sorted((r for r in items if terms.in_range(r.created) and (
        terms.is_person(r.subject.name, r.subject.work_email) or _user_is(terms, r.reporter)
        or terms.in_text(r.text, r.worry))), key=lambda r: (r.created, r.pk))


def _cases(actor: Any, council: Council) -> list[Any]:
    from civicguard.apps.cases.selectors import cases

    return cases(user=actor, council=council)


def _case_matches(terms: Terms, items: list[Any]) -> list[Any]:
    return sorted((c for c in items if terms.in_range(c.opened_at) and (
        terms.is_person(c.subject.name, c.subject.work_email) or terms.in_text(c.summary))),
        key=lambda c: (c.opened_at, c.pk))


def _breaches(actor: Any, council: Council) -> list[Any]:
    from civicguard.apps.breaches.models import DataBreach

    return [b for b in DataBreach.objects.filter(council=council).select_related("council", "opened_by")
            if may_read_breach(actor, b)]


def _breach_matches(terms: Terms, items: list[Any]) -> list[Any]:
    return sorted((b for b in items if terms.in_range(b.created) and terms.in_text(
        b.what, b.source_description, b.containment)), key=lambda b: (b.created, b.pk))


SOURCES: dict[str, tuple[Callable[[Any, Council], Any], Callable[[Terms, Any], list[Any]], str]] = {
    "post": (_posts, _post_matches, "Official posts are read by approvers, managers and the Information "
                                    "Management Group"),
    "comment": (_comments, _comment_matches, "Comments are exported by Legal and the Information Management Group"),
    "consent": (_consents, _consent_matches, "The photo consent register is read by Legal, Communications and "
                                             "the Caldicott Guardian"),
    "concern": (_concerns, _concern_matches, "Concern reports are read by HR and the colleague's line manager"),
    "case": (_cases, _case_matches, "Cases are read by HR and the subject's line manager"),
    "breach": (_breaches, _breach_matches, "Breach records are read by the Data Protection Officer and Legal"),
}


def _source(actor: Any, council: Council, kind: str) -> Any:
    """The records of `kind` the actor may read, or None when they may read none of that kind at all."""
    if kind == "post" and not can(actor, "post.view", council):
        return None
    return SOURCES[kind][0](actor, council)


def not_searched(*, actor: Any, council: Council) -> dict[str, str]:
    """The record types the actor's search cannot cover, each with who does read them."""
    return {kind: who for kind, (read, _, who) in SOURCES.items()
            if (kind == "post" and not can(actor, "post.view", council))
            or (kind in ("comment", "consent") and read(actor, council) is None)}


def find(*, actor: Any, council: Council, terms: Terms) -> Found:
    """The records about the person that `actor` may read, by type; the types they may not read at all are named
    in `not_searched` with who does read them."""
    found = Found()
    for kind, (_, match, who) in SOURCES.items():
        source = _source(actor, council, kind)
        if source is None:
            found.not_searched[kind] = who
            continue
        found.ids[kind] = [r.pk for r in match(terms, source)]
    return found


def records(*, actor: Any, council: Council, ids: dict[str, list[int]]) -> dict[str, list[Any]]:
    """The records named by `ids` that `actor` may still read (one gone, or no longer theirs, is left out)."""
    out: dict[str, list[Any]] = {}
    for kind, wanted in ids.items():
        if kind not in SOURCES or not wanted:
            out[kind] = []
            continue
        source = _source(actor, council, kind)
        if source is None:
            out[kind] = []
        elif isinstance(source, list):
            keep = set(wanted)
            out[kind] = [r for r in source if r.pk in keep]
        else:
            out[kind] = list(source.filter(pk__in=wanted))
        out[kind].sort(key=lambda r: (_when(kind, r), r.pk))
    return out


def _when(kind: str, r: Any) -> datetime:
    return {"post": lambda: r.created, "comment": lambda: r.created_at, "consent": lambda: r.created,
            "concern": lambda: r.created, "case": lambda: r.opened_at, "breach": lambda: r.created}[kind]()


# ---- rows ---------------------------------------------------------------------------------------------------------

def _comment_text(c: Any, subject: Subject) -> str:
    """A comment's text: the spans its stored check found as personal data are removed with the moderation
    export's own redaction (except the subject's own), then the rest is analysed like every other text."""
    from civicguard.apps.moderation.services.records import REDACTED, redact

    findings = c.latest_check.result.get("findings", []) if c.latest_check else []
    others = [f for f in findings if not subject.owns(c.text[int(f.get("start", 0)):int(f.get("end", 0))])]
    return redact_text(redact(c.text, others).replace(REDACTED, THIRD_PARTY), subject)


def _row(kind: str, r: Any, subject: Subject) -> dict[str, Any]:
    t = lambda s: redact_text(s or "", subject)  # noqa: E731
    n = lambda s: redact_name(s or "", subject)  # noqa: E731
    who = lambda u: n(_user_name(u))  # noqa: E731
    details: list[str]
    if kind == "post":
        title = f"Post on {r.account}, {r.get_status_display().lower()}"
        text = t(r.text)
        details = [f"Author: {who(r.author)}"]
        details += [f"Check {c.created:%Y-%m-%d %H:%M}: {c.verdict}" for c in r.checks.all()]
        details += [f"{a.get_decision_display()} by {who(a.actor)} on {a.created:%Y-%m-%d}"
                    + (f": {t(a.comment or a.justification)}" if (a.comment or a.justification) else "")
                    for a in r.approvals.all()]
    elif kind == "comment":
        title = f"{r.kind.capitalize()} on {r.platform} ({r.account.handle})"
        text = _comment_text(r, subject)
        details = [f"Author: {n(r.author_name or r.author_id)}", f"Status: {r.status}"]
        if r.deleted_at:
            details.append(f"Deleted on the platform {r.deleted_at:%Y-%m-%d}")
    elif kind == "consent":
        title = f"Photo consent of {n(r.name)}"
        text = t(f"{r.purposes}\n{r.media_description}")
        details = [f"Given on {r.obtained_on:%Y-%m-%d}", f"Last day {r.expires_on:%Y-%m-%d}",
                   f"Platforms: {', '.join(r.platform_names)}"]
        if r.withdrawn_at:
            details.append(f"Withdrawn on {r.withdrawn_at:%Y-%m-%d}")
    elif kind == "concern":
        title = f"Concern report about {n(r.subject.name)}"
        text = t(f"{r.text}\n{r.worry}")
        details = [f"Reported by {who(r.reporter)}", f"Verdict of the check: {r.verdict}"]
    elif kind == "case":
        title = f"Case about {n(r.subject.name)}, {r.get_status_display().lower()}"
        text = t(r.summary)
        details = [f"Opened {r.opened_at:%Y-%m-%d}"]
        if r.outcome:
            details.append(f"Outcome: {r.get_outcome_display()}")
        if r.closed_at:
            details.append(f"Closed {r.closed_at:%Y-%m-%d}")
    else:
        title = f"Personal data breach, {r.get_status_display().lower()}"
        text = t(r.what)
        details = [f"Council aware {r.aware_at:%Y-%m-%d %H:%M}"]
    return {"record_type": kind, "record_type_name": TYPES[kind], "record_id": r.pk,
            "date": timezone.localtime(_when(kind, r)).strftime("%Y-%m-%d %H:%M"), "title": title, "text": text,
            "details": details}


def rows(*, actor: Any, council: Council, items: dict[str, list[Any]], subject: Subject, reference: str,
         via: str = "page") -> list[dict[str, Any]]:
    """Every record as a redacted row, in type order; each confidential record (and child's consent) is logged
    as read."""
    from civicguard.apps.consent.services import consent_read

    out: list[dict[str, Any]] = []
    for kind in TYPES:
        for r in items.get(kind, []):
            if kind in CONFIDENTIAL:
                confidential_read(reader=actor, council=council, kind=CONFIDENTIAL[kind], object_id=r.pk,
                                  what=f"Read for disclosure request {reference}", via=via)
            elif kind == "consent":
                consent_read(actor=actor, record=r, via=via)
            out.append(_row(kind, r, subject))
    return out


def flat(row: dict[str, Any]) -> dict[str, Any]:
    """A row for the CSV: the details joined."""
    return {"record_type": row["record_type_name"], "record_id": row["record_id"], "date": row["date"],
            "title": row["title"], "text": row["text"], "details": "; ".join(row["details"])}


def group(items: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for row in items:
        out.setdefault(row["record_type_name"], []).append(row)
    return out
