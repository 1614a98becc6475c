"""Retention (St Helens 5.5): each kind of record is kept for its pack's period (`facts.retention`), then the
purge removes it and logs what went (PurgeLog: type, id, dates; never personal data).

What "purge" means here (docs/disclosure-design.md): the record is deleted. A record another kept record still
points at (a published post in the outbox, a consent record with its takedowns and tags, a case with its removal
requests) cannot go without breaking that one, so its personal data is removed instead and the record stays
("anonymised"). The audit trail is never touched: its entries name records by type and id, stay valid when the
record goes, and the purge adds one entry per council and type (counts and ids).

A record under a legal hold is kept, with a `held` line saying why: a post, comment or concern report an open
case or an open breach record points at, and anything an open disclosure request found. Comments keep the pack's
`retention_days` (moderation's rule and purge: `moderation.services.records.purge`, called from here); RIPA
records purge themselves (`investigations.services.ripa_records_purge`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.disclosure.models import OPEN_STATES, DisclosureRequest, PurgeAction, PurgeLog
from civicguard.engine import pack_for

REMOVED = "[removed at the end of its retention period]"

# The schedule's rows: kind -> (what, counted from).
SCHEDULE: dict[str, tuple[str, str]] = {
    "posts": ("Official posts, with their checks and approvals", "when the post last changed"),
    "checks": ("Checks staff kept of their personal posts", "when the check was made"),
    "comments": ("Comments on the council's accounts", "when the comment was made"),
    "consent": ("Photo consent records", "when the consent expired or was withdrawn"),
    "concerns": ("Concern reports that opened no case", "when the report was made"),
    "cases": ("Cases", "when the case was closed"),
    "breaches": ("Personal data breach records", "when the breach record was closed"),
    "disclosures": ("FOI and subject access requests, with their disclosure log", "when the request was closed "
                                                                                   "or last disclosed"),
}
# PurgeLog's record type for each kind.
RECORD_TYPE = {"posts": "post", "checks": "kept-check", "comments": "comment", "consent": "consent",
               "concerns": "concern", "cases": "case", "breaches": "breach", "disclosures": "disclosure-request"}
TYPE_NAMES = {"post": "Official post", "kept-check": "Kept check of a personal post", "comment": "Comment",
              "consent": "Photo consent record", "concern": "Concern report", "case": "Case",
              "breach": "Personal data breach", "disclosure-request": "Disclosure request"}


def _facts(council: Council) -> Any:
    facts = pack_for(council.slug).facts
    if facts is None:
        raise ValueError(f"The pack of {council.slug} has no facts")
    return facts


def period(council: Council, kind: str) -> int:
    facts = _facts(council)
    if kind == "comments":
        return facts.retention_days
    return facts.retention.days(kind)


def schedule(council: Council) -> list[dict[str, Any]]:
    """The retention schedule the pack sets, RIPA records included (they purge themselves)."""
    facts = _facts(council)
    rows = [{"kind": k, "what": what, "from": since, "days": period(council, k)} for k, (what, since)
            in SCHEDULE.items()]
    years = facts.investigations.retention_years if getattr(facts, "investigations", None) else None
    if years:
        rows.append({"kind": "ripa", "what": "RIPA authorisations and investigations (purged by the "
                     "investigations job)", "from": "when the authorisation ended or the investigation closed",
                     "days": None, "years": years})
    return rows


# ---- holds -----------------------------------------------------------------------------------------------------------

def _holds(council: Council) -> dict[str, dict[int, str]]:
    """record type -> id -> why it is held."""
    from civicguard.apps.breaches.models import DataBreach
    from civicguard.apps.breaches.models import Status as BreachStatus
    from civicguard.apps.cases.models import Case, CaseStatus

    held: dict[str, dict[int, str]] = {}
    for case in Case.objects.filter(council=council).exclude(status=CaseStatus.CLOSED).only(
            "pk", "post_id", "comment_id", "concern_id"):
        why = f"An open case (case {case.pk}) refers to it"
        for kind, pk in (("post", case.post_id), ("comment", case.comment_id), ("concern", case.concern_id)):
            if pk:
                held.setdefault(kind, {})[pk] = why
    for breach in DataBreach.objects.filter(council=council).exclude(status=BreachStatus.CLOSED).only(
            "pk", "post_id", "comment_id"):
        why = f"An open personal data breach record (breach {breach.pk}) refers to it"
        for kind, pk in (("post", breach.post_id), ("comment", breach.comment_id)):
            if pk:
                held.setdefault(kind, {})[pk] = why
    for request in DisclosureRequest.objects.filter(council=council, status__in=OPEN_STATES):
        why = f"Found by open disclosure request {request.reference}"
        for kind, ids in (request.found or {}).items():
            for pk in ids:
                held.setdefault(kind, {})[int(pk)] = why
    return held


# ---- the kinds -------------------------------------------------------------------------------------------------

@dataclass
class Kind:
    """One kind of record: its candidates past `cutoff` (with the date their period ran from), and how to remove
    its personal data when it cannot be deleted."""

    name: str
    candidates: Callable[[Council, datetime], list[tuple[Any, datetime]]]
    anonymise: Callable[[Any], None] | None = None
    delete: Callable[[Any], None] = field(default=lambda r: r.delete())


def _done(council: Council, record_type: str) -> set[int]:
    return set(PurgeLog.objects.filter(council=council, record_type=record_type,
                                       action=PurgeAction.ANONYMISED).values_list("record_id", flat=True))


def _posts(council: Council, cutoff: datetime) -> list[tuple[Any, datetime]]:
    from civicguard.apps.posts.models import Post

    done = _done(council, "post")
    return [(p, p.updated) for p in Post.objects.filter(council=council, updated__lt=cutoff).order_by("pk")
            if p.pk not in done]


def _anonymise_post(post: Any) -> None:
    from civicguard.apps.posts.models import Approval, Notice, Post, PostCheck, PostImage

    PostCheck.objects.filter(post=post).update(text=REMOVED, links=[], images=[], result={})
    Approval.objects.filter(post=post).update(comment="", justification="")
    Notice.objects.filter(post=post).update(comment="")
    PostImage.objects.filter(post=post).update(alt_text="", tagged_people="")
    Post.objects.filter(pk=post.pk).update(text=REMOVED, links=[])


def _checks(council: Council, cutoff: datetime) -> list[tuple[Any, datetime]]:
    from civicguard.apps.posts.models import KeptCheck

    return [(c, c.created) for c in KeptCheck.objects.filter(council=council, created__lt=cutoff).order_by("pk")]


def _consents(council: Council, cutoff: datetime) -> list[tuple[Any, datetime]]:
    from civicguard.apps.consent.models import ConsentRecord

    tz = timezone.get_current_timezone()
    done = _done(council, "consent")
    out = []
    for r in ConsentRecord.objects.filter(Q(withdrawn_at__lt=cutoff) | Q(expires_on__lt=cutoff.date()),
                                          council=council).order_by("pk"):
        ended = r.withdrawn_at or datetime.combine(r.expires_on + timedelta(days=1), datetime.min.time(), tzinfo=tz)
        if r.pk not in done and ended < cutoff:
            out.append((r, ended))
    return out


def _erase_forms(record: Any) -> None:
    from civicguard.apps.media import storage

    for path in (record.form_path, record.display_form_path):
        if path:
            transaction.on_commit(lambda p=path: storage.erase(p))


def _anonymise_consent(record: Any) -> None:
    from civicguard.apps.consent.models import ConsentRecord, PersonalPermission, Tag

    _erase_forms(record)
    ConsentRecord.objects.filter(pk=record.pk).update(
        name=REMOVED, purposes=REMOVED, media_description=REMOVED, form_path="", form_name="", display_form_path="",
        display_form_name="", eform_signed_name="", eform_declarations=[], withdrawn_reason="", consent_from_name="",
        age_understanding="", child_file_reference="", child_purpose="", not_explained_reason="")
    Tag.objects.filter(consent=record).update(name=REMOVED)
    PersonalPermission.objects.filter(record=record).update(legal_advice=REMOVED)


def _delete_consent(record: Any) -> None:
    _erase_forms(record)
    record.delete()


def _concerns(council: Council, cutoff: datetime) -> list[tuple[Any, datetime]]:
    from civicguard.apps.cases.models import ConcernReport

    done = _done(council, "concern")
    return [(r, r.created) for r in ConcernReport.objects.filter(council=council, created__lt=cutoff,
                                                                 case__isnull=True).order_by("pk")
            if r.pk not in done]


def _anonymise_concern(report: Any) -> None:
    from civicguard.apps.cases.models import ConcernReport

    ConcernReport.objects.filter(pk=report.pk).update(text=REMOVED, worry=REMOVED, findings=[])


def _cases(council: Council, cutoff: datetime) -> list[tuple[Any, datetime]]:
    from civicguard.apps.cases.models import Case, CaseStatus

    done = _done(council, "case")
    return [(c, c.closed_at) for c in Case.objects.filter(council=council, status=CaseStatus.CLOSED,
                                                          closed_at__lt=cutoff).order_by("pk") if c.pk not in done]


def _anonymise_case(case: Any) -> None:
    from civicguard.apps.cases.models import Case, CaseDecision, CaseNote

    CaseNote.objects.filter(case=case).update(text=REMOVED)
    CaseDecision.objects.filter(case=case).update(reasons="", sanction="")
    Case.objects.filter(pk=case.pk).update(summary=REMOVED, findings=[], classification_reasons="",
                                           outcome_reasons="", sanction="")


def _breaches(council: Council, cutoff: datetime) -> list[tuple[Any, datetime]]:
    from civicguard.apps.breaches.models import DataBreach
    from civicguard.apps.breaches.models import Status as BreachStatus

    done = _done(council, "breach")
    return [(b, b.closed_at) for b in DataBreach.objects.filter(council=council, status=BreachStatus.CLOSED,
                                                                closed_at__lt=cutoff).order_by("pk")
            if b.pk not in done]


def _anonymise_breach(breach: Any) -> None:
    from civicguard.apps.breaches.models import DataBreach

    DataBreach.objects.filter(pk=breach.pk).update(what=REMOVED, source_description="", containment="",
                                                   risk_reasons="", people_told_how="")


def _disclosures(council: Council, cutoff: datetime) -> list[tuple[Any, datetime]]:
    out = []
    for r in DisclosureRequest.objects.filter(council=council).exclude(status__in=OPEN_STATES).order_by("pk"):
        last = max([d for d in [r.closed_at, *r.disclosures.values_list("created", flat=True)] if d],
                   default=r.created)
        if last < cutoff:
            out.append((r, last))
    return out


def _delete_disclosure(request: Any) -> None:
    request.disclosures.all().delete()
    request.delete()


KINDS: dict[str, Kind] = {
    "posts": Kind("posts", _posts, _anonymise_post),
    "checks": Kind("checks", _checks),
    "consent": Kind("consent", _consents, _anonymise_consent, _delete_consent),
    "concerns": Kind("concerns", _concerns, _anonymise_concern),
    "cases": Kind("cases", _cases, _anonymise_case),
    "breaches": Kind("breaches", _breaches, _anonymise_breach),
    "disclosures": Kind("disclosures", _disclosures, None, _delete_disclosure),
}
# The disclosure search's type names, for the holds an open request places.
HOLD_TYPE = {"posts": "post", "consent": "consent", "concerns": "concern", "cases": "case", "breaches": "breach"}


# ---- the purge ---------------------------------------------------------------------------------------------------

@dataclass
class Outcome:
    """What a run did (or, in a dry run, would do): lines of (council, type, id, date, action, why)."""

    run: str
    dry_run: bool
    lines: list[dict[str, Any]] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line["action"] == action)


def _last_held(council: Council, record_type: str) -> dict[int, str]:
    """The newest `held` line of each record, so a record still held for the same reason is not logged hourly."""
    out: dict[int, str] = {}
    for pk, why in (PurgeLog.objects.filter(council=council, record_type=record_type)
                    .order_by("record_id", "-created", "-id").values_list("record_id", "why")):
        out.setdefault(pk, why)
    return out


def _purge_comments(council: Council, now: datetime, held: dict[int, str], outcome: Outcome) -> None:
    from civicguard.apps.moderation.models import Comment
    from civicguard.apps.moderation.services.records import purge

    days = period(council, "comments")
    cutoff = now - timedelta(days=days)
    old = list(Comment.objects.filter(council=council, created_at__lt=cutoff).values_list("pk", "created_at"))
    if not old:
        return
    holding = [(pk, when) for pk, when in old if pk in held]
    if holding:
        # Moderation's purge takes every comment past the period at once: while any is held, none go this time.
        last = _last_held(council, "comment")
        for pk, when in holding:
            line = {"council": council, "record_type": "comment", "record_id": pk, "record_date": when,
                    "retention_days": days, "action": PurgeAction.HELD, "why": held[pk]}
            if last.get(pk) != held[pk]:
                outcome.lines.append(line)
        return
    outcome.lines += [{"council": council, "record_type": "comment", "record_id": pk, "record_date": when,
                       "retention_days": days, "action": PurgeAction.DELETED,
                       "why": "Past its retention period (moderation's purge)"} for pk, when in old]
    if not outcome.dry_run:
        purge(council=council, now=now)


def retention_purge(*, now: datetime | None = None, dry_run: bool = False,
                    council: Council | None = None) -> Outcome:
    """Remove every record past its period, in every council (or one); log each line (PurgeLog) and audit one
    entry per council and type. With dry_run, only say what would happen."""
    now = now or timezone.now()
    outcome = Outcome(run=uuid.uuid4().hex, dry_run=dry_run)
    councils = [council] if council is not None else list(Council.objects.order_by("slug"))
    for c in councils:
        with transaction.atomic():
            holds = _holds(c)
            _purge_comments(c, now, holds.get("comment", {}), outcome)
            for name, kind in KINDS.items():
                _purge_kind(c, name, kind, now, holds.get(HOLD_TYPE.get(name, ""), {}), outcome)
            if not dry_run:
                _log(c, outcome)
    return outcome


def _purge_kind(council: Council, name: str, kind: Kind, now: datetime, held: dict[int, str],
                outcome: Outcome) -> None:
    days = period(council, name)
    record_type = RECORD_TYPE[name]
    cutoff = now - timedelta(days=days)
    last = None
    for record, since in kind.candidates(council, cutoff):
        line = {"council": council, "record_type": record_type, "record_id": record.pk, "record_date": since,
                "retention_days": days}
        if record.pk in held:
            last = last if last is not None else _last_held(council, record_type)
            if last.get(record.pk) != held[record.pk]:
                outcome.lines.append({**line, "action": PurgeAction.HELD, "why": held[record.pk]})
            continue
        action = PurgeAction.DELETED
        if not outcome.dry_run:
            try:
                with transaction.atomic():
                    kind.delete(record)
            except ProtectedError:
                if kind.anonymise is None:
                    continue
                kind.anonymise(record)
                action = PurgeAction.ANONYMISED
        why = ("Past its retention period" if action == PurgeAction.DELETED else
               "Past its retention period; other records refer to it, so its personal data was removed")
        outcome.lines.append({**line, "action": action, "why": why})


def _log(council: Council, outcome: Outcome) -> None:
    mine = [line for line in outcome.lines if line["council"] == council and not line.get("logged")]
    if not mine:
        return
    PurgeLog.objects.bulk_create([PurgeLog(run=outcome.run, **{k: v for k, v in line.items() if k != "logged"})
                                  for line in mine])
    by_type: dict[str, dict[str, list[int]]] = {}
    for line in mine:
        line["logged"] = True
        by_type.setdefault(line["record_type"], {}).setdefault(str(line["action"]), []).append(line["record_id"])
    for record_type, actions in by_type.items():
        audit_record(event="disclosure.retention.purge", council=council, subject=("disclosure.purge", outcome.run),
                     after={"record_type": record_type, **actions})
